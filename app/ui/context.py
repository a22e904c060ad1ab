"""The open database as the widgets see it: one session, the store (the only write path), the
undo stack of the session, "today", and a signal when data changed."""

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..i18n import current_language
from ..services import editing
from ..services.database import Database
from ..services.fields import record_plain
from ..services.settings import operator_name, side_of_copy
from ..services.store import Store
from .undo import RecordCommand


class AppContext(QObject):
    changed = Signal()  # data changed: views reload what they show
    reopened = Signal()  # another database file was opened
    failed = Signal(str)  # an undo or redo step could not be applied (its message)

    def __init__(self, db: Database, today: Callable[[], date] = date.today, parent=None):
        super().__init__(parent)
        self.today = today
        self.undo_stack = QUndoStack(self)
        self.db: Database | None = None
        self.session = None
        self.store: Store | None = None
        self._attach(db)

    def _attach(self, db: Database) -> None:
        self.db = db
        self.session = db.session()
        self.store = Store(self.session)

    @property
    def readonly(self) -> bool:
        return self.db.readonly

    @property
    def lang(self) -> str:
        return current_language()

    @property
    def side(self):
        return side_of_copy(self.session)

    @property
    def operator(self) -> str:
        return operator_name(self.session)

    def reopen(self, db: Database) -> None:
        """Work with another database file from now on (File → Open)."""
        self.undo_stack.clear()
        old = self.db
        self.session.close()
        self._attach(db)
        if old is not None:
            old.close()
        self.reopened.emit()
        self.changed.emit()

    def refresh_store(self) -> None:
        """After the side or operator changed: new edits are logged with them."""
        self.store = Store(self.session)

    # ---- edits --------------------------------------------------------------------------------

    def run(self, text: str, do: Callable[[Store], Any], undo: Callable[[Store, Any], None]) -> Any:
        """Apply an edit now, committed; on success it goes on the undo stack. A ValidationError
        (or any UserError) leaves the database as it was and is raised to the form."""
        command = RecordCommand(self, text, do, undo)
        result = command.execute()
        self.undo_stack.push(command)
        return result

    def update(self, entity_key: str, uuid: str, values: dict[str, Any], text: str) -> dict:
        """Change fields of a record (undoable); returns {key: (old, new)} of what changed."""

        def do(store: Store):
            return store.update(store.require(entity_key, uuid), values)

        def undo(store: Store, diff: dict) -> None:
            store.update(store.require(entity_key, uuid), {k: old for k, (old, _new) in diff.items()})

        return self.run(text, do, undo)

    def create(self, entity_key: str, values: dict[str, Any], text: str) -> str:
        """Create a record (undoable); returns its UUID. Redo creates it again with that UUID."""
        made: dict[str, Any] = {}

        def do(store: Store):
            if not made:
                obj = store.create(entity_key, values)
                store.session.flush()
                made.update(uuid=obj.uuid, plain=record_plain(obj))
            else:
                editing.recreate(store, entity_key, made["plain"], made["uuid"])
            return made["uuid"]

        def undo(store: Store, uuid: str) -> None:
            editing.delete(store, store.require(entity_key, uuid))

        return self.run(text, do, undo)

    def delete(self, entity_key: str, uuid: str, text: str) -> None:
        """Delete a record and what belongs to it (undoable: undo brings all of it back)."""

        def do(store: Store):
            return editing.delete(store, store.require(entity_key, uuid))

        def undo(store: Store, removal) -> None:
            editing.restore(store, removal)

        self.run(text, do, undo)

    def undo_failed(self, message: str) -> None:
        self.failed.emit(message)

    def commit(self, work: Callable[[Store], Any]) -> Any:
        try:
            result = work(self.store)
            self.session.commit()
        except BaseException:
            self.session.rollback()
            self.store = Store(self.session)  # its cache may hold objects of the failed work
            raise
        self.changed.emit()
        return result

    def close(self) -> None:
        self.session.close()
        self.db.close()
