"""Signed minutes while planning an import: what the store would refuse (signed_minutes.py) is an
error at its cell in the preview, and a file that signs minutes never signs here what the other
side did not sign.

- Minutes signed here change only when the file brings an unlocking of them (the other side
  opened them, with a reason; the unlocking arrives with the file): otherwise every change the
  file makes to their text, the meeting's agenda or decisions is an error at its cell, and so is
  a file that makes them a draft again without an unlocking (a status typed over in Excel).
- A file that signs minutes that are a draft here: what was changed here since the two sides last
  shared them, and that the file does not have, would end up signed without the other side having
  seen it — an error at the status cell that names those changes.
- A file that signs minutes and changes them in one go is fine: the changes are written first,
  then the signature (apply.py).
"""

from collections.abc import Iterator
from typing import Any

from ....i18n import N_, _, translate_label
from ...fields import ENTITIES
from ...signed_minutes import CONTENT, LOCKED_FIELDS, STATUS, is_signed
from ..workbook.snapshot import RecordTable, Snapshot
from .merge import DELETED, FieldChange, Kind, Plan, RecordPlan, record_label
from .plan_checks import add_error, may_create
from .present import field_label

SIGNED_HERE = N_(
    "The minutes of meeting {code} are signed here, and the file does not unlock them: this change "
    "cannot be imported. If the sides agreed on it, unlock the minutes here (with a reason) and "
    "import the file again."
)
DRAFT_WITHOUT_UNLOCKING = N_(
    "The minutes of meeting {code} are signed here; the file makes them a draft again without an "
    "unlocking and its reason. Signed minutes are unlocked in the program, which records why."
)
SIGNED_WITHOUT_OURS = N_(
    "The other side signed the minutes of meeting {code} without what was changed here since the "
    "last exchange: {changes}. Undo those changes here, or agree with the other side to unlock the "
    "minutes."
)
LISTED = 5  # changes named in a message; more are counted


def check_signed_minutes(plan: Plan, ours: Snapshot, base: Snapshot, theirs: Snapshot) -> None:
    """Add to plan.errors the changes to signed minutes apply would refuse, and the signatures that
    would cover changes the other side has not seen. Also lists in plan.watched the meetings whose
    state decides it, for apply to find them unchanged."""
    opened = _unlocked_by_file(plan)
    watched: set[str] = set()
    for record in plan.records:
        for meeting, key in _locked_changes(record, ours):
            watched.add(meeting)
            values = ours.get("meeting", meeting)
            if values is not None and is_signed(values) and meeting not in opened:
                add_error(
                    plan, record, key, _(SIGNED_HERE).format(code=values.get("code")), _value(record, key)
                )
        if record.entity == "meeting" and not may_create(record):
            _check_status(plan, record, ours, base, theirs, opened)
    plan.watched.extend(("meeting", uuid) for uuid in sorted(watched - {r.uuid for r in plan.records}))


def _unlocked_by_file(plan: Plan) -> set[str]:
    """Meetings whose minutes the file unlocks: it brings a new unlocking of them, free of errors."""
    faulty = {e.uuid for e in plan.errors if e.entity == "minutes_unlock"}
    return {
        str(r.values.get("meeting"))
        for r in plan.records
        if r.entity == "minutes_unlock" and may_create(r) and r.uuid not in faulty and r.values.get("meeting")
    }


def _changing(record: RecordPlan) -> list[FieldChange]:
    """The changes apply may write: taken ones, and conflicts a person may settle for theirs."""
    if record.kind not in (Kind.UPDATED, Kind.CONFLICT) or record.deletion is not None:
        return []
    return [c for c in record.changes if c.key != DELETED and (c.conflict or c.result != c.ours)]


def _locked_changes(record: RecordPlan, ours: Snapshot) -> Iterator[tuple[str, str]]:
    """(meeting, key of the cell) for every change `record` makes to a meeting's locked minutes."""
    if record.entity == "meeting":
        if record.deletion == "theirs":
            yield record.uuid, DELETED
        yield from ((record.uuid, c.key) for c in _changing(record) if c.key in LOCKED_FIELDS)
    elif record.entity in CONTENT:
        yield from _content_changes(record, ours)


def _content_changes(record: RecordPlan, ours: Snapshot) -> Iterator[tuple[str, str]]:
    """The same for an agenda item or a decision: created in a meeting, deleted, changed or moved."""
    if may_create(record):
        if record.values.get("meeting"):
            yield record.values["meeting"], "meeting"
        return
    current = (ours.get(record.entity, record.uuid) or {}).get("meeting")
    if record.deletion == "theirs":
        if current:
            yield current, DELETED
        return
    for change in _changing(record):
        if current:
            yield current, change.key
        if change.key == "meeting" and change.theirs:  # moved into a meeting (from the backlog)
            yield change.theirs, change.key


def _check_status(
    plan: Plan, record: RecordPlan, ours: Snapshot, base: Snapshot, theirs: Snapshot, opened: set[str]
) -> None:
    change = next((c for c in _changing(record) if c.key == STATUS), None)
    if change is None:
        return
    now = ours.get("meeting", record.uuid) or {}
    if is_signed(now) and not is_signed({STATUS: change.theirs}) and record.uuid not in opened:
        add_error(
            plan, record, STATUS, _(DRAFT_WITHOUT_UNLOCKING).format(code=now.get("code")), change.theirs
        )
    elif not is_signed(now) and is_signed({STATUS: change.theirs}):
        changes = changed_here(record.uuid, ours, base, theirs)
        if changes:
            shown = "; ".join(changes[:LISTED]) + ("…" if len(changes) > LISTED else "")
            message = _(SIGNED_WITHOUT_OURS).format(code=now.get("code"), changes=shown)
            add_error(plan, record, STATUS, message, change.theirs)


def changed_here(meeting: str, ours: Snapshot, base: Snapshot, theirs: Snapshot) -> list[str]:
    """What of a meeting's minutes (their text, its agenda and decisions) was changed here since
    `base` and reads otherwise in `theirs`, named as people read it."""
    found = []
    o, b, t = (s.get("meeting", meeting) or {} for s in (ours, base, theirs))
    for key in sorted(LOCKED_FIELDS):
        if o.get(key) != b.get(key) and o.get(key) != t.get(key):
            found.append(field_label("meeting", key))
    for entity in CONTENT:
        label = translate_label(ENTITIES[entity].label)
        for uuid in sorted(_of_meeting(entity, meeting, ours) | _of_meeting(entity, meeting, base)):
            mine, shared, other = ours.get(entity, uuid), base.get(entity, uuid), theirs.get(entity, uuid)
            if mine != shared and not _same(mine, other):
                found.append(f"{label} «{record_label(entity, mine or shared)[:60]}»")
    return found


def _of_meeting(entity: str, meeting: str, snapshot: Snapshot) -> set[str]:
    rows: RecordTable | dict[str, dict[str, Any]] = snapshot.records.get(entity) or {}
    return {uuid for uuid in rows if rows[uuid].get("meeting") == meeting}


def _same(mine: dict[str, Any] | None, other: dict[str, Any] | None) -> bool:
    if mine is None or other is None:
        return mine is other
    return all(mine.get(k) == v for k, v in other.items())


def _value(record: RecordPlan, key: str) -> Any:
    if key == DELETED:
        return None
    if may_create(record):
        return record.values.get(key)
    return next((c.theirs for c in record.changes if c.key == key), None)
