"""Plain values shown to people: names instead of UUIDs, dates and money in their form."""

from typing import Any

from ....i18n import N_, _, current_language, translate_label
from ....models import org_label
from ...fields import ENTITIES
from ...history import readable
from ..workbook.snapshot import Records
from .merge import DELETED

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
    """Names of records by UUID, from any number of record sets (ours, theirs), in one language;
    the same `name(entity, uuid)` as the change history's names, so that values read alike."""

    def __init__(self, *sources: Records, lang: str | None = None):
        self.sources = sources
        self.lang = lang or current_language()

    def name(self, entity: str, uuid: str) -> str:
        for records in self.sources:
            table = records.get(entity)
            values = table.get(uuid) if table is not None else None
            if values is not None:
                return record_name(entity, values, self.lang)
        return uuid[:8]


def record_name(entity: str, values: dict[str, Any], lang: str) -> str:
    if entity == "organization":
        return org_label(_texts(values, "short_name"), _texts(values, "name"), lang)
    for group in ("name", "full_name", "measure", "title", "text"):
        if any(f"{group}_{code}" in values for code in ("ru", "uz", "kk")):
            text: str = next(
                (values[f"{group}_{c}"] for c in (lang, "ru", "uz", "kk") if values.get(f"{group}_{c}")),
                "",
            )
            prefix = values.get("number") or values.get("code")
            return f"{prefix} {text}".strip() if prefix else text
    return str(values.get("code") or values.get("text") or "")


def _texts(values: dict[str, Any], group: str) -> dict[str, Any]:
    return {code: values.get(f"{group}_{code}") for code in ("ru", "uz", "kk")}


def field_label(entity: str, key: str, lang: str | None = None) -> str:
    if key == DELETED:
        return _("The record itself")
    f = ENTITIES[entity].field(key)
    text = translate_label(f.label, lang)
    return f"{text} ({f.lang})" if f.lang else text


SHOWN_LENGTH = 300  # a preview line is not the place for a whole page of minutes


def show_value(entity: str, key: str, value: Any, namer: Namer) -> str:
    if key == DELETED:
        words = {"exists": _("exists"), "deleted": _("deleted"), "changed": _("changed"), "kept": _("kept")}
        return words.get(value, str(value))
    text = readable(ENTITIES[entity].field(key), value, namer, namer.lang)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"
