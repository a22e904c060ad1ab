"""Checks on plain values before they reach the database: one message per field, in the user's
language, so that a form can show it next to the field and an import next to the cell."""

from typing import Any

from ..i18n import _
from .errors import UserError
from .fields import Entity, Field
from .kinds import MAX_TEXT, handler

__all__ = ["MAX_TEXT", "ValidationError", "check_record", "check_value"]


class ValidationError(UserError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("\n".join(f"{k}: {v}" for k, v in errors.items()))


def check_value(f: Field, value: Any) -> str | None:
    """A message when `value` (plain) cannot be stored in field `f`, else None."""
    if value is None or value == "" or value == []:
        return None
    kind = handler(f)
    try:
        return kind.check(f, value)
    except (ValueError, TypeError, ArithmeticError):  # Decimal's InvalidOperation is one of them
        return kind.invalid(f, value)


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
    if _before(merged, errors, "launch_date", "start_date", strictly=True):
        errors["launch_date"] = _("The launch date is before the start date.")
    if _before(merged, errors, "end_time", "start_time", strictly=False):
        errors["end_time"] = _("The end time must be after the start time.")
    return errors


def _before(merged: dict[str, Any], errors: dict[str, str], later: str, earlier: str, strictly: bool) -> bool:
    """Whether the value of `later` comes before that of `earlier` (or, not `strictly`, at the same
    time) — both valid plain dates or times, which compare as their ISO texts do."""
    first, last = merged.get(earlier), merged.get(later)
    if not first or not last or later in errors or earlier in errors:
        return False
    return str(last) < str(first) if strictly else str(last) <= str(first)
