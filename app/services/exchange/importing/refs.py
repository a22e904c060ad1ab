"""References in a workbook are written the way people read them (names, codes, numbers); this
finds the record a cell means, in the database or among the rows of the same file."""

import difflib
import re
from collections.abc import Callable
from typing import Any

from ....i18n import _
from ...labels import fold
from ..workbook.snapshot import Records

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)

# The fields whose values name a record of each kind, best first.
NAMING = {
    "sector": ("name_ru", "name_uz", "name_kk"),
    "organization": ("short_name_ru", "short_name_uz", "short_name_kk", "name_ru", "name_uz", "name_kk"),
    "person": ("full_name_ru", "full_name_uz", "full_name_kk"),
    "project": ("code", "name_ru", "name_uz", "name_kk"),
    "meeting": ("code",),
    "roadmap_item": ("number", "code"),
}


class NotFound(ValueError):
    """No record, or several, answer to a name: another source (our database) may still know it."""


def named_in_list(resolve: Callable[[str], str], text: str) -> list[str]:
    """The records one part of a list cell names: one, or several joined by commas ("A, B", as the
    window shows a list) when each of them is known and the whole is not. NotFound for the whole
    part otherwise."""
    try:
        return [resolve(text)]
    except NotFound as whole:
        pieces = [piece for piece in text.split(",") if piece.strip()]
        if len(pieces) > 1:
            try:
                return [resolve(piece) for piece in pieces]
            except NotFound:
                pass
        raise whole from None


def decision_label(meeting_code: str, position: Any) -> str:
    """How a decision is cited: its meeting's code and its number there, e.g. UZ-M-001 / 3."""
    return f"{meeting_code} / {position}"


def _key(text: str) -> str:
    """Lookup form of a label: folded, and "UZ-M-001/3" the same as "UZ-M-001 / 3"."""
    return re.sub(r"\s*/\s*", "/", fold(text))


class Resolver:
    def __init__(self, *sources: Records):
        self._index: dict[str, dict[str, set[str]]] = {}
        self._shown: dict[str, dict[str, str]] = {}
        self._known: dict[str, set[str]] = {}
        self._agenda: dict[tuple[str, str], str] | None = None  # made when first asked (agenda_item)
        self._sides: dict[str, str] = {}  # organizations and people: uuid → side
        self._described: dict[str, str] = {}  # uuid → how a candidate is named in a message
        self._sources = sources
        for records in sources:
            self.add(records)

    def add(self, records: Records) -> None:
        meeting_codes = {u: v.get("code") for u, v in records.get("meeting", {}).items()}
        for entity, rows in records.items():
            for uuid, values in rows.items():
                self.add_record(entity, uuid, values, meeting_codes)

    def add_record(
        self, entity: str, uuid: str, values: dict[str, Any], meeting_codes: dict[Any, Any] | None = None
    ) -> None:

        self._known.setdefault(entity, set()).add(uuid)
        if values.get("side"):
            self._sides[uuid] = values["side"]
        names = [values.get(k) for k in NAMING.get(entity, ())]
        if entity == "decision":
            code = (meeting_codes or {}).get(values.get("meeting")) or self._meeting_code(
                values.get("meeting")
            )
            if code:
                names.append(decision_label(code, values.get("position")))
        shown = [str(n) for n in names if n]
        if shown:
            self._described.setdefault(uuid, " — ".join(list(dict.fromkeys(shown))[:2]))
        for name in names:
            if name:
                key = _key(str(name))
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
        found = self._index.get(entity, {}).get(_key(raw), set())
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            names = "; ".join(sorted(self._described.get(u, u) for u in found))
            raise NotFound(
                _("“{value}” matches several records: {names}. Write its code or its full name.").format(
                    value=raw, names=names
                )
            )
        close = self._suggest(entity, _key(raw))
        if close:
            names = "; ".join(self._shown[entity][c] for c in close)
            raise NotFound(_("Unknown: “{value}”. Did you mean: {names}?").format(value=raw, names=names))
        raise NotFound(_("Unknown: “{value}”.").format(value=raw))

    def _suggest(self, entity: str, target: str) -> list[str]:
        """Known labels close to a typed one: whole-label typos, and the start of a long name."""
        keys = list(self._index.get(entity, {}))
        found = difflib.get_close_matches(target, keys, n=3, cutoff=0.6)
        if len(found) < 3 and len(target) >= 4:
            starts = [k for k in keys if k[:2] == target[:2] and k not in found]
            scored = sorted(
                ((difflib.SequenceMatcher(None, target, k[: len(target)]).ratio(), k) for k in starts),
                reverse=True,
            )
            found += [k for ratio, k in scored[: 3 - len(found)] if ratio >= 0.8]
        return found

    def side_of(self, entity: str, uuid: str) -> str | None:
        return self._sides.get(uuid)

    def name_of(self, entity: str, uuid: str) -> str:
        for key, uuids in self._index.get(entity, {}).items():
            if uuid in uuids:
                return self._shown[entity][key]
        return uuid

    def agenda_item(self, meeting_uuid: str, text: Any) -> str:
        """An agenda item cited by its number within the meeting (or by UUID)."""
        raw = str(int(text)) if isinstance(text, float) and text.is_integer() else str(text).strip()
        if UUID_RE.match(raw) and raw.lower() in self._known.get("agenda_item", set()):
            return raw.lower()
        if self._agenda is None:
            # Indexed when first asked, not when made: a file's references are resolved one sheet
            # after another, and the agenda's own meetings are resolved before the decisions ask.
            self._agenda = {}
            for records in self._sources:
                for uuid, values in records.get("agenda_item", {}).items():
                    if values.get("meeting"):
                        self._agenda[(values["meeting"], str(values.get("position")))] = uuid
        found = self._agenda.get((meeting_uuid, raw))
        if found is None:
            raise ValueError(_("Unknown: “{value}”.").format(value=raw))
        return found
