"""Where a workbook has formulas. calamine reads the values and says nothing of formulas: a formula
cell gives it the value the file carries, or "" when the program that saved the file does not
calculate (openpyxl, a script) — an emptied field, without a word. So the sheets' XML is searched.

Speed: a returned export has formulas only in the hidden helper column of the roadmap (one a
quarter deadline), so a sheet is not parsed: a byte search finds each `<f>`, and only the cell
around it is looked at (a 25 000-record file: some 45 ms, two thirds of it the unpacking of the
sheets). A file whose formula cells lack their `r="B5"` address (allowed, rare) is parsed element
by element. The guard checked the archive's sizes before this runs; defusedxml reads the small parts.
"""

import io
import posixpath
import re
import zipfile
from collections.abc import Container
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import IO, Any

from defusedxml import ElementTree

from ....i18n import _, ngettext
from .guard import BadWorkbook, open_archive

MAX_RANGE_CELLS = 10_000  # an array formula's range; beyond, only its first cell is known
NAMED_NOTES = 10  # formula cells named one by one in the plan's notes; the rest are counted
PIECE = 1 << 20  # bytes of a sheet's XML searched at a time


@dataclass(frozen=True, slots=True)
class Formula:
    text: str  # without "=", as the file has it; "" for the later cells of a shared or array formula
    computed: bool  # the file carries the formula's value


Cells = dict[tuple[int, int], Formula]  # (row, column), from 0, as calamine's rows and cells
Range = tuple[int, int, int, int]  # merged cells: first row, first column, last row, last column, from 0


class FormulaIndex:
    """Sheet title → its formula cells, a sheet searched when asked for."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._parts: dict[str, str] | None = None
        self._taken: list[tuple[str, Any]] = []
        self._merged: dict[str, list[Range]] = {}

    def rows(self, title: str, columns: Container[int], first: int) -> dict[int, list[tuple[int, Formula]]]:
        """Row index → [(column, Formula)] in the columns that are read: not in our own helper
        columns, nor in columns the import does not know."""
        rows: dict[int, list[tuple[int, Formula]]] = {}
        for (r, col), formula in sorted(self.cells(title, columns).items()):
            if r >= first and col in columns:
                rows.setdefault(r, []).append((col, formula))
        return rows

    def merged(self, title: str) -> list["Range"]:
        """The merged ranges of a sheet whose formulas were searched (`rows`, `cells`)."""
        return self._merged.get(title, [])

    def taken(self, cell: str, value: Any) -> None:
        """A formula's value, as the file has it, was read from this cell (`Sheet!B5`)."""
        self._taken.append((cell, value))

    def notes(self) -> list[str]:
        """For the plan: the cells whose formulas were taken as their values."""
        notes = [
            _("The formula in {cell} was taken as the value it shows: {value}").format(cell=cell, value=value)
            for cell, value in self._taken[:NAMED_NOTES]
        ]
        if len(self._taken) > NAMED_NOTES:
            more = len(self._taken) - NAMED_NOTES
            notes.append(
                ngettext(
                    "… and {count} more formula cell was taken as the value it shows.",
                    "… and {count} more formula cells were taken as the values they show.",
                    more,
                ).format(count=more)
            )
        return notes

    def cells(self, title: str, columns: Container[int] | None = None) -> Cells:
        """The formula cells of a sheet (those of `columns`, and perhaps some more)."""
        try:
            with open_archive(self.path) as archive:
                if self._parts is None:
                    self._parts = sheet_parts(archive)
                try:
                    part = archive.getinfo(self._parts[title])
                except (
                    KeyError
                ):  # no such part: a chart sheet, or a damaged workbook calamine read all the same
                    return {}
                merged = self._merged[title] = []
                with archive.open(part) as stream:
                    found = scan_formulas(stream, columns, merged=merged)
                data = archive.read(part) if found is None else b""
            if found is None:
                merged[:] = _merges(data, _namespace(data))
                return _parse(data)
            return found
        except (ElementTree.ParseError, ValueError) as exc:  # defusedxml's refusals are ValueErrors
            raise BadWorkbook(_("{path} is damaged: {error}").format(path=self.path.name, error=exc)) from exc


def no_value_message() -> str:
    return _(
        "The formula has no computed value: the file was saved by a program that does not "
        "calculate formulas. Type the value into the cell, or open the file in Excel and save it."
    )


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → the zip name of its XML, through workbook.xml and its relationships."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels if local_name(r.tag) == "Relationship"}
    parts = {}
    for sheet in book.iter():
        if local_name(sheet.tag) != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if local_name(k) == "id"), None)
        target = targets.get(rid)
        name = sheet.get("name")
        if target and name is not None:
            # Targets are relative to xl/, or absolute within the package ("/xl/worksheets/…").
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            parts[name] = posixpath.normpath(path)
    return parts


_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>]")
_ATTR = re.compile(rb"""\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ADDRESS = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
_CONSTANTS = {"TRUE()", "FALSE()"}


def find_formulas(data: bytes, columns: Container[int] | None = None, piece: int = PIECE) -> Cells:
    """The formula cells of one sheet's XML; with `columns`, those of other columns may be left
    out (our helper column's, in every returned export)."""
    found = scan_formulas(io.BytesIO(data), columns, piece)
    return found if found is not None else _parse(data)


def scan_formulas(
    stream: IO[bytes],
    columns: Container[int] | None = None,
    piece: int = PIECE,
    merged: list[Range] | None = None,
) -> Cells | None:
    """The formula cells of the sheet's XML `stream`, searched `piece` bytes at a time, each piece
    cut after its last whole row (a cell never reaches into the next row): a large sheet's XML
    (16 MB for a roadmap of 10 000 items) is not held whole (issue 21). None when the sheet must be
    parsed element by element instead (`_parse`). The merged ranges (after the rows) go into
    `merged`."""
    found: Cells = {}
    ns = row_end = None
    rest = b""
    while True:
        more = stream.read(piece)
        data = rest + more
        if ns is None:
            root = _ROOT.search(data)
            if root is None:
                if not more:
                    return {}
                rest = data  # the root element not read yet
                continue
            ns = root[1] + b":" if root[1] else b""  # the prefix of the sheet's elements, usually none
            row_end = b"</" + ns + b"row>"
        assert row_end is not None  # with ns
        cut = data.rfind(row_end) + len(row_end) if more else len(data)
        if more and cut < len(row_end):  # no whole row in it yet
            rest = data
            continue
        if _scan(data[:cut], ns, columns, found) is None:
            return None
        if merged is not None:
            merged.extend(_merges(data[:cut], ns))
        rest = data[cut:]
        if not more:
            return found


def _namespace(data: bytes) -> bytes:
    root = _ROOT.search(data)
    return root[1] + b":" if root is not None and root[1] else b""


def _merges(data: bytes, ns: bytes) -> list[Range]:
    """The merged ranges in a piece of a sheet's XML (`<mergeCell ref="B5:D5"/>`, after the rows)."""
    if b"mergeCell" not in data:
        return []
    found = []
    for m in re.finditer(rb"<" + re.escape(ns) + rb"mergeCell(\s[^<>]*)?/?>", data):
        first, _colon, last = _attrs(m[1] or b"").get("ref", "").partition(":")
        start, end = _ADDRESS.fullmatch(first), _ADDRESS.fullmatch(last or first)
        if start and end:
            (r1, c1), (r2, c2) = _position(start), _position(end)
            found.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
    return found


def _attrs(tag: bytes) -> dict[str, str]:
    return {
        m[1].decode(): (m[2] if m[2] is not None else m[3]).decode("utf-8", "replace")
        for m in _ATTR.finditer(tag)
    }


def _scan(data: bytes, ns: bytes, columns: Container[int] | None, found: Cells) -> Cells | None:
    """The cells around each `<f`, added to `found`; None when one of them has no address."""
    tag = re.compile(rb"<" + re.escape(ns) + rb"f[\s/>]")
    cell_tag = re.compile(rb"<" + re.escape(ns) + rb"c(\s[^<>]*)?>\s*\Z")
    f_end, c_end = b"</" + ns + b"f>", b"</" + ns + b"c>"
    value = re.compile(rb"<" + re.escape(ns) + rb"(v|is)[\s/>]")
    for m in tag.finditer(data):
        at = m.start()
        start = data.rfind(b"<", 0, at)
        cell = cell_tag.match(data, start, at)
        if cell is None:
            continue  # not the first child of a cell: no formula of a cell
        attrs = _attrs(cell[1] or b"")
        address = _ADDRESS.fullmatch(attrs.get("r", ""))
        if address is None:
            return None
        head_end = data.index(b">", at)
        where = _position(address)
        if columns is not None and where[1] not in columns and b"ref=" not in data[at:head_end]:
            continue  # a column not read, and no range of cells (an array formula's) reaching into one
        if data[head_end - 1 : head_end] == b"/":
            text, after = "", head_end + 1
        else:
            close = data.find(f_end, head_end)
            if close < 0:
                return None  # not well formed: the parser says where
            text, after = unescape(data[head_end + 1 : close].decode("utf-8", "replace")), close + len(f_end)
        end = data.find(c_end, after)
        found_value = value.search(data, after, end if end >= 0 else len(data))
        shown = None
        if found_value is not None and found_value[1] == b"v":
            v_end = data.index(b">", found_value.start())
            shown = (
                ""
                if data[v_end - 1 : v_end] == b"/"
                else data[v_end + 1 : data.find(b"<", v_end)].decode("utf-8", "replace")
            )
        inline = found_value is not None and found_value[1] == b"is"
        _add(found, where, text, _computed(shown, attrs.get("t"), inline), _attrs(data[at:head_end]))
    return found


def _computed(shown: str | None, kind: str | None, inline: bool) -> bool:
    """Whether the file carries the formula's value (`shown`: the text of its `<v>`, None without
    one). openpyxl writes `<v/>` after a formula it did not calculate; a program that calculated
    writes the value, or an empty text result with its type (`t="str"`)."""
    return inline or (shown is not None and (bool(shown.strip()) or kind not in (None, "", "n")))


def _parse(data: bytes) -> Cells:
    """Element by element, for cells without addresses: the next row, the next column."""
    found: Cells = {}
    row = column = -1
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        name = local_name(element.tag)
        if event == "start":
            if name == "row":
                row = int(r) - 1 if (r := element.get("r")) else row + 1
                column = -1
            elif name == "c":
                address = _ADDRESS.fullmatch(element.get("r") or "")
                row, column = _position(address) if address else (row, column + 1)
            continue
        if name == "c":
            children = {local_name(child.tag): child for child in element}
            formula = children.get("f")
            if formula is not None:
                v = children.get("v")
                computed = _computed(None if v is None else v.text or "", element.get("t"), "is" in children)
                _add(found, (row, column), formula.text or "", computed, dict(formula.attrib))
            element.clear()
        elif name == "row":
            element.clear()
    return found


def _add(found: Cells, where: tuple[int, int], text: str, computed: bool, f_attrs: dict[str, str]) -> None:
    if computed and text.upper() in _CONSTANTS:
        return  # LibreOffice writes every TRUE and FALSE cell so: a value, not a person's formula
    found[where] = Formula(text, computed)
    if f_attrs.get("t") in ("array", "dataTable") and ":" in f_attrs.get("ref", ""):
        # The other cells of an array formula have no formula of their own, and no value either
        # when the formula was never calculated.
        first, last = (_ADDRESS.fullmatch(p) for p in f_attrs["ref"].split(":", 1))
        if first and last:
            (r1, c1), (r2, c2) = _position(first), _position(last)
            if (r2 - r1 + 1) * (c2 - c1 + 1) <= MAX_RANGE_CELLS:
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        found.setdefault((r, c), Formula("", computed))


def column_letters(index: int) -> str:
    """A column's letters from its index from 0: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _position(address: re.Match[str]) -> tuple[int, int]:

    column = 0
    for letter in address[1].upper():
        column = column * 26 + ord(letter) - 64
    return int(address[2]) - 1, column - 1
