"""A snapshot: every travelling record as plain values, plus the tombstones of deleted ones.

It is what an export sends and records (the base of the next merge), and what an import reads
back from a workbook. Plain values are those of `fields.py`, so snapshots compare directly.
"""

import base64
import json
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from ...models import (
    agenda_speaker,
    meeting_participant,
    project_partner,
    project_responsible,
    roadmap_executor,
)
from ..fields import (
    BOOL,
    CURRENCY,
    DEADLINE,
    DECIMAL,
    ENTITIES,
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

Records = dict[str, dict[str, dict[str, Any]]]  # entity → uuid → field key → plain value


@dataclass
class Snapshot:
    records: Records = field(default_factory=lambda: {key: {} for key in ORDER})
    tombstones: dict[str, str] = field(default_factory=dict)  # uuid → entity

    def get(self, entity: str, uuid: str) -> dict[str, Any] | None:
        return self.records.get(entity, {}).get(uuid)

    def count(self) -> int:
        return sum(len(rows) for rows in self.records.values())

    def to_json(self) -> dict:
        return {"records": self.records, "tombstones": self.tombstones}

    @classmethod
    def from_json(cls, data: dict) -> "Snapshot":
        records = {key: dict(data.get("records", {}).get(key, {})) for key in ORDER}
        return cls(records=records, tombstones=dict(data.get("tombstones", {})))

    def encode(self) -> bytes:
        """Compact bytes for the Exchange table."""
        raw = json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return zlib.compress(raw.encode("utf-8"), 6)

    @classmethod
    def decode(cls, blob: bytes) -> "Snapshot":
        return cls.from_json(json.loads(zlib.decompress(blob).decode("utf-8")))

    def to_text_chunks(self, size: int = 30000) -> list[str]:
        """The snapshot as base64 text in pieces that fit an Excel cell (32 767 characters)."""
        text = base64.b64encode(self.encode()).decode("ascii")
        return [text[i : i + size] for i in range(0, len(text), size)] or [""]

    @classmethod
    def from_text_chunks(cls, chunks: list[str]) -> "Snapshot":
        return cls.decode(base64.b64decode("".join(chunks).encode("ascii"), validate=True))


def take_snapshot(session: Session) -> Snapshot:
    """Every travelling record as plain values, read with plain SQL: for a large database the
    ORM's objects would cost several times more than the rows themselves (`record_plain` gives the
    same values for one object; a test keeps the two equal)."""
    # Raw rows straight from sqlite3, as SQLite keeps them: ISO dates, enum values, money in
    # hundredths; sqlite3.Row gives names without SQLAlchemy's per-row cost.
    dbapi = session.connection().connection.dbapi_connection

    def raw(sql: str):
        cursor = dbapi.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql).fetchall()

    uuids: dict[str, dict[int, str]] = {}
    for key in ORDER:
        uuids[key] = {
            row[0]: row[1] for row in raw(f"SELECT id, uuid FROM {ENTITIES[key].model.__tablename__}")
        }
    links = {name: _links(raw, *spec) for name, spec in _LINK_TABLES.items()}
    org_side = {row[0]: row[1] for row in raw("SELECT id, side FROM organization")}
    snap = Snapshot()
    for key in ORDER:
        entity = ENTITIES[key]
        readers = [(f.key, _column_reader(entity, f, uuids, links, org_side)) for f in entity.fields]
        snap.records[key] = {
            row["uuid"]: {k: read(row) for k, read in readers}
            for row in raw(f"SELECT * FROM {entity.model.__tablename__}")
        }
    snap.tombstones = {row[0]: row[1] for row in raw("SELECT record_uuid, entity FROM tombstone")}
    return snap


# Association tables: field attribute → (table, owner column, member column).
_LINK_TABLES = {
    "partners": (project_partner, "project_id", "organization_id"),
    "responsible": (project_responsible, "project_id", "organization_id"),
    "executors": (roadmap_executor, "roadmap_item_id", "organization_id"),
    "participants": (meeting_participant, "meeting_id", "person_id"),
    "speakers": (agenda_speaker, "agenda_item_id", "person_id"),
}


def _links(raw, table, owner: str, member: str) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {}
    for owner_id, member_id in raw(f"SELECT {owner}, {member} FROM {table.name}"):
        grouped.setdefault(owner_id, []).append(member_id)
    return grouped


def _money(value: int | None) -> str | None:
    return None if value is None else str((Decimal(value) / 100).quantize(Decimal("0.01")))


def _column_reader(entity: Entity, f: Field, uuids, links, org_side) -> Callable[[Any], Any]:
    """How one field's plain value is read from a raw row of its table (see fields.to_plain)."""
    name = f.attribute
    if f.kind == DEADLINE:
        return _deadline
    if f.kind == REF:
        (column,) = entity.model.__mapper__.relationships[name].local_columns
        targets = uuids[f.ref]
        return lambda row: targets.get(row[column.name])
    if f.kind == REFS:
        # Each owner's list of UUIDs, sorted, worked out once for the whole table.
        targets = uuids[f.ref]
        side = f.side.value if f.side is not None else None
        lists = {
            owner: sorted(targets[i] for i in members if side is None or org_side.get(i) == side)
            for owner, members in links[name].items()
        }
        return lambda row: list(lists.get(row["id"], ()))
    if f.kind in (TEXT, LONGTEXT, CURRENCY, TZ):
        return lambda row: row[name] or None
    if f.kind in (DECIMAL, MONEY):
        return lambda row: _money(row[name])
    if f.kind == TIME:
        return lambda row: None if row[name] is None else row[name][:5]
    if f.kind == BOOL:
        return lambda row: None if row[name] is None else bool(row[name])
    return lambda row: row[name]  # int, date (ISO text in SQLite), enum (its value)


def _deadline(row) -> str | None:
    kind = row["deadline_kind"]
    if kind == "date" and row["deadline_date"]:
        return row["deadline_date"]
    if kind == "quarter" and row["deadline_year"] and row["deadline_quarter"]:
        return f"{row['deadline_year']}-Q{row['deadline_quarter']}"
    return "regular" if kind == "regular" else None
