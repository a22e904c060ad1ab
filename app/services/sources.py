"""Where a change came from and who made it, as the change log keeps them: language-neutral when
stored, read in the reader's language when shown.

`source` holds `local` (an edit in this copy), `demo` (the demo data) or, for an import, a small
JSON object: {"kind": "import", "file": …, "sequence": …, "origin": program|return|hand}. Rows of
earlier versions hold "import: X" or "импорт: X" (the message in the language of the day): read
as an import of X. `operator` is empty when the person is not known: someone on the other side.
"""

import json
import re
from dataclasses import dataclass
from typing import Any

from ..i18n import N_, translate_label
from ..models import ExchangeOrigin

LOCAL, DEMO, IMPORT, OTHER = "local", "demo", "import", "other"
UNKNOWN_OPERATOR = ""  # the other side's person, not named by the file
MAX_FILE_NAME = 300  # the column holds 500 characters with the rest of the JSON

LABELS = {LOCAL: N_("Edited here"), DEMO: N_("Demo data")}
IMPORT_LABELS: dict[ExchangeOrigin | None, str] = {
    ExchangeOrigin.PROGRAM: N_("Exchange workbook No. {number} of the other side: {file}"),
    ExchangeOrigin.RETURN: N_("Our exchange workbook No. {number}, returned with edits: {file}"),
    ExchangeOrigin.HAND: N_("A sheet made by hand: {file}"),
}
IMPORT_LABEL = N_("Import: {file}")  # the number or kind of file not known (rows of earlier versions)
OTHER_SIDE_OPERATOR = N_("operator of the other side")
_OLD_IMPORT = re.compile(r"^(?:import|импорт): (.+)$", re.S)


@dataclass(frozen=True)
class Source:
    kind: str  # LOCAL, DEMO, IMPORT or OTHER (a text this version cannot read, shown as it is)
    file: str | None = None
    sequence: int | None = None  # the exchange's number in its sender's series
    origin: ExchangeOrigin | None = None
    text: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.kind == IMPORT:
            data.update(
                file=self.file, sequence=self.sequence, origin=self.origin.value if self.origin else None
            )
        elif self.kind == OTHER:
            data["text"] = self.text
        return data


def import_source(file: str, sequence: int | None, origin: ExchangeOrigin) -> str:
    """The stored source of the changes an imported file brings."""
    data = {"kind": IMPORT, "file": file[:MAX_FILE_NAME], "sequence": sequence, "origin": origin.value}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def parse_source(stored: str | None) -> Source:
    if stored in (LOCAL, DEMO):
        return Source(stored)
    text = stored or ""
    if text.startswith("{"):
        try:
            data = json.loads(text)
            if isinstance(data, dict) and data.get("kind") == IMPORT:
                sequence = data.get("sequence")
                return Source(
                    IMPORT,
                    file=str(data.get("file") or ""),
                    sequence=sequence if isinstance(sequence, int) and sequence > 0 else None,
                    origin=_origin(data.get("origin")),
                )
        except ValueError:
            pass
    if m := _OLD_IMPORT.match(text):
        return Source(IMPORT, file=m.group(1))
    return Source(OTHER, text=text)


def _origin(value: Any) -> ExchangeOrigin | None:
    try:
        return ExchangeOrigin(value)
    except ValueError:
        return None


def source_label(stored: str | None, lang: str | None = None) -> str:
    source = parse_source(stored)
    if source.kind in LABELS:
        return translate_label(LABELS[source.kind], lang)
    if source.kind == OTHER:
        return source.text or ""
    message = IMPORT_LABELS.get(source.origin, IMPORT_LABEL)
    if source.origin != ExchangeOrigin.HAND and source.sequence is None:
        message = IMPORT_LABEL
    return translate_label(message, lang).format(file=source.file, number=source.sequence)


def operator_label(operator: str | None, lang: str | None = None) -> str:
    """Who made a change, as shown: the name, or "operator of the other side" when none is known."""
    return operator if operator else translate_label(OTHER_SIDE_OPERATOR, lang)
