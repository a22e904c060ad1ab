"""A snapshot: every travelling record as plain values, plus the tombstones of deleted ones.

It is what an export sends and records (the base of the next merge), and what an import reads
back from a workbook. Plain values are those of `fields.py`, so snapshots compare directly.
"""

import base64
import json
import zlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ...models import AgendaItem, Decision, Meeting, Person, ProgressReport, Project, RoadmapItem, Tombstone
from ..fields import ENTITIES, ORDER, record_plain

Records = dict[str, dict[str, dict[str, Any]]]  # entity → uuid → field key → plain value

# Relationships read for every record of a kind: loaded in one query each, not per record.
_EAGER = {
    Project: (
        selectinload(Project.sector),
        selectinload(Project.partners),
        selectinload(Project.responsible),
    ),
    RoadmapItem: (
        selectinload(RoadmapItem.parent),
        selectinload(RoadmapItem.executors),
        selectinload(RoadmapItem.project),
        selectinload(RoadmapItem.decision),
    ),
    Meeting: (
        selectinload(Meeting.participants),
        selectinload(Meeting.cochair_uz),
        selectinload(Meeting.cochair_kz),
    ),
    AgendaItem: (selectinload(AgendaItem.meeting), selectinload(AgendaItem.speakers)),
    Decision: (selectinload(Decision.meeting), selectinload(Decision.agenda_item)),
    Person: (selectinload(Person.organization),),
    ProgressReport: (selectinload(ProgressReport.item),),
}


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
    snap = Snapshot()
    for key in ORDER:
        entity = ENTITIES[key]
        query = select(entity.model).options(*_EAGER.get(entity.model, ()))
        snap.records[key] = {obj.uuid: record_plain(obj, entity) for obj in session.scalars(query)}
    snap.tombstones = {t.record_uuid: t.entity for t in session.scalars(select(Tombstone))}
    return snap
