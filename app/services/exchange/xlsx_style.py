"""Cell styles and cells for the workbooks we write (openpyxl, write-only mode).

Loads openpyxl: import it only inside the export functions. Every style is a named style, made
once per workbook, so that styling a cell is one lookup (and Excel lists them by name).

A workbook may make its most common style the default cell format (`StyleBook(wb, default=…)`):
a cell written without a style index shows in the default format, so most cells need none, and
writing them costs what writing a bare value costs. Everything else then states its format: each
column has a style, columns past the used ones too, and every cell that should look plain carries
the plain format's index.
"""

import math
from copy import copy
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial
from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection
from openpyxl.styles import Side as Edge
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook import Workbook
from openpyxl.worksheet.dimensions import ColumnDimension, RowDimension

from .layout import escape_text, looks_like_formula, needs_care

EDGE = Edge(style="thin", color="BFBFBF")
GRID = Border(left=EDGE, right=EDGE, top=EDGE, bottom=EDGE)
HEADER_FILL = "DDEBF7"
SECTION_FILL = "FCE4D6"
OVERDUE_FILL = "F8CBAD"
OVERDUE_FONT = "9C0006"
MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
DEFAULT_WIDTH = 9.140625  # Excel's own width of a column of the default font (8.43 characters)


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
    "uuid": Spec("@", locked=True, color="808080", size=8, wrap=False),
    "header": Spec(bold=True, fill=HEADER_FILL, locked=True, horizontal="center", vertical="center"),
    "title": Spec(bold=True, size=14, wrap=False, border=False, vertical="center"),
    "note": Spec(border=False),
    "heading": Spec(bold=True, size=12, border=False, fill=HEADER_FILL),
    "plain": Spec(border=False, wrap=False),
}


class StyleBook:
    """The named styles of one workbook, made on first use.

    `default`: a kind of SPECS whose look becomes the workbook's default cell format (format 0,
    what a cell without a style index shows); the program's sheets must then be prepared with
    `prepare_sheet`. Without it, format 0 stays the plain one."""

    def __init__(self, wb: Workbook, default: str | None = None):
        self.wb = wb
        self._names: dict[tuple, str] = {}
        self.default: str | None = None
        if default:
            # Format 0 gets the style's look under the Normal style (as Excel's format 0 always
            # is); a cell or column given the named style itself still names it. Done before any
            # format is numbered: the plain format (all zeros) then comes after it.
            self.default = self.name(default)
            look = self.array(self.default)
            look.xfId = 0
            wb._cell_styles = IndexedList([look])

    def name(
        self, kind: str, *, section: bool = False, indent: int = 0, overdue: bool = False, **changes: Any
    ) -> str:
        key = (kind, section, indent, overdue, tuple(sorted(changes.items())))
        if key in self._names:
            return self._names[key]
        spec = SPECS[kind]
        name = f"SD {kind}"
        if section:
            spec = replace(spec, bold=True, fill=SECTION_FILL)
            name += " section"
        if overdue:
            spec = replace(spec, fill=OVERDUE_FILL, color=OVERDUE_FONT)
            name += " overdue"
        if indent:
            spec = replace(spec, indent=indent)
            name += f" indent {indent}"
        if changes:
            spec = replace(spec, **changes)
            name += " " + " ".join(f"{k}={v}" for k, v in sorted(changes.items()))
        self.wb.add_named_style(NamedStyle(name, **_parts(spec)))
        self._names[key] = name
        return name

    def array(self, style: str | None) -> StyleArray:
        """The format of a named style (None: the plain format), as openpyxl numbers formats."""
        if style is None:
            return StyleArray()
        return copy(self.wb._named_styles[style].as_tuple())

    def cell(self, ws, value: Any, style: str | None) -> Cell:
        """A cell whose text stays text: never a formula, also when a person edits it in Excel.
        Style None: the plain format."""
        quote = False
        if isinstance(value, str):
            value = escape_text(value)
            quote = looks_like_formula(value)
        cell = _Cell(ws, row=1, column=1, value=value)
        if style:
            cell.style = style
        if quote:
            cell.data_type = "s"
            cell.quotePrefix = True
        return cell

    def style_column(self, dim: ColumnDimension, kind: str) -> None:
        """The column's own style: what cells typed into empty rows get (unlocked, date format…)."""
        dim._style = self.array(self.name(kind))

    def prepare_sheet(self, ws, columns: int) -> None:
        """For a workbook with a default style: the columns past the first `columns` look plain
        (else empty cells there would show the default style), and rows never name a format.
        Call before the first row."""
        if self.default is None:
            return
        rest = ws.column_dimensions[get_column_letter(columns + 1)]
        rest.min, rest.max, rest.width = columns + 1, MAX_COLUMN, DEFAULT_WIDTH
        ws.row_dimensions.default_factory = partial(_Row, ws)


def _values_to_row(ws, by_column: dict, values, row: int):
    """openpyxl's own `_values_to_row` of write-only sheets, with three differences.
    - A value given as it is takes its column's slot, if CellSlots gave the column one (else, as
      in openpyxl, a cell of no style, shared).
    - A cell given as an object (ours, see CellSlots) goes as it is: openpyxl would first try it
      as a value, raising and catching an error, and then make a new cell for the next value.
    - Texts, numbers and booleans are put into the cell as they are, where openpyxl would search
      every text for characters a worksheet cannot hold: the program's sheets find those a
      column at a time (`needing_care`) before a row is written. Formulas, dates, overlong texts
      and anything else take openpyxl's own way."""
    plain = WriteOnlyCell(ws)
    slot_of = by_column.get
    for column, value in enumerate(values, 1):
        if value is None:
            continue
        if isinstance(value, Cell):
            cell = value
        else:
            cell = slot_of(column, plain)
            kind = _AS_THEY_ARE.get(value.__class__)
            if kind is None or (kind == "s" and (value.startswith("=") or len(value) > MAX_CELL_TEXT)):
                if cell is plain:  # a date changes the cell's format: a cell of its own
                    cell = WriteOnlyCell(ws)
                cell.value = value
            else:
                cell._value = value
                cell.data_type = kind
        cell.column = column
        cell.row = row
        yield cell


_AS_THEY_ARE = {str: "s", int: "n", float: "n", Decimal: "n", bool: "b"}  # type → openpyxl's data type
MAX_CELL_TEXT = 32_767  # openpyxl cuts a longer text to this


class _Row(RowDimension):
    """A row's height or visibility only. openpyxl writes every row dimension's format index,
    which Excel ignores without `customFormat`; with a default style the plain format is not 0,
    so its index would be written on every such row for nothing."""

    s = None


class _Cell(Cell):
    """A cell that always names its format, the plain one too (which is not format 0 when the
    workbook has a default style). Its repr is kept cheap: openpyxl formats it for every cell
    given to `append` as an object rather than a value."""

    __slots__ = ()
    has_style = True

    def __repr__(self) -> str:
        return "<Cell>"


class _Slot(_Cell):
    """A cell of one fixed format whose index is looked up once (see CellSlots). Only values that
    keep the format may go in: openpyxl changes the format of a date put into a cell whose format
    is not a date's, and the index would not follow."""

    __slots__ = ("_index",)

    @property
    def style_id(self) -> int:
        return self._index

    def __repr__(self) -> str:
        # openpyxl's append first tries a cell as a value and formats it into the error it then
        # catches: the usual repr, with its coordinate, is a third of a styled cell's cost.
        return "slot"


class CellSlots:
    """Styled cells for streamed rows of one sheet. Write-only mode writes a row out during
    `append`, so one cell object per column and style can carry each row's value in turn: styling
    a value then costs nothing, where a new styled cell per value costs more than writing it. A
    value in the workbook's default style goes as it is.

    Texts given in a row as they are go into the file unsearched (see `_values_to_row`): a sheet
    that gives them so has found those that need care with `needing_care` first."""

    def __init__(self, book: StyleBook, ws):
        self.book = book
        self.ws = ws
        self._slots: dict[tuple[int, str | None], _Slot] = {}
        self._by_column: dict[int, _Slot] = {}  # 1-based column → its slot (see style_columns)
        ws._values_to_row = partial(_values_to_row, ws, self._by_column)

    def style_columns(self, styles: dict[int, str | None]) -> None:
        """From the next row on, a value put in a row as it is takes its column's style here
        (column index → style; None: the plain format) instead of the default format. So a
        column of one style costs no call per cell; a value of another style, or one that needs
        care, goes as `cell` gives it."""
        self._by_column.clear()
        for column, style in styles.items():
            if style != self.book.default:
                self._by_column[column + 1] = self._slot(column, style)

    def cell(self, column: int, value: Any, style: str | None) -> Any:
        """`value` in `style` (None: the plain format)."""
        if isinstance(value, str) and needs_care(value):
            return self.book.cell(self.ws, value, style)  # rare: a cell of its own
        if style is not None and style == self.book.default and column + 1 not in self._by_column:
            return value
        slot = self._slot(column, style)
        slot.value = value
        return slot

    def plain(self, column: int, value: Any) -> Any:
        """A value in the plain format; None stays an empty cell."""
        return None if value is None else self.cell(column, value, None)

    def _slot(self, column: int, style: str | None) -> _Slot:
        slot = self._slots.get((column, style))
        if slot is None:
            slot = self._slots[(column, style)] = _Slot(self.ws, row=1, column=1)
            slot._style = self.book.array(style)
            slot._index = self.ws.parent._cell_styles.add(slot._style)
        return slot


def _parts(spec: Spec) -> dict[str, Any]:
    font = Font(bold=spec.bold, color=spec.color, size=spec.size or 11)
    parts: dict[str, Any] = {
        "number_format": spec.number_format,
        "alignment": Alignment(
            horizontal=spec.horizontal, vertical=spec.vertical, wrap_text=spec.wrap, indent=spec.indent
        ),
        "protection": Protection(locked=spec.locked),
        "font": font,
    }
    if spec.fill:
        parts["fill"] = PatternFill("solid", start_color=spec.fill, end_color=spec.fill)
    if spec.border:
        parts["border"] = GRID
    return parts


def plain_text(value: Any) -> str:
    """A value as it shows in a cell, roughly: for column widths."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if hasattr(value, "strftime"):
        return "00.00.0000"
    return f"{value:,}" if isinstance(value, int) else str(value)


def fit_width(texts: list[str], header: str, *, cap: float = 60, floor: float = 6) -> float:
    """A column width that fits the content: the longest line, capped (longer text wraps); the
    header wraps too, so only its longest word must fit."""
    longest = max(map(len, "\n".join(texts).split("\n")))  # the longest line of them all
    header_word = max((len(word) for word in header.split()), default=0)
    return round(min(cap, max(floor, longest * 1.1 + 2, header_word * 1.2 + 2)), 1)


LINE_HEIGHT = 15.0  # points per line of 11-point text


def row_height(cells: list[tuple[str, float]]) -> float | None:
    """A height for a row of wrapped texts, (text, column width) each. Row heights are not in the
    file unless we write them, and neither Excel nor LibreOffice reliably fits them on opening, so
    the lines are estimated here (a width unit holds about one character; a little to spare).
    None when one line is enough."""
    return lines_height(max((text_lines(text, width) for text, width in cells if text), default=1))


def text_lines(text: str, width: float) -> int:
    """How many lines a text wraps into in a column of `width`."""
    per_line = chars_per_line(width)
    if len(text) <= per_line and "\n" not in text:
        return 1  # as most are
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def chars_per_line(width: float) -> float:
    return max(1.0, (width - 1.5) * 0.9)


def set_height(ws, row: int, height: float) -> None:
    """A row's height, for a sheet of many rows. openpyxl's writer copies a row's entry of
    `row_dimensions` into the row's attributes, any mapping will do; a RowDimension object per row
    costs more than the row's cells, so rows of one height share one small dict."""
    attributes = _HEIGHTS.get(height)
    if attributes is None:
        attributes = _HEIGHTS[height] = {"ht": f"{height:g}", "customHeight": "1"}
    ws.row_dimensions[row] = attributes


_HEIGHTS: dict[float, dict[str, str]] = {}


def lines_height(lines: int) -> float | None:
    return None if lines == 1 else min(409.0, lines * LINE_HEIGHT + 2)


def column_kind(kind: str) -> str:
    """The style of a field kind (see fields.py)."""
    return {
        "int": "int",
        "decimal": "decimal",
        "money": "money",
        "date": "date",
        "time": "time",
        "bool": "bool",
        "deadline": "deadline",
    }.get(kind, "text")


def declare_size(ws, rows: int, columns: int) -> None:
    """Writes the sheet's <dimension> (the used range), which write-only mode leaves out because
    it writes it before the rows: readers such as openpyxl's read-only mode size the sheet by it.
    Call before the first row."""
    ref = f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}"
    ws.calculate_dimension = lambda: ref


def setup_print(ws, footer: str, title_rows: str | None, *, fit_height: bool = False) -> None:
    """Landscape A4, fit to the page width, header rows on every page, page numbers below."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if fit_height else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = footer
    ws.oddFooter.left.size = ws.oddFooter.right.size = 8
