"""The roadmap as the official document table, for attaching to letters. Loads openpyxl: import it
only inside the export functions.

    row 1         title (merged across the table)
    row 2         "as of" date
    rows 3–4      headers; "Responsible executors" spans the two sides' columns
    rows 5 …      one row per item; a section is one merged row "I. Title"
"""

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ...i18n import translate_in
from ..roadmap_table import EXECUTORS_HEADING, RoadmapRow, roadmap_table_headers, roadmap_table_title
from .export_sheets import PAGE
from .xlsx_style import StyleBook, declare_size, fit_width, row_height, setup_print

WIDTHS = (8, 55, 35, 16, 32, 32, 14)
FIRST_DATA_ROW = 5


def write_roadmap_table(path: Path, rows: list[RoadmapRow], lang: str, today: date) -> None:
    wb = Workbook(write_only=True)
    book = StyleBook(wb)
    title, subtitle = roadmap_table_title(lang, today)
    ws = wb.create_sheet(title[:31])
    headers = roadmap_table_headers(lang)
    n = len(headers)
    last = get_column_letter(n)
    widths = [fit_width([r.number for r in rows], headers[0], cap=12), *WIDTHS[1:]]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    declare_size(ws, FIRST_DATA_ROW + len(rows) - 1, n)
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    setup_print(ws, translate_in(lang, PAGE), f"3:{FIRST_DATA_ROW - 1}")
    ws.merged_cells.add(f"A1:{last}1")
    ws.merged_cells.add(f"A2:{last}2")
    # Two header rows: every column spans both, but the executors' heading spans the two sides.
    for i in range(1, n + 1):
        col = get_column_letter(i)
        if i not in (5, 6):
            ws.merged_cells.add(f"{col}3:{col}4")
    ws.merged_cells.add("E3:F3")

    center = book.name("title", horizontal="center")
    ws.append([book.cell(ws, title, center)])
    ws.append([book.cell(ws, subtitle, book.name("note", horizontal="center", wrap=False))])
    header = book.name("header")
    top = [*headers[:4], translate_in(lang, EXECUTORS_HEADING), None, headers[6]]
    bottom = [None, None, None, None, headers[4], headers[5], None]
    ws.append([book.cell(ws, text, header) for text in top])
    ws.append([book.cell(ws, text, header) for text in bottom])

    text, date_col = book.name("text", locked=True), book.name("text", locked=True, horizontal="center")
    section = book.name("text", section=True, locked=True)
    for r, row in enumerate(rows, start=FIRST_DATA_ROW):
        if row.is_section:
            ws.merged_cells.add(f"A{r}:{last}{r}")
            heading = f"{row.number}. {row.measure}" if row.number else row.measure
            ws.append(
                [book.cell(ws, heading, section)] + [book.cell(ws, None, section) for _ in range(n - 1)]
            )
            continue
        texts = (row.measure, row.completion_form, "\n".join(row.executors_uz), "\n".join(row.executors_kz))
        height = row_height(list(zip(texts, (widths[1], widths[2], widths[4], widths[5]), strict=True)))
        if height:
            ws.row_dimensions[r].height = height
        status = book.name("text", locked=True, horizontal="center", overdue=row.overdue)
        ws.append(
            [
                book.cell(ws, row.number, date_col),
                book.cell(ws, row.measure, text),
                book.cell(ws, row.completion_form, text),
                book.cell(ws, row.deadline, date_col),
                book.cell(ws, "\n".join(row.executors_uz), text),
                book.cell(ws, "\n".join(row.executors_kz), text),
                book.cell(ws, row.status, status),
            ]
        )
    wb.save(path)
