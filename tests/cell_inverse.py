"""Cells → plain values, the exact inverse of the export's `plain_to_cell` (layout.py): the oracle
the export's tests read a written workbook back with. The program's reader (reader.py) understands
more — what people type — and is tested on its own."""

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.models import ONGOING, DeadlineKind
from app.services.fields import (
    BOOL,
    CURRENCY,
    DATE,
    DEADLINE,
    DECIMAL,
    ENUM,
    INT,
    LONGTEXT,
    MONEY,
    REF,
    REFS,
    TEXT,
    TIME,
    TZ,
    Field,
    decimal_plain,
)
from app.services.labels import parse_enum

_YEAR = re.compile(r"(?<!\d)(2\d{3})(?!\d)")
_QUARTER = re.compile(r"(?<![A-Za-z])(IV|III|II|I|Q[1-4])(?![A-Za-z])")
_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4}


def parse_deadline_text(text: str) -> str | None:
    """'IV квартал 2026 г.' / '2026-yil IV chorak' / '2026 ж. IV тоқсан' / '2026-Q4' → '2026-Q4';
    the label of a permanent or rhythmic deadline in any language → its kind. None when not
    understood."""
    text = text.strip()
    kind = parse_enum(DeadlineKind, text)
    if kind in ONGOING:
        return kind.value
    year, quarter = _YEAR.search(text), _QUARTER.search(text)
    if year and quarter:
        token = quarter.group(1)
        number = int(token[1]) if token.startswith("Q") else _ROMAN_Q[token]
        return f"{year.group(1)}-Q{number}"
    return None


def _text(value: Any) -> str:
    return str(int(value) if isinstance(value, float) and value.is_integer() else value)


def _enum(f: Field, value: Any) -> str | None:
    member = parse_enum(f.enum, str(value))
    return None if member is None else member.value


def _deadline(value: Any) -> str | None:
    return (
        _as_date(value).isoformat() if isinstance(value, date | datetime) else parse_deadline_text(str(value))
    )


# Kind → (field, cell value, resolve) → plain value.
READ = {
    TEXT: lambda f, v, r: _text(v),
    LONGTEXT: lambda f, v, r: _text(v),
    CURRENCY: lambda f, v, r: _text(v),
    TZ: lambda f, v, r: _text(v),
    INT: lambda f, v, r: int(v),
    DECIMAL: lambda f, v, r: decimal_plain(Decimal(str(v))),
    MONEY: lambda f, v, r: decimal_plain(Decimal(str(v))),
    DATE: lambda f, v, r: _as_date(v).isoformat(),
    TIME: lambda f, v, r: (v.time() if isinstance(v, datetime) else v).strftime("%H:%M"),
    ENUM: lambda f, v, r: _enum(f, v),
    BOOL: lambda f, v, r: bool(v),
    REF: lambda f, v, r: r(f.ref, str(v).strip()),
    REFS: lambda f, v, r: sorted(u for p in str(v).split(";") if p.strip() and (u := r(f.ref, p.strip()))),
    DEADLINE: lambda f, v, r: _deadline(v),
}


def cell_to_plain(f: Field, value: Any, resolve: Callable[[str, str], str | None]) -> Any:
    """A cell's value (as openpyxl or calamine give it) → the plain value of field `f`.
    `resolve(entity_key, label)` → uuid, from the lists sheet."""
    if value is None or value == "":
        return [] if f.kind == REFS else None
    return READ[f.kind](f, value, resolve)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
