"""Checking a merge plan against every rule the database and the store enforce, while planning:
the preview is a promise, so apply must never refuse what the preview showed as clean.

- values: each record as it will be, by the rules of validation.py;
- references: to records that exist (or arrive with the file), of the right side, not to itself;
- codes: unique; a new record whose code is taken, or which was typed by hand in a workbook,
  gets the next code of this copy's series (the plan says so), so that no two programs ever hand
  out the same code; a code cannot be emptied;
- the roadmap: one number once under one parent, and no item under its own sub-item.

And two things apply needs: a fingerprint of what the plan writes to (apply refuses when it
changed since), and whether the plan deletes more than a person should approve in passing.
"""

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ....i18n import _, ngettext
from ....models import Side
from ...fields import ENTITIES, ORDER, REF, REFS
from ...store import column_defaults
from ...validation import check_record
from ..workbook.snapshot import Snapshot, take_snapshot
from .merge import DELETED, Choice, Issue, Kind, Plan, RecordPlan, result_values
from .present import field_label

if TYPE_CHECKING:
    from ...fields import Field
    from .importer import Incoming

MASS_DELETION_RECORDS = 10  # more than this many records deleted by one file needs a yes …
MASS_DELETION_SHARE = 0.05  # … and so does more than this share of the database


def recreated(record: RecordPlan) -> bool:
    """We deleted it and it comes back: they kept it knowingly, or the person chose their version."""
    if record.deletion == "revived":
        return True
    return record.deletion == "ours" and any(
        c.key == DELETED and c.choice == Choice.THEIRS for c in record.changes
    )


def deleted_by_them(record: RecordPlan) -> bool:
    if record.kind == Kind.DELETED:
        return True
    return record.deletion == "theirs" and any(
        c.key == DELETED and c.choice == Choice.THEIRS for c in record.changes
    )


def may_create(record: RecordPlan) -> bool:
    """New, revived, or ours-deleted that the person may still choose to take back."""
    return record.kind == Kind.NEW or record.deletion in ("revived", "ours")


def _place(record: RecordPlan) -> dict[str, Any]:
    sheet, _sep, row = record.where.rpartition("!")
    return {
        "sheet": sheet or record.where,
        "row": int(row) if row.isdigit() else None,
        "entity": record.entity,
        "uuid": record.uuid,
    }


def add_error(plan: Plan, record: RecordPlan, key: str, message: str, value: Any) -> None:
    """An error at the cell of `key` in the record's row (DELETED: the record itself)."""
    plan.errors.append(
        Issue(message, column=field_label(record.entity, key), value=value, key=key, **_place(record))
    )


def _outcome(record: RecordPlan, ours: Snapshot) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(the values the plan writes, the record as it is now) — None when it writes none."""
    if may_create(record):
        return record.values, column_defaults(ENTITIES[record.entity])
    if record.kind in (Kind.UPDATED, Kind.CONFLICT) and record.deletion is None:
        current = ours.get(record.entity, record.uuid)
        return result_values(record), current if current is not None else column_defaults(
            ENTITIES[record.entity]
        )
    return None


def check_plan(
    session: Session, plan: Plan, ours: Snapshot, incoming: "Incoming | None", our_side: Side
) -> None:
    """Add to plan.errors (and plan.notes) what applying the plan would break. References to a
    record that was deleted here are cleared instead (the other side deletes it too on our next
    exchange)."""
    _check_values_and_references(plan, ours)
    _check_codes(session, plan, incoming, our_side)
    _check_roadmap_places(session, plan)


def _check_values_and_references(plan: Plan, ours: Snapshot) -> None:
    world = _World(plan, ours)
    for record in plan.records:
        outcome = _outcome(record, ours)
        if outcome is None:
            continue
        values, current = outcome
        entity = ENTITIES[record.entity]
        for key, message in check_record(entity, values, current).items():
            add_error(plan, record, key, message, values.get(key, current.get(key)))
        for f in entity.fields:
            if f.key in values and f.kind in (REF, REFS) and values[f.key]:
                _check_reference(plan, world, record, f, values[f.key])


class _World:
    """The records as they will be once the plan is applied: which exist, and of which side."""

    def __init__(self, plan: Plan, ours: Snapshot):
        self.ours = ours
        self.created = {(r.entity, r.uuid): r.values for r in plan.records if may_create(r)}
        self.removed = {r.uuid for r in plan.records if r.deletion == "theirs"}
        self.removed |= {u for r in plan.records if r.deletion == "theirs" for _e, u in r.dependants}
        self._sides: dict[str, str | None] = {}  # organizations and people: uuid → side

    def exists(self, entity: str, uuid: str) -> bool:
        if uuid in self.removed:
            return False
        return (entity, uuid) in self.created or uuid in self.ours.records.get(entity, ())

    def known_deleted(self, uuid: str) -> bool:
        return uuid in self.ours.tombstones or uuid in self.removed

    def side_of(self, entity: str, uuid: str) -> str | None:
        if uuid not in self._sides:
            record = self.created.get((entity, uuid)) or self.ours.get(entity, uuid) or {}
            self._sides[uuid] = record.get("side")
        return self._sides[uuid]


def _check_reference(plan: Plan, world: _World, record: RecordPlan, f: "Field", value: Any) -> None:
    """A reference points to a record that will exist, of the right side, not to itself; one to a
    record deleted here is cleared (the other side deletes it too on our next exchange)."""
    assert f.ref is not None  # a reference field names its entity
    targets = value if f.kind == REFS else [value]
    if record.uuid in targets and f.ref == record.entity:
        add_error(plan, record, f.key, _("A record cannot refer to itself."), value)
        return
    gone = [u for u in targets if not world.exists(f.ref, u)]
    known_deleted = [u for u in gone if world.known_deleted(u)]
    if len(gone) > len(known_deleted):
        add_error(plan, record, f.key, _("Refers to a record that does not exist."), value)
        return
    if known_deleted:
        targets = [u for u in targets if u not in known_deleted]
        _set_value(record, f.key, targets if f.kind == REFS else None)
    if f.side is not None and any(world.side_of(f.ref, u) not in (None, f.side.value) for u in targets):
        add_error(plan, record, f.key, _("Refers to a record of the other side."), value)


def _set_value(record: RecordPlan, key: str, value: Any) -> None:
    if may_create(record):
        record.values[key] = value
    for change in record.changes:
        if change.key == key:
            change.result = value


# ---- codes ------------------------------------------------------------------------------------


def _check_codes(session: Session, plan: Plan, incoming: "Incoming | None", our_side: Side) -> None:
    born = incoming.born if incoming is not None else set()
    other = Side.KZ if our_side == Side.UZ else Side.UZ
    for key in ORDER:
        entity = ENTITIES[key]
        if not entity.code_letter:
            continue
        records = [r for r in plan.records if r.entity == key]
        if not records:
            continue
        model = entity.model
        taken: dict[str, str] = {code: uuid for code, uuid in session.execute(select(model.code, model.uuid))}
        leaving = {r.uuid for r in records if r.deletion == "theirs"}
        owner = {code.casefold(): uuid for code, uuid in taken.items() if uuid not in leaving}
        for record in records:  # changed codes first: they must be free, and cannot be emptied
            if not any(c.key == "code" for c in record.changes) or record.deletion is not None:
                continue
            code = result_values(record).get("code")
            if not code:
                add_error(plan, record, "code", _("A code cannot be removed; write it back."), None)
                continue
            holder = owner.get(code.casefold())
            if holder not in (None, record.uuid):
                add_error(plan, record, "code", _("This code belongs to another record."), code)
            else:
                owner.pop(next((c for c, u in owner.items() if u == record.uuid), ""), None)
                owner[code.casefold()] = record.uuid
        series = re.compile(rf"^{our_side.value}-{entity.code_letter}-(\d+)$", re.I)
        theirs_series = re.compile(rf"^{other.value}-{entity.code_letter}-\d+$", re.I)
        last = max((int(m[1]) for c in owner if (m := series.match(c))), default=0)
        for record in records:
            if not may_create(record):
                continue
            code = (record.values.get("code") or "").strip() or None
            by_hand = (key, record.uuid) in born
            holder = owner.get(code.casefold()) if code else None
            if code and holder in (None, record.uuid) and not (by_hand and theirs_series.match(code)):
                owner[code.casefold()] = record.uuid
                continue
            last += 1
            fresh = f"{our_side.value}-{entity.code_letter}-{last:03d}"
            record.values["code"] = fresh
            owner[fresh.casefold()] = record.uuid
            if code:
                plan.notes.append(
                    _(
                        "{where}: the code {code} is already used or belongs to the other side's series; "
                        "the new record gets {fresh}."
                    ).format(where=record.where or record.label, code=code, fresh=fresh)
                )


# ---- the roadmap's numbers and tree -----------------------------------------------------------


def _check_roadmap_places(session: Session, plan: Plan) -> None:
    records = [r for r in plan.records if r.entity == "roadmap_item"]
    if not records:
        return
    place = _roadmap_places(session)
    touched = _places_after(records, place)
    under: dict[tuple[str | None, str], list[str]] = {}
    for uuid, (up, number) in place.items():
        under.setdefault((up, str(number or "").strip().casefold()), []).append(uuid)
    for uuid, record in touched.items():
        up, number = place[uuid]
        if number and len(under[(up, str(number).strip().casefold())]) > 1:
            add_error(
                plan, record, "number", _("Another item under the same heading has this number."), number
            )
        if _under_itself(uuid, place):
            add_error(plan, record, "parent", _("An item cannot be placed under its own sub-item."), up)


def _roadmap_places(session: Session) -> dict[str, tuple[str | None, str]]:
    """Every roadmap item now: uuid → (its parent's uuid, its number)."""
    from ....models import RoadmapItem

    parent = RoadmapItem.__table__.alias("parent")
    item = RoadmapItem.__table__
    rows = session.execute(
        select(item.c.uuid, parent.c.uuid, item.c.number).select_from(
            item.outerjoin(parent, item.c.parent_id == parent.c.id)
        )
    )
    return {uuid: (up, number) for uuid, up, number in rows}


def _places_after(records: list[RecordPlan], place: dict[str, Any]) -> dict[str, RecordPlan]:
    """`place` as the plan leaves it; the records whose place or number the plan sets."""
    touched: dict[str, RecordPlan] = {}
    for record in records:
        if record.deletion == "theirs":
            for uuid in (record.uuid, *(u for _e, u in record.dependants)):
                place.pop(uuid, None)
            continue
        if may_create(record):
            values = record.values
        elif record.kind in (Kind.UPDATED, Kind.CONFLICT):
            values = result_values(record)
        else:
            continue
        if "parent" in values or "number" in values or may_create(record):
            up, number = place.get(record.uuid, (None, None))
            place[record.uuid] = (values.get("parent", up), values.get("number", number))
            touched[record.uuid] = record
    return touched


def _under_itself(uuid: str, place: dict[str, Any]) -> bool:
    seen, node = {uuid}, place[uuid][0]
    while node is not None and node in place:
        if node in seen:
            return True
        seen.add(node)
        node = place[node][0]
    return False


# ---- what apply needs --------------------------------------------------------------------------


def touched(plan: Plan) -> dict[str, set[str]]:
    """entity → the records the plan writes to or removes, and those it relies on (`watched`)."""
    wanted: dict[str, set[str]] = {}
    for entity, uuid in plan.watched:
        wanted.setdefault(entity, set()).add(uuid)
    for record in plan.records:
        if record.kind in (Kind.UNCHANGED, Kind.MISSING):
            continue
        wanted.setdefault(record.entity, set()).add(record.uuid)
        for entity, uuid in record.dependants:
            wanted.setdefault(entity, set()).add(uuid)
    return wanted


def lock_touched(session: Session, plan: Plan) -> None:
    """Lock the rows of the records the plan writes to, until the transaction ends (on a server:
    SELECT … FOR UPDATE; a file has one writer already and ignores it). A save someone makes
    meanwhile waits for the import, and then finds its record changed (concurrency.py)."""
    wanted = touched(plan)
    for key in ORDER:  # always in one order, and FOR NO KEY UPDATE: a save that only refers to
        model = ENTITIES[key].model  # one of these records (a foreign key) is not held up by it
        uuids = sorted(wanted.get(key, ()))
        for start in range(0, len(uuids), 500):
            query = select(model.id).where(model.uuid.in_(uuids[start : start + 500])).order_by(model.id)
            session.execute(query.with_for_update(key_share=True))


def code_series(plan: Plan) -> list[str]:
    """The series (UZ-P-) of the codes the plan gives to new records, in one order."""
    series = {
        r.values["code"].rsplit("-", 1)[0] + "-"
        for r in plan.records
        if may_create(r) and ENTITIES[r.entity].code_letter and r.values.get("code")
    }
    return sorted(series)


def fingerprint(session: Session, plan: Plan, state: Snapshot | None = None) -> dict[Any, Any]:
    """What the records the plan touches look like now (their texts, or None where absent) and
    which of the codes it gives out are taken. Apply takes it again in its own transaction: any
    difference means the data changed under the plan."""
    wanted = touched(plan)
    if state is None:
        state = take_snapshot(session, wanted)
    prints: dict[Any, Any] = {}
    for entity, uuids in wanted.items():
        table = state.records.get(entity)
        for uuid in uuids:
            try:
                prints[(entity, uuid)] = table.text(uuid) if table is not None and uuid in table else None
            except KeyError:  # deleted since it was listed
                prints[(entity, uuid)] = None
    for key in ORDER:
        model = ENTITIES[key].model
        codes = [
            r.values["code"]
            for r in plan.records
            if r.entity == key and may_create(r) and r.values.get("code")
        ]
        if codes:
            prints[("codes", key)] = sorted(session.scalars(select(model.code).where(model.code.in_(codes))))
    return prints


def possible_deletions(plan: Plan) -> int:
    """Records the plan deletes, or may delete when a person takes their side in a conflict."""
    return sum(1 + len(r.dependants) for r in plan.records if r.deletion == "theirs")


def mass_deletion(session: Session, count: int) -> bool:
    """Whether deleting `count` records is more than MASS_DELETION_RECORDS or MASS_DELETION_SHARE
    of them all: a forged or mistaken file must not empty the database on one click."""
    if count == 0:
        return False
    total = sum(session.scalar(select(func.count()).select_from(ENTITIES[k].model)) or 0 for k in ORDER)
    return count > MASS_DELETION_RECORDS or count > MASS_DELETION_SHARE * total


def deletion_summary(plan: Plan) -> str:
    """ "2 deleted, with 86 records that belong to them" — every record apply would remove."""
    deleted = [r for r in plan.records if r.deletion == "theirs"]
    owned = sum(len(r.dependants) for r in deleted)
    text = ngettext("{count} deleted", "{count} deleted", len(deleted)).format(count=len(deleted))
    if owned:
        text += ngettext(
            ", with {count} record that belongs to them",
            ", with {count} records that belong to them",
            owned,
        ).format(count=owned)
    return text
