"""Column widths and row heights of the workbooks we write, estimated from their texts. Neither
Excel nor LibreOffice fits them on opening, and a file states neither unless it is written in.
No workbook library here: the exchange workbook (XlsxWriter) and the error workbook (openpyxl)
both use it.

Widths are in the file's own unit, as `<col width>` states them: characters of the default
font's digit (7 pixels in 11-point Calibri).
"""

import math
from typing import Any

LINE_HEIGHT = 15.0  # points per line of 11-point text


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


def row_height(cells: list[tuple[str, float]]) -> float | None:
    """A height for a row of wrapped texts, (text, column width) each: the lines are estimated (a
    width unit holds about one character; a little to spare). None when one line is enough."""
    return lines_height(max((text_lines(text, width) for text, width in cells if text), default=1))


def text_lines(text: str, width: float) -> int:
    """How many lines a text wraps into in a column of `width`."""
    per_line = chars_per_line(width)
    if len(text) <= per_line and "\n" not in text:
        return 1  # as most are
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def chars_per_line(width: float) -> float:
    return max(1.0, (width - 1.5) * 0.9)


def lines_height(lines: int) -> float | None:
    return None if lines == 1 else min(409.0, lines * LINE_HEIGHT + 2)
