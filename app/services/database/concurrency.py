"""Several people saving the same record at once (on a server; a file has one writer at a time,
but its undo steps meet the same rule): optimistic concurrency with a version per record.

Every change counts the record's version up (store.py). A save says which version the person
edited; the record is read again, locked until the save commits, and when someone else has saved
it since, nothing is written: `ConcurrentChange` says who changed it and when, and gives both
values of every field the person changed that the other changed differently. The person chooses
and saves again on the version they have now seen. Nothing is overwritten silently.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...i18n import _
from ...models import ChangeAction, ChangeLog
from ..errors import UserError
from ..fields import entity_of, normal_texts, record_plain


@dataclass(frozen=True)
class Clash:
    """A field both changed, differently: what the person saw, what they typed, what is saved now."""

    key: str
    base: Any
    mine: Any
    theirs: Any


@dataclass(eq=False)
class ConcurrentChange(UserError):
    """Someone else saved (or deleted) the record after the person opened it. Nothing was written."""

    entity: str
    uuid: str
    label: str
    who: str  # the operator's name the change log has ("" for the other side's unknown person)
    when: datetime | None
    version: int | None  # the version saved now (None: deleted)
    theirs: dict[str, Any] | None  # the record as saved now (None: deleted)
    clashes: list[Clash] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # fields only they changed: theirs stay

    def __post_init__(self) -> None:
        super().__init__(self.describe())

    @property
    def deleted(self) -> bool:
        return self.theirs is None

    def describe(self) -> str:
        from ..formatting import format_moment
        from ..sources import operator_label

        who = operator_label(self.who)
        when = format_moment(self.when) if self.when else "?"
        if self.deleted:
            return _("{who} deleted {record} at {when}.").format(who=who, record=self.label, when=when)
        return _("{who} changed {record} at {when}, after it was opened here.").format(
            who=who, record=self.label, when=when
        )


def _same(a: Any, b: Any) -> bool:
    def normal(value: Any) -> Any:
        if value in ("", []):
            return None
        return sorted(value) if isinstance(value, list) else value

    return normal(a) == normal(b)


def last_change(session: Session, uuid: str, deletion: bool = False) -> tuple[str, datetime | None, str]:
    """Who changed the record last, when (its deletion, when `deletion`), and its name then."""
    from ...i18n import current_language
    from ..record_names import shown_name

    query = select(ChangeLog.operator, ChangeLog.at, ChangeLog.record_label).where(
        ChangeLog.record_uuid == uuid
    )
    if deletion:
        query = query.where(ChangeLog.action == ChangeAction.DELETE)
    row = session.execute(query.order_by(ChangeLog.id.desc()).limit(1)).first()
    if row is None:
        return "", None, ""
    return row.operator, row.at, shown_name(row.record_label, current_language())


def deleted_meanwhile(session: Session, entity_key: str, uuid: str) -> None:
    """Raise ConcurrentChange when the record's deletion is in the change log: someone deleted what
    a person still had open (a form, an undo step)."""
    who, when, label = last_change(session, uuid, deletion=True)
    if when is not None:
        raise ConcurrentChange(entity_key, uuid, label, who, when, None, None)


def current_version(session: Session, obj) -> int | None:
    """The record's version as saved now, read past what the session holds, and the record locked
    until the transaction ends (a second save waits for the first and then sees it). None when it
    was deleted."""
    model = type(obj)
    return session.scalar(select(model.version).where(model.id == obj.id).with_for_update(key_share=True))


def changed_since_shown(session: Session, entity_key: str, uuid: str, version: int) -> None:
    """Raise ConcurrentChange when the record is no longer at `version`, the version a row showed
    (the rows keep their texts and version, not the record): someone changed or deleted it since."""
    from ..fields import ENTITIES

    model = ENTITIES[entity_key].model
    now = session.scalar(select(model.version).where(model.uuid == uuid))
    if now == version:
        return
    who, when, label = last_change(session, uuid, deletion=now is None)
    theirs: dict[str, Any] | None = None if now is None else {}  # deleted, or changed
    raise ConcurrentChange(entity_key, uuid, label, who, when, now, theirs)


def check_version(
    session: Session,
    obj,
    expected: int,
    mine: dict[str, Any] | None = None,
    base: dict[str, Any] | None = None,
) -> None:
    """Raise ConcurrentChange when the record is no longer at version `expected`. `mine`: the
    values about to be saved; `base`: the record as the person saw it (the fields to compare)."""
    entity = entity_of(obj)
    version = current_version(session, obj)
    if version == expected:
        return
    if version is None:
        who, when, label = last_change(session, obj.uuid, deletion=True)
        raise ConcurrentChange(entity.key, obj.uuid, label, who, when, None, None)
    session.expire(obj)  # the session's copy (its lists too) may be older than what is saved
    session.refresh(obj)
    theirs = record_plain(obj, entity)
    who, when, _label = last_change(session, obj.uuid)
    mine = normal_texts(entity, mine or {})
    base = base or {}
    clashes = [
        Clash(key, base.get(key), value, theirs[key])
        for key, value in mine.items()
        if key in theirs and not _same(theirs[key], base.get(key)) and not _same(theirs[key], value)
    ]
    kept = [key for key in theirs if key in base and key not in mine and not _same(theirs[key], base[key])]
    raise ConcurrentChange(
        entity.key, obj.uuid, _record_label(obj), who, when, version, theirs, clashes, kept
    )


def _record_label(obj) -> str:
    from ...i18n import current_language

    return entity_of(obj).describe(obj, current_language())
