"""What people type into the forms' fields, read as the import reads a workbook's cells
(exchange/values.py): the same forms accepted, the same questions asked, a message in the user's
language for what cannot be read. Nothing typed is ever changed into something else: `31.02.2026`
is refused, not turned into 28.02.2026."""

import re
from datetime import date
from typing import Any

from ..i18n import _
from .exchange.workbook.values import parse_cell, parse_date
from .fields import Field

_TWO_DIGIT_YEAR = re.compile(r"\d{1,2}[./\-\s]\d{1,2}[./\-\s]\d{2}")


def read_value(f: Field, text: str) -> Any:
    """The plain value of field `f` typed as `text` (None when empty); ValueError with the message
    to show under the field when it cannot be read (`1,500`: fifteen hundred, or one and a half?)."""
    return parse_cell(f, text)


def read_date(text: str, example: date) -> date | None:
    """A date typed as `24.11.2026`, `24/11/2026` or `2026-11-24` (None when nothing is typed).
    ValueError, with `example` written in the expected form, for anything else: a day that does not
    exist, a two-digit year, or a bare number (an Excel serial means nothing in a form)."""
    typed = text.strip()
    if not typed:
        return None
    if not typed.isdigit():
        try:
            return parse_date(typed)
        except ValueError:
            if _TWO_DIGIT_YEAR.fullmatch(typed):
                raise  # its own message asks for the year in full
    raise ValueError(
        _("“{value}” is not a date: write day.month.year, e.g. {example}").format(
            value=typed, example=write_date(example)
        )
    )


def date_wanted(example: date) -> str:
    """The message for a date left empty where one is needed."""
    return _("Enter the date: day.month.year, e.g. {example}").format(example=write_date(example))


def write_date(value: date | None) -> str:
    """A date as the forms show it and people type it in all three countries: 24.11.2026."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}" if value else ""
