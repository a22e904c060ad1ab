"""Carrying out a merge plan through the store (checked before: plan_checks.py)."""

from sqlalchemy import delete

from ...models import Tombstone
from ..fields import ORDER
from ..store import Store
from .merge import Kind, Plan, RecordPlan, result_values
from .plan_checks import deleted_by_them, recreated


def apply_plan(store: Store, plan: Plan) -> dict[str, int]:
    """Write the plan in the store's session (the caller commits, so it is all or nothing). Codes
    of new records were given while planning (plan_checks.py)."""
    done = {"created": 0, "updated": 0, "deleted": 0}
    to_create = [r for r in plan.records if r.kind == Kind.NEW or recreated(r)]  # NEW includes revived
    depth = _parent_depths(to_create)
    to_create.sort(key=lambda r: (ORDER.index(r.entity), depth.get(r.uuid, 0)))
    revived = [r.uuid for r in to_create if recreated(r)]
    if revived:
        store.session.execute(delete(Tombstone).where(Tombstone.record_uuid.in_(revived)))
    for record in to_create:
        store.create(record.entity, dict(record.values), uuid=record.uuid)
        done["created"] += 1
    updates = [r for r in plan.records if r.kind in (Kind.UPDATED, Kind.CONFLICT) and r.deletion is None]
    for key in ORDER:
        store.preload(key, [r.uuid for r in updates if r.entity == key])
    for record in updates:
        values = result_values(record)
        if values and store.update(store.require(record.entity, record.uuid), values):
            done["updated"] += 1
    for record in plan.records:
        if deleted_by_them(record):
            obj = store.get(record.entity, record.uuid)
            if obj is not None:  # None: it went already, with a record it belonged to
                done["deleted"] += len(store.delete(obj))
    store.session.flush()
    return done


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
