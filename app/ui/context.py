"""The open database as the widgets see it: one session, the store (the only write path), the
undo stack of the session, "today", and a signal when data changed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..i18n import _, current_language
from ..services.database import Database
from ..services.errors import UserError
from ..services.settings import copy_operator, copy_side
from .undo import RecordCommand

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..services.store import Store
    from .live_updates import LiveUpdates


@contextmanager
def _not_over_others(reason: str, seen: dict) -> Iterator[None]:
    """An undo or redo that meets someone else's change stops with why (the form's own save lets
    ConcurrentChange through: the form shows both values and asks)."""
    from ..services.database.concurrency import ConcurrentChange

    try:
        yield
    except ConcurrentChange as exc:
        if not seen.get("done"):
            raise
        raise UserError(f"{exc} {reason}") from exc


class AppContext(QObject):
    changed = Signal()  # data changed: views reload what they show
    reopened = Signal()  # another database file was opened
    failed = Signal(str)  # an undo or redo step could not be applied (its message)
    news = Signal(str)  # someone else saved (on a server): the status bar's line

    def __init__(self, db: Database, today: Callable[[], date] = date.today, parent=None):
        super().__init__(parent)
        self.today = today
        self.undo_stack = QUndoStack(self)
        self.db = db
        # The session and the store (with SQLAlchemy) are made on first use: the first page is
        # read without them, so that the window is painted before the ORM loads.
        self._session: Session | None = None
        self._store: Store | None = None
        self.live: LiveUpdates | None = None
        self._watch()

    def _watch(self) -> None:
        """On a server, other people's changes are shown as they are saved (live_updates.py)."""
        if self.live is not None:
            self.live.stop()
            self.live = None
        if self.db.is_server:
            from .live_updates import LiveUpdates

            self.live = LiveUpdates(self)

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
        self._watch()
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

    def update(
        self,
        entity_key: str,
        uuid: str,
        values: dict[str, Any],
        text: str,
        *,
        version: int | None = None,
        base: dict[str, Any] | None = None,
        reason: str | None = None,
    ) -> dict:
        """Change fields of a record (undoable); returns {key: (old, new)} of what changed.
        `version` (and `base`, the values the person saw): the version edited — ConcurrentChange,
        and nothing written, when someone else saved the record since (concurrency.py). Undo and
        redo apply only onto the version they left, never over someone else's change.
        `reason`: a roadmap item's deadline moved is kept as a postponement with it, in the same
        step (undo takes both back)."""
        from ..services import postponements

        seen: dict[str, Any] = {"version": version}

        def do(store: Store):
            obj = store.require(entity_key, uuid)
            with _not_over_others(_("It was not redone, so as not to overwrite that change."), seen):
                diff = store.update(obj, values, expected_version=seen["version"], base=base)
            if reason is not None and "deadline" in diff and postponements.is_postponement(*diff["deadline"]):
                seen["postponement"] = postponements.record(store, obj, *diff["deadline"], reason).uuid
            store.session.flush()
            seen["version"] = obj.version
            return diff

        def undo(store: Store, diff: dict) -> None:
            obj = store.require(entity_key, uuid)
            if seen.get("postponement"):
                store.delete(store.require("postponement", seen.pop("postponement")))
            with _not_over_others(_("It was not undone, so as not to overwrite that change."), seen):
                store.update(
                    obj, {k: old for k, (old, _new) in diff.items()}, expected_version=seen["version"]
                )
            store.session.flush()
            seen["version"] = obj.version

        command = RecordCommand(self, text, do, undo)
        result = command.execute()
        seen["done"] = True  # from now on a clash is an undo's or a redo's, not the form's
        self.undo_stack.push(command)
        return result

    def create(self, entity_key: str, values: dict[str, Any], text: str) -> str:
        """Create a record (undoable); returns its UUID. Redo creates it again with that UUID."""
        from ..services import editing
        from ..services.fields import record_plain

        made: dict[str, Any] = {}
        seen = {"version": None, "done": True}

        def do(store: Store):
            if not made:
                obj = store.create(entity_key, values)
                store.session.flush()
                made.update(uuid=obj.uuid, plain=record_plain(obj))
            else:
                obj = editing.recreate(store, entity_key, made["plain"], made["uuid"])
                store.session.flush()
            seen["version"] = obj.version
            return made["uuid"]

        def undo(store: Store, uuid: str) -> None:
            with _not_over_others(_("It was not undone, so as not to overwrite that change."), seen):
                editing.delete(store, store.require(entity_key, uuid), expected_version=seen["version"])

        return self.run(text, do, undo)

    def delete(self, entity_key: str, uuid: str, text: str, *, version: int | None = None) -> None:
        """Delete a record and what belongs to it (undoable: undo brings all of it back). A record
        someone else changed after this window showed it is not deleted (ConcurrentChange)."""
        from ..services import editing
        from ..services.database.concurrency import ConcurrentChange

        if version is None:
            shown = self.store.get(entity_key, uuid)  # as this window holds it: what the person saw
            version = shown.version if shown is not None else None
        seen = {"version": version}

        def do(store: Store):
            with _not_over_others(_("It was not redone, so as not to overwrite that change."), seen):
                return editing.delete(
                    store, store.require(entity_key, uuid), expected_version=seen["version"]
                )

        def undo(store: Store, removal) -> None:
            editing.restore(store, removal)
            seen["version"] = store.require(entity_key, uuid).version

        try:
            self.run(text, do, undo)
        except ConcurrentChange as exc:
            self.others_changed()  # show what they saved
            raise UserError(f"{exc} " + _("It was not deleted: look at it again.")) from exc
        seen["done"] = True

    def check_shown(self, entity_key: str, uuid: str, version: int | None) -> None:
        """Before a form opens on a row: UserError, and what this window shows read again, when
        the record was changed or deleted after the row showed it at `version` (the rows keep the
        version they show, not the record). None: a row not read, nothing shown to check."""
        from ..services.database.concurrency import ConcurrentChange, changed_since_shown

        if version is None:
            return
        self.release()  # a new read transaction: what is saved now, not the window's snapshot
        try:
            changed_since_shown(self.session, entity_key, uuid, version)
        except ConcurrentChange as exc:
            self.others_changed()  # show what they saved
            raise UserError(f"{exc} " + _("It is shown again as saved now: open it again.")) from exc

    def others_changed(self) -> None:
        """Someone else changed the data (live_updates.py): what this window holds is read again."""
        if self._session is not None:
            self._session.expire_all()
        self.changed.emit()

    def release(self) -> None:
        """End the window's read transaction, if one is open and holds nothing unsaved: on a server
        an open transaction would keep the tables from an upgrade and the data from vacuuming."""
        session = self._session
        if session is None or not session.in_transaction() or session.new or session.dirty or session.deleted:
            return
        try:
            session.commit()
        except Exception:
            session.rollback()  # the connection was lost: the next read takes a new one
            raise

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
        if self.live is not None:
            self.live.stop()
        if self._session is not None:
            self._session.close()
        self.db.close()
