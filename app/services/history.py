"""The change log for people: who changed what and when, values shown as they read in the
program (field labels translated, references by name, dates and money formatted)."""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import N_, _, translate_label
from ..models import ChangeAction, ChangeLog, Side, Tombstone
from .fields import (
    BOOL,
    DATE,
    DEADLINE,
    DECIMAL,
    ENTITIES,
    ENUM,
    INT,
    MONEY,
    REF,
    REFS,
    TZ,
    Field,
)
from .formatting import format_date, format_deadline, format_number
from .labels import fold, label

ACTIONS = {
    ChangeAction.CREATE: N_("Created"),
    ChangeAction.UPDATE: N_("Changed"),
    ChangeAction.DELETE: N_("Deleted"),
}
SOURCES = {"local": N_("Edited here"), "demo": N_("Demo data")}
TIMEZONE_NAMES = {"Asia/Tashkent": N_("Tashkent"), "Asia/Almaty": N_("Astana")}
MAX_ROWS = 1000  # the newest; filters by record, date or text reach the older ones


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    operator: str
    side: Side
    source: str
    action: ChangeAction
    entity: str
    record_uuid: str
    record: str
    field: str
    old: str
    new: str


class Names:
    """Names of records by UUID, looked up once per kind; deleted ones by their tombstone."""

    def __init__(self, session: Session, lang: str):
        self.session = session
        self.lang = lang
        self._names: dict[str, dict[str, str]] = {}
        self._tombstones: dict[str, str] | None = None

    def name(self, entity_key: str, uuid: str) -> str:
        if entity_key not in self._names:
            entity = ENTITIES[entity_key]
            records = self.session.scalars(select(entity.model)).all()
            self._names[entity_key] = {r.uuid: entity.describe(r, self.lang) for r in records}
        found = self._names[entity_key].get(uuid)
        if found:
            return found
        if self._tombstones is None:
            self._tombstones = {t.record_uuid: t.label or "" for t in self.session.scalars(select(Tombstone))}
        gone = self._tombstones.get(uuid)
        return _("{name} (deleted)").format(name=gone) if gone else _("(unknown record)")


def readable(f: Field, value: Any, names: Names, lang: str) -> str:
    """One plain value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    try:
        if f.kind == REF:
            return names.name(f.ref, value)
        if f.kind == REFS:
            return "; ".join(names.name(f.ref, v) for v in value)
        if f.kind == ENUM:
            return label(f.enum(value), lang)
        if f.kind == DATE:
            return format_date(date.fromisoformat(value), lang)
        if f.kind in (MONEY, DECIMAL):
            return format_number(Decimal(value), lang, 2)
        if f.kind == INT:
            return format_number(int(value), lang)
        if f.kind == BOOL:
            return _("yes") if value else _("no")
        if f.kind == TZ:
            return translate_label(TIMEZONE_NAMES.get(value, value), lang)
        if f.kind == DEADLINE:
            if value == "regular":
                return format_deadline("regular", None, None, None, lang)
            if "-Q" in value:
                year, quarter = value.split("-Q")
                return format_deadline("quarter", None, int(year), int(quarter), lang)
            return format_date(date.fromisoformat(value), lang)
    except (ValueError, ArithmeticError, KeyError):
        pass
    return str(value)


def _whole_record(entity_key: str, values: dict, names: Names, lang: str) -> str:
    entity = ENTITIES.get(entity_key)
    if entity is None or not isinstance(values, dict):
        return str(values)
    parts = []
    for f in entity.fields:
        value = values.get(f.key)
        if value in (None, "", [], False):
            continue
        suffix = f" ({f.lang.upper()})" if f.lang else ""
        parts.append(f"{translate_label(f.label, lang)}{suffix}: {readable(f, value, names, lang)}")
    return "; ".join(parts)


def field_label(entity_key: str, key: str | None, lang: str) -> str:
    if not key:
        return ""
    entity = ENTITIES.get(entity_key)
    try:
        f = entity.field(key) if entity else None
    except KeyError:
        f = None
    if f is None:
        return key
    text = translate_label(f.label, lang)
    return f"{text} ({f.lang.upper()})" if f.lang else text


def source_label(source: str, lang: str) -> str:
    if source in SOURCES:
        return translate_label(SOURCES[source], lang)
    return source


def history(
    session: Session,
    lang: str,
    *,
    entity: str | None = None,
    uuid: str | None = None,
    since: date | None = None,
    until: date | None = None,
    text: str | None = None,
    limit: int = MAX_ROWS,
) -> list[HistoryRow]:
    """The newest changes first, filtered by kind of record, record, days (local dates) and text."""
    query = select(ChangeLog).order_by(ChangeLog.id.desc())
    if entity:
        query = query.where(ChangeLog.entity == entity)
    if uuid:
        query = query.where(ChangeLog.record_uuid == uuid)
    if since:
        query = query.where(ChangeLog.at >= _local_midnight(since))
    if until:
        query = query.where(ChangeLog.at < _local_midnight(until + timedelta(days=1)))
    names = Names(session, lang)
    rows = []
    for log in session.scalars(query.limit(limit)):
        old, new = _load(log.old_value), _load(log.new_value)
        entity_obj = ENTITIES.get(log.entity)
        if log.action == ChangeAction.UPDATE and entity_obj is not None:
            try:
                f = entity_obj.field(log.field)
            except KeyError:
                f = None
            old_text = readable(f, old, names, lang) if f else str(old)
            new_text = readable(f, new, names, lang) if f else str(new)
        else:
            old_text = _whole_record(log.entity, old, names, lang) if old is not None else ""
            new_text = _whole_record(log.entity, new, names, lang) if new is not None else ""
        record = names.name(log.entity, log.record_uuid) if entity_obj else log.record_label or ""
        rows.append(
            HistoryRow(
                at=log.at,
                operator=log.operator,
                side=log.side,
                source=log.source,
                action=log.action,
                entity=log.entity,
                record_uuid=log.record_uuid,
                record=record,
                field=field_label(log.entity, log.field, lang),
                old=old_text,
                new=new_text,
            )
        )
    if text:  # in Python: SQLite's LIKE ignores case only in Latin letters
        needle = fold(text)
        rows = [r for r in rows if needle in fold(f"{r.record} {r.operator} {r.field} {r.old} {r.new}")]
    return rows


def _load(raw: str | None) -> Any:
    return None if raw is None else json.loads(raw)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone().astimezone(UTC)
