"""The layout of the exchange workbook, shared by the writer and the reader. No workbook library here.

Every entity sheet:
    row 1 (hidden)   stable keys: the `fields.py` keys, `uuid`, and helper columns starting with `_`
                     (formulas for Excel's own use, never read back)
    row 2            headers in the exporter's language
    row 3 …          one record per row; a row without a uuid is a record a person added

A sheet is found by its code name (`ws.sheet_properties.codeName` = the entity key, which Excel
keeps when a person renames the sheet), else by the `sheet` rows of the metadata sheet.

Cells hold values as people read them; `plain_to_cell` makes them, `cell_to_plain` reads them back:
    text               the text (control characters escaped the OOXML way, _xHHHH_: XlsxWriter
                       does it, `escape_text` where openpyxl writes)
    int / decimal      numbers; money and shares with two decimals (written with 16 significant
                       digits: the cents of 100 trillion and more are rounded in the cell)
    date / time        real Excel dates (DD.MM.YYYY) and times (HH:MM)
    enum               its label in the exporter's language (`labels.label`)
    bool               a real TRUE/FALSE cell
    ref                the referenced record's label (`ref_labels`); refs: labels joined with "; "
    deadline           a real date; or the quarter text ("IV квартал 2026 г.", "2026-yil IV chorak",
                       "2026 ж. IV тоқсан"); or the "on a regular basis" label; or empty

The `lists` sheet (hidden; code name `lists`) holds the drop-downs' contents and maps each label
back to its value: a pair of columns per list, keys in row 1 (`<list>` and `<list>:value`), headers
in row 2, items from row 3. Lists: `enum:<EnumClass>` (label → enum value), `currency`, `timezone`,
`ref:<entity>` (label → uuid, all records) and `ref:organization:UZ|KZ` (one side's organizations).
Workbook names `SD_<list with ':' as '_'>` point at the label columns (the validations use them).

The metadata sheet (very hidden; code name and title `meta`): key in A, value in B — see META_KEYS;
`sheet` rows: B entity key (or instructions/lists/meta), C sheet title; `snapshot` rows: one chunk
of `Snapshot.to_text_chunks()` each, in order; `checks` rows: the rows' checksums, one chunk of
`rowcheck.encode_checks()` each (a reader without them parses every cell).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ....i18n import N_, translate_in
from ....models import ONGOING_VALUES, DeadlineKind, org_label, pick_text
from ...fields import (
    ENTITIES,
    Field,
)
from ...formatting import format_deadline
from ...kinds import handler

FORMAT_VERSION = 1
KEY_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
UUID = "uuid"
HELPER = "_"  # keys of helper columns start with it; the reader skips them
DUE = "_due"  # roadmap: the due date of a quarter deadline, for the overdue highlight
REF_SEPARATOR = "; "

# Sheets in the order people meet them.
ENTITY_SHEETS = (
    "project",
    "roadmap_item",
    "progress_report",
    "postponement",
    "meeting",
    "agenda_item",
    "decision",
    "minutes_unlock",
    "organization",
    "person",
    "sector",
)
INSTRUCTIONS = "instructions"  # code names of the other sheets
LISTS = "lists"
META = "meta"  # very hidden: also its title
# The error list sent back with a partner's workbook (error_workbook.py): its code name, and the
# text of its hidden cell A1, by which the reader knows to skip it (calamine gives no code names).
ERRORS = "errors"
ERRORS_MARK = "_errors"

# Metadata sheet: key in column A, value in B; `snapshot` rows carry one chunk each, in order;
# `sheet` rows give entity key (B) and sheet title (C).
META_KEYS = (
    "format_version",
    "exchange_uuid",
    "sender_side",
    "counterpart_side",
    "sequence",
    "exported_at",
    "program_version",
    "language",
    "acknowledges",
    "database_id",  # the exporting database's identity (settings.copy_id)
    "operator",  # the exporting operator's name (empty when the copy has none)
)

LANGUAGE_SUFFIX = {
    "ru": N_("{label}, in Russian"),
    "uz": N_("{label}, in Uzbek"),
    "kk": N_("{label}, in Kazakh"),
}
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


# The entities other records refer to: the only ones that need labels.
REFERENCED = frozenset(f.ref for e in ENTITIES.values() for f in e.fields if f.ref)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    field: Field | None  # None for uuid and helper columns
    hidden: bool = False


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique Excel sheet title: at most 31 characters, none of []:*?/\\."""
    base = SHEET_TITLE_FORBIDDEN.sub(" ", text).strip().strip("'")[:31] or "Sheet"
    taken_folded = {t.casefold() for t in taken}
    title, n = base, 1
    while title.casefold() in taken_folded:
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1]} {n}"
    return title


def header_text(f: Field, lang: str) -> str:
    text = translate_in(lang, f.label)
    if f.lang:
        return translate_in(lang, LANGUAGE_SUFFIX[f.lang]).format(label=text)
    return text


def columns(entity_key: str, lang: str) -> list[Column]:
    """The columns of an entity sheet: the fields (texts in the exporter's language first), then
    the uuid, then helper columns."""
    fields = list(ENTITIES[entity_key].fields)
    order = {code: i for i, code in enumerate((lang, *(c for c in ("ru", "uz", "kk") if c != lang)))}
    placed: list[Field] = []
    for f in fields:
        if f.group and f in placed:
            continue
        if f.group:
            group = sorted((g for g in fields if g.group == f.group), key=lambda g: order[g.lang or ""])
            placed.extend(group)
        else:
            placed.append(f)
    cols = [Column(f.key, header_text(f, lang), f) for f in placed]
    cols.append(Column(UUID, "UUID", None))
    if entity_key == "roadmap_item":
        cols.append(Column(DUE, DUE, None, hidden=True))
    return cols


# ---- labels of referenced records -------------------------------------------------------------


def _texts(record: dict[str, Any], group: str) -> dict[str, str | None]:
    return {code: record.get(f"{group}_{code}") for code in ("ru", "uz", "kk")}


def base_label(entity_key: str, record: dict[str, Any], lang: str, records: Mapping[str, Any]) -> str:
    """How people cite a record, computed from plain values (so a reader can label rows a person
    added by hand the same way). `records` is entity → uuid → plain record."""
    if entity_key == "sector":
        text = pick_text(_texts(record, "name"), lang)
    elif entity_key == "organization":
        text = org_label(_texts(record, "short_name"), _texts(record, "name"), lang)
    elif entity_key == "person":
        text = pick_text(_texts(record, "full_name"), lang)
    elif entity_key in ("project", "meeting"):
        text = record.get("code") or ""
    elif entity_key == "roadmap_item":
        text = record.get("number") or ""
    elif entity_key == "agenda_item" and not record.get("meeting"):  # the backlog: by its question
        text = pick_text(_texts(record, "title"), lang)[:80]
    elif entity_key in ("agenda_item", "decision"):
        meeting = records.get("meeting", {}).get(record.get("meeting") or "", {})
        text = f"{meeting.get('code') or ''} / {record.get('position')}"
    else:
        text = ""
    # The separator of lists of references cannot appear inside one label.
    return " ".join(text.replace(";", ",").split())


def ref_labels(records: Mapping[str, Mapping[str, dict[str, Any]]], lang: str) -> dict[str, dict[str, str]]:
    """entity → uuid → label, unique within the entity: equal labels get the record's code (or
    the start of its uuid) in brackets."""
    out: dict[str, dict[str, str]] = {}
    for entity_key, rows in records.items():
        if entity_key not in REFERENCED:
            continue
        base = {uuid: base_label(entity_key, rec, lang, records) for uuid, rec in rows.items()}
        seen: dict[str, int] = {}
        for text in base.values():
            seen[text.casefold()] = seen.get(text.casefold(), 0) + 1
        labels = {}
        for uuid, text in base.items():
            if seen[text.casefold()] > 1 or not text:
                tag = rows[uuid].get("code")
                tag = uuid[:8] if not tag or tag == text else tag
                text = f"{text} [{tag}]" if text else f"[{tag}]"
            labels[uuid] = text
        out[entity_key] = labels
    return out


# ---- text escaping ----------------------------------------------------------------------------

# Characters XML 1.0 cannot carry, and CR (which XML turns into LF): written as _xHHHH_, as Excel
# does; a literal "_xHHHH_" in a text is protected as "_x005F_xHHHH_". Excel and calamine undo it.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape_text(text: str) -> str:
    if "_x" in text:
        text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def unescape_text(text: str) -> str:
    """For readers that do not undo the escaping themselves (openpyxl); calamine does."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


# Text that Excel would take for a formula when a person edits the cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def formula_like(values: list[Any]) -> list[int]:
    """The indexes of the texts among `values` that `looks_like_formula` (one pass in C per item)."""
    return [r for r, v in enumerate(values) if v.__class__ is str and v.startswith(FORMULA_START)]


def needs_care(text: str) -> bool:
    """Text that cannot go into a cell as it is: escaped characters or a formula look-alike."""
    return (
        text.startswith(FORMULA_START)
        or "_x" in text
        # Every character to escape is unprintable: the quick test spares the search most texts.
        or (not text.isprintable() and _CONTROL.search(text) is not None)
    )


def needing_care(values: list[Any]) -> list[int]:
    """The indexes of the texts among `values` that `needs_care` (other values never do): the
    same answer as asking each, found at once for a whole column that holds none of them, as
    most columns do (a column that may, maybe only a line starting with "-" in a note, is
    asked text by text)."""
    if set(map(type, values)) <= _TEXT_OR_NONE:
        whole = "\n" + "\n".join(filter(None, values))
    else:
        whole = "\n" + "\n".join([v for v in values if v.__class__ is str])
    # Each test scans the text in C; a regular expression of them all was slower than all four.
    if (
        "_x" in whole
        or any(start in whole for start in _LINE_STARTS)
        or not whole.replace("\n", " ").isprintable()  # \t and \r are not: they start formulas
    ):
        return [r for r, v in enumerate(values) if v.__class__ is str and needs_care(v)]
    return []


_TEXT_OR_NONE = {str, type(None)}
_LINE_STARTS = tuple("\n" + start for start in FORMULA_START if start.isprintable())


# ---- values → cells ---------------------------------------------------------------------------


def deadline_cell(plain: str | None, lang: str) -> date | str | None:
    if plain is None:
        return None
    if plain in ONGOING_VALUES:
        return format_deadline(plain, None, None, None, lang)
    if "-Q" in plain:
        year, quarter = plain.split("-Q")
        return format_deadline(DeadlineKind.QUARTER, None, int(year), int(quarter), lang)
    return date.fromisoformat(plain)


def plain_to_cell(f: Field, plain: Any, labels: dict[str, dict[str, str]], lang: str) -> Any:
    """A plain value as the cell shows it."""
    return column_cells(f, labels, lang, [plain])[0]


def column_cells(f: Field, labels: dict[str, dict[str, str]], lang: str, plains: list[Any]) -> list[Any]:
    """`plain_to_cell` of a whole column of one field's plain values, in one comprehension."""
    convert = handler(f).cell(f, labels, lang)
    if convert is None:  # texts: as they are, but for an empty list (a hostile snapshot's)
        return [None if v == [] else v for v in plains] if [] in plains else plains
    return [None if v is None or v == [] else convert(v) for v in plains]
