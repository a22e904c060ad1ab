"""What a file was made from, and so which values both sides shared: the base of its merge.

Every file says which state it was made from. A file of the other side's program carries the
state their program held (its snapshot) and names our newest file their program had merged (it
acknowledges it); our own workbook returned after editing in Excel is a derivative of our export,
not a file of theirs; a sheet made by hand has no history at all.

- Their program's file F: the base is the newest state both programs surely had. That is our
  export E that F acknowledges — unless, since we sent E, we merged an earlier file G of theirs
  that already contained E: then G's state. When G was made before they had E (the two crossed),
  neither is the shared state: `crossed_base`.
- Our own workbook returned: our export E's snapshot, whatever else we imported since. Several
  copies of one export each count against E, so that one copy's untouched cells do not take back
  another copy's edits.
- Values an earlier derivative of the same export already brought (an earlier copy of the same
  file, the same file re-saved) are old news: they never override what we have now.
- A file older than one already imported from the same program (it arrived late) brings only what
  a person typed into it and records we never had — not those deleted in the newer file.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, cast

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from ....i18n import _
from ....models import Exchange, ExchangeDirection, ExchangeOrigin, Side
from ...errors import UserError
from ...formatting import format_moment
from ...labels import label
from ...settings import COPY_ID, get_setting
from ..workbook.snapshot import Snapshot, take_snapshot
from .merge import crossed_base

if TYPE_CHECKING:
    from .importer import Incoming


@dataclass
class Lineage:
    base: Snapshot
    note: str  # where the base came from, for the preview
    origin: ExchangeOrigin
    old_news: list[Snapshot] = field(default_factory=list)
    stale: bool = False
    gone: set[str] = field(default_factory=set)  # deleted in a newer file of the same program
    already: datetime | None = None  # this very file was imported then: importing it again does nothing
    export_known: bool = False  # our own workbook returned, and its export is recorded here
    current: bool = False  # the base is our data as it is now (a sheet made by hand)


def _left_out(exchange: Exchange) -> int:
    try:
        return int(json.loads(exchange.summary or "{}").get("left_out", 0))
    except (ValueError, TypeError, AttributeError):
        return 0


def made_from(exchange: Exchange, exports: dict[str, Exchange]) -> Snapshot | None:
    """The state a recorded file was made from."""
    if exchange.snapshot is not None:
        return Snapshot.decode(exchange.snapshot)
    source = exports.get(exchange.uuid) if exchange.origin == ExchangeOrigin.RETURN else None
    return Snapshot.decode(source.snapshot) if source is not None and source.snapshot else None


def received(exchange: Exchange, exports: dict[str, Exchange]) -> Snapshot | None:
    """What a recorded import held (the state it was made from, with the values typed by hand)."""
    if exchange.content is not None:
        return Snapshot.decode(exchange.content)
    return made_from(exchange, exports)


def trace(session: Session, incoming: "Incoming", our_side: Side) -> Lineage:
    """The lineage of `incoming` (an importer.Incoming) in this database. UserError when the file
    is an export of another database of this side: nothing sensible can be merged from it."""
    # The snapshots (megabytes each in a large database) are read only for the exchanges that count.
    every = list(
        session.scalars(
            select(Exchange).options(defer(Exchange.snapshot), defer(Exchange.content)).order_by(Exchange.id)
        )
    )
    exports = {e.uuid: e for e in every if e.direction == ExchangeDirection.EXPORT}
    imports = [e for e in every if e.direction == ExchangeDirection.IMPORT]
    # The very file again changes nothing — unless records were left out of it for their errors
    # (something here may have been put right since: they come in, the rest is old news).
    known = next((e for e in every if e.sha256 == incoming.sha256 and not _left_out(e)), None)
    if known is not None:
        own = known.direction == ExchangeDirection.EXPORT
        note = _("our own file, as we sent it") if own else _("this very file, imported before")
        origin = ExchangeOrigin.RETURN if own else known.origin
        return Lineage(Snapshot(), note, origin, already=known.at)
    if incoming.hand_made:
        found = _best_match(incoming, every, exports)
        if found is not None:
            # Rows of our files without the hidden sheet that says which (it was deleted, or the
            # rows were copied into another workbook): merged against the file they match best,
            # so that their old values do not take back what we changed since.
            exchange, state = found
            note = _(
                "the exchange of {when} ({file}), whose values the rows of this file match best "
                "(the file has no hidden sheet of its own)"
            ).format(when=format_moment(exchange.at), file=exchange.file_name)
            return Lineage(state, note, ExchangeOrigin.HAND)
        # A sheet made by hand shares no history: its rows are matched to ours and compared with
        # what we have now, so that every difference shows as their change in the preview.
        return Lineage(
            take_snapshot(session),
            _("the current data (a sheet made by hand)"),
            ExchangeOrigin.HAND,
            current=True,
        )
    if incoming.sender == our_side:
        return _returned(session, incoming, exports, imports)
    return _theirs(incoming, exports, imports)


CANDIDATES = 12  # the newest exchanges a file without its hidden sheet is compared with
SAMPLE = 400  # of its rows, spread over the file


def _best_match(
    incoming: "Incoming", every: list[Exchange], exports: dict[str, Exchange]
) -> tuple[Exchange, Snapshot] | None:
    """The recorded exchange whose state the file's rows with a UUID agree with in the most
    fields, and that state; None when the file has no such rows or matches none. Of exchanges
    that match equally well the oldest is taken: a base older than the truth shows a change of
    ours as a conflict, a newer one would let their old value take it back."""
    rows = [
        (entity, uuid)
        for entity, table in incoming.theirs.records.items()
        for uuid in table
        if (entity, uuid) not in incoming.born
    ]
    if not rows:
        return None
    picked = rows[:: max(1, len(rows) // SAMPLE)]
    best: tuple[int, Exchange, Snapshot] | None = None
    for exchange in every[-CANDIDATES:]:
        state = made_from(exchange, exports)
        if state is None:
            continue
        score = 0
        for entity, uuid in picked:
            then = state.records.get(entity)
            values = then.get(uuid) if then is not None else None
            if values is not None:
                theirs = incoming.theirs.records[entity][uuid]
                score += sum(1 for key, value in theirs.items() if values.get(key) == value)
        if score and (best is None or score > best[0]):
            best = (score, exchange, state)
    return (best[1], best[2]) if best is not None else None


def _returned(
    session: Session, incoming: "Incoming", exports: dict[str, Exchange], imports: list[Exchange]
) -> Lineage:
    export = exports.get(incoming.exchange_uuid or "")
    base: Snapshot | None
    if export is None:
        ours = get_setting(session, COPY_ID)

        if incoming.database_id is None or incoming.database_id != ours or incoming.embedded is None:
            raise UserError(
                _(
                    "{file} was exported by another database of our side ({side}), not by this one. "
                    "Import the files of the other side, or our own files they send back; to move "
                    "data between two databases of one side, use a backup."
                ).format(file=incoming.file_name, side=label(cast(Side, incoming.sender)))  # ours: trace()
            )
        base, note = incoming.embedded, _("the values this file was exported with")
    else:
        embedded = incoming.embedded
        same = embedded is not None and embedded.encoded == export.snapshot
        base = embedded if same or export.snapshot is None else Snapshot.decode(export.snapshot)
        assert base is not None  # our exports keep what they sent; a file of ours carries it too

        note = _("our export of {when} ({file})").format(when=format_moment(export.at), file=export.file_name)
    earlier = [i for i in imports if i.uuid == incoming.exchange_uuid and i.origin == ExchangeOrigin.RETURN]
    old_news = [s for s in (received(i, exports) for i in earlier) if s is not None]
    return Lineage(base, note, ExchangeOrigin.RETURN, old_news, export_known=export is not None)


def _theirs(incoming: "Incoming", exports: dict[str, Exchange], imports: list[Exchange]) -> Lineage:
    theirs = [i for i in imports if i.origin == ExchangeOrigin.PROGRAM and i.sender_side == incoming.sender]
    first: dict[str, Exchange] = {}  # a file of theirs by uuid, as first imported
    for i in theirs:
        first.setdefault(i.uuid, i)
    same = [i for i in theirs if i.uuid == incoming.exchange_uuid]
    old_news = [s for i in same for s in (made_from(i, exports), received(i, exports)) if s is not None]
    sequence = incoming.sequence or 0
    newer = [i for i in first.values() if i.sequence > sequence and i.uuid != incoming.exchange_uuid]
    if newer and incoming.embedded is not None:
        gone = {uuid for i in newer if (state := made_from(i, exports)) for uuid in state.tombstones}
        note = _("the file itself: a newer file from this side was already imported")
        return Lineage(incoming.embedded, note, ExchangeOrigin.PROGRAM, old_news, stale=True, gone=gone)
    anchor = exports.get(incoming.acknowledges or "")
    earlier = [
        i
        for i in first.values()
        if i.sequence < sequence and i.uuid != incoming.exchange_uuid and (anchor is None or i.id > anchor.id)
    ]
    source = max(earlier, key=lambda i: i.sequence, default=None)
    source_state = made_from(source, exports) if source is not None else None
    if (
        source is not None
        and source_state is not None
        and anchor is not None
        and source.acknowledges != anchor.uuid
    ):
        # Their file we merged since was made before they had ours: the two crossed.
        note = _("the two files that crossed (ours of {sent}, theirs of {received})").format(
            sent=format_moment(anchor.at), received=format_moment(source.at)
        )
        assert anchor.snapshot is not None  # an export keeps what it sent
        return Lineage(
            crossed_base(Snapshot.decode(anchor.snapshot), source_state),
            note,
            ExchangeOrigin.PROGRAM,
            old_news,
        )
    if source is not None and source_state is not None:
        note = _("the exchange of {when} ({file})").format(
            when=format_moment(source.at), file=source.file_name
        )
        return Lineage(source_state, note, ExchangeOrigin.PROGRAM, old_news)
    if anchor is not None and anchor.snapshot:
        note = _("the exchange of {when} ({file})").format(
            when=format_moment(anchor.at), file=anchor.file_name
        )
        return Lineage(Snapshot.decode(anchor.snapshot), note, ExchangeOrigin.PROGRAM, old_news)
    note = _("none: the first exchange, every difference is a conflict")
    return Lineage(Snapshot(), note, ExchangeOrigin.PROGRAM, old_news)
