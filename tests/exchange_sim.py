"""Moving a snapshot from one copy to another the way a workbook does, for merge tests that need
no Excel file. Records the export like the real exporter does."""

import hashlib

from sqlalchemy import func, select

from app.models import Exchange, ExchangeDirection, Side
from app.models.base import new_uuid
from app.services.exchange.importing.importer import Incoming
from app.services.exchange.workbook.snapshot import take_snapshot
from app.services.settings import side_of_copy


def send(db) -> Incoming:
    with db.transaction() as session:
        side = side_of_copy(session)
        snap = take_snapshot(session)
        acknowledges = session.scalar(
            select(Exchange.uuid)
            .where(Exchange.direction == ExchangeDirection.IMPORT)
            .order_by(Exchange.id.desc())
        )
        sequence = 1 + session.scalar(
            select(func.count()).select_from(Exchange).where(Exchange.direction == ExchangeDirection.EXPORT)
        )
        uuid = new_uuid()
        blob = snap.encode()
        digest = hashlib.sha256(blob + uuid.encode()).hexdigest()
        other = Side.KZ if side == Side.UZ else Side.UZ
        session.add(
            Exchange(
                uuid=uuid,
                direction=ExchangeDirection.EXPORT,
                sender_side=side,
                counterpart_side=other,
                sequence=sequence,
                file_name=f"sim-{side}-{sequence}.xlsx",
                sha256=digest,
                acknowledges=acknowledges,
                snapshot=blob,
            )
        )
    return Incoming(
        theirs=snap,
        file_name=f"sim-{side}-{sequence}.xlsx",
        sha256=digest,
        sender=side,
        exchange_uuid=uuid,
        sequence=sequence,
        acknowledges=acknowledges,
        embedded=snap,
    )
