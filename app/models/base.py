"""Declarative base, shared column types and mixins."""

import uuid as uuid_mod
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Dialect, Enum, Integer, MetaData, String, TypeDecorator
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.compiler import GenericTypeCompiler
from sqlalchemy.types import TypeEngine

# Deterministic constraint names: SQLite batch migrations need named constraints to alter them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# On PostgreSQL the columns hold what SQLite holds, so that a file copied to a server, or a value
# typed there, fits the same. The migrations create their columns through these rules too; casts
# in queries (SQLAlchemy's own among them) keep their types.
@compiles(String, "postgresql")
def _text_on_postgresql(type_: String, compiler: GenericTypeCompiler, **kw: Any) -> str:
    """SQLite never held a text to its declared length (validation allows 32 767 characters)."""
    if isinstance(kw.get("type_expression"), Column):
        return "TEXT"
    return compiler.visit_string(type_, **kw)


@compiles(Integer, "postgresql")
def _bigint_on_postgresql(type_: Integer, compiler: GenericTypeCompiler, **kw: Any) -> str:
    """SQLite's integers have 64 bits: money in hundredths passes 2³¹ at 21 million. (Primary keys
    stay SERIAL: PostgreSQL names their type itself.)"""
    if isinstance(kw.get("type_expression"), Column):
        return "BIGINT"
    return compiler.visit_integer(type_, **kw)


# An integer a person types, or money in hundredths: 64 bits on both (psycopg's parameters are
# cast to their column's type, and an INTEGER cast stops at 2³¹).
WholeNumber = Integer().with_variant(BigInteger(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(uuid_mod.uuid4())


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC; SQLite keeps no zone, so the zone is put back on the way out."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class ScaledDecimal(TypeDecorator[Decimal]):
    """Exact Decimal kept as an integer of hundredths: SQLite has no decimal type and would
    otherwise store money as a binary float."""

    impl = Integer
    cache_ok = True
    SCALE = Decimal(100)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(BigInteger() if dialect.name == "postgresql" else Integer())

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int((Decimal(value) * self.SCALE).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else (Decimal(value) / self.SCALE).quantize(Decimal("0.01"))


def enum_column(enum_cls: type[StrEnum], name: str) -> Enum:
    """Enum stored as its value (text) with a CHECK constraint in the schema."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Tracked:
    """A record that travels between the two copies: stable UUID and timestamps; and its version
    here, counted up by every change (concurrency.py: a save onto a version someone else has
    changed since is stopped and shown to the person). The version does not travel."""

    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(WholeNumber, default=1, server_default="1")
