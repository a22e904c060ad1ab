"""Export: the exchange workbook for the other side, and the roadmap as the official table.

XlsxWriter is imported inside the functions that write, so that opening the program does not load it.
"""

import base64
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ....i18n import LANGUAGES, _
from ....models import Exchange, ExchangeDirection, ExchangeOrigin, Side
from ....models.base import new_uuid
from ...collector import collector_paused
from ...errors import UserError
from ...settings import copy_id, operator_name, side_of_copy
from ..workbook.layout import FORMAT_VERSION
from ..workbook.snapshot import take_snapshot
from .safe_write import save_atomically, write_temporary

if TYPE_CHECKING:
    from ...database import Database


@dataclass(frozen=True)
class ExportResult:
    path: Path
    exchange_uuid: str
    sequence: int
    sha256: str
    records: int


def other_side(side: Side) -> Side:
    return Side.KZ if side == Side.UZ else Side.UZ


def next_sequence(session: Session, counterpart: Side) -> int:
    """Files sent to one counterpart are numbered 1, 2, 3 …"""
    last = session.scalar(
        select(func.max(Exchange.sequence)).where(
            Exchange.direction == ExchangeDirection.EXPORT, Exchange.counterpart_side == counterpart
        )
    )
    return (last or 0) + 1


def acknowledged_exchange(session: Session, counterpart: Side) -> str | None:
    """The newest file of the other side's program merged here (the latest in their numbering: a
    file that arrived late is not newer): the next file tells them what we already have."""
    return session.scalar(
        select(Exchange.uuid)
        .where(
            Exchange.direction == ExchangeDirection.IMPORT,
            Exchange.origin == ExchangeOrigin.PROGRAM,
            Exchange.sender_side == counterpart,
        )
        .order_by(Exchange.sequence.desc(), Exchange.id.desc())
        .limit(1)
    )


def proposed_file_name(session: Session, today: date) -> str:
    side = side_of_copy(session)
    sequence = next_sequence(session, other_side(side))
    return f"exchange-{side.value}-{today.isoformat()}-{sequence:03d}.xlsx"


def proposed_roadmap_name(lang: str, today: date) -> str:
    return f"roadmap-{today.isoformat()}-{lang}.xlsx"


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise UserError(_("Unknown language: {lang}").format(lang=lang))


@collector_paused()
def export_workbook(
    session: Session, out: Path | str, lang: str, now: datetime | None = None
) -> ExportResult:
    """Writes the exchange workbook and records the export in the session's transaction.

    The workbook is written under a temporary name, the export recorded (and flushed: its number
    is taken), and only then moved to `out`. A failure before that leaves no file and, once the
    caller rolls back, no number used up; the caller removes `out` if its commit fails."""
    from .sheets import ExportMeta, write_exchange_workbook

    _check_lang(lang)
    out = Path(out)
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    side = side_of_copy(session)
    counterpart = other_side(side)
    operator = operator_name(session) or None
    snap = take_snapshot(session)
    meta = ExportMeta(
        exchange_uuid=new_uuid(),
        sender_side=side,
        counterpart_side=counterpart,
        sequence=next_sequence(session, counterpart),
        exported_at=now,
        lang=lang,
        acknowledges=acknowledged_exchange(session, counterpart),
        database_id=copy_id(session),
        operator=operator,
    )
    chunks = snap.to_text_chunks()
    pending = write_temporary(out, lambda tmp: write_exchange_workbook(tmp, snap, chunks, meta))
    digest = pending.sha256
    counts = {key: len(rows) for key, rows in snap.records.items()}
    record = Exchange(
        uuid=meta.exchange_uuid,
        direction=ExchangeDirection.EXPORT,
        sender_side=side,
        counterpart_side=counterpart,
        sequence=meta.sequence,
        file_name=out.name,
        sha256=digest,
        at=now,
        exported_at=now,
        acknowledges=meta.acknowledges,
        format_version=FORMAT_VERSION,
        operator=operator,
        summary=json.dumps(counts, sort_keys=True),
        snapshot=base64.b64decode("".join(chunks)),  # = snap.encode(), made once
    )
    try:
        session.add(record)
        session.flush()
    except BaseException:
        pending.discard()
        raise
    pending.place()
    return ExportResult(out, meta.exchange_uuid, meta.sequence, digest, snap.count())


def export_to_file(database: "Database", out: Path | str, lang: str) -> ExportResult:
    """The exchange workbook from an open `Database`, in one transaction: the file is at `out`
    exactly when the export is recorded."""
    from ...outputs import check_output_target

    if database.readonly:
        raise UserError(
            _("The database is open read-only; an export is recorded in it, so it needs write access.")
        )
    check_output_target(out, database.path)
    result = None
    try:
        # One export or import at a time numbers its file; the snapshot is one moment of the data
        # even while others write (the lock is taken first, so that moment includes the last export).
        with database.exclusive("exchange"), database.transaction(consistent=True) as session:
            result = export_workbook(session, out, lang)
    except BaseException:
        if result is not None:  # in place, but the commit failed: the file must not pretend otherwise
            Path(out).unlink(missing_ok=True)
        raise
    return result


def export_roadmap_table(session: Session, out: Path | str, lang: str, today: date | None = None) -> Path:
    """The roadmap as the official document table (nothing is recorded: it is a document)."""
    from ...roadmap_table import roadmap_table_rows
    from .roadmap_table import write_roadmap_table

    _check_lang(lang)
    out = Path(out)
    today = today or date.today()
    rows = roadmap_table_rows(session, lang, today)
    save_atomically(out, lambda tmp: write_roadmap_table(tmp, rows, lang, today))
    return out
