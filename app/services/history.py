"""The change log for people: who changed what and when, from where, values shown as they read
in the program (field labels translated, references by name, dates and money formatted).

Every change is searched and sorted, not only the newest: the rows are read in one plain query
without their values, and a row's texts are worked out when first asked for — a view shows a
screenful; a search reads the values of all once, in batches, and keeps none of them."""

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from sys import intern
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..i18n import N_, _, translate_label
from ..models import ChangeAction, ChangeLog, Side
from .errors import UserError
from .fields import (
    ENTITIES,
    LONGTEXT,
    TEXT,
    Field,
)
from .formatting import format_moment
from .kinds import handler
from .labels import fold, label
from .record_names import Names, shown_name
from .sources import operator_label, parse_source, source_label

ACTIONS = {
    ChangeAction.CREATE: N_("Created"),
    ChangeAction.UPDATE: N_("Changed"),
    ChangeAction.DELETE: N_("Deleted"),
}
# What a history can be sorted by (the view's columns, in order).
SORT_KEYS = ("at", "operator", "side", "source", "action", "record", "field", "old", "new")
_FREE_TEXT = (TEXT, LONGTEXT)
RAW_AROUND = 100  # a change's values are read with those of the changes this far before and after
RAW_KEPT = 5000  # values kept for showing; more are read again when asked for


class NamesRecords(Protocol):
    """What names records by UUID: the history's `Names`, the import preview's `Namer`."""

    def name(self, entity_key: str, uuid: str) -> str: ...


def readable(f: Field, value: Any, names: NamesRecords, lang: str) -> str:
    """One plain value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    try:
        return handler(f).show(f, value, names, lang)
    except (ValueError, ArithmeticError, KeyError):
        return str(value)


def field_label(entity_key: str, key: str | None, lang: str) -> str:
    f = _field(entity_key, key)
    if f is None:
        return key or ""
    text = translate_label(f.label, lang)
    return f"{text} ({f.lang.upper()})" if f.lang else text


class Reader:
    """What the rows of a history share: the language, the records' names, the values of the
    changes on screen, and the texts already worked out — labels, values and names that many rows
    repeat, as shown and folded for searching. Valid while the data stays as it is: a view keeps
    one from search to search, and drops it when anything changed."""

    def __init__(self, session: Session, lang: str):
        self.session = session
        self.lang = lang
        self.names = Names(session, lang)
        self._raw: dict[int, tuple[str | None, str | None, str | None]] = {}
        self._labels: dict[tuple[str, str], str] = {}
        self._values: dict[tuple[str, str, Any], str] = {}
        self._folded: dict[str, str] = {}  # text → folded
        self._shown: dict[tuple[str, Any], str] = {}  # (what, key) → text
        self._searched: dict[tuple[str, Any], str] = {}  # (what, key) → folded text
        self._layouts: dict[str, list[tuple[Field, str, str, bool]]] = {}

    def raw_values(self, change_id: int) -> tuple[str | None, str | None, str | None]:
        """A change's old and new values as stored (JSON) and the record's stored name, read with
        those of its neighbours: a screenful of changes is a run of ids, read in one query."""
        found = self._raw.get(change_id)
        if found is None:
            if len(self._raw) > RAW_KEPT:
                self._raw.clear()
            self.read_values(ChangeLog.id.between(change_id - RAW_AROUND, change_id + RAW_AROUND))
            found = self._raw.setdefault(change_id, (None, None, None))
        return found

    def read_values(self, *conditions) -> None:
        query = select(ChangeLog.id, ChangeLog.old_value, ChangeLog.new_value, ChangeLog.record_label)
        self._raw.update((i, tuple(values)) for i, *values in self.session.execute(query.where(*conditions)))

    def value_texts(self, rows: list["HistoryRow"]) -> None:
        """Work out the old and new texts of all `rows` (to sort by them), reading their values in
        batches and keeping none."""
        for start in range(0, len(rows), 500):
            batch = rows[start : start + 500]
            self.read_values(ChangeLog.id.in_([r.id for r in batch]))
            for row in batch:
                row.old, row.new  # noqa: B018 — the texts are kept by the row
            self._raw.clear()

    def fold(self, text: str) -> str:
        """`labels.fold`, remembered for the texts that many rows share."""
        folded = self._folded.get(text)
        if folded is None:
            folded = self._folded[text] = fold(text)
        return folded

    def shared(self, what: str, key: Any, text: Callable[[], str]) -> str:
        """The text of a row's `what` (operator, side …), worked out once per `key`."""
        found = self._shown.get((what, key))
        if found is None:
            found = self._shown[(what, key)] = text()
        return found

    def folded(self, what: str, key: Any, text: Callable[[], str]) -> str:
        """The folded `text()` of a row's `what` (record, operator …), worked out once per `key`."""
        found = self._searched.get((what, key))
        if found is None:
            found = self._searched[(what, key)] = fold(text())
        return found

    def field_label(self, entity_key: str, key: str | None) -> str:
        if not key:
            return ""
        cache_key = (entity_key, key)
        text = self._labels.get(cache_key)
        if text is None:
            text = self._labels[cache_key] = field_label(entity_key, key, self.lang)
        return text

    def value(self, f: Field, entity_key: str, value: Any) -> str:
        if f.kind in _FREE_TEXT and isinstance(value, str):
            return value or "—"
        cache_key = (entity_key, f.key, tuple(value) if isinstance(value, list) else value)
        try:
            text = self._values.get(cache_key)
        except TypeError:  # not hashable: a value this version does not expect
            return readable(f, value, self.names, self.lang)
        if text is None:
            text = self._values[cache_key] = readable(f, value, self.names, self.lang)
        return text

    def record_parts(self, entity_key: str, values: Any) -> list[tuple[str, str]]:
        """A whole record's fields that hold something: (label, value) as people read them."""
        if entity_key not in ENTITIES or not isinstance(values, dict):
            return [("", str(values))]
        parts = []
        for f, shown, _folded, _free in self._layout(entity_key):
            value = values.get(f.key)
            if not value:  # None, "", [] and False (and 0, as ever) are not shown
                continue
            parts.append((shown, self.value(f, entity_key, value)))
        return parts

    def record_search(self, entity_key: str, values: Any) -> str:
        """`record_parts` as shown, folded; the shared pieces folded once (a search folds them all)."""
        if entity_key not in ENTITIES or not isinstance(values, dict):
            return fold(str(values))
        pieces = []
        get = values.get
        for f, _shown, folded_label, free in self._layout(entity_key):
            value = get(f.key)
            if not value:  # None, "", [] and False (and 0, as ever) are not shown
                continue
            if free and isinstance(value, str):
                pieces.append(f"{folded_label}: {value}")
            else:
                pieces.append(f"{folded_label}: {self.fold(self.value(f, entity_key, value))}")
        # Folded once as a whole: folding what is folded changes nothing.
        return fold("; ".join(pieces))

    def _layout(self, entity_key: str) -> list[tuple[Field, str, str, bool]]:
        """The fields of a kind of record: label as shown and folded, and whether it is free text."""
        layout = self._layouts.get(entity_key)
        if layout is None:
            layout = self._layouts[entity_key] = [
                (f, shown, fold(shown), f.kind in _FREE_TEXT)
                for f in ENTITIES[entity_key].fields
                for shown in [self.field_label(entity_key, f.key)]
            ]
        return layout


class HistoryRow:
    """One change. The stored facts are attributes (its values are read when asked for); the
    texts in the reader's language are properties — the ones many rows share worked out once by
    the reader, the values' texts once by the row."""

    __slots__ = (
        "_new",
        "_old",
        "action",
        "at",
        "entity",
        "field_key",
        "id",
        "operator",
        "reader",
        "record_uuid",
        "side",
        "source",
    )

    def __init__(self, data, reader: Reader):
        (
            self.id,
            self.at,
            self.operator,  # "" when not known: someone of the other side
            side,
            self.source,  # as stored: see sources.py
            action,
            self.entity,
            self.record_uuid,
            self.field_key,
        ) = data
        # Thousands of rows hold the same few texts: one copy of each.
        self.operator, self.source, self.entity = (
            intern(self.operator),
            intern(self.source),
            intern(self.entity),
        )
        self.side = Side(side)
        self.action = ChangeAction(action)
        self.reader = reader
        self._old: str | None = None
        self._new: str | None = None

    @property
    def old_value(self) -> str | None:
        """The old plain value (a whole record for a deletion) as JSON text; None for a creation."""
        return self.reader.raw_values(self.id)[0]

    @property
    def new_value(self) -> str | None:
        return self.reader.raw_values(self.id)[1]

    @property
    def when(self) -> str:
        return format_moment(self.at)

    @property
    def who(self) -> str:
        return self.reader.shared(
            "who", self.operator, lambda: operator_label(self.operator, self.reader.lang)
        )

    @property
    def side_text(self) -> str:
        return self.reader.shared("side", self.side, lambda: label(self.side, self.reader.lang))

    @property
    def source_text(self) -> str:
        return self.reader.shared("source", self.source, lambda: source_label(self.source, self.reader.lang))

    @property
    def action_text(self) -> str:
        return self.reader.shared(
            "action", self.action, lambda: translate_label(ACTIONS[self.action], self.reader.lang)
        )

    @property
    def kind(self) -> str:
        entity = ENTITIES.get(self.entity)
        return translate_label(entity.label, self.reader.lang) if entity else self.entity

    @property
    def record(self) -> str:
        if self.entity in ENTITIES:
            return self.reader.names.name(self.entity, self.record_uuid)
        return shown_name(self.reader.raw_values(self.id)[2], self.reader.lang)  # a kind this version lacks

    @property
    def record_text(self) -> str:
        return f"{self.kind}: {self.record}"

    @property
    def code(self) -> str | None:
        return self.reader.names.code(self.entity, self.record_uuid) if self.entity in ENTITIES else None

    @property
    def field(self) -> str:
        return self.reader.field_label(self.entity, self.field_key)

    @property
    def old(self) -> str:
        if self._old is None:
            self._old = self._text(self.old_value)
        return self._old

    @property
    def new(self) -> str:
        if self._new is None:
            self._new = self._text(self.new_value)
        return self._new

    def matches(self, needle: str, old_value: str | None, new_value: str | None) -> bool:
        """Whether the folded `needle` is in what the row shows, folded (labels.fold), given its
        stored values. Piece by piece: the pieces many rows share are folded once, and a row's
        values only when the rest does not match."""
        reader = self.reader
        if (
            needle in reader.folded("record", (self.entity, self.record_uuid), lambda: self.record_text)
            or needle in reader.folded("who", self.operator, lambda: self.who)
            or needle in reader.folded("side", self.side, lambda: self.side_text)
            or needle in reader.folded("source", self.source, lambda: self.source_text)
            or needle in reader.folded("field", (self.entity, self.field_key), lambda: self.field)
        ):
            return True
        for raw in (old_value, new_value):
            if raw is None:
                continue
            if self.action != ChangeAction.UPDATE:
                if needle in reader.record_search(self.entity, _load(raw)):
                    return True
                continue
            text = self._text(raw)
            if needle in (fold(text) if len(text) > 80 else reader.fold(text)):
                return True
        return False

    def _parts(self, raw: str | None) -> list[tuple[str, str]]:
        if raw is None:
            return []
        value = _load(raw)
        if self.action == ChangeAction.UPDATE:
            f = _field(self.entity, self.field_key)
            return [("", self.reader.value(f, self.entity, value) if f else str(value))]
        return self.reader.record_parts(self.entity, value)

    def _text(self, raw: str | None) -> str:
        return "; ".join(f"{label}: {value}" if label else value for label, value in self._parts(raw))

    def to_json(self) -> dict[str, Any]:
        """For scripts: the stored facts, the plain values, and the names in the reader's language."""
        found = self.reader.names.find(self.entity, self.record_uuid) if self.entity in ENTITIES else None
        old_value, new_value, stored_name = self.reader.raw_values(self.id)
        return {
            "at": self.at.astimezone(UTC).isoformat(),
            "operator": self.operator or None,
            "side": self.side.value,
            "source": parse_source(self.source).to_json(),
            "action": self.action.value,
            "entity": self.entity,
            "uuid": self.record_uuid,
            "code": self.code,
            "label": found.name if found and found.known else shown_name(stored_name, self.reader.lang),
            "deleted": bool(found and found.deleted),
            "field": self.field_key,
            "field_label": self.field or None,
            "old": _load(old_value),
            "new": _load(new_value),
        }


SORTING = {
    "at": lambda r: (r.at, r.id),
    "operator": lambda r: fold(r.who),
    "side": lambda r: r.side_text,
    "source": lambda r: fold(r.source_text),
    "action": lambda r: r.action_text,
    "record": lambda r: fold(r.record_text),
    "field": lambda r: fold(r.field),
    "old": lambda r: fold(r.old),
    "new": lambda r: fold(r.new),
}


def sort_rows(rows: list[HistoryRow], key: str = "at", descending: bool = True) -> list[HistoryRow]:
    """Sorted by one of SORT_KEYS; rows that tie stay newest first."""
    if rows and key in ("record", "old", "new"):
        rows[0].reader.names.load_all()  # every record is named: at once, not one query each
    if rows and key in ("old", "new"):
        rows[0].reader.value_texts(rows)
    newest_first = sorted(rows, key=lambda r: (r.at, r.id), reverse=True)
    if key == "at":
        return newest_first if descending else newest_first[::-1]
    return sorted(newest_first, key=SORTING[key], reverse=descending)


def history(
    session: Session,
    lang: str,
    *,
    entity: str | None = None,
    uuid: str | None = None,
    since: date | None = None,
    until: date | None = None,
    text: str | None = None,
    sort: str = "at",
    descending: bool = True,
    reader: Reader | None = None,
) -> list[HistoryRow]:
    """Every change (newest first, or as `sort` says) of a kind of record, of one record, in some
    days (local dates), containing a text as it is shown. `reader`: one kept from an earlier call
    on the same data and language, with what it has worked out."""
    conditions = []
    if entity:
        conditions.append(ChangeLog.entity == entity)
    if uuid:
        conditions.append(ChangeLog.record_uuid == uuid)
    if since:
        conditions.append(ChangeLog.at >= _local_midnight(since))
    if until:
        conditions.append(ChangeLog.at < _local_midnight(until + timedelta(days=1)))
    listing = select(
        ChangeLog.id,
        ChangeLog.at,
        ChangeLog.operator,
        ChangeLog.side,
        ChangeLog.source,
        ChangeLog.action,
        ChangeLog.entity,
        ChangeLog.record_uuid,
        ChangeLog.field,
    ).where(*conditions)
    if reader is None or reader.lang != lang:
        reader = Reader(session, lang)
    batches = {"yield_per": 2000}  # fetched in batches: the rows of the database are not all held twice
    rows = [HistoryRow(data, reader) for data in session.execute(listing, execution_options=batches)]
    if text:  # in Python: SQLite's LIKE ignores case only in Latin letters
        reader.names.load_all()
        needle = fold(text)
        by_id = {r.id: r for r in rows}
        values = select(ChangeLog.id, ChangeLog.old_value, ChangeLog.new_value).where(*conditions)
        found = {
            change_id
            for change_id, old, new in session.execute(values, execution_options=batches)
            if by_id[change_id].matches(needle, old, new)
        }
        rows = [r for r in rows if r.id in found]
    return sort_rows(rows, sort, descending)


def find_record(session: Session, wanted: str) -> tuple[str, str]:
    """The record a person names by its code (UZ-P-014) or UUID, also a deleted one: (kind, uuid).
    UserError when there is none."""
    text = wanted.strip()
    for key, entity in ENTITIES.items():
        if entity.code_letter:
            model = entity.model
            uuid = session.scalar(select(model.uuid).where(func.upper(model.code) == text.upper()))
            if uuid:
                return key, uuid
    logged = session.execute(
        select(ChangeLog.entity, ChangeLog.record_uuid).where(ChangeLog.record_uuid == text.lower()).limit(1)
    ).first()
    if logged:
        return logged.entity, logged.record_uuid
    # A deleted record, by the code its deletion logged (values are JSON with sorted keys).
    deletions = session.execute(
        select(ChangeLog.entity, ChangeLog.record_uuid, ChangeLog.old_value)
        .where(
            ChangeLog.action == ChangeAction.DELETE,
            # Any case, on either database (SQLite's LIKE ignores the case of Latin letters only).
            ChangeLog.old_value.icontains(f'"code": "{text}"', autoescape=True),
        )
        .order_by(ChangeLog.id.desc())
    )
    for key, uuid, raw in deletions:
        if str(_load(raw).get("code", "")).upper() == text.upper():
            return key, uuid
    raise UserError(_("No record with the code or UUID {record}.").format(record=text))


def _field(entity_key: str, key: str | None) -> Field | None:
    entity = ENTITIES.get(entity_key)
    try:
        return entity.field(key) if entity and key else None
    except KeyError:
        return None


def _load(raw: str | None) -> Any:
    return None if raw is None else json.loads(raw)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone().astimezone(UTC)
