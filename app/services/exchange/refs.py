"""References in a workbook are written the way people read them (names, codes, numbers); this
finds the record a cell means, in the database or among the rows of the same file."""

import difflib
import re
from typing import Any

from ...i18n import _
from ..labels import fold
from .snapshot import Records

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
LIST_SPLIT = re.compile(r"\s*(?:;|\n)\s*")

# The fields whose values name a record of each kind, best first.
NAMING = {
    "sector": ("name_ru", "name_uz", "name_kk"),
    "organization": ("short_name", "name_ru", "name_uz", "name_kk"),
    "person": ("full_name_ru", "full_name_uz", "full_name_kk"),
    "project": ("code", "name_ru", "name_uz", "name_kk"),
    "meeting": ("code",),
    "roadmap_item": ("number", "code"),
}


def decision_label(meeting_code: str, position: Any) -> str:
    """How a decision is cited: its meeting's code and its number there, e.g. UZ-M-001/3."""
    return f"{meeting_code}/{position}"


class Resolver:
    def __init__(self, *sources: Records):
        self._index: dict[str, dict[str, set[str]]] = {}
        self._shown: dict[str, dict[str, str]] = {}
        self._known: dict[str, set[str]] = {}
        self._agenda: dict[tuple[str, str], str] = {}
        for records in sources:
            self.add(records)

    def add(self, records: Records) -> None:
        meeting_codes = {u: v.get("code") for u, v in records.get("meeting", {}).items()}
        for entity, rows in records.items():
            for uuid, values in rows.items():
                self.add_record(entity, uuid, values, meeting_codes)

    def add_record(self, entity: str, uuid: str, values: dict[str, Any], meeting_codes=None) -> None:
        self._known.setdefault(entity, set()).add(uuid)
        names = [values.get(k) for k in NAMING.get(entity, ())]
        if entity == "decision":
            code = (meeting_codes or {}).get(values.get("meeting")) or self._meeting_code(
                values.get("meeting")
            )
            if code:
                names.append(decision_label(code, values.get("position")))
        if entity == "agenda_item" and values.get("meeting"):
            self._agenda[(values["meeting"], str(values.get("position")))] = uuid
        for name in names:
            if name:
                key = fold(str(name))
                self._index.setdefault(entity, {}).setdefault(key, set()).add(uuid)
                self._shown.setdefault(entity, {}).setdefault(key, str(name))

    def _meeting_code(self, meeting_uuid: str | None) -> str | None:
        for key, uuids in self._index.get("meeting", {}).items():
            if meeting_uuid in uuids:
                return self._shown["meeting"][key]
        return None

    def resolve(self, entity: str, text: Any) -> str:
        """The UUID of the record `text` names; ValueError with a helpful message otherwise."""
        raw = str(text).strip()
        if isinstance(text, float) and text.is_integer():
            raw = str(int(text))  # a roadmap number Excel turned into 2.0
        if UUID_RE.match(raw) and raw.lower() in self._known.get(entity, set()):
            return raw.lower()
        found = self._index.get(entity, {}).get(fold(raw), set())
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            raise ValueError(
                _("“{value}” matches several records; write it more precisely.").format(value=raw)
            )
        close = difflib.get_close_matches(fold(raw), list(self._index.get(entity, {})), n=3, cutoff=0.6)
        if close:
            names = "; ".join(self._shown[entity][c] for c in close)
            raise ValueError(_("Unknown: “{value}”. Did you mean: {names}?").format(value=raw, names=names))
        raise ValueError(_("Unknown: “{value}”.").format(value=raw))

    def resolve_list(self, entity: str, text: Any) -> list[str]:
        parts = [p for p in LIST_SPLIT.split(str(text).strip()) if p]
        return sorted({self.resolve(entity, part) for part in parts})

    def agenda_item(self, meeting_uuid: str, text: Any) -> str:
        """An agenda item cited by its number within the meeting (or by UUID)."""
        raw = str(int(text)) if isinstance(text, float) and text.is_integer() else str(text).strip()
        if UUID_RE.match(raw) and raw.lower() in self._known.get("agenda_item", set()):
            return raw.lower()
        found = self._agenda.get((meeting_uuid, raw))
        if found is None:
            raise ValueError(_("Unknown: “{value}”.").format(value=raw))
        return found
