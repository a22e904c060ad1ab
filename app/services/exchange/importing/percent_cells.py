"""Cells formatted as per cent. Typed as "50%" in Excel or LibreOffice, a cell holds 0.5 and shows
"50%"; calamine gives the 0.5 and says nothing of the format, so a project's share of 50 per cent
was read as half a per cent, without a word. The workbook's styles and the sheet's XML say which
cells are so formatted; in a column of per cent their numbers are read as the per cent they show.

Cheap where it does not apply: a workbook whose styles have no per-cent format (every export of
ours) is not searched, and only the cells of the per-cent columns are looked at."""

import re
import zipfile
from pathlib import Path

from defusedxml import ElementTree

from ....i18n import _
from .formulas import column_letters, local_name, sheet_parts
from .guard import BadWorkbook, open_archive

BUILTIN_PERCENT = {9, 10}  # 0% and 0.00%, numbers of Excel's own formats
_QUOTED = re.compile(r'"[^"]*"|\\.')  # a format's literal texts and escaped characters: no per cent


def percent_cells(path: Path, title: str, columns: set[int]) -> set[tuple[int, int]]:
    """(row, column), from 0, of the cells of `columns` on sheet `title` shown as per cent.
    BadWorkbook when the styles or the workbook's parts are damaged."""
    try:
        return _percent_cells(path, title, columns)
    except (ElementTree.ParseError, ValueError, KeyError) as exc:  # defusedxml refuses with ValueErrors
        raise BadWorkbook(_("{path} is damaged: {error}").format(path=Path(path).name, error=exc)) from exc


def _percent_cells(path: Path, title: str, columns: set[int]) -> set[tuple[int, int]]:
    with open_archive(path) as archive:
        styles = percent_styles(archive)
        if not styles:
            return set()
        part = sheet_parts(archive).get(title)
        if part is None:
            return set()
        try:
            data = archive.read(part)
        except KeyError:
            return set()
    letters = {column_letters(c): c for c in columns}
    cell = re.compile(rb'<(?:\w+:)?c\s+r="(' + b"|".join(x.encode() for x in letters) + rb')(\d+)"([^>]*)>')
    found = set()
    for m in cell.finditer(data):
        style = re.search(rb'\ss="(\d+)"', m[3])
        if style is not None and int(style[1]) in styles:
            found.add((int(m[2]) - 1, letters[m[1].decode()]))
    return found


def percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """The indexes of the cell styles (`s="…"`) whose number format shows per cent."""
    try:
        root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return set()
    codes = {}
    for element in root.iter():
        if local_name(element.tag) == "numFmt" and (number := element.get("numFmtId", "")).isdigit():
            codes[int(number)] = element.get("formatCode", "")
    found: set[int] = set()
    for xfs in root:
        if local_name(xfs.tag) != "cellXfs":
            continue
        for index, xf in enumerate(x for x in xfs if local_name(x.tag) == "xf"):
            number = xf.get("numFmtId", "0")
            if number.isdigit() and (
                int(number) in BUILTIN_PERCENT or _shows_percent(codes.get(int(number), ""))
            ):
                found.add(index)
    return found


def _shows_percent(code: str) -> bool:
    return "%" in _QUOTED.sub("", code)
