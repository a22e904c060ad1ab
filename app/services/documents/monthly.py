"""The monthly report on the roadmap as a printed document: per side (each on its own pages) the
figures per responsible executor with their totals, a bar chart of them, and the measures with
their deadline, status and latest progress report.

The chart is HTML: a row per executor whose bar is a one-row table of coloured cells, as wide as
the executor's measures are many. Qt paints a cell's background as a filled rectangle, so the
bars are vector shapes in the PDF, and their widths are the figures' proportions.
"""

from functools import partial

from ...i18n import N_, translate_label
from ..formatting import format_date, format_date_as_of, format_month, format_number
from ..labels import OVERDUE, label
from ..reports.monthly import Counts, ExecutorPart, MeasureLine, MonthlyReport, SidePart
from .common import SIDE_NAME, Document, footer_text, tr
from .html import PAGE_BREAK, cell, esc, joined, page, para, row, table

MONTHLY_REPORT = N_("Monthly report on the roadmap")
TITLE = N_("Report on the implementation of the roadmap for {period}")
AS_OF = N_("as of {date}")
SUMMARY = N_("Measures per responsible executor")
CHART = N_("Done, in progress and overdue measures per executor")
MEASURES = N_("Measures and their latest progress reports")
TOTAL = N_("Total")
NO_MEASURES = N_("No measures of this side.")
NO_REPORT = N_("no progress report yet")
COUNT_COLUMNS = (
    ("total", N_("Measures, total")),
    ("done", N_("Done")),
    ("in_progress", N_("In progress")),
    ("not_started", N_("Not started")),
    ("overdue", N_("Overdue")),
    ("postponed", N_("Postponed this month")),
    ("due_next_month", N_("Due next month")),
)
SHARE_DONE = N_("Share done")
EXECUTOR = N_("Responsible executor")

# The chart's colours: done green, in progress blue, overdue red (each only in the chart).
BAR_COLORS = {"done": "#2e7d32", "in_progress": "#1565c0", "overdue": "#c62828"}
BAR_LABELS = {"done": N_("Done"), "in_progress": N_("In progress"), "overdue": N_("Overdue")}


def percent(share: float | None, lang: str) -> str:
    return "" if share is None else f"{format_number(round(share * 100), lang)} %"


def _both(langs: tuple[str, ...], message: str) -> str:
    return esc(joined(langs, lambda lang: tr(lang, message)))


def _names(langs: tuple[str, ...], texts: dict[str, str]) -> str:
    """A name in each language of the document, the second in italics; once when they agree."""
    shown = list(dict.fromkeys(texts[lang] for lang in langs if texts[lang]))
    return "<br/>".join(esc(t) if k == 0 else f"<i>{esc(t)}</i>" for k, t in enumerate(shown))


# ---- the figures ---------------------------------------------------------------------------------


def _count_cells(langs: tuple[str, ...], counts: Counts, bold: bool = False) -> list[str]:
    def b(text: str) -> str:
        return f"<b>{text}</b>" if bold else text

    cells = [cell(b(str(getattr(counts, key))), align="center") for key, _text in COUNT_COLUMNS]
    share = joined(langs, lambda lang: percent(counts.share_done, lang))
    return [*cells, cell(b(esc(share)), align="center")]


def _narrow(html: str) -> str:
    """A narrow column's heading a size smaller: long Kazakh and Uzbek words stay whole."""
    return f'<span style="font-size: 7pt">{html}</span>'


def _summary(langs: tuple[str, ...], part: SidePart) -> str:
    header = row(
        [
            cell("№", th=True, align="center", width="4%"),
            cell(_both(langs, EXECUTOR), th=True, width="32%"),
            *(
                cell(_narrow(_both(langs, text)), th=True, align="center", width="8%")
                for _k, text in COUNT_COLUMNS
            ),
            cell(_narrow(_both(langs, SHARE_DONE)), th=True, align="center", width="8%"),
        ]
    )
    lines = [
        row([cell(str(n), align="center"), cell(_names(langs, e.name)), *_count_cells(langs, e.counts)])
        for n, e in enumerate(part.executors, start=1)
    ]
    total = row([cell(f"<b>{_both(langs, TOTAL)}</b>", colspan=2), *_count_cells(langs, part.totals, True)])
    return table([*lines, total], header=[header])


def _bar(e: ExecutorPart, scale: int) -> str:
    """The executor's bar: a cell per state, as wide as its count out of `scale` (the longest
    bar's), and a blank cell for the rest. Qt ignores the width of a table inside a cell, not the
    widths of its cells: the blank one makes the bar's length."""
    parts = [(BAR_COLORS[key], getattr(e.counts, key)) for key in BAR_COLORS]
    parts.append(("", scale - sum(n for _color, n in parts)))
    cells = "".join(
        f'<td width="{100 * n / scale:.2f}%"' + (f' bgcolor="{color}"' if color else "") + ">&nbsp;</td>"
        for color, n in parts
        if n
    )
    return f'<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>{cells}</tr></table>'


def _chart(langs: tuple[str, ...], part: SidePart) -> str:
    scale = max((e.counts.done + e.counts.in_progress + e.counts.overdue for e in part.executors), default=0)
    legend = " &nbsp; ".join(
        f'<span style="color: {BAR_COLORS[key]}">&#9632;</span> {_both(langs, text)}'
        for key, text in BAR_LABELS.items()
    )
    lines = [
        row(
            [
                cell(_names(langs, e.short_name), width="26%"),
                cell(_bar(e, scale) if scale else "&nbsp;", width="60%"),
                cell(
                    " / ".join(str(getattr(e.counts, key)) for key in BAR_COLORS), width="14%", align="center"
                ),
            ]
        )
        for e in part.executors
    ]
    return (
        para(f"<b>{_both(langs, CHART)}</b>", "subtitle")
        + para(legend, "small")
        + table(lines, grid=False, space_before=0)
    )


# ---- the measures --------------------------------------------------------------------------------


def _status(line: MeasureLine, lang: str) -> str:
    return translate_label(OVERDUE, lang) if line.state == "overdue" else label(line.status, lang)


def _note(line: MeasureLine, langs: tuple[str, ...]) -> str:
    note = line.latest_report
    if note is None:
        return f"<i>{_both(langs, NO_REPORT)}</i>"
    when = format_date(note.report_date)
    side = joined(langs, lambda lang: label(note.side, lang))
    return f"<b>{esc(when)}</b> ({esc(side)}): {esc(note.text)}"


def _measures(langs: tuple[str, ...], part: SidePart) -> str:
    widths = ["6%", *(["34%"] if len(langs) == 1 else ["20%", "20%"]), "10%", "10%"]
    rest = "40%" if len(langs) == 1 else "34%"
    header = row(
        [
            cell("№", th=True, align="center", width=widths[0]),
            *(
                cell(esc(tr(lang, N_("Measure"))), th=True, width=widths[1 + k])
                for k, lang in enumerate(langs)
            ),
            cell(_both(langs, N_("Deadline")), th=True, align="center", width=widths[-2]),
            cell(_both(langs, N_("Status")), th=True, align="center", width=widths[-1]),
            cell(_both(langs, N_("Latest progress report")), th=True, width=rest),
        ]
    )
    span = 4 + len(langs)
    rows = []
    for e in part.executors:
        rows.append(row([cell(_names(langs, e.name), cls="section", colspan=span)]))
        for line in e.measures:
            overdue = line.state == "overdue"
            status = joined(langs, partial(_status, line), sep="<br/>")
            rows.append(
                row(
                    [
                        cell(esc(line.number), align="center"),
                        *(cell(esc(line.measure[lang])) for lang in langs),
                        cell(esc(joined(langs, line.deadline.__getitem__)), align="center"),
                        cell(status, align="center", cls="overdue" if overdue else ""),
                        cell(_note(line, langs)),
                    ]
                )
            )
    return table(rows, header=[header])


# ---- the document --------------------------------------------------------------------------------


def report_title(report: MonthlyReport, lang: str) -> str:
    return tr(lang, TITLE).format(period=format_month(report.month, lang))


def _side(langs: tuple[str, ...], report: MonthlyReport, part: SidePart) -> str:
    heading = "".join(para(f"<b>{esc(report_title(report, lang))}</b>", "head title") for lang in langs)
    as_of = joined(langs, lambda lang: tr(lang, AS_OF).format(date=format_date_as_of(report.as_of, lang)))
    heading += para(esc(as_of), "head small") + para(_both(langs, SIDE_NAME[part.side]), "head subtitle")
    if not part.executors:
        return heading + para(_both(langs, NO_MEASURES))
    return (
        heading
        + para(f"<b>{_both(langs, SUMMARY)}</b>", "subtitle")
        + _summary(langs, part)
        + para("&nbsp;")
        + _chart(langs, part)
        + PAGE_BREAK  # the figures and the chart are the side's first page, for the co-chairs
        + para(f"<b>{_both(langs, MEASURES)}</b>", "subtitle")
        + _measures(langs, part)
    )


def monthly_document(report: MonthlyReport, langs: tuple[str, ...]) -> Document:
    body = PAGE_BREAK.join(_side(langs, report, part) for part in report.sides)
    title = joined(langs, lambda lang: tr(lang, MONTHLY_REPORT))
    month = f"{report.month.year}-{report.month.month:02d}"
    sides = "+".join(part.side.value for part in report.sides)
    return Document(
        kind="monthly",
        title=title,
        html=page(
            title,
            body,
            footer=footer_text(langs, MONTHLY_REPORT, month),
            landscape=True,
            font_size=9 if len(langs) == 1 else 8,
        ),
        default_name=f"monthly-report-{month}-{sides}-{'+'.join(langs)}.pdf",
        landscape=True,
    )
