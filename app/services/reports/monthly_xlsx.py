"""The monthly report as a workbook to attach to a letter: the figures per executor on one sheet,
the measures on another, each with the title (the month in words), a header row repeated on every
printed page, landscape A4 fitted to the width. Loads XlsxWriter: import it only where it writes.

    row 1   title, merged across the table
    row 2   "as of" date and the sides shown
    row 3   header
    rows 4… per side a heading row, then its executors (and a total) or its measures
"""

import os
from pathlib import Path

from xlsxwriter.workbook import Workbook

from ...i18n import N_, translate_in, translate_label
from ..documents.common import SIDE_NAME
from ..documents.monthly import (
    AS_OF,
    COUNT_COLUMNS,
    EXECUTOR,
    SHARE_DONE,
    TOTAL,
    report_title,
)
from ..exchange.export.sheets import PAGE
from ..exchange.export.xlsx_style import (
    TEXTS_AS_TEXTS,
    Styles,
    close,
    done,
    set_height,
    set_width,
    setup_print,
)
from ..exchange.export.xlsx_style import write_text as put_text
from ..exchange.workbook.layout import looks_like_formula
from ..exchange.workbook.sizes import row_height
from ..formatting import format_date, format_date_as_of
from ..labels import OVERDUE, label
from .monthly import MeasureLine, MonthlyReport

HEADER_ROW = 2
SUMMARY_WIDTHS = (5, 50, 11, 11, 12, 12, 12, 14, 14, 12)
MEASURE_WIDTHS = (8, 60, 14, 14, 12, 60)
PROGRESS_DATE = N_("Date of the report")
SHEET_FIGURES = N_("Figures")  # the sheets' names: at most 31 characters in every language
SHEET_MEASURES = N_("Measures")


class _Sheet:
    """One sheet and the helpers that write into it in the report's languages."""

    def __init__(self, wb: Workbook, styles: Styles, name: str, langs: tuple[str, ...], widths):
        self.ws = wb.add_worksheet(name[:31])
        self.styles, self.langs, self.widths = styles, langs, widths
        for column, width in enumerate(widths):
            set_width(self.ws, column, width)

    def both(self, message: str, sep: str = "\n") -> str:
        return sep.join(dict.fromkeys(translate_in(lang, message) for lang in self.langs))

    def names(self, texts: dict[str, str]) -> str:
        return "\n".join(dict.fromkeys(texts[lang] for lang in self.langs if texts[lang]))

    def text(self, r: int, c: int, value: str, kind: str = "text", **look) -> None:
        fmt = self.styles.get(kind, quoted=looks_like_formula(value), **look)
        put_text(self.ws, r, c, value, fmt) if value else done(self.ws.write_blank(r, c, None, fmt))

    def merged(self, r: int, value: str, kind: str, **look) -> None:
        fmt = self.styles.get(kind, quoted=looks_like_formula(value), **look)
        done(self.ws.merge_range(r, 0, r, len(self.widths) - 1, value, fmt))

    def head(self, report: MonthlyReport, headers: list[str]) -> None:
        title = "\n".join(dict.fromkeys(report_title(report, lang) for lang in self.langs))
        as_of = " / ".join(
            dict.fromkeys(
                translate_in(lang, AS_OF).format(date=format_date_as_of(report.as_of, lang))
                for lang in self.langs
            )
        )
        sides = "; ".join(self.both(SIDE_NAME[part.side], " / ") for part in report.sides)
        self.merged(0, title, "title", horizontal="center", wrap=True)
        set_height(self.ws, 0, 20 * len(self.langs) + 4)
        self.merged(1, f"{as_of} · {sides}", "note", horizontal="center", wrap=False)
        for c, text in enumerate(headers):
            self.text(HEADER_ROW, c, text, "header")
        set_height(
            self.ws, HEADER_ROW, row_height([(h, w) for h, w in zip(headers, self.widths, strict=True)])
        )
        self.ws.freeze_panes(HEADER_ROW + 1, 0)
        setup_print(self.ws, translate_in(self.langs[0], PAGE), (HEADER_ROW, HEADER_ROW))


def _summary(sheet: _Sheet, report: MonthlyReport) -> None:
    headers = [
        "№",
        sheet.both(EXECUTOR),
        *(sheet.both(text) for _k, text in COUNT_COLUMNS),
        sheet.both(SHARE_DONE),
    ]
    sheet.head(report, headers)
    r = HEADER_ROW + 1

    def figures(r: int, counts, **look) -> None:
        for c, (key, _text) in enumerate(COUNT_COLUMNS, start=2):
            done(sheet.ws.write_number(r, c, getattr(counts, key), sheet.styles.get("int", **look)))
        share = counts.share_done
        fmt = sheet.styles.get("int", number_format="0%", **look)
        done(
            sheet.ws.write_number(r, 9, share, fmt)
            if share is not None
            else sheet.ws.write_blank(r, 9, None, fmt)
        )

    for part in report.sides:
        sheet.merged(r, sheet.both(SIDE_NAME[part.side], " / "), "text", section=True)
        r += 1
        for n, e in enumerate(part.executors, start=1):
            sheet.text(r, 0, str(n), horizontal="center")
            name = sheet.names(e.name)
            sheet.text(r, 1, name)
            set_height(sheet.ws, r, row_height([(name, sheet.widths[1])]))
            figures(r, e.counts)
            r += 1
        done(sheet.ws.merge_range(r, 0, r, 1, sheet.both(TOTAL, " / "), sheet.styles.get("text", bold=True)))
        figures(r, part.totals, bold=True)
        r += 1


def _status(line: MeasureLine, lang: str) -> str:
    return translate_label(OVERDUE, lang) if line.state == "overdue" else label(line.status, lang)


def _measures(sheet: _Sheet, report: MonthlyReport) -> None:
    headers = [
        "№",
        sheet.both(N_("Measure")),
        sheet.both(N_("Deadline")),
        sheet.both(N_("Status")),
        sheet.both(PROGRESS_DATE),
        sheet.both(N_("Latest progress report")),
    ]
    sheet.head(report, headers)
    r = HEADER_ROW + 1
    for part in report.sides:
        sheet.merged(r, sheet.both(SIDE_NAME[part.side], " / "), "heading")
        r += 1
        for e in part.executors:
            sheet.merged(r, sheet.names(e.name), "text", section=True)
            r += 1
            for line in e.measures:
                measure = sheet.names(line.measure)
                note = line.latest_report
                status = "\n".join(dict.fromkeys(_status(line, lang) for lang in sheet.langs))
                center = {"horizontal": "center"}
                sheet.text(r, 0, line.number, **center)
                sheet.text(r, 1, measure)
                sheet.text(r, 2, sheet.names(line.deadline), **center)
                sheet.text(r, 3, status, overdue=line.state == "overdue", **center)
                sheet.text(r, 4, format_date(note.report_date) if note else "", **center)
                sheet.text(r, 5, note.text if note else "")
                cells = [(measure, sheet.widths[1]), (note.text if note else "", sheet.widths[5])]
                set_height(sheet.ws, r, row_height(cells))
                r += 1


def write_monthly_xlsx(path: Path, report: MonthlyReport, langs: tuple[str, ...]) -> None:
    """Writes the workbook; a failure (a full disk, a file open in Excel) leaves no half-written
    file and the one there before as it was."""
    part = path.with_name(path.name + ".part")
    try:
        wb = Workbook(str(part), dict(TEXTS_AS_TEXTS))
        styles = Styles(wb)
        first = langs[0]
        _summary(_Sheet(wb, styles, translate_in(first, SHEET_FIGURES), langs, SUMMARY_WIDTHS), report)
        _measures(_Sheet(wb, styles, translate_in(first, SHEET_MEASURES), langs, MEASURE_WIDTHS), report)
        close(wb)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
