"""What happened to the data: change log, exchanges with the other side, tombstones, settings."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, WholeNumber, enum_column, utcnow
from .enums import ChangeAction, ExchangeDirection, ExchangeOrigin, Side


class ChangeLog(Base):
    """One row per changed field (update), or per created/deleted record with all its values."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_record", "entity", "record_uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    operator: Mapped[str] = mapped_column(String(200))
    side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    source: Mapped[str] = mapped_column(String(500))
    action: Mapped[ChangeAction] = mapped_column(enum_column(ChangeAction, "change_action"))
    entity: Mapped[str] = mapped_column(String(40))
    record_uuid: Mapped[str] = mapped_column(String(36))
    record_label: Mapped[str | None] = mapped_column(String(300))
    field: Mapped[str | None] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class Exchange(Base):
    """A workbook exported to or imported from the other side."""

    __tablename__ = "exchange"
    # Not unique: our own workbook may come back edited more than once under the same exchange uuid.
    __table_args__ = (
        Index("ix_exchange_uuid", "uuid"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36))
    direction: Mapped[ExchangeDirection] = mapped_column(enum_column(ExchangeDirection, "exchange_direction"))
    sender_side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    counterpart_side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    sequence: Mapped[int] = mapped_column(WholeNumber)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledges: Mapped[str | None] = mapped_column(String(36))
    format_version: Mapped[int] = mapped_column(WholeNumber, default=1)
    operator: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[ExchangeOrigin] = mapped_column(
        enum_column(ExchangeOrigin, "exchange_origin"), default=ExchangeOrigin.PROGRAM
    )
    # The state the file was made from (snapshot.py's encoding): for an export, what we sent; for
    # a file of their program, what their program held — the base of later merges. For our own
    # workbook returned: None, it is our export's snapshot.
    snapshot: Mapped[bytes | None] = mapped_column(LargeBinary)
    # What an imported file held where that differs from `snapshot`: the values typed by hand.
    content: Mapped[bytes | None] = mapped_column(LargeBinary)


class Tombstone(Base):
    """A deleted record, remembered so that the deletion travels to the other side."""

    __tablename__ = "tombstone"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    label: Mapped[str | None] = mapped_column(String(300))


class AppSetting(Base):
    """Settings that belong to this copy of the data (its side, its operator, counters)."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
