"""Reference lists: organizations, people, sectors."""

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Tracked, enum_column
from .enums import LANGUAGES, OrgKind, Side
from .plain import Localized, org_label


def text_present(field: str) -> CheckConstraint:
    """At least one of the three translations is filled in."""
    return CheckConstraint(
        f"coalesce(nullif({field}_ru, ''), nullif({field}_uz, ''), nullif({field}_kk, '')) IS NOT NULL",
        name=f"{field}_present",
    )


class Sector(Tracked, Localized, Base):
    __tablename__ = "sector"
    __table_args__ = (text_present("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name_ru: Mapped[str | None] = mapped_column(String(300))
    name_uz: Mapped[str | None] = mapped_column(String(300))
    name_kk: Mapped[str | None] = mapped_column(String(300))


class Organization(Tracked, Localized, Base):
    __tablename__ = "organization"
    __table_args__ = (text_present("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind, "org_kind"), default=OrgKind.OTHER)
    short_name_ru: Mapped[str | None] = mapped_column(String(100))
    short_name_uz: Mapped[str | None] = mapped_column(String(100))
    short_name_kk: Mapped[str | None] = mapped_column(String(100))
    name_ru: Mapped[str | None] = mapped_column(String(500))
    name_uz: Mapped[str | None] = mapped_column(String(500))
    name_kk: Mapped[str | None] = mapped_column(String(500))

    people: Mapped[list["Person"]] = relationship(back_populates="organization")

    def label(self, lang: str) -> str:
        """How screens, lists and printouts name it: the short name in `lang` (see org_label)."""
        return org_label(
            {code: getattr(self, f"short_name_{code}") for code in LANGUAGES},
            {code: getattr(self, f"name_{code}") for code in LANGUAGES},
            lang,
        )


class Person(Tracked, Localized, Base):
    __tablename__ = "person"
    __table_args__ = (text_present("full_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    full_name_ru: Mapped[str | None] = mapped_column(String(300))
    full_name_uz: Mapped[str | None] = mapped_column(String(300))
    full_name_kk: Mapped[str | None] = mapped_column(String(300))
    position_ru: Mapped[str | None] = mapped_column(String(500))
    position_uz: Mapped[str | None] = mapped_column(String(500))
    position_kk: Mapped[str | None] = mapped_column(String(500))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization | None] = relationship(back_populates="people")
