"""A snapshot: every travelling record as plain values, plus the tombstones of deleted ones.

It is what an export sends and records (the base of the next merge), and what an import reads
back from a workbook. Plain values are those of `fields.py`, so snapshots compare directly.

A record can stay in its canonical JSON text (sorted keys, no spaces) until someone asks for its
values: two records compare equal exactly when their texts do, so an import of a large file
decides "unchanged" for most rows without decoding anything (see `RecordTable.text`).
"""

import base64
import json
import zlib
from collections.abc import Callable, Iterator, KeysView, MutableMapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from ....i18n import _
from ....models import (
    ONGOING_VALUES,
    agenda_speaker,
    meeting_participant,
    project_partner,
    project_responsible,
    roadmap_executor,
)
from ...errors import UserError
from ...fields import (
    BOOL,
    CURRENCY,
    DATE,
    DEADLINE,
    DECIMAL,
    ENTITIES,
    ENUM,
    INT,
    LEGACY_KEYS,
    LEGACY_VALUES,
    LONGTEXT,
    MONEY,
    ORDER,
    REF,
    REFS,
    TEXT,
    TIME,
    TZ,
    Entity,
    Field,
)

FORMAT_2 = "snapshot/2"  # a line per record; version 1 was one JSON document (still read)
_UNREAD = object()  # a record of ours known to exist, its values not read from the database yet


def canonical(values: dict[str, Any]) -> str:
    """The one text of a record's plain values: equal values, equal texts."""
    return _CANONICAL.encode(values)


# One encoder for all: json.dumps with options builds a new one per call, a third of the cost here.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _decoded(text: str) -> dict[str, Any]:
    try:
        values = json.loads(text)
    except ValueError:
        values = None
    if not isinstance(values, dict):
        # Only a file someone forged gets here: a damaged one fails its checks long before.
        raise UserError(_("The hidden data of the workbook is damaged."))
    return values


class RecordTable(MutableMapping[str, dict[str, Any]]):
    """uuid → plain values of one kind of record. Each entry is either its values, its canonical
    text (decoded when first asked for), or — in a snapshot of our own database — not read yet
    (read on demand through `loader`)."""

    __slots__ = ("_data", "loader")

    def __init__(
        self, data: dict[str, Any] | None = None, loader: Callable[["RecordTable", str], None] | None = None
    ):
        self._data: dict[str, Any] = dict(data) if data else {}
        self.loader = loader

    def __getitem__(self, uuid: str) -> dict[str, Any]:
        value = self._data[uuid]
        if type(value) is str:
            value = self._data[uuid] = _decoded(value)
        elif value is _UNREAD:
            assert self.loader is not None  # entries not read yet come with the loader that reads them
            self.loader(self, uuid)
            value = self._data[uuid]
            if value is _UNREAD:  # deleted from the database since it was listed
                del self._data[uuid]
                raise KeyError(uuid)
        values: dict[str, Any] = value  # decoded or read by now
        return values

    def get(self, uuid: str, default: Any = None) -> Any:
        return self[uuid] if uuid in self._data else default

    def __setitem__(self, uuid: str, values: dict[str, Any]) -> None:
        self._data[uuid] = values

    def __delitem__(self, uuid: str) -> None:
        del self._data[uuid]

    def __contains__(self, uuid: object) -> bool:
        return uuid in self._data

    def keys(self) -> KeysView[str]:  # the dict's own view: membership tests in the merge's loops run in C
        return self._data.keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"RecordTable({len(self._data)} records)"

    def text(self, uuid: str) -> str:
        """The record's canonical text (computed when only its values are at hand)."""
        value = self._data[uuid]
        return value if type(value) is str else canonical(self[uuid])

    def raw_text(self, uuid: str) -> str | None:
        """The canonical text when the record has not been decoded (None otherwise): a decoded
        record may have been changed in place since, so only an undecoded text is sure to be current."""
        value = self._data.get(uuid)
        return value if type(value) is str else None

    def same_as(self, base: "RecordTable") -> set[str]:
        """The uuids of records still in their text that `base` has with the same text: known
        unchanged without decoding either (a decoded record may have been edited in place)."""
        same = set()
        base_data = base._data
        for uuid, value in self._data.items():
            if type(value) is str:
                other = base_data.get(uuid)
                if other is None or other is _UNREAD:
                    continue
                if value == (other if type(other) is str else canonical(other)):
                    same.add(uuid)
        return same

    def put_text(self, uuid: str, text: str) -> None:
        self._data[uuid] = text

    def unread(self) -> list[str]:
        return [uuid for uuid, value in self._data.items() if value is _UNREAD]

    def fill(self, values: dict[str, dict[str, Any]]) -> None:
        """Values read from the database for entries that were not read yet."""
        for uuid, record in values.items():
            if self._data.get(uuid) is _UNREAD:
                self._data[uuid] = record


Records = dict[str, RecordTable]  # entity → uuid → field key → plain value


@dataclass
class Snapshot:
    records: dict[str, RecordTable] = field(default_factory=dict)
    tombstones: dict[str, str] = field(default_factory=dict)  # uuid → entity
    # The bytes it was decoded from: a stored copy is known identical without decoding that too.
    encoded: bytes | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        given = _renamed(self.records)
        self.records = {
            key: table if isinstance(table, RecordTable) else RecordTable(table)
            for key, table in ((key, given.get(key, {})) for key in ORDER)
        }
        for key, table in given.items():  # kinds of record this version does not know travel along
            self.records.setdefault(key, table if isinstance(table, RecordTable) else RecordTable(table))

    def get(self, entity: str, uuid: str) -> dict[str, Any] | None:
        table = self.records.get(entity)
        return table.get(uuid) if table is not None else None

    def count(self) -> int:
        return sum(len(rows) for rows in self.records.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "records": {key: dict(table.items()) for key, table in self.records.items()},
            "tombstones": self.tombstones,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Snapshot":
        records = {key: RecordTable(data.get("records", {}).get(key, {})) for key in ORDER}
        return cls(records=records, tombstones=dict(data.get("tombstones", {})))

    def encode(self) -> bytes:
        """Compact bytes for the Exchange table: a line per kind of record ("E", its key), then per
        record a line with its uuid and a line with its text; "T", then a line per tombstone (uuid,
        entity). Canonical JSON holds no raw newline, so a kind's records split at once into
        alternating lines: an import reads this at every run."""
        lines = [FORMAT_2]
        for key, table in self.records.items():
            lines.append(f"E\t{key}")
            for uuid in table:
                lines.append(uuid)
                lines.append(table.text(uuid))
        lines.append("T")
        lines.extend(f"{uuid}\t{entity}" for uuid, entity in sorted(self.tombstones.items()))
        return zlib.compress(("\n".join(lines) + "\n").encode("utf-8"), 6)

    @classmethod
    def decode(cls, blob: bytes) -> "Snapshot":
        """ValueError (or zlib.error) when the bytes are damaged. The text is decompressed and
        split into its lines a piece at a time: whole, beside its list of lines, a large file's
        snapshot (Cyrillic: two bytes a character) took twice what its records keep (issue 21)."""
        first = (FORMAT_2 + "\n").encode("ascii")
        if zlib.decompressobj().decompress(blob, len(first)) != first:
            return cls.from_json(json.loads(zlib.decompress(blob).decode("utf-8")))
        lines = _lines(blob)
        next(lines)  # FORMAT_2
        try:
            records: dict[str, RecordTable] = {}
            line = next(lines)
            while line != "T":  # the records: a head line per kind, then pairs of lines
                if not line.startswith("E\t"):
                    raise ValueError("not a snapshot")
                key, table, line = line[2:], {}, next(lines)
                while not (line.startswith("E\t") or line == "T"):
                    text = next(lines)
                    if not text.startswith("{"):
                        raise ValueError("not a snapshot")
                    table[line], line = text, next(lines)
                records[key] = RecordTable(table)
            rest = list(lines)  # the tombstones, then "" after the text's last newline
        except StopIteration:
            raise ValueError("not a snapshot") from None
        if not rest or rest[-1] != "":
            raise ValueError("not a snapshot")
        tombstones = dict(line.split("\t", 1) for line in rest[:-1])
        return cls(records=records, tombstones=tombstones, encoded=blob)

    def to_text_chunks(self, size: int = 30000) -> list[str]:
        """The snapshot as base64 text in pieces that fit an Excel cell (32 767 characters)."""
        text = base64.b64encode(self.encode()).decode("ascii")
        return [text[i : i + size] for i in range(0, len(text), size)] or [""]

    @classmethod
    def from_text_chunks(cls, chunks: list[str]) -> "Snapshot":
        return cls.decode(base64.b64decode("".join(chunks).encode("ascii"), validate=True))


def _lines(blob: bytes, step: int = 1 << 15) -> Iterator[str]:
    """The lines of the compressed UTF-8 text `blob`, as `text.split("\n")` gives them, read a
    piece at a time: each piece decompressed, cut after its last newline (a newline byte is never
    part of another character in UTF-8), decoded and split whole."""
    inflate = zlib.decompressobj()
    rest = b""
    for start in range(0, len(blob), step):
        data = rest + inflate.decompress(blob[start : start + step])
        cut = data.rfind(b"\n") + 1
        rest = data[cut:]
        if cut:
            pieces = data[:cut].decode("utf-8").split("\n")
            pieces.pop()  # "" after the piece's last newline: the next piece goes on from there
            yield from pieces
    if not inflate.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    yield from (rest + inflate.flush()).decode("utf-8").split("\n")


def read_tables(session: Session, keys: set[str]) -> dict[str, RecordTable]:
    """Whole tables of some kinds of record, read now (the names a workbook may cite)."""
    reader = _TableReader(session)
    return {key: RecordTable(reader.rows(key)) for key in keys}


def _renamed(records: dict[str, Any]) -> dict[str, Any]:
    """The records of an older program under today's keys (fields.LEGACY_KEYS). Only the few
    kinds concerned are looked at, and only records that hold an old key are decoded."""
    for entity, renames in LEGACY_KEYS.items():
        table = records.get(entity)
        if not table:
            continue
        raw = table._data if isinstance(table, RecordTable) else table
        for uuid, value in list(raw.items()):
            if type(value) is str:
                if not any(f'"{old}":' in value for old in renames):
                    continue
                values = _decoded(value)
            elif isinstance(value, dict):
                values = value
            else:
                continue
            if any(old in values for old in renames):
                values = {renames.get(k, k): v for k, v in values.items()}
                raw[uuid] = canonical(values) if type(value) is str else values
    for entity, fields in LEGACY_VALUES.items():
        _revalued(records.get(entity), fields)
    return records


def _revalued(table: Any, fields: dict[str, dict[str, str]]) -> None:
    """Values of an older program as today's (fields.LEGACY_VALUES), in place; a record's text is
    decoded only when it holds one of them."""
    if not table:
        return
    raw = table._data if isinstance(table, RecordTable) else table
    marks = [f'"{key}":{json.dumps(old, ensure_ascii=False)}' for key, olds in fields.items() for old in olds]
    for uuid, value in list(raw.items()):
        if type(value) is str:
            if not any(mark in value for mark in marks):
                continue
            values = _decoded(value)
        elif isinstance(value, dict):
            values = value
        else:
            continue
        changed = {k: olds[values[k]] for k, olds in fields.items() if values.get(k) in olds}
        if changed:
            values = {**values, **changed}
            raw[uuid] = canonical(values) if type(value) is str else values


def same_records(a: Snapshot, b: Snapshot) -> bool:
    """Whether two snapshots hold the same records with the same values (tombstones aside)."""
    for key in a.records.keys() | b.records.keys():
        x, y = a.records.get(key, RecordTable()), b.records.get(key, RecordTable())
        if x.keys() != y.keys() or any(x.text(uuid) != y.text(uuid) for uuid in x):
            return False
    return True


def take_snapshot(
    session: Session,
    wanted: dict[str, set[str]] | None = None,
    reopen: Callable[[], Any] | None = None,
) -> Snapshot:
    """Every travelling record as plain values, read with plain SQL: for a large database the
    ORM's objects would cost several times more than the rows themselves (`record_plain` gives the
    same values for one object; a test keeps the two equal).

    With `wanted` (entity → uuids), only those records are read now; the others are listed and
    read when first asked for, in a new session from `reopen` — an import of a large file needs
    the values of the few records it changes, not of all of them."""
    reader = _TableReader(session)
    snap = Snapshot()
    for key in ORDER:
        if wanted is None:
            snap.records[key] = RecordTable(reader.rows(key))
            continue
        want = wanted.get(key, set())
        every = reader.uuids[key].values()
        if len(want) * 3 > len(every):  # most of the table: one plain read is quicker
            snap.records[key] = RecordTable(reader.rows(key))
            continue
        table = RecordTable(dict.fromkeys(every, _UNREAD), loader=_loader(key, reopen))
        table.fill(reader.rows(key, [u for u in want if u in table]))
        snap.records[key] = table
    snap.tombstones = reader.pairs("SELECT record_uuid, entity FROM tombstone")
    return snap


_SINGLE_READS = 50  # records read one by one before the rest of their table is read at once


def _loader(key: str, reopen: Callable[[], Any] | None) -> Callable[[RecordTable, str], None]:
    reads = [0]

    def load(table: RecordTable, uuid: str | None = None) -> None:
        if reopen is None:
            raise RuntimeError("this snapshot cannot read more records")
        reads[0] += 1
        with reopen() as session:
            one = [uuid] if uuid is not None and reads[0] <= _SINGLE_READS else None
            table.fill(_TableReader(session).rows(key, one or table.unread()))

    return load


class _TableReader:
    """Raw rows straight from the driver (sqlite3 or psycopg), without SQLAlchemy's per-row cost:
    enum values, money in hundredths; dates as ISO text from SQLite, as dates from PostgreSQL."""

    def __init__(self, session: Session):
        connection = session.connection()
        dbapi = connection.connection.dbapi_connection
        assert dbapi is not None  # the session's connection is open
        self.dbapi = dbapi
        # The driver's marks for parameters: sqlite3's ?, psycopg's %s.
        self.mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        # SQLite keeps dates as ISO text, which is their plain value already.
        self.text_dates = connection.dialect.name == "sqlite"
        self.uuids: dict[str, dict[int, str]] = {
            key: self.pairs(f"SELECT id, uuid FROM {ENTITIES[key].model.__tablename__}") for key in ORDER
        }
        self.org_side = self.pairs("SELECT id, side FROM organization")

    def pairs(self, sql: str) -> dict[Any, Any]:
        return dict(self.raw(sql))

    def raw(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self.dbapi.execute(sql, params).fetchall()
        return rows

    def select(self, sql: str, column: str, keys: list[Any] | None) -> list[tuple[Any, ...]]:
        """`sql` for every row, or only for rows whose `column` is one of `keys` (in batches that stay
        under SQLite's limit of variables)."""
        if keys is None:
            return self.raw(sql)
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            marks = ",".join([self.mark] * len(batch))
            rows.extend(self.raw(f"{sql} WHERE {column} IN ({marks})", tuple(batch)))
        return rows

    def rows(self, key: str, uuids: list[str] | None = None) -> dict[str, dict[str, Any]]:
        """Fields SQLite can give as they are travel straight into each record (one dict(zip()) a
        row); the others — references, money, deadlines — are worked out from their raw columns."""
        entity = ENTITIES[key]
        as_stored = _AS_STORED if self.text_dates else _AS_STORED_PG
        direct = [f for f in entity.fields if f.kind in as_stored or f.kind in _TRIMMED]
        if self.text_dates:
            direct += [f for f in entity.fields if f.kind == TIME]
        worked = [f for f in entity.fields if f not in direct]
        raw_columns = ["id", "uuid", *dict.fromkeys(c for f in worked for c in self._columns_of(entity, f))]
        at = {name: len(direct) + i for i, name in enumerate(raw_columns)}
        selected = ", ".join([*(_sql_of(f) for f in direct), *(f'"{c}"' for c in raw_columns)])
        rows = self.select(f"SELECT {selected} FROM {entity.model.__tablename__}", "uuid", uuids)
        owners = None if uuids is None else [row[at["id"]] for row in rows]
        keys = [f.key for f in direct]
        readers = [(f.key, self._column_reader(entity, f, owners, at)) for f in worked]
        uuid_at = at["uuid"]
        out = {}
        for row in rows:
            values = dict(zip(keys, row, strict=False))  # the raw columns follow
            for k, read in readers:
                values[k] = read(row)
            out[row[uuid_at]] = values
        return out

    @staticmethod
    def _columns_of(entity: Entity, f: Field) -> list[str]:
        """The raw columns a worked-out field is read from."""
        if f.kind == DEADLINE:
            return [f"{f.attribute}_{part}" for part in ("kind", "date", "year", "quarter")]
        if f.kind == REF:
            (column,) = entity.model.__mapper__.relationships[f.attribute].local_columns
            return [column.name]
        if f.kind == REFS:
            return []  # from the association table, by the record's id
        return [f.attribute]

    def _links(self, name: str, owners: list[int] | None) -> dict[int, list[int]]:
        table, owner, member = _LINK_TABLES[name]
        grouped: dict[int, list[int]] = {}
        for owner_id, member_id in self.select(f"SELECT {owner}, {member} FROM {table.name}", owner, owners):
            grouped.setdefault(owner_id, []).append(member_id)
        return grouped

    def _column_reader(
        self, entity: Entity, f: Field, owners: list[int] | None, at: dict[str, int]
    ) -> Callable[[tuple[Any, ...]], Any]:
        """How one field's plain value is read from a raw row of its table (see fields.to_plain)."""
        name = f.attribute
        if f.kind == DEADLINE:
            kind, day, year, quarter = (
                at[f"{f.attribute}_{part}"] for part in ("kind", "date", "year", "quarter")
            )
            if self.text_dates:
                return lambda row: _deadline(row[kind], row[day], row[year], row[quarter])
            return lambda row: _deadline(row[kind], _iso(row[day]), row[year], row[quarter])
        if f.kind == REF:
            assert f.ref is not None  # a reference field names its entity
            (column,) = entity.model.__mapper__.relationships[name].local_columns
            targets, i = self.uuids[f.ref], at[column.name]
            return lambda row: targets.get(row[i])
        if f.kind == REFS:
            # Each owner's list of UUIDs, sorted, worked out once for the whole table.
            assert f.ref is not None
            targets = self.uuids[f.ref]

            side = f.side.value if f.side is not None else None
            org_side = self.org_side
            lists = {
                owner: sorted(targets[i] for i in members if side is None or org_side.get(i) == side)
                for owner, members in self._links(name, owners).items()
            }
            i = at["id"]
            return lambda row: list(lists.get(row[i], ()))
        i = at[name]
        if f.kind in (DECIMAL, MONEY):
            return lambda row: _money(row[i])
        if f.kind == BOOL:
            return lambda row: None if row[i] is None else bool(row[i])
        if f.kind == DATE:
            return lambda row: _iso(row[i])
        if f.kind == TIME:
            return lambda row: None if row[i] is None else f"{row[i].hour:02d}:{row[i].minute:02d}"
        raise ValueError(f.kind)


_TRIMMED = (TEXT, LONGTEXT, CURRENCY, TZ)  # an empty text is None
_AS_STORED = (INT, DATE, ENUM)  # ISO text for a date (in SQLite), its value for an enumeration
_AS_STORED_PG = (INT, ENUM)


def _sql_of(f: Field) -> str:
    """The SQL that gives a field's plain value straight from its column."""
    column = f'"{f.attribute}"'
    if f.kind in _TRIMMED:
        return f"NULLIF({column}, '')"
    if f.kind == TIME:  # SQLite's text HH:MM:SS.ffffff (on PostgreSQL a time, worked out in Python)
        from ...database.sqlite import hours_and_minutes

        return hours_and_minutes(column)
    return column


def _iso(day: Any) -> str | None:

    return None if day is None else day.isoformat()


# Association tables: field attribute → (table, owner column, member column).
_LINK_TABLES = {
    "partners": (project_partner, "project_id", "organization_id"),
    "responsible": (project_responsible, "project_id", "organization_id"),
    "executors": (roadmap_executor, "roadmap_item_id", "organization_id"),
    "participants": (meeting_participant, "meeting_id", "person_id"),
    "speakers": (agenda_speaker, "agenda_item_id", "person_id"),
}


def _money(value: int | None) -> str | None:
    return None if value is None else str((Decimal(value) / 100).quantize(Decimal("0.01")))


def _deadline(kind: str | None, day: str | None, year: int | None, quarter: int | None) -> str | None:
    if kind == "date" and day:
        return day
    if kind == "quarter" and year and quarter:
        return f"{year}-Q{quarter}"
    return kind if kind in ONGOING_VALUES else None
