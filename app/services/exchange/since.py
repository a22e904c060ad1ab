"""Every exchange, sent and received, and what changed here since the last file we sent — the list
of "what is new for them" that the secretariat checks before writing the covering letter.

A field is new for them when it differs from the last file sent and from the newest file of their
program merged since (which they have, of course): like a baseline comparison, per field.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from ...models import Exchange, ExchangeDirection, ExchangeOrigin
from ..fields import ENTITIES, ORDER
from .importing.lineage import made_from
from .importing.merge import record_label
from .workbook.snapshot import RecordTable, Snapshot, take_snapshot


@dataclass(frozen=True)
class ExchangeEntry:
    direction: ExchangeDirection
    origin: ExchangeOrigin
    sequence: int
    at: datetime
    file_name: str
    records: int  # records in the file sent; records created, changed or deleted by one received
    operator: str | None
    acknowledged_at: datetime | None = None  # a file sent: when their program confirmed having it
    acknowledged_by: str | None = None


@dataclass(frozen=True)
class FieldDiff:
    key: str
    old: Any
    new: Any


@dataclass
class RecordDiff:
    entity: str
    uuid: str
    action: str  # "created", "changed", "deleted"
    label: str
    fields: list[FieldDiff] = field(default_factory=list)


@dataclass
class Changes:
    since: ExchangeEntry | None  # the last file sent; None: nothing sent yet, everything is new
    records: list[RecordDiff]
    current: Snapshot  # for naming records in what is shown
    base: Snapshot


def _entry(e: Exchange, acknowledged: Exchange | None = None) -> ExchangeEntry:
    counts = json.loads(e.summary) if e.summary else {}
    if e.direction == ExchangeDirection.EXPORT:
        records = sum(v for v in counts.values() if isinstance(v, int))
    else:
        records = sum(counts.get(k, 0) for k in ("created", "updated", "deleted"))
    return ExchangeEntry(
        e.direction,
        e.origin,
        e.sequence,
        e.at,
        e.file_name,
        records,
        e.operator,
        acknowledged.at if acknowledged is not None else None,
        acknowledged.file_name if acknowledged is not None else None,
    )


def _all(session: Session) -> list[Exchange]:
    query = select(Exchange).options(defer(Exchange.snapshot), defer(Exchange.content)).order_by(Exchange.id)
    return list(session.scalars(query))


def exchange_log(session: Session) -> list[ExchangeEntry]:
    """Every exchange, newest first. A file sent counts as acknowledged once a file of their
    program names it, or a later file of ours, as merged there."""
    every = _all(session)
    exports = [e for e in every if e.direction == ExchangeDirection.EXPORT]
    confirmations = [
        e for e in every if e.direction == ExchangeDirection.IMPORT and e.origin == ExchangeOrigin.PROGRAM
    ]
    sequence_of = {e.uuid: e.sequence for e in exports}
    entries = []
    for e in reversed(every):
        acknowledged = None
        if e.direction == ExchangeDirection.EXPORT:
            acknowledged = next(
                (i for i in confirmations if sequence_of.get(i.acknowledges or "", 0) >= e.sequence), None
            )
        entries.append(_entry(e, acknowledged))
    return entries


def changes_since_last_export(session: Session) -> Changes:
    every = _all(session)
    exports = {e.uuid: e for e in every if e.direction == ExchangeDirection.EXPORT}
    last = max(exports.values(), key=lambda e: e.sequence, default=None)
    base = Snapshot.decode(last.snapshot) if last is not None and last.snapshot else Snapshot()
    known = [base]
    if last is not None:  # their program's newest file merged since that already had ours
        theirs = [
            e
            for e in every
            if e.direction == ExchangeDirection.IMPORT
            and e.origin == ExchangeOrigin.PROGRAM
            and e.id > last.id
            and e.acknowledges == last.uuid
        ]
        if theirs:
            state = made_from(max(theirs, key=lambda e: e.sequence), exports)
            if state is not None:
                known.append(state)
    current = take_snapshot(session)
    records: list[RecordDiff] = []
    for key in ORDER:
        now = current.records.get(key, RecordTable())
        before = [k.records.get(key, RecordTable()) for k in known]
        same = now.same_as(before[0])
        for uuid in now:
            if uuid in same:
                continue
            values = now[uuid]
            old = [b.get(uuid) for b in before]
            if all(o is None for o in old):
                records.append(RecordDiff(key, uuid, "created", record_label(key, values)))
                continue
            fields = [
                FieldDiff(f.key, (old[0] or {}).get(f.key), values.get(f.key))
                for f in ENTITIES[key].fields
                if all(o is None or o.get(f.key) != values.get(f.key) for o in old)
            ]
            if fields:
                records.append(RecordDiff(key, uuid, "changed", record_label(key, values), fields))
        for uuid in before[0]:
            if uuid not in now and all(b.get(uuid) is not None for b in before):  # they still have it
                records.append(RecordDiff(key, uuid, "deleted", record_label(key, before[0][uuid])))
    since = _entry(last) if last is not None else None
    return Changes(since, records, current, base)
