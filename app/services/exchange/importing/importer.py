"""Importing what the other side sent: find what the file was made from (lineage.py), plan the
merge, check the plan against every rule the database enforces, apply it all or nothing.

The reader (workbook → Incoming) is separate; this module works on what was read. The preview is
a promise: whatever apply could refuse is found while planning, and apply writes only onto the
state the plan was made from.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ....i18n import _, ngettext
from ....models import Exchange, ExchangeDirection, ExchangeOrigin, Side
from ....models.base import new_uuid, utcnow
from ...collector import collector_paused
from ...database import Database
from ...errors import ConflictsLeft, UserError
from ...settings import operator_name, side_of_copy
from ...store import hold_series
from ..workbook.snapshot import Snapshot, same_records, take_snapshot
from .apply import apply_plan
from .credit import credited_store
from .lineage import Lineage, trace
from .lookup import resolve_in_database
from .merge import Choice, Issue, Kind, Plan, RecordPlan, plan_merge, settled_records
from .partial import left_out, shared_only, valid_part
from .plan_checks import (
    check_plan,
    code_series,
    fingerprint,
    lock_touched,
    mass_deletion,
    possible_deletions,
)
from .plan_minutes import check_signed_minutes
from .plan_postponements import note as postponement_note
from .plan_sorted import check_sorted_columns

if TYPE_CHECKING:
    from .reader import Unresolved


FORMAT_VERSION = 1
_QUIET = (Kind.UNCHANGED, Kind.MISSING)  # kinds of record plan that write nothing


@dataclass
class Incoming:
    """What a workbook holds, read and parsed into plain values."""

    theirs: Snapshot
    file_name: str
    sha256: str
    path: Path | None = None  # where it was read from (the error workbook is written from it)
    sender: Side | None = None  # None: a sheet made by hand, no metadata
    exchange_uuid: str | None = None
    sequence: int | None = None
    exported_at: datetime | None = None
    acknowledges: str | None = None
    database_id: str | None = None  # the identity of the database that exported it
    operator: str | None = None  # the exporting operator, where the file names one
    language: str | None = None  # the language of its sheets, where the file says
    embedded: Snapshot | None = None  # the snapshot the file was exported with
    where: dict[tuple[str, str], str] = field(default_factory=dict)
    letters: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → field → its column's letters
    errors: list[Issue] = field(default_factory=list)
    covered: set[str] | None = None  # the kinds of record the file has a sheet for (None: all)
    warnings: list[str] = field(default_factory=list)
    added: dict[tuple[str, str], dict[str, str | None]] = field(default_factory=dict)  # rows without UUID
    born: set[tuple[str, str]] = field(default_factory=set)  # (entity, uuid) made up for rows without UUID
    unresolved: list["Unresolved"] = field(default_factory=list)  # names the file does not know

    @property
    def hand_made(self) -> bool:
        return self.sender is None


@dataclass
class Preview:
    incoming: Incoming
    plan: Plan
    ours: Snapshot
    lineage: Lineage
    # What the records the plan writes to looked like when it was made: apply checks them again.
    fingerprint: dict[tuple[str, str], str | None] = field(default_factory=dict)
    mass_deletion: bool = False  # deletes more than a person should approve without a second look
    allow_mass_deletion: bool = False
    # With errors: the records applying only the valid part leaves out (partial.py).
    left_out: list[RecordPlan] = field(default_factory=list)

    @property
    def valid_count(self) -> int:
        """Records the valid part of the plan creates, changes or deletes."""
        gone = {id(r) for r in self.left_out}
        return sum(1 for r in self.plan.records if r.kind not in _QUIET and id(r) not in gone)

    @property
    def base_from(self) -> str:
        return self.lineage.note

    @property
    def own_file(self) -> bool:
        return self.lineage.origin == ExchangeOrigin.RETURN

    @property
    def already_imported(self) -> datetime | None:
        return self.lineage.already

    @property
    def stale(self) -> bool:
        return self.lineage.stale

    def to_json(self, verbose: bool = False) -> dict[str, Any]:
        from .plan_json import preview_json

        return preview_json(self, verbose=verbose)


def match_rows(incoming: Incoming, ours: Snapshot) -> bool:
    """Rows a person added without a UUID that name a record we have — by its code, or in a sheet
    made by hand by its roadmap number — are that record, not a new one. True if any was found."""
    if not incoming.added:
        return False
    index: dict[tuple[str, str, str], str] = {}
    for entity, rows in ours.records.items():
        for uuid, values in rows.items():
            for key in ("code", "number"):
                if values.get(key) and (key == "code" or incoming.hand_made):
                    index.setdefault((entity, key, str(values[key]).casefold()), uuid)
    renames: dict[str, str] = {}
    for (entity, temporary), names in incoming.added.items():
        for key in ("code", "number"):
            found = names.get(key) and index.get((entity, key, str(names[key]).casefold()))
            if found and found not in incoming.theirs.records.get(entity, {}):
                renames[temporary] = found
                break
    if renames:
        rename_uuids(incoming, renames)
    return bool(renames)


def rename_uuids(incoming: Incoming, renames: dict[str, str]) -> None:
    from ...fields import ENTITIES, REF, REFS

    for entity, rows in incoming.theirs.records.items():
        ref_keys = [(f.key, f.kind) for f in ENTITIES[entity].fields if f.kind in (REF, REFS)]
        for uuid in [u for u in rows if u in renames]:
            rows[renames[uuid]] = rows.pop(uuid)
            if (entity, uuid) in incoming.where:
                incoming.where[(entity, renames[uuid])] = incoming.where.pop((entity, uuid))
        for values in rows.values():
            for key, kind in ref_keys:
                value = values.get(key)
                if kind == REF and value in renames:
                    values[key] = renames[value]
                elif kind == REFS and value and any(v in renames for v in value):
                    values[key] = sorted(renames.get(v, v) for v in value)


@collector_paused()
def preview_import(db: Database, incoming: Incoming) -> Preview:
    """Read-only: the plan of what importing `incoming` would change. Nothing is written."""
    with db.consistent_session() as session:  # one moment of the data, while others write
        our_side = side_of_copy(session)
        lineage = trace(session, incoming, our_side)
        if lineage.already is not None:
            return _nothing_to_do(incoming, lineage)
        resolve_in_database(session, incoming)
        if lineage.origin == ExchangeOrigin.RETURN:
            incoming.theirs.tombstones = {}  # the file's deletions are ours: the person deleted none
        base = lineage.base
        settled = settled_records(base, incoming.theirs)
        if lineage.current:
            ours = base  # the base of a sheet made by hand is our current data, read just now
        else:
            # Only the records the file may change are read now; the rest if something asks.
            wanted = {key: set(rows) - settled[key] for key, rows in incoming.theirs.records.items()}
            ours = take_snapshot(session, wanted, reopen=db.session)
        # References renamed, or another base: the merge works the settled records out again.
        again = match_rows(incoming, ours) or lineage.stale
        plan = plan_merge(
            base,
            ours,
            incoming.theirs,
            where=incoming.where,
            covered=incoming.covered,
            settled=None if again else settled,
            old_news=lineage.old_news,
            gone=lineage.gone,
        )
        plan.errors[:0] = incoming.errors
        plan.notes.extend(incoming.warnings)
        check_plan(session, plan, ours, incoming, our_side)
        check_sorted_columns(plan, incoming)
        _with_letters(plan.errors, incoming.letters)
        moved = postponement_note(plan)
        if moved:
            plan.notes.append(moved)
        check_signed_minutes(plan, ours, base, incoming.theirs)
        preview = Preview(incoming, plan, ours, lineage)
        preview.fingerprint = fingerprint(session, plan, ours)
        preview.left_out = left_out(plan) if plan.errors else []
        valid = valid_part(plan, preview.left_out) if plan.errors else plan
        preview.mass_deletion = mass_deletion(session, possible_deletions(valid))
    if lineage.stale:
        plan.notes.append(_("This file is older than one already imported from the same side."))
    return preview


def _with_letters(errors: list[Issue], letters: dict[str, dict[str, str]]) -> None:
    """The errors found while planning name their cell's column by its letters too, as the reader's
    do: "T (Jobs to be created)", to be found in the file."""
    for issue in errors:
        letter = letters.get(issue.sheet, {}).get(issue.key)
        if letter and issue.column and not issue.column.startswith(f"{letter} ("):
            issue.column = f"{letter} ({issue.column})"


def _nothing_to_do(incoming: Incoming, lineage: Lineage) -> Preview:
    plan = Plan()
    assert lineage.already is not None  # asked only for a file imported before
    when = lineage.already.astimezone().strftime("%d.%m.%Y %H:%M")
    plan.notes.append(
        _("This file was already imported on {when}; importing it again changes nothing.").format(when=when)
    )
    return Preview(incoming, plan, Snapshot(), lineage)


@collector_paused()
def apply_import(
    db: Database,
    preview: Preview,
    *,
    on_conflict: str = "ask",
    allow_mass_deletion: bool = False,
    skip_invalid: bool = False,
) -> dict[str, int]:
    """Back up, then apply the plan in one transaction and record the exchange — only onto the
    state the plan was made from; otherwise nothing is written and the person previews again.
    `skip_invalid`: apply the valid records and leave out those with errors (and what depends on
    them); without it, a plan with errors writes nothing."""
    done = {"created": 0, "updated": 0, "deleted": 0, "left_out": 0}
    if preview.already_imported is not None:
        return done
    plan = preview.plan
    leaving: list[RecordPlan] = []
    if plan.errors and skip_invalid:
        leaving = preview.left_out
        plan = valid_part(plan, leaving)
        if not plan.records and not plan.settled:
            raise UserError(_("No record of the file is free of errors; nothing was imported."))
    elif plan.errors:
        count = len(plan.errors)
        raise UserError(
            ngettext(
                "The file has {count} error; nothing was imported.",
                "The file has {count} errors; nothing was imported.",
                count,
            ).format(count=count)
        )
    if on_conflict in ("ours", "theirs"):
        for record, change in plan.unresolved():
            record.resolve(Choice(on_conflict), change.key)
    if plan.unresolved():
        count = len(plan.unresolved())
        raise ConflictsLeft(
            ngettext(
                "{count} conflict needs a decision; nothing was imported.",
                "{count} conflicts need a decision; nothing was imported.",
                count,
            ).format(count=count)
        )
    if not (allow_mass_deletion or preview.allow_mass_deletion):
        with db.session() as session:
            if mass_deletion(session, plan.deletion_count()):
                raise MassDeletion(plan.deletion_count())
    incoming = preview.incoming
    db.backup("import")
    # One import or export at a time (their exchange numbers and lineage must not cross), and
    # the records it touches locked before they are compared with the preview: on a server
    # others write meanwhile, and none of them can change those records until it commits.
    with db.exclusive("exchange"), db.transaction() as session:
        our_side = side_of_copy(session)
        lock_touched(session, preview.plan)
        for prefix in code_series(preview.plan):  # nobody gives out a code the plan gives meanwhile
            hold_series(session, prefix)
        if fingerprint(session, preview.plan) != preview.fingerprint:
            raise UserError(
                _(
                    "The records this file changes were changed here since the preview was made; "
                    "nothing was imported. Open the preview again."
                )
            )
        other = Side.KZ if our_side == Side.UZ else Side.UZ
        store = credited_store(session, incoming, preview.lineage.origin, our_side)
        done = apply_plan(store, plan)
        done["left_out"] = len(leaving)
        session.add(_record(incoming, preview.lineage, other, operator_name(session) or "—", done, leaving))
    return done


class MassDeletion(ConflictsLeft):
    """An import that would delete many records: a person says yes first (exit code 3)."""

    def __init__(self, count: int):
        super().__init__(
            ngettext(
                "The file deletes {count} record; confirm the deletion to import it (--allow-mass-delete).",
                "The file deletes {count} records; confirm the deletion to import it (--allow-mass-delete).",
                count,
            ).format(count=count)
        )


def _record(
    incoming: Incoming,
    lineage: Lineage,
    other: Side,
    operator: str,
    done: dict[str, Any],
    leaving: list[RecordPlan],
) -> Exchange:
    """The import as the exchange table keeps it: what the file was made from (for a file of their
    program: the state their program held; for our own returned: nothing, our export has it
    unless this database lost it) and what the file held where that differs. Records left out
    are kept as the base had them: they were not shared, and their corrected file brings them."""
    theirs = incoming.theirs
    made: Snapshot | None
    if leaving:
        theirs = shared_only(theirs, leaving, lineage.base)

    if lineage.origin == ExchangeOrigin.PROGRAM:
        made = incoming.embedded or theirs
        if leaving and incoming.embedded is not None:
            made = shared_only(made, leaving, lineage.base)
        content = None if same_records(made, theirs) else theirs.encode()
    else:
        returned = lineage.origin == ExchangeOrigin.RETURN and not lineage.export_known
        made = incoming.embedded if returned else None
        if made is not None and leaving:
            made = shared_only(made, leaving, lineage.base)
        content = theirs.encode()
    return Exchange(
        uuid=incoming.exchange_uuid or new_uuid(),
        direction=ExchangeDirection.IMPORT,
        origin=lineage.origin,
        sender_side=incoming.sender or other,
        counterpart_side=other,
        sequence=incoming.sequence or 0,
        file_name=Path(incoming.file_name).name[:500],
        sha256=incoming.sha256,
        at=utcnow(),
        exported_at=incoming.exported_at,
        acknowledges=incoming.acknowledges,
        format_version=FORMAT_VERSION,
        operator=operator,
        summary=json.dumps(done),
        snapshot=(made.encoded or made.encode()) if made is not None else None,
        content=content,
    )
