"""Undo and redo of edits in a session: every step is applied through the store again, so the
change log records undo and redo like any other edit."""

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from ..services.errors import UserError


class RecordCommand(QUndoCommand):
    """`do(store)` makes the change and returns what `undo(store, result)` needs to reverse it.
    Redo runs `do` again."""

    def __init__(self, ctx, text: str, do: Callable, undo: Callable[[Any, Any], None]):
        super().__init__(text)
        self.ctx = ctx
        self._do = do
        self._undo = undo
        self._result = None
        self._applied = False

    def execute(self) -> Any:
        self._result = self.ctx.commit(self._do)
        self._applied = True
        return self._result

    def redo(self) -> None:
        if self._applied:  # QUndoStack.push calls redo(); the edit was already made by execute()
            return
        self._guard(lambda: self.execute())

    def undo(self) -> None:
        self._guard(lambda: self.ctx.commit(lambda store: self._undo(store, self._result)))
        self._applied = False

    def _guard(self, work: Callable) -> None:
        try:
            work()
        except UserError as exc:
            # The record changed in a way that makes this step impossible (deleted meanwhile …).
            self.setObsolete(True)
            self.ctx.undo_failed(str(exc))
