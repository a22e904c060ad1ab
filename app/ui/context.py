"""The open database as the widgets see it: one session, the store (the only write path), the
undo stack of the session, "today", and a signal when data changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..i18n import current_language
from ..services.database import Database
from ..services.settings import copy_operator, copy_side
from .undo import RecordCommand

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..services.store import Store


class AppContext(QObject):
    changed = Signal()  # data changed: views reload what they show
    reopened = Signal()  # another database file was opened
    failed = Signal(str)  # an undo or redo step could not be applied (its message)

    def __init__(self, db: Database, today: Callable[[], date] = date.today, parent=None):
        super().__init__(parent)
        self.today = today
        self.undo_stack = QUndoStack(self)
        self.db = db
        # The session and the store (with SQLAlchemy) are made on first use: the first page is
        # read without them, so that the window is painted before the ORM loads.
        self._session: Session | None = None
        self._store: Store | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self.db.session()
        return self._session

    @property
    def store(self) -> Store:
        if self._store is None:
            from ..services.store import Store

            self._store = Store(self.session)
        return self._store

    def load_orm(self) -> None:
        """SQLAlchemy and the mapped classes, loaded after the first paint rather than on the first click."""
        from ..models import Base

        Base.registry.configure()
        self.session.connection()

    @property
    def readonly(self) -> bool:
        return self.db.readonly

    @property
    def lang(self) -> str:
        return current_language()

    @property
    def side(self):
        return copy_side(self.db)

    @property
    def operator(self) -> str:
        return copy_operator(self.db)

    def reopen(self, db: Database) -> None:
        """Work with another database file from now on (File → Open)."""
        self.undo_stack.clear()
        old = self.db
        if self._session is not None:
            self._session.close()
        self.db, self._session, self._store = db, None, None
        old.close()
        self.reopened.emit()
        self.changed.emit()

    def refresh_store(self) -> None:
        """After the side or operator changed: new edits are logged with them."""
        self._store = None

    def rename_operator(self, name: str) -> str:
        """This copy's operator from now on (UserError when the name is not valid); later edits
        are logged under it, earlier ones keep theirs. Returns the name as kept."""
        from ..services.settings import set_operator

        kept = self.commit(lambda store: set_operator(store.session, name))
        self.refresh_store()
        return kept

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
        from ..services import editing
        from ..services.fields import record_plain

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
        from ..services import editing

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
            self._store = None  # its cache may hold objects of the failed work
            raise
        self.changed.emit()
        return result

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
        self.db.close()
