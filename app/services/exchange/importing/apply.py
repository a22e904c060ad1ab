"""Carrying out a merge plan through the store (checked before: plan_checks.py)."""

from typing import Any

from sqlalchemy import delete

from ....models import MinutesStatus, Tombstone
from ... import postponements
from ...fields import ORDER
from ...postponements import is_postponement
from ...signed_minutes import STATUS, is_signed
from ...store import Store
from .merge import Kind, Plan, RecordPlan, result_values
from .plan_checks import deleted_by_them, recreated
from .plan_postponements import DEADLINE, explained


def apply_plan(store: Store, plan: Plan) -> dict[str, int]:
    """Write the plan in the store's session (the caller commits, so it is all or nothing). Codes
    of new records were given while planning (plan_checks.py). Minutes the file signs are signed
    last, once their agenda and decisions are written: the file signed them with these."""
    done = {"created": 0, "updated": 0, "deleted": 0}
    signatures: list[str] = []
    to_create = [r for r in plan.records if r.kind == Kind.NEW or recreated(r)]  # NEW includes revived
    depth = _parent_depths(to_create)
    to_create.sort(key=lambda r: (ORDER.index(r.entity), depth.get(r.uuid, 0)))
    revived = [r.uuid for r in to_create if recreated(r)]
    if revived:
        store.session.execute(delete(Tombstone).where(Tombstone.record_uuid.in_(revived)))
    for record in to_create:
        values = _unsigned(record, dict(record.values), signatures)
        store.create(record.entity, values, uuid=record.uuid)
        done["created"] += 1
    updates = [r for r in plan.records if r.kind in (Kind.UPDATED, Kind.CONFLICT) and r.deletion is None]
    for key in ORDER:
        store.preload(key, [r.uuid for r in updates if r.entity == key])
    updated: set[str] = set()
    brought = explained(plan)
    for record in updates:
        values = _unsigned(record, result_values(record), signatures)
        obj = store.require(record.entity, record.uuid)
        diff = store.update(obj, values) if values else {}
        if diff:
            updated.add(record.uuid)
        moved = diff.get(DEADLINE) if record.entity == "roadmap_item" else None
        if moved and is_postponement(*moved) and (record.uuid, moved[1]) not in brought:
            postponements.record(store, obj, *moved, None)  # theirs, the reason not given
    for record in plan.records:
        if deleted_by_them(record):
            obj = store.get(record.entity, record.uuid)
            if obj is not None:  # None: it went already, with a record it belonged to
                done["deleted"] += len(store.delete(obj))
    for uuid in signatures:
        if store.update(store.require("meeting", uuid), {STATUS: MinutesStatus.SIGNED.value}):
            updated.add(uuid)
    done["updated"] = len(updated - {r.uuid for r in to_create})
    store.session.flush()
    return done


def _unsigned(record: RecordPlan, values: dict[str, Any], signatures: list[str]) -> dict[str, Any]:
    """A meeting's values without its signature, which is noted to be written last."""
    if record.entity != "meeting" or not is_signed(values):
        return values
    signatures.append(record.uuid)
    if record.kind == Kind.NEW or recreated(record):
        return {**values, STATUS: MinutesStatus.DRAFT.value}  # made a draft, signed at the end
    return {k: v for k, v in values.items() if k != STATUS}


def _parent_depths(records: list[RecordPlan]) -> dict[str, int]:
    """How many new ancestors a new roadmap item has: parents are created before sub-items."""
    parents = {r.uuid: r.values.get("parent") for r in records if r.entity == "roadmap_item"}
    depths: dict[str, int] = {}
    for uuid in parents:
        seen, node, depth = set(), parents.get(uuid), 0
        while node in parents and node not in seen:  # `seen` guards against a cycle in bad input
            seen.add(node)
            depth += 1
            node = parents.get(node)
        depths[uuid] = depth
    return depths
