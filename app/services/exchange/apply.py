"""Checking a merge plan against the database's rules, and carrying it out through the store."""

from typing import Any

from sqlalchemy import delete

from ...i18n import _
from ...models import Side, Tombstone
from ..fields import ENTITIES, ORDER, REF, REFS
from ..store import Store, column_defaults
from ..validation import check_record
from .merge import DELETED, Choice, Issue, Kind, Plan, RecordPlan, result_values
from .present import field_label
from .snapshot import Snapshot


def _recreated(record: RecordPlan) -> bool:
    """We deleted it and it comes back: they kept it knowingly, or the person chose their version."""
    if record.deletion == "revived":
        return True
    return record.deletion == "ours" and any(
        c.key == DELETED and c.choice == Choice.THEIRS for c in record.changes
    )


def _deleted_by_them(record: RecordPlan) -> bool:
    if record.kind == Kind.DELETED:
        return True
    return record.deletion == "theirs" and any(
        c.key == DELETED and c.choice == Choice.THEIRS for c in record.changes
    )


def check_plan(plan: Plan, ours: Snapshot) -> None:
    """Add to plan.errors what would break the database's rules once the plan is applied:
    invalid values and references to records that exist nowhere. References to a record that
    was deleted here are cleared instead (the other side deletes it too on our next exchange)."""
    created = {(r.entity, r.uuid) for r in plan.records if r.kind == Kind.NEW or _recreated(r)}
    removed = {r.uuid for r in plan.records if _deleted_by_them(r)}

    def exists(entity: str, uuid: str) -> bool:
        return uuid not in removed and ((entity, uuid) in created or uuid in ours.records.get(entity, ()))

    for record in plan.records:
        entity = ENTITIES[record.entity]
        if record.kind == Kind.NEW or _recreated(record):
            values, current = record.values, None
        elif record.kind in (Kind.UPDATED, Kind.CONFLICT) and record.deletion is None:
            values, current = result_values(record), ours.get(record.entity, record.uuid)
        else:
            continue
        if current is None:
            current = column_defaults(entity)
        sheet, _sep, row = record.where.rpartition("!")
        place = {
            "sheet": sheet or record.where,
            "row": int(row) if row.isdigit() else None,
            "entity": record.entity,
            "uuid": record.uuid,
        }
        for key, message in check_record(entity, values, current).items():
            plan.errors.append(
                Issue(
                    message,
                    column=field_label(record.entity, key),
                    value=values.get(key, current.get(key)),
                    **place,
                )
            )
        for f in entity.fields:
            if f.key not in values or f.kind not in (REF, REFS) or not values[f.key]:
                continue
            targets = values[f.key] if f.kind == REFS else [values[f.key]]
            gone = [u for u in targets if not exists(f.ref, u)]
            known_deleted = [u for u in gone if u in ours.tombstones or u in removed]
            if len(gone) > len(known_deleted):
                plan.errors.append(
                    Issue(
                        _("Refers to a record that does not exist."),
                        column=field_label(record.entity, f.key),
                        value=values[f.key],
                        **place,
                    )
                )
            elif known_deleted:
                kept = [u for u in targets if u not in known_deleted]
                _set_value(record, f.key, kept if f.kind == REFS else None)


def _set_value(record: RecordPlan, key: str, value: Any) -> None:
    if record.kind == Kind.NEW or _recreated(record):
        record.values[key] = value
    for change in record.changes:
        if change.key == key:
            change.result = value


def apply_plan(store: Store, plan: Plan, sender: Side) -> dict[str, int]:
    """Write the plan in the store's session (the caller commits, so it is all or nothing)."""
    done = {"created": 0, "updated": 0, "deleted": 0}
    to_create = [r for r in plan.records if r.kind == Kind.NEW or _recreated(r)]  # NEW includes revived
    depth = _parent_depths(to_create)
    to_create.sort(key=lambda r: (ORDER.index(r.entity), depth.get(r.uuid, 0)))
    revived = [r.uuid for r in to_create if _recreated(r)]
    if revived:
        store.session.execute(delete(Tombstone).where(Tombstone.record_uuid.in_(revived)))
    for record in to_create:
        values = dict(record.values)
        entity = ENTITIES[record.entity]
        if entity.code_letter and not values.get("code"):
            values["code"] = store.next_code(entity, sender)
        store.create(record.entity, values, uuid=record.uuid)
        done["created"] += 1
    updates = [r for r in plan.records if r.kind in (Kind.UPDATED, Kind.CONFLICT) and r.deletion is None]
    for key in ORDER:
        store.preload(key, [r.uuid for r in updates if r.entity == key])
    for record in updates:
        values = result_values(record)
        if values and store.update(store.require(record.entity, record.uuid), values):
            done["updated"] += 1
    for record in plan.records:
        if _deleted_by_them(record):
            obj = store.get(record.entity, record.uuid)
            if obj is not None:
                store.delete(obj)
                done["deleted"] += 1
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
