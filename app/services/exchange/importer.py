"""Importing what the other side sent: choose the base, plan the merge, apply it all or nothing.

The reader (workbook → Incoming) is separate; this module works on what was read.

Which base? The values both sides last shared. For a file from the other side's program that
acknowledges our export E, that is E's snapshot — unless we imported a later file of theirs since
E, which they know too: then that file's values. For our own workbook returned after editing in
Excel, it is the snapshot of that export (kept here, and carried in the file in case this copy lost
it), or the values of an earlier return of the same file that we already merged.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...i18n import _, ngettext
from ...models import Exchange, ExchangeDirection, Side
from ...models.base import new_uuid, utcnow
from ..backup import backup_database
from ..collector import collector_paused
from ..database import Database
from ..errors import ConflictsLeft, UserError
from ..formatting import format_moment
from ..settings import side_of_copy
from ..store import Store
from .apply import apply_plan, check_plan
from .merge import Choice, Issue, Plan, crossed_base, plan_merge, settled_records
from .snapshot import Snapshot, take_snapshot

FORMAT_VERSION = 1


@dataclass
class Incoming:
    """What a workbook holds, read and parsed into plain values."""

    theirs: Snapshot
    file_name: str
    sha256: str
    sender: Side | None = None  # None: a sheet made by hand, no metadata
    exchange_uuid: str | None = None
    sequence: int | None = None
    exported_at: datetime | None = None
    acknowledges: str | None = None
    embedded: Snapshot | None = None  # the snapshot the file was exported with
    where: dict[tuple[str, str], str] = field(default_factory=dict)
    errors: list[Issue] = field(default_factory=list)
    covered: set[str] | None = None  # the kinds of record the file has a sheet for (None: all)
    warnings: list[str] = field(default_factory=list)
    added: dict[tuple[str, str], dict[str, str | None]] = field(default_factory=dict)  # rows without UUID

    @property
    def hand_made(self) -> bool:
        return self.sender is None


@dataclass
class Preview:
    incoming: Incoming
    plan: Plan
    ours: Snapshot
    base_from: str  # a readable note of where the base came from
    own_file: bool = False
    already_imported: datetime | None = None
    stale: bool = False

    def to_json(self) -> dict[str, Any]:
        counts = self.plan.counts()
        changes = []
        for record in self.plan.records:
            entry = {
                "entity": record.entity,
                "uuid": record.uuid,
                "kind": record.kind.value,
                "label": record.label,
                "where": record.where,
            }
            if record.changes:
                entry["fields"] = [
                    {
                        "field": c.key,
                        "base": c.base,
                        "ours": c.ours,
                        "theirs": c.theirs,
                        "result": c.result,
                        "conflict": c.conflict,
                    }
                    for c in record.changes
                ]
            if record.values:
                entry["values"] = record.values
            changes.append(entry)
        by_kind = {
            kind: [c for c in changes if c["kind"] == kind]
            for kind in ("new", "updated", "unchanged", "conflict", "missing", "deleted")
        }
        by_kind["unchanged"] += [{"entity": e, "uuid": u} for e, u in self.plan.settled]
        return {
            "file": self.incoming.file_name,
            "sha256": self.incoming.sha256,
            "sender": self.incoming.sender.value if self.incoming.sender else None,
            "exchange": self.incoming.exchange_uuid,
            "sequence": self.incoming.sequence,
            "own_file": self.own_file,
            "already_imported": self.already_imported.isoformat() if self.already_imported else None,
            "stale": self.stale,
            "base": self.base_from,
            "counts": {**counts, "conflicts": counts["conflict"]},
            "new": by_kind["new"],
            "updated": by_kind["updated"],
            "unchanged": [{"entity": c["entity"], "uuid": c["uuid"]} for c in by_kind["unchanged"]],
            "conflicts": by_kind["conflict"],
            "missing": by_kind["missing"],
            "deleted": by_kind["deleted"],
            "errors": [
                {
                    "sheet": e.sheet,
                    "row": e.row,
                    "column": e.column,
                    "value": _jsonable(e.value),
                    "message": e.message,
                    "entity": e.entity,
                    "uuid": e.uuid,
                }
                for e in self.plan.errors
            ],
            "notes": self.plan.notes,
        }


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return str(value)


def _exchanges(session: Session, direction: ExchangeDirection) -> list[Exchange]:
    return list(
        session.scalars(select(Exchange).where(Exchange.direction == direction).order_by(Exchange.id))
    )


def choose_base(session: Session, incoming: Incoming, our_side: Side) -> tuple[Snapshot, str, bool]:
    """(base, where it came from, whether this is our own file returned)."""
    if incoming.hand_made:
        # A sheet made by hand shares no history: its rows are matched to ours and compared with
        # what we have now, so that every difference shows as their change in the preview.
        return take_snapshot(session), _("the current data (a sheet made by hand)"), False
    exports = {e.uuid: e for e in _exchanges(session, ExchangeDirection.EXPORT)}
    imports = _exchanges(session, ExchangeDirection.IMPORT)
    own = incoming.sender == our_side
    anchor = exports.get(incoming.exchange_uuid if own else incoming.acknowledges or "")
    after = anchor.id if anchor else 0
    if own:
        later = [i for i in imports if i.id > after and i.uuid == incoming.exchange_uuid]
    else:
        later = [i for i in imports if i.id > after and i.sender_side == incoming.sender]
    source = later[-1] if later else anchor
    crossed = not own and anchor is not None and source is not anchor and source.acknowledges != anchor.uuid
    if crossed and anchor.snapshot and source.snapshot:
        # Their file we imported since was made before they had ours: the two crossed.
        return (
            crossed_base(Snapshot.decode(anchor.snapshot), Snapshot.decode(source.snapshot)),
            _("the two files that crossed (ours of {sent}, theirs of {received})").format(
                sent=format_moment(anchor.at), received=format_moment(source.at)
            ),
            own,
        )
    if source is not None and source.snapshot:
        when = format_moment(source.at)
        embedded = incoming.embedded
        same = embedded is not None and embedded.encoded == source.snapshot  # our own file returned
        return (
            embedded if same else Snapshot.decode(source.snapshot),
            _("the exchange of {when} ({file})").format(when=when, file=source.file_name),
            own,
        )
    if own and incoming.embedded is not None:
        return incoming.embedded, _("the values this file was exported with"), own
    return Snapshot(), _("none: the first exchange, every difference is a conflict"), own


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
    from ..fields import ENTITIES, REF, REFS

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
    with db.session() as session:
        our_side = side_of_copy(session)
        base, base_from, own = choose_base(session, incoming, our_side)
        settled = settled_records(base, incoming.theirs)
        if incoming.hand_made:
            ours = base  # the base of a sheet made by hand is our current data, read just now
        else:
            # Only the records the file may change are read now; the rest if something asks.
            wanted = {key: set(rows) - settled[key] for key, rows in incoming.theirs.records.items()}
            ours = take_snapshot(session, wanted, reopen=db.session)
        imports = _exchanges(session, ExchangeDirection.IMPORT)
    already = next((i.at for i in imports if i.sha256 == incoming.sha256), None)
    stale = False
    if not own and incoming.sender is not None and incoming.sequence is not None:
        newer = [i for i in imports if i.sender_side == incoming.sender and i.sequence > incoming.sequence]
        stale = bool(newer)
    if stale:
        # Everything in an older file already reached us with the newer one: only records we
        # never had could still be new.
        base = incoming.theirs
        base_from = _("the file itself: a newer file from this side was already imported")
    if match_rows(incoming, ours) or stale:
        settled = None  # references renamed, or another base: the merge works it out again
    plan = plan_merge(
        base, ours, incoming.theirs, where=incoming.where, covered=incoming.covered, settled=settled
    )
    plan.errors[:0] = incoming.errors
    plan.notes.extend(incoming.warnings)
    check_plan(plan, ours)
    if already:
        plan.notes.append(
            _("This file was already imported on {when}.").format(when=already.strftime("%d.%m.%Y %H:%M"))
        )
    if stale:
        plan.notes.append(_("This file is older than one already imported from the same side."))
    return Preview(incoming, plan, ours, base_from, own, already, stale)


def apply_import(db: Database, preview: Preview, *, on_conflict: str = "ask") -> dict[str, int]:
    """Back up, then apply the plan in one transaction and record the exchange."""
    plan = preview.plan
    if plan.errors:
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
    incoming = preview.incoming
    backup_database(db.path, "import")
    with db.transaction() as session:
        our_side = side_of_copy(session)
        other = Side.KZ if our_side == Side.UZ else Side.UZ
        # Rows added to our own workbook were added by the partner who edited it in Excel.
        sender = other if preview.own_file or incoming.sender is None else incoming.sender
        store = Store(session, source=_("import: {file}").format(file=incoming.file_name))
        done = apply_plan(store, plan, sender)
        session.add(
            Exchange(
                uuid=incoming.exchange_uuid or new_uuid(),
                direction=ExchangeDirection.IMPORT,
                sender_side=sender,
                counterpart_side=sender,
                sequence=incoming.sequence or 0,
                file_name=Path(incoming.file_name).name[:500],
                sha256=incoming.sha256,
                at=utcnow(),
                exported_at=incoming.exported_at,
                acknowledges=incoming.acknowledges,
                format_version=FORMAT_VERSION,
                operator=store.operator,
                summary=json.dumps(done),
                snapshot=incoming.theirs.encode(),
            )
        )
    return done
