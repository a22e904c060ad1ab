"""Create, change and delete records — the only way data is written — with a change-log row for
every field changed (who, when, old, new, source) and a tombstone for every deletion."""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..i18n import _
from ..models import ChangeAction, ChangeLog, RoadmapItem, Side, Tombstone
from ..models.base import new_uuid, utcnow
from .database.concurrency import check_version, deleted_meanwhile
from .errors import UserError
from .fields import (
    ENTITIES,
    REF,
    REFS,
    Entity,
    Field,
    entity_of,
    normal_texts,
    record_plain,
)
from .kinds import handler
from .record_names import stored_name
from .settings import operator_name, side_of_copy
from .signed_minutes import check_write, note_created
from .sources import LOCAL
from .validation import ValidationError, check_record


def dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass
class Dependents:
    """What deleting a record takes with it, and what merely loses a reference to it."""

    deleted: list[tuple[Entity, Any]] = field(default_factory=list)
    detached: list[tuple[Entity, Any]] = field(default_factory=list)


class Store:
    def __init__(
        self, session: Session, source: str = LOCAL, operator: str | None = None, side: Side | None = None
    ):
        self.session = session
        self.source = source
        self.side = Side(side) if side else side_of_copy(session)
        self.operator = operator if operator is not None else (operator_name(session) or "—")
        self._by_uuid: dict[tuple[str, str], Any] = {}
        self._code_counters: dict[str, int] = {}
        self.log_creates = True
        # Meetings whose signed minutes an unlocking recorded through this store opened again.
        self.reopened: set[str] = set()

    # ---- reading ------------------------------------------------------------------------------

    def get(self, entity_key: str, uuid: str):
        cache_key = (entity_key, uuid)
        obj = self._by_uuid.get(cache_key)
        if obj is None:
            model = ENTITIES[entity_key].model
            obj = self.session.scalar(select(model).where(model.uuid == uuid))
            if obj is not None:
                self._by_uuid[cache_key] = obj
        return obj

    def preload(self, entity_key: str, uuids: list[str]) -> None:
        """Fetch many records with their references in a few queries (an import updates thousands;
        one by one, each would cost a query per record and per reference list)."""
        entity = ENTITIES[entity_key]
        model = entity.model
        links = {f.attribute for f in entity.fields if f.kind in (REF, REFS)}
        options = [selectinload(getattr(model, name)) for name in sorted(links)]
        for start in range(0, len(uuids), 500):
            chunk = uuids[start : start + 500]
            for obj in self.session.scalars(select(model).where(model.uuid.in_(chunk)).options(*options)):
                self._by_uuid[(entity_key, obj.uuid)] = obj

    def require(self, entity_key: str, uuid: str):
        obj = self.get(entity_key, uuid)
        if obj is None:
            deleted_meanwhile(self.session, entity_key, uuid)  # who deleted it, when it was deleted
            raise UserError(_("The record {uuid} does not exist.").format(uuid=uuid))
        return obj

    # ---- writing ------------------------------------------------------------------------------

    def create(self, entity_key: str, values: dict[str, Any], uuid: str | None = None):
        entity = ENTITIES[entity_key]
        values = {**column_defaults(entity), **normal_texts(entity, values)}
        if entity.code_letter and not values.get("code"):
            values["code"] = self.next_code(entity)
        errors = check_record(entity, values)
        errors.update(self._check_refs(entity, values))
        errors.update(self._check_number(entity, values))
        if errors:
            raise ValidationError(errors)
        check_write(self, entity, None, values)
        obj = entity.model()
        obj.uuid = uuid or new_uuid()  # known before the flush, so that later records can refer to it
        self._apply(entity, obj, values)
        self.session.add(obj)
        self._by_uuid[(entity.key, obj.uuid)] = obj
        note_created(self, entity, values)
        if self.log_creates:
            self._log(entity, obj, ChangeAction.CREATE, None, None, record_plain(obj, entity))
        return obj

    def update(
        self,
        obj,
        values: dict[str, Any],
        *,
        expected_version: int | None = None,
        base: dict[str, Any] | None = None,
    ) -> dict[str, tuple[Any, Any]]:
        """Change the given fields; returns {key: (old, new)} of what really changed.

        `expected_version`: the version the person edited (with `base`, the values they saw);
        ConcurrentChange, and nothing written, when someone else saved the record since."""
        if expected_version is not None:
            check_version(self.session, obj, expected_version, values, base)
        entity = entity_of(obj)
        before = record_plain(obj, entity)
        values = {k: v for k, v in normal_texts(entity, values).items() if k in before}
        errors = check_record(entity, values, before)
        errors.update(self._check_refs(entity, values, obj))
        errors.update(self._check_number(entity, values, obj))
        if errors:
            raise ValidationError(errors)
        changed = {k: v for k, v in values.items() if _normal(v) != before[k]}
        if not changed:
            return {}
        check_write(self, entity, obj, changed)
        self._apply(entity, obj, changed)
        after = record_plain(obj, entity)
        diff = {k: (before[k], after[k]) for k in changed if before[k] != after[k]}
        if diff:
            obj.updated_at = utcnow()
            obj.version = (obj.version or 0) + 1
            for key, (old, new) in diff.items():
                self._log(entity, obj, ChangeAction.UPDATE, key, old, new)
        return diff  # written at the next flush: an import updates thousands in one go

    def delete(self, obj, *, expected_version: int | None = None) -> list[tuple[Entity, Any]]:
        """Delete a record and what belongs to it; each leaves a tombstone and a log row.
        `expected_version`: as for update — a record someone changed since is not deleted."""
        if expected_version is not None:
            check_version(self.session, obj, expected_version)
        deps = self.dependents(obj)
        removed = [*deps.deleted, (entity_of(obj), obj)]
        for entity, record in removed:
            check_write(self, entity, record, None, gone=True)
        for entity, record in removed:
            self._log(entity, record, ChangeAction.DELETE, None, record_plain(record, entity), None)
            self.tombstone(entity.key, record.uuid, stored_name(entity, record))
            self._by_uuid.pop((entity.key, record.uuid), None)
        for _entity, record in removed:
            if record in self.session:
                self.session.delete(record)
        self.session.flush()
        # Association rows go by ON DELETE CASCADE in SQLite, behind the ORM's back.
        self.session.expire_all()
        return removed

    def tombstone(self, entity_key: str, uuid: str, label: str | None = None) -> None:
        existing = self.session.scalar(select(Tombstone).where(Tombstone.record_uuid == uuid))
        if existing is None:
            self.session.add(Tombstone(entity=entity_key, record_uuid=uuid, side=self.side, label=label))

    def forget_tombstone(self, uuid: str) -> None:
        """A deleted record comes back (undo): its deletion must no longer travel."""
        existing = self.session.scalar(select(Tombstone).where(Tombstone.record_uuid == uuid))
        if existing is not None:
            self.session.delete(existing)
            self.session.flush()

    def dependents(self, obj) -> Dependents:
        deps = Dependents()
        entity = entity_of(obj)
        if isinstance(obj, RoadmapItem):
            stack = [obj]
            while stack:
                item = stack.pop()
                for report in item.reports:
                    deps.deleted.append((ENTITIES["progress_report"], report))
                for moved in item.postponements:  # of sub-items too, each leaving its tombstone
                    deps.deleted.append((ENTITIES["postponement"], moved))
                for child in item.children:
                    deps.deleted.append((ENTITIES["roadmap_item"], child))
                    stack.append(child)
        for other in ENTITIES.values():
            for f in other.fields:
                if f.ref != entity.key or f.kind not in (REF, REFS):
                    continue
                if f is other.owner:
                    owned = self._referring(other, f, obj)
                    deps.deleted.extend((other, r) for r in owned)
                    for record in owned:  # a decision of a deleted meeting takes its links with it
                        deps.deleted.extend(
                            d for d in self.dependents(record).deleted if d not in deps.deleted
                        )
                elif not (other.key == entity.key == "roadmap_item" and f.key == "parent"):
                    deps.detached.extend((other, r) for r in self._referring(other, f, obj))
        deps.deleted = _unique(deps.deleted)
        deleted_ids = {id(record) for _e, record in deps.deleted}
        deps.detached = [pair for pair in _unique(deps.detached) if id(pair[1]) not in deleted_ids]
        return deps

    def _referring(self, other: Entity, f: Field, obj) -> list:
        attr = getattr(other.model, f.attribute)
        if f.kind == REF:
            return list(self.session.scalars(select(other.model).where(attr == obj)))
        records = self.session.scalars(select(other.model).where(attr.contains(obj)))
        return [r for r in records if f.side is None or obj.side == f.side]

    # ---- codes --------------------------------------------------------------------------------

    def next_code(self, entity: Entity, side: Side | None = None) -> str:
        """The next free code of the side that creates the record: UZ-P-014."""
        prefix = f"{Side(side or self.side).value}-{entity.code_letter}-"
        if prefix not in self._code_counters:
            self.hold_series(prefix)
            codes = self.session.scalars(
                select(entity.model.code).where(entity.model.code.like(prefix + "%"))
            )
            numbers = [int(m.group(1)) for c in codes if (m := re.match(re.escape(prefix) + r"(\d+)$", c))]
            self._code_counters[prefix] = max(numbers, default=0)
        self._code_counters[prefix] += 1
        return f"{prefix}{self._code_counters[prefix]:03d}"

    def hold_series(self, prefix: str) -> None:
        hold_series(self.session, prefix)

    # ---- internals ----------------------------------------------------------------------------

    def _check_refs(self, entity: Entity, values: dict[str, Any], obj=None) -> dict[str, str]:
        errors = {}
        for key, value in values.items():
            f = entity.field(key)
            if f.kind not in (REF, REFS) or value in (None, "", []):
                continue
            assert f.ref is not None  # a reference names the entity it refers to
            for uuid in value if f.kind == REFS else [value]:
                target = self.get(f.ref, uuid) if isinstance(uuid, str) else None
                if target is None:
                    errors[key] = _("Unknown record.")
                elif f.side is not None and target.side != f.side:
                    errors[key] = _("{name} belongs to the other side.").format(
                        name=ENTITIES[f.ref].describe(target, "ru")
                    )
                elif obj is not None and target is obj:
                    errors[key] = _("A record cannot refer to itself.")
            if f.key == "parent" and obj is not None and key not in errors:
                node = self.get(f.ref, value)
                while node is not None:
                    if node is obj:
                        errors[key] = _("An item cannot be placed under its own sub-item.")
                        break
                    node = node.parent
        return errors

    def _check_number(self, entity: Entity, values: dict[str, Any], obj=None) -> dict[str, str]:
        """A roadmap number is used once under one heading: two items "1.2" under item 1 would be
        two rows nobody can tell apart, in the program, in print and in a partner's workbook."""
        if entity.key != "roadmap_item" or not ({"number", "parent"} & values.keys()):
            return {}
        number = values.get("number", obj.number if obj is not None else None)
        if "parent" in values:
            parent = self.get("roadmap_item", values["parent"]) if values["parent"] else None
        else:
            parent = obj.parent if obj is not None else None
        if not number:
            return {}
        siblings = select(RoadmapItem.number).where(
            RoadmapItem.parent_id == parent.id if parent is not None else RoadmapItem.parent_id.is_(None)
        )
        if obj is not None and obj.id is not None:
            siblings = siblings.where(RoadmapItem.id != obj.id)
        wanted = str(number).strip().casefold()
        if any(str(n).strip().casefold() == wanted for n in self.session.scalars(siblings)):
            return {"number": _("Another item under the same heading has this number.")}
        return {}

    def _apply(self, entity: Entity, obj, values: dict[str, Any]) -> None:
        for f in entity.fields:
            if f.key in values:
                handler(f).store(obj, f, _normal(values[f.key]), self.get)

    def _log(self, entity: Entity, obj, action: ChangeAction, key: str | None, old: Any, new: Any) -> None:
        self.session.add(
            ChangeLog(
                at=utcnow(),
                operator=self.operator,
                side=self.side,
                source=self.source,
                action=action,
                entity=entity.key,
                record_uuid=obj.uuid,
                record_label=stored_name(entity, obj),
                field=key,
                old_value=dump(old),
                new_value=dump(new),
            )
        )


def hold_series(session: Session, prefix: str) -> None:
    """The session's transaction alone gives out codes of the series `prefix` (UZ-P-) until it
    ends: on a server, two people creating records at once would otherwise both take the next
    number. A file has one writer at a time already."""
    if session.get_bind().dialect.name == "postgresql":
        from .database.server import transaction_lock

        transaction_lock(session, f"code:{prefix}")


def _unique(pairs: list[tuple[Entity, Any]]) -> list[tuple[Entity, Any]]:
    """Each record once, in the order first met (a report is reached from its item and its owner)."""
    seen: set[int] = set()
    unique = []
    for pair in pairs:
        if id(pair[1]) not in seen:
            seen.add(id(pair[1]))
            unique.append(pair)
    return unique


def column_defaults(entity: Entity) -> dict[str, Any]:
    """The schema's scalar defaults as plain values (status 'proposed', currency 'USD' ...)."""
    defaults = {}
    columns = entity.model.__table__.c
    for f in entity.fields:
        column = columns.get(f.attribute)
        default = column.default if column is not None else None
        if default is not None and default.is_scalar:
            value = default.arg
            defaults[f.key] = value.value if hasattr(value, "value") else value
    return defaults


def _normal(value: Any) -> Any:
    """Plain values compare equal however they were typed: '' is None, lists are sorted."""
    if value == "":
        return None
    if isinstance(value, list):
        return sorted(value)
    return value


def changes_of(
    session: Session, entity_key: str | None = None, uuid: str | None = None
) -> Iterable[ChangeLog]:
    query = select(ChangeLog).order_by(ChangeLog.id.desc())
    if entity_key:
        query = query.where(ChangeLog.entity == entity_key)
    if uuid:
        query = query.where(ChangeLog.record_uuid == uuid)
    return session.scalars(query)
