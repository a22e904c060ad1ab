"""Checks on plain values before they reach the database: one message per field, in the user's
language, so that a form can show it next to the field and an import next to the cell."""

import re
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from ..i18n import _
from ..models import CURRENCIES, TIMEZONES
from .errors import UserError
from .fields import (
    BOOL,
    CURRENCY,
    DATE,
    DEADLINE,
    DECIMAL,
    ENUM,
    INT,
    MONEY,
    REF,
    REFS,
    TIME,
    TZ,
    Entity,
    Field,
)

DEADLINE_RE = re.compile(r"^(\d{4})-Q([1-4])$")
PERCENT_FIELDS = {"share_uz", "share_kz"}
NOT_NEGATIVE = {"total_cost", "jobs", "duration_minutes", "number", "position"}
# Every text travels in an Excel cell, which holds at most 32 767 characters: longer would come
# back cut off.
MAX_TEXT = 32_767


class ValidationError(UserError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("\n".join(f"{k}: {v}" for k, v in errors.items()))


def check_value(f: Field, value: Any) -> str | None:
    """A message when `value` (plain) cannot be stored in field `f`, else None."""
    if value is None or value == "" or value == []:
        return None
    try:
        if f.kind in (INT,):
            if isinstance(value, bool) or int(value) != value:
                return _("Enter a whole number.")
            if f.key in NOT_NEGATIVE and value < 0:
                return _("The number cannot be negative.")
        elif f.kind in (DECIMAL, MONEY):
            number = Decimal(str(value))
            if not number.is_finite():
                return _("Enter a number.")
            if number < 0:
                return _("The number cannot be negative.")
            if f.key in PERCENT_FIELDS and number > 100:
                return _("A share is between 0 and 100 %.")
            if abs(number) >= Decimal("1e15"):
                return _("The number is too large.")
        elif f.kind == DATE:
            parsed = value if isinstance(value, date) else date.fromisoformat(value)
            if not 1900 <= parsed.year <= 2200:
                return _("The date is out of range.")
        elif f.kind == TIME:
            if not isinstance(value, time):
                time.fromisoformat(value)
        elif f.kind == DEADLINE:
            if value != "regular" and not DEADLINE_RE.match(value):
                parsed = date.fromisoformat(value)
                if not 2000 <= parsed.year <= 2100:
                    return _("The date is out of range.")
        elif f.kind == ENUM:
            f.enum(value)
        elif f.kind == CURRENCY:
            if value not in CURRENCIES:
                return _("Unknown currency: {value}").format(value=value)
        elif f.kind == TZ:
            if value not in TIMEZONES:
                return _("Unknown time zone: {value}").format(value=value)
        elif f.kind == BOOL:
            if not isinstance(value, bool):
                return _("Enter yes or no.")
        elif f.kind == REF:
            if not isinstance(value, str):
                return _("Unknown record.")
        elif f.kind == REFS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return _("Unknown record.")
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            return _("The text is too long.")
    except (ValueError, TypeError, InvalidOperation, ArithmeticError):
        if f.kind in (DATE, DEADLINE):
            return _("Not a valid date: {value}").format(value=value)
        if f.kind == TIME:
            return _("Not a valid time: {value}").format(value=value)
        if f.kind == ENUM:
            return _("Unknown value: {value}").format(value=value)
        return _("Enter a number.")
    return None


def check_record(
    entity: Entity, values: dict[str, Any], current: dict[str, Any] | None = None
) -> dict[str, str]:
    """Errors of a whole record: `values` over `current` (what the record has now)."""
    merged = {**(current or {}), **values}
    errors: dict[str, str] = {}
    for f in entity.fields:
        if f.key in values and (message := check_value(f, values[f.key])):
            errors[f.key] = message
    groups_done: set[str] = set()
    for f in entity.fields:
        if not f.required:
            continue
        if f.group:
            if f.group in groups_done:
                continue
            groups_done.add(f.group)
            keys = [g.key for g in entity.fields if g.group == f.group]
            if not any(merged.get(k) for k in keys):
                errors.setdefault(keys[0], _("Fill in at least one language."))
        elif merged.get(f.key) in (None, "", []):
            errors.setdefault(f.key, _("This field is required."))
    start, launch = merged.get("start_date"), merged.get("launch_date")
    if (
        start
        and launch
        and "start_date" not in errors
        and "launch_date" not in errors
        and str(launch) < str(start)
    ):
        errors["launch_date"] = _("The launch date is before the start date.")
    return errors
