"""Meetings of the working group: agenda, participants, decisions."""

from datetime import date, time
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Tracked, WholeNumber, enum_column
from .enums import MeetingFormat, MeetingStatus, MinutesStatus, Side
from .plain import Localized
from .reference import Person, text_present

if TYPE_CHECKING:
    from .roadmap import RoadmapItem

meeting_participant = Table(
    "meeting_participant",
    Base.metadata,
    Column("meeting_id", ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
)

agenda_speaker = Table(
    "agenda_speaker",
    Base.metadata,
    Column("agenda_item_id", ForeignKey("agenda_item.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
)

# Where the start time is given: the time zones of the two capitals (Astana keeps Almaty's zone).
TIMEZONES = ("Asia/Tashkent", "Asia/Almaty")


class Meeting(Tracked, Localized, Base):
    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("number IS NULL OR number > 0", name="number_positive"),
        CheckConstraint("timezone IN ('Asia/Tashkent', 'Asia/Almaty')", name="timezone_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    number: Mapped[int | None] = mapped_column(WholeNumber)
    title_ru: Mapped[str | None] = mapped_column(String(500))
    title_uz: Mapped[str | None] = mapped_column(String(500))
    title_kk: Mapped[str | None] = mapped_column(String(500))
    meeting_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)  # the end of the time slot the agenda fits in
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Tashkent")
    format: Mapped[MeetingFormat] = mapped_column(
        enum_column(MeetingFormat, "meeting_format"), default=MeetingFormat.VIDEO
    )
    place_ru: Mapped[str | None] = mapped_column(String(500))
    place_uz: Mapped[str | None] = mapped_column(String(500))
    place_kk: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.PLANNED
    )
    cochair_uz_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    cochair_kz_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    minutes_ru: Mapped[str | None] = mapped_column(Text)
    minutes_uz: Mapped[str | None] = mapped_column(Text)
    minutes_kk: Mapped[str | None] = mapped_column(Text)
    minutes_status: Mapped[MinutesStatus] = mapped_column(
        enum_column(MinutesStatus, "minutes_status"), default=MinutesStatus.DRAFT
    )

    cochair_uz: Mapped[Person | None] = relationship(foreign_keys=[cochair_uz_id])
    cochair_kz: Mapped[Person | None] = relationship(foreign_keys=[cochair_kz_id])
    participants: Mapped[list[Person]] = relationship(secondary=meeting_participant, order_by=Person.id)
    agenda: Mapped[list["AgendaItem"]] = relationship(  # no delete-orphan: one leaving goes to the backlog
        back_populates="meeting",
        cascade="all",
        passive_deletes=True,
        order_by="AgendaItem.position",
    )
    decisions: Mapped[list["Decision"]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Decision.position",
    )
    unlocks: Mapped[list["MinutesUnlock"]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MinutesUnlock.id",
    )

    @property
    def signed(self) -> bool:
        return self.minutes_status == MinutesStatus.SIGNED

    def participants_of(self, side: Side) -> list[Person]:
        return [p for p in self.participants if p.side == side]


class AgendaItem(Tracked, Localized, Base):
    """A question of a meeting's agenda; without a meeting, a question proposed for a future one
    (the agenda backlog), which moves into a meeting's agenda by getting its meeting."""

    __tablename__ = "agenda_item"
    __table_args__ = (
        text_present("title"),
        CheckConstraint("duration_minutes IS NULL OR duration_minutes >= 0", name="duration_not_negative"),
        CheckConstraint("position >= 0", name="position_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(WholeNumber, default=0)
    title_ru: Mapped[str | None] = mapped_column(Text)
    title_uz: Mapped[str | None] = mapped_column(Text)
    title_kk: Mapped[str | None] = mapped_column(Text)
    duration_minutes: Mapped[int | None] = mapped_column(WholeNumber)
    proposed_by: Mapped[Side | None] = mapped_column(enum_column(Side, "side"))

    meeting: Mapped[Meeting | None] = relationship(back_populates="agenda")
    speakers: Mapped[list[Person]] = relationship(secondary=agenda_speaker, order_by=Person.id)
    decisions: Mapped[list["Decision"]] = relationship(
        back_populates="agenda_item", order_by="Decision.position"
    )


class Decision(Tracked, Localized, Base):
    __tablename__ = "decision"
    __table_args__ = (text_present("text"), CheckConstraint("position >= 0", name="position_not_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(WholeNumber, default=0)
    text_ru: Mapped[str | None] = mapped_column(Text)
    text_uz: Mapped[str | None] = mapped_column(Text)
    text_kk: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="decisions")
    agenda_item: Mapped[AgendaItem | None] = relationship(back_populates="decisions")
    roadmap_items: Mapped[list["RoadmapItem"]] = relationship(back_populates="decision")


class MinutesUnlock(Tracked, Base):
    """Signed minutes opened again for a correction: when, by which side, why. It travels like any
    record, so that the other side sees the reason, and its arrival is what lets a file change
    minutes that are signed here (exchange/plan_minutes.py)."""

    __tablename__ = "minutes_unlock"
    __table_args__ = (CheckConstraint("length(trim(reason)) > 0", name="reason_present"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    unlocked_on: Mapped[date] = mapped_column(Date)
    side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    reason: Mapped[str] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="unlocks")
