"""The roadmap as the official document table, for attaching to letters. Loads XlsxWriter: import it
only inside the export functions.

    row 1         title (merged across the table)
    row 2         "as of" date
    rows 3–4      headers; "Responsible executors" spans the two sides' columns
    rows 5 …      one row per item; a section is one merged row "I. Title"

Written in XlsxWriter's ordinary mode: a document of at most some thousand rows, whose merged
header cells span two rows (constant-memory mode writes a row for good once the next one starts).
"""

from datetime import date
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook

from ....i18n import translate_in
from ...roadmap_table import EXECUTORS_HEADING, RoadmapRow, roadmap_table_headers, roadmap_table_title
from ..workbook.layout import looks_like_formula
from ..workbook.sizes import fit_width, row_height
from .sheets import PAGE
from .xlsx_style import TEXTS_AS_TEXTS, Styles, close, done, set_height, set_width, setup_print, write_text

WIDTHS = (8, 55, 35, 16, 32, 32, 14)
FIRST_DATA_ROW = 5
EXECUTORS = (4, 5)  # the two sides' columns (from 0), under one heading


def write_roadmap_table(path: Path, rows: list[RoadmapRow], lang: str, today: date) -> None:
    wb = Workbook(str(path), dict(TEXTS_AS_TEXTS))
    styles = Styles(wb)
    title, subtitle = roadmap_table_title(lang, today)
    ws = wb.add_worksheet(title[:31])
    headers = roadmap_table_headers(lang)
    n = len(headers)
    widths = [fit_width([r.number for r in rows], headers[0], cap=12), *WIDTHS[1:]]
    for i, width in enumerate(widths):
        set_width(ws, i, width)
    ws.freeze_panes(FIRST_DATA_ROW - 1, 0)
    setup_print(ws, translate_in(lang, PAGE), (2, FIRST_DATA_ROW - 2))

    def put(first: tuple[int, int], last: tuple[int, int] | None, value: str, kind: str, **look: Any) -> None:
        """A text (a merged range's, from `first` to `last`) that stays a text; an empty cell
        keeps its format."""
        fmt = styles.get(kind, quoted=looks_like_formula(value), **look)
        if last is not None:
            done(ws.merge_range(*first, *last, value, fmt))
        elif value:
            write_text(ws, *first, value, fmt)
        else:
            done(ws.write_blank(*first, None, fmt))

    put((0, 0), (0, n - 1), title, "title", horizontal="center")
    put((1, 0), (1, n - 1), subtitle, "note", horizontal="center", wrap=False)
    # Two header rows: every column spans both, but the executors' heading spans the two sides.
    for i, text in enumerate(headers):
        if i in EXECUTORS:
            put((3, i), None, text, "header")  # under the common heading
        else:
            put((2, i), (3, i), text, "header")
    put((2, EXECUTORS[0]), (2, EXECUTORS[1]), translate_in(lang, EXECUTORS_HEADING), "header")

    for r, row in enumerate(rows, start=FIRST_DATA_ROW - 1):
        if row.is_section:
            heading = f"{row.number}. {row.measure}" if row.number else row.measure
            put((r, 0), (r, n - 1), heading, "text", section=True, locked=True)
            continue
        texts = (row.measure, row.completion_form, "\n".join(row.executors_uz), "\n".join(row.executors_kz))
        height = row_height(list(zip(texts, (widths[1], widths[2], widths[4], widths[5]), strict=True)))
        if height:
            set_height(ws, r, height)
        center = {"horizontal": "center"}
        cells: tuple[tuple[str, dict[str, Any]], ...] = (
            (row.number, center),
            (row.measure, {}),
            (row.completion_form, {}),
            (row.deadline, center),
            (texts[2], {}),
            (texts[3], {}),
            (row.status, {**center, "overdue": row.overdue}),
        )
        for i, (value, look) in enumerate(cells):
            put((r, i), None, value, "text", locked=True, **look)
    close(wb)
