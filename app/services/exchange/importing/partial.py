"""Applying the valid part of a file: one bad cell must not hold up forty good rows.

A record with an error is left out whole, and so is every record that depends on a left-out new
one (a new item under a new section that has an error; a report on a new item left out). Nothing
left out is lost: it stays in the partner's file and in the error workbook sent back to them, and
their corrected file brings it in later — which is why the exchange is recorded as if the records
left out had not been in the file at all (see `shared_only`).
"""

from ...fields import ENTITIES, REF, REFS
from ..workbook.snapshot import RecordTable, Snapshot
from .merge import Kind, Plan, RecordPlan, result_values


def left_out(plan: Plan) -> list[RecordPlan]:
    """The records of `plan` that applying only its valid part leaves out."""
    out = {(e.entity, e.uuid) for e in plan.errors if e.entity and e.uuid}
    records = {(r.entity, r.uuid): r for r in plan.records}
    out &= records.keys()
    new = {r.uuid for r in plan.records if r.kind == Kind.NEW}
    while True:
        gone = {uuid for _entity, uuid in out if uuid in new}
        more = {key for key, record in records.items() if key not in out and _refers_to(record, gone)}
        if not more:
            break
        out |= more
    return [r for r in plan.records if (r.entity, r.uuid) in out]


def _refers_to(record: RecordPlan, uuids: set[str]) -> bool:
    if not uuids:
        return False
    values = record.values if record.kind == Kind.NEW else result_values(record)
    for f in ENTITIES[record.entity].fields:
        value = values.get(f.key)
        if f.kind == REF and value in uuids:
            return True
        if f.kind == REFS and value and any(v in uuids for v in value):
            return True
    return False


def valid_part(plan: Plan, leaving: list[RecordPlan]) -> Plan:
    """The plan without the records left out and without the errors (all of them belong to those
    records or to rows that never became records)."""
    gone = {id(r) for r in leaving}
    return Plan(
        records=[r for r in plan.records if id(r) not in gone],
        errors=[],
        notes=list(plan.notes),
        settled=plan.settled,
    )


def shared_only(snapshot: Snapshot, leaving: list[RecordPlan], base: Snapshot) -> Snapshot:
    """`snapshot` as if the records left out were as in `base` (or absent where base has none):
    what the exchange really shared, so that later files bring those records in as changes."""
    records = {key: RecordTable(dict(table._data)) for key, table in snapshot.records.items()}
    for record in leaving:
        table = records.setdefault(record.entity, RecordTable())
        shared = base.records.get(record.entity, RecordTable())
        if record.uuid in shared:
            table.put_text(record.uuid, shared.text(record.uuid))
        elif record.uuid in table:
            del table[record.uuid]
    return Snapshot(records=records, tombstones=dict(snapshot.tombstones))
