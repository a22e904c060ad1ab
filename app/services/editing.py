"""Edits that can be undone: what a deletion removed and detached is kept as plain values, so
that undo puts it back through the store (and the change log records that too)."""

from dataclasses import dataclass, field
from typing import Any

from ..models import RoadmapItem
from .database.concurrency import check_version
from .fields import ENTITIES, ORDER, REF, REFS, entity_of, record_plain
from .store import Store


@dataclass
class Removal:
    """Records removed by one deletion, in an order that recreates parents first, and the
    references other records had to them."""

    removed: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # entity, uuid, plain
    detached: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


def _depth(record) -> int:
    depth = 0
    while isinstance(record, RoadmapItem) and record.parent is not None:
        record, depth = record.parent, depth + 1
    return depth


def delete(store: Store, obj, *, expected_version: int | None = None) -> Removal:
    """`expected_version`: as Store.delete — a record someone else changed since is left."""
    if expected_version is not None:
        check_version(store.session, obj, expected_version)
    deps = store.dependents(obj)
    removal = Removal()
    unique: dict[str, tuple] = {}  # a report can be listed twice (under its item and as owned)
    for entity, record in [*deps.deleted, (entity_of(obj), obj)]:
        unique.setdefault(record.uuid, (entity, record))
    records = list(unique.values())
    records.sort(key=lambda pair: (ORDER.index(pair[0].key), _depth(pair[1])))
    for entity, record in records:
        removal.removed.append((entity.key, record.uuid, record_plain(record, entity)))
    for entity, record in deps.detached:
        refs = {f.key for f in entity.fields if f.kind in (REF, REFS)}
        plain = record_plain(record, entity)
        removal.detached.append((entity.key, record.uuid, {k: plain[k] for k in refs}))
    store.delete(obj)
    return removal


def restore(store: Store, removal: Removal) -> None:
    """Undo a deletion: the records again, with their UUIDs, and the references to them."""
    for entity_key, uuid, plain in removal.removed:
        store.forget_tombstone(uuid)
        values = dict(plain)
        entity = ENTITIES[entity_key]
        for f in entity.fields:  # references among the removed are set afterwards
            if f.kind in (REF, REFS) and not f.required and f is not entity.owner:
                values.pop(f.key, None)
        store.create(entity_key, values, uuid=uuid)
    for entity_key, uuid, plain in removal.removed:
        entity = ENTITIES[entity_key]
        refs = {
            f.key: plain[f.key]
            for f in entity.fields
            if f.kind in (REF, REFS) and not f.required and f is not entity.owner
        }
        if any(v not in (None, []) for v in refs.values()):
            store.update(store.require(entity_key, uuid), refs)
    for entity_key, uuid, plain in removal.detached:
        record = store.get(entity_key, uuid)
        if record is not None:
            store.update(record, plain)
    store.session.flush()


def recreate(store: Store, entity_key: str, plain: dict[str, Any], uuid: str):
    """Create a record again with the UUID it had (redo of a creation that was undone)."""
    store.forget_tombstone(uuid)
    return store.create(entity_key, plain, uuid=uuid)
