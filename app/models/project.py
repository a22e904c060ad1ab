"""Joint investment projects."""

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, ScaledDecimal, Tracked, WholeNumber, enum_column
from .enums import CURRENCIES, ProjectStatus, Side
from .plain import Localized
from .reference import Organization, Sector, text_present


def _project_orgs(name: str) -> Table:
    return Table(
        name,
        Base.metadata,
        Column("project_id", ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
        Column("organization_id", ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True),
    )


# Partner organizations (the companies/agencies doing the project) and the state bodies responsible.
project_partner = _project_orgs("project_partner")
project_responsible = _project_orgs("project_responsible")

_currency_list = ", ".join(f"'{c}'" for c in CURRENCIES)


class Project(Tracked, Localized, Base):
    __tablename__ = "project"
    __table_args__ = (
        text_present("name"),
        CheckConstraint(f"currency IN ({_currency_list})", name="currency_known"),
        CheckConstraint("total_cost IS NULL OR total_cost >= 0", name="cost_not_negative"),
        # Stored in hundredths (see ScaledDecimal): 10000 is 100 %.
        CheckConstraint("share_uz IS NULL OR (share_uz >= 0 AND share_uz <= 10000)", name="share_uz_percent"),
        CheckConstraint("share_kz IS NULL OR (share_kz >= 0 AND share_kz <= 10000)", name="share_kz_percent"),
        CheckConstraint("jobs IS NULL OR jobs >= 0", name="jobs_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name_ru: Mapped[str | None] = mapped_column(String(500))
    name_uz: Mapped[str | None] = mapped_column(String(500))
    name_kk: Mapped[str | None] = mapped_column(String(500))
    sector_id: Mapped[int | None] = mapped_column(ForeignKey("sector.id", ondelete="SET NULL"), index=True)
    description_ru: Mapped[str | None] = mapped_column(Text)
    description_uz: Mapped[str | None] = mapped_column(Text)
    description_kk: Mapped[str | None] = mapped_column(Text)
    country: Mapped[Side | None] = mapped_column(enum_column(Side, "side"))
    region: Mapped[str | None] = mapped_column(String(300))
    total_cost: Mapped[Decimal | None] = mapped_column(ScaledDecimal)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    share_uz: Mapped[Decimal | None] = mapped_column(ScaledDecimal)
    share_kz: Mapped[Decimal | None] = mapped_column(ScaledDecimal)
    capacity: Mapped[str | None] = mapped_column(String(500))
    jobs: Mapped[int | None] = mapped_column(WholeNumber)
    start_date: Mapped[date | None] = mapped_column(Date)
    launch_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ProjectStatus] = mapped_column(
        enum_column(ProjectStatus, "project_status"), default=ProjectStatus.PROPOSED
    )
    notes: Mapped[str | None] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    sector: Mapped[Sector | None] = relationship()
    partners: Mapped[list[Organization]] = relationship(secondary=project_partner, order_by=Organization.id)
    responsible: Mapped[list[Organization]] = relationship(
        secondary=project_responsible, order_by=Organization.id
    )
