"""Cell formats and sheet settings of the workbooks written with XlsxWriter (the exchange workbook
and the roadmap table), through its public API only.

Loads XlsxWriter: import it only inside the export functions. Every format is made once per
workbook, on first use. XlsxWriter reports a setting it refuses (a range off the sheet, a title
too long for Excel) by a warning and a negative return value; `done` turns that into an error, so
that no drop-down or protection goes missing from a file without a word.
"""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

EDGE = "#BFBFBF"
HEADER_FILL = "#DDEBF7"
SECTION_FILL = "#FCE4D6"
OVERDUE_FILL = "#F8CBAD"
OVERDUE_FONT = "#9C0006"
MAX_ROW = 1_048_576
DIGIT_PIXELS = 7  # the default font's (11-point Calibri) digit: the file's unit of column widths

# Workbook options of every file we write: texts are texts. XlsxWriter would otherwise write a
# text starting with "=" as a formula and one like an address as a hyperlink.
TEXTS_AS_TEXTS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


@dataclass(frozen=True)
class Spec:
    number_format: str = "General"
    horizontal: str | None = None
    vertical: str = "top"
    wrap: bool = True
    locked: bool = False
    bold: bool = False
    fill: str | None = None
    color: str | None = None
    size: float | None = None
    indent: int = 0
    border: bool = True


SPECS: dict[str, Spec] = {
    "text": Spec("@"),
    "int": Spec("#,##0", horizontal="right", wrap=False),
    "money": Spec("#,##0.00", horizontal="right", wrap=False),
    "decimal": Spec("0.00", horizontal="right", wrap=False),
    "date": Spec("DD.MM.YYYY", horizontal="center", wrap=False),
    "deadline": Spec("DD.MM.YYYY", horizontal="center"),  # a date, or a quarter / "regular" as text
    "time": Spec("HH:MM", horizontal="center", wrap=False),
    "bool": Spec(horizontal="center", wrap=False),
    "uuid": Spec("@", locked=True, color="#808080", size=8, wrap=False),
    "header": Spec(bold=True, fill=HEADER_FILL, locked=True, horizontal="center", vertical="center"),
    "title": Spec(bold=True, size=14, wrap=False, border=False, vertical="center"),
    "note": Spec(border=False),
    "heading": Spec(bold=True, size=12, border=False, fill=HEADER_FILL),
    "plain": Spec(border=False, wrap=False),
}


class Styles:
    """The cell formats of one workbook, each made once."""

    def __init__(self, wb: Workbook):
        self.wb = wb
        self._formats: dict[tuple[Any, ...], Format] = {}
        self._keys: dict[int, tuple[Any, ...]] = {}  # id of a format → its key

    def get(
        self,
        kind: str,  # a kind of SPECS, or "default": the workbook's default format (Excel's plain cell)
        *,
        section: bool = False,
        indent: int = 0,
        overdue: bool = False,
        quoted: bool = False,
        **changes: Any,
    ) -> Format:
        """The format of a kind; `quoted`: with Excel's quote prefix, so that a text that looks like
        a formula stays a text also when a person edits the cell."""
        key = (kind, section, indent, overdue, quoted, tuple(sorted(changes.items())))
        found = self._formats.get(key)
        if found is None:
            if kind == "default":
                # Its own copy of the default format: a cell given it shows plain in a column of
                # another format (a cell without a format takes its column's).
                properties = {"quote_prefix": True} if quoted else {}
            else:
                spec = SPECS[kind]
                if section:
                    spec = replace(spec, bold=True, fill=SECTION_FILL)
                if overdue:
                    spec = replace(spec, fill=OVERDUE_FILL, color=OVERDUE_FONT)
                if indent:
                    spec = replace(spec, indent=indent)
                if changes:
                    spec = replace(spec, **changes)
                properties = _properties(spec, quoted)
            found = self._formats[key] = self.wb.add_format(properties)
            self._keys[id(found)] = key
        return found

    def quoted(self, fmt: Format) -> Format:
        """`fmt` (made here) with the quote prefix."""
        kind, section, indent, overdue, _quoted, changes = self._keys[id(fmt)]
        return self.get(kind, section=section, indent=indent, overdue=overdue, quoted=True, **dict(changes))

    def overdue_highlight(self) -> Format:
        """The look a conditional format gives an overdue row (a differential format)."""
        key = ("overdue highlight",)
        if key not in self._formats:
            self._formats[key] = self.wb.add_format({"bg_color": OVERDUE_FILL, "font_color": OVERDUE_FONT})
        return self._formats[key]


# Number formats Excel has built in, by their index (XlsxWriter would add a text one as custom).
BUILT_IN = {"@": 49, "#,##0": 3, "#,##0.00": 4, "0.00": 2}


def _properties(spec: Spec, quoted: bool) -> dict[str, Any]:
    props: dict[str, Any] = {
        "valign": "vcenter" if spec.vertical == "center" else spec.vertical,
        "text_wrap": spec.wrap,
        "locked": spec.locked,
        "bold": spec.bold,
        "font_size": spec.size or 11,
    }
    if spec.number_format != "General":
        props["num_format"] = BUILT_IN.get(spec.number_format, spec.number_format)
    if spec.horizontal:
        props["align"] = spec.horizontal
    if spec.fill:
        props["pattern"] = 1
        props["bg_color"] = spec.fill
    if spec.color:
        props["font_color"] = spec.color
    if spec.indent:
        props["indent"] = spec.indent
    if spec.border:
        props["border"] = 1
        props["border_color"] = EDGE
    if quoted:
        props["quote_prefix"] = True
    return props


def close(wb: Workbook) -> None:
    """Writes the file. XlsxWriter wraps the OSError of a full disk or a refused folder in an error
    of its own: the OSError goes on, for the caller's messages (export_io.py)."""
    try:
        wb.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, OSError):
            raise cause from None
        raise


def done(result: Any) -> None:
    """XlsxWriter's answer to a setting: a negative number when it refused it (and only warned)."""
    if isinstance(result, int) and result < 0:
        raise RuntimeError(f"XlsxWriter refused a setting of the workbook (code {result})")


def set_width(ws: Worksheet, column: int, width: float, fmt: Format | None = None, **options: Any) -> None:
    """A column's width in the file's unit (see sizes.py), its format (what cells typed into empty
    rows get) and options such as hidden. XlsxWriter's `set_column` takes the width Excel shows,
    which is the file's less the cell padding: the pixels say it exactly."""
    done(ws.set_column_pixels(column, column, round(width * DIGIT_PIXELS), fmt, options or None))


def set_height(ws: Worksheet, row: int, height: float | None, **options: Any) -> None:
    """A row's height in points (None: Excel's own) and options such as hidden; in constant-memory
    mode, before the row's first cell."""
    done(ws.set_row(row, height, None, options or None))


def setup_print(
    ws: Worksheet, footer: str, title_rows: tuple[int, int] | None, *, portrait: bool = False
) -> None:
    """A4, landscape unless said, fit to the page width, header rows (0-based, first and last) on
    every page, the sheet's name and the page numbers below."""
    if portrait:
        ws.set_portrait()
    else:
        ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if title_rows:
        ws.repeat_rows(*title_rows)
    ws.set_header("", {"margin": 0.5})
    ws.set_footer(f"&L&8 &A&R&8 {footer}", {"margin": 0.5})


# XlsxWriter's answer to a text longer than a cell holds (32 767 UTF-16 units): written, cut there,
# as Excel would cut it. The program keeps texts within 32 767 characters, but a character beyond
# the Basic Multilingual Plane (an emoji) counts twice in UTF-16.
CUT = -2


def written(result: Any) -> None:
    """`done` for the writing of a cell: a text cut to what a cell holds is written all the same."""
    if result != CUT:
        done(result)


def write_text(ws: Worksheet, row: int, column: int, text: str, fmt: Format | None) -> None:
    """A text as a text, never a formula (the workbook's TEXTS_AS_TEXTS): XlsxWriter escapes the
    characters a sheet cannot hold the way Excel does (_xHHHH_)."""
    written(ws.write_string(row, column, text, fmt))


def write_cells(ws: Worksheet, row: int, first: int, values: list[Any], fmt: Format | None = None) -> None:
    """`values` into `row` from column `first` on. XlsxWriter's `write_row` stops at a text it had
    to cut, leaving the rest of the row empty: the row is then written again cell by cell."""
    if ws.write_row(row, first, values, fmt):
        for column, value in enumerate(values, first):
            written(ws.write(row, column, value, fmt))


@contextmanager
def temporary_folder() -> Iterator[str]:
    """A folder for the rows XlsxWriter keeps on disk in constant-memory mode until the file is
    put together: removed afterwards, also when writing failed half-way."""
    with tempfile.TemporaryDirectory(prefix="secretariat-xlsx-", ignore_cleanup_errors=True) as folder:
        yield folder
