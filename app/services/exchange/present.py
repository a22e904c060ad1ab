"""Plain values shown to people: names instead of UUIDs, dates and money in their form."""

from datetime import date
from decimal import Decimal
from typing import Any

from ...i18n import N_, _, current_language, translate_label
from ..fields import BOOL, DATE, DEADLINE, DECIMAL, ENTITIES, ENUM, INT, MONEY, REF, REFS
from ..formatting import format_date, format_deadline, format_number
from ..labels import LABELS
from .merge import DELETED
from .snapshot import Records

KIND_LABELS = {
    "new": N_("New"),
    "updated": N_("Updated"),
    "unchanged": N_("Unchanged"),
    "conflict": N_("Conflicts"),
    "missing": N_("Missing from the file"),
    "deleted": N_("Deleted"),
    "errors": N_("Errors"),
}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind])


class Namer:
    """Names of records by UUID, from any number of record sets (ours, theirs)."""

    def __init__(self, *sources: Records):
        self.sources = sources

    def name(self, entity: str, uuid: str, lang: str) -> str:
        for records in self.sources:
            values = records.get(entity, {}).get(uuid)
            if values is not None:
                return record_name(entity, values, lang)
        return uuid[:8]


def record_name(entity: str, values: dict[str, Any], lang: str) -> str:
    for group in ("name", "full_name", "measure", "title", "text"):
        if any(f"{group}_{code}" in values for code in ("ru", "uz", "kk")):
            text = next(
                (values.get(f"{group}_{c}") for c in (lang, "ru", "uz", "kk") if values.get(f"{group}_{c}")),
                "",
            )
            prefix = (
                values.get("short_name")
                if entity == "organization"
                else values.get("number") or values.get("code")
            )
            if entity == "organization" and prefix:
                return prefix
            return f"{prefix} {text}".strip() if prefix else text
    return str(values.get("code") or values.get("text") or "")


def field_label(entity: str, key: str, lang: str | None = None) -> str:
    if key == DELETED:
        return _("The record itself")
    f = ENTITIES[entity].field(key)
    text = translate_label(f.label, lang)
    return f"{text} ({f.lang})" if f.lang else text


SHOWN_LENGTH = 300  # a preview line is not the place for a whole page of minutes


def show_value(entity: str, key: str, value: Any, namer: Namer, lang: str | None = None) -> str:
    text = _show(entity, key, value, namer, lang)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def _show(entity: str, key: str, value: Any, namer: Namer, lang: str | None = None) -> str:
    lang = lang or current_language()
    if key == DELETED:
        words = {"exists": _("exists"), "deleted": _("deleted"), "changed": _("changed"), "kept": _("kept")}
        return words.get(value, str(value))
    if value is None or value == [] or value == "":
        return "—"
    f = ENTITIES[entity].field(key)
    if f.kind == REF:
        return namer.name(f.ref, value, lang)
    if f.kind == REFS:
        return "; ".join(namer.name(f.ref, u, lang) for u in value)
    if f.kind == ENUM:
        member = f.enum(value)
        return translate_label(LABELS[member], lang) if member in LABELS else str(value)
    if f.kind == DATE:
        return format_date(date.fromisoformat(value), lang)
    if f.kind == DEADLINE:
        if value == "regular":
            return format_deadline("regular", None, None, None, lang)
        if "-Q" in value:
            year, quarter = value.split("-Q")
            return format_deadline("quarter", None, int(year), int(quarter), lang)
        return format_date(date.fromisoformat(value), lang)
    if f.kind in (DECIMAL, MONEY):
        return format_number(Decimal(value), lang, 2)
    if f.kind == INT:
        return format_number(value, lang)
    if f.kind == BOOL:
        return _("yes") if value else _("no")
    return str(value)
