"""The roadmap ("Дорожная карта"): numbered measures with deadlines, executors and progress reports."""

import re
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, MappedColumn, mapped_column, relationship

from .base import Base, Tracked, WholeNumber, enum_column
from .enums import DeadlineKind, RoadmapKind, RoadmapStatus, Side
from .plain import Deadlines, Localized
from .reference import Organization, text_present

if TYPE_CHECKING:
    from .meeting import Decision
    from .project import Project

roadmap_executor = Table(
    "roadmap_executor",
    Base.metadata,
    Column("roadmap_item_id", ForeignKey("roadmap_item.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True),
)

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(text: str) -> int | None:
    text = text.upper()
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total


def number_sort_key(number: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order of roadmap numbers: I < II < 1 < 1.2 < 1.10 < 2."""
    parts = [p for p in re.split(r"[.\s]+", number.strip()) if p]
    key: list[tuple[int, int, str]] = []
    for part in parts:
        if part.isdigit():
            key.append((1, int(part), ""))
        elif (roman := roman_value(part)) is not None:
            key.append((0, roman, ""))
        else:
            key.append((2, 0, part.lower()))
    return tuple(key)


class RoadmapItem(Tracked, Localized, Deadlines, Base):
    __tablename__ = "roadmap_item"
    __table_args__ = (
        text_present("measure"),
        CheckConstraint(
            "(deadline_kind = 'date' AND deadline_date IS NOT NULL) OR "
            "(deadline_kind = 'quarter' AND deadline_year IS NOT NULL AND deadline_quarter IS NOT NULL) OR "
            "(deadline_kind IN ('none', 'permanent', 'monthly', 'quarterly', 'half_yearly', 'yearly'))",
            name="deadline_complete",
        ),
        CheckConstraint("deadline_quarter IS NULL OR deadline_quarter BETWEEN 1 AND 4", name="quarter_range"),
        CheckConstraint("deadline_year IS NULL OR deadline_year BETWEEN 2000 AND 2100", name="year_range"),
        CheckConstraint("length(trim(number)) > 0", name="number_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("roadmap_item.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[RoadmapKind] = mapped_column(
        enum_column(RoadmapKind, "roadmap_kind"), default=RoadmapKind.MEASURE
    )
    number: Mapped[str] = mapped_column(String(30))
    measure_ru: Mapped[str | None] = mapped_column(Text)
    measure_uz: Mapped[str | None] = mapped_column(Text)
    measure_kk: Mapped[str | None] = mapped_column(Text)
    completion_form_ru: Mapped[str | None] = mapped_column(Text)
    completion_form_uz: Mapped[str | None] = mapped_column(Text)
    completion_form_kk: Mapped[str | None] = mapped_column(Text)
    deadline_kind: Mapped[DeadlineKind] = mapped_column(
        enum_column(DeadlineKind, "deadline_kind"), default=DeadlineKind.NONE
    )
    deadline_date: Mapped[date | None] = mapped_column(Date)
    deadline_year: Mapped[int | None] = mapped_column(WholeNumber)
    deadline_quarter: Mapped[int | None] = mapped_column(WholeNumber)
    status: Mapped[RoadmapStatus] = mapped_column(
        enum_column(RoadmapStatus, "roadmap_status"), default=RoadmapStatus.NOT_STARTED
    )
    completed_on: Mapped[date | None] = mapped_column(Date)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"), index=True)
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str | None] = mapped_column(Text)

    parent: Mapped["RoadmapItem | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["RoadmapItem"]] = relationship(back_populates="parent", passive_deletes=True)
    executors: Mapped[list[Organization]] = relationship(secondary=roadmap_executor, order_by=Organization.id)
    project: Mapped["Project | None"] = relationship()
    decision: Mapped["Decision | None"] = relationship(back_populates="roadmap_items")
    reports: Mapped[list["ProgressReport"]] = relationship(
        back_populates="item",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ProgressReport.report_date",
    )
    postponements: Mapped[list["Postponement"]] = relationship(
        back_populates="item",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Postponement.postponed_on",
    )

    def executors_of(self, side: Side) -> list[Organization]:
        return [org for org in self.executors if org.side == side]


class ProgressReport(Tracked, Base):
    __tablename__ = "progress_report"
    __table_args__ = (CheckConstraint("length(trim(text)) > 0", name="text_present"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_item_id: Mapped[int] = mapped_column(
        ForeignKey("roadmap_item.id", ondelete="CASCADE"), index=True
    )
    report_date: Mapped[date] = mapped_column(Date)
    side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    text: Mapped[str] = mapped_column(Text)

    item: Mapped[RoadmapItem] = relationship(back_populates="reports")


def _deadline_columns(
    prefix: str,
) -> tuple[
    MappedColumn[DeadlineKind], MappedColumn[date | None], MappedColumn[int | None], MappedColumn[int | None]
]:
    """The four columns of a deadline (see fields.deadline_plain): its kind, and its date or its
    year and quarter."""
    return (
        mapped_column(
            f"{prefix}_kind", enum_column(DeadlineKind, f"{prefix}_kind"), default=DeadlineKind.NONE
        ),
        mapped_column(f"{prefix}_date", Date),
        mapped_column(f"{prefix}_year", WholeNumber),
        mapped_column(f"{prefix}_quarter", WholeNumber),
    )


class Postponement(Tracked, Base):
    """A roadmap item's deadline moved: from when to when, why, who and on which side. Asked about
    at the next meeting; counted in the monthly report."""

    __tablename__ = "postponement"

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_item_id: Mapped[int] = mapped_column(
        ForeignKey("roadmap_item.id", ondelete="CASCADE"), index=True
    )
    postponed_on: Mapped[date] = mapped_column(Date, index=True)
    old_deadline_kind, old_deadline_date, old_deadline_year, old_deadline_quarter = _deadline_columns(
        "old_deadline"
    )
    new_deadline_kind, new_deadline_date, new_deadline_year, new_deadline_quarter = _deadline_columns(
        "new_deadline"
    )
    reason: Mapped[str | None] = mapped_column(Text)
    side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    operator: Mapped[str | None] = mapped_column(String(200))

    item: Mapped[RoadmapItem] = relationship(back_populates="postponements")
