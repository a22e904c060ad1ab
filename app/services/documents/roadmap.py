"""The roadmap ("Дорожная карта") as the official landscape table: №, measure, form of completion,
deadline, responsible executors of each side, status; sections as full-width heading rows."""

from datetime import date

from sqlalchemy.orm import Session

from ...i18n import N_, translate_label
from ...models import Side
from ..formatting import format_date_as_of
from ..labels import OVERDUE
from ..roadmap_table import RoadmapRow, roadmap_table_rows
from .common import SIDE_NAME, Document, footer_text, tr
from .html import cell, esc, joined, page, para, row, table

ROADMAP = N_("Roadmap")
ROADMAP_TITLE = N_(
    "Roadmap for expanding and deepening cooperation between the Republic of Uzbekistan and "
    "the Republic of Kazakhstan in industrial cooperation"
)
AS_OF = N_("as of {date}")


def _printed(row: RoadmapRow, lang: str) -> dict[str, str]:
    """The texts of a shared roadmap row as the printed table shows them: several executors one per
    line, and "Overdue" instead of the status where the deadline has passed."""
    status = translate_label(OVERDUE, lang) if row.overdue else row.status
    return {
        "completion_form": row.completion_form,
        "deadline": row.deadline,
        "executors_uz": "\n".join(row.executors_uz),
        "executors_kz": "\n".join(row.executors_kz),
        "status": "" if row.is_section else status,
    }


def _header(langs: tuple[str, ...]) -> list[str]:
    def both(message: str) -> str:
        return esc(joined(langs, lambda lang: tr(lang, message)))

    measure_cols = [cell(esc(tr(lang, N_("Measure"))), th=True, rowspan=2) for lang in langs]
    return [
        row(
            [
                cell("№", th=True, align="center", rowspan=2),
                *measure_cols,
                cell(both(N_("Form of completion")), th=True, rowspan=2),
                cell(both(N_("Deadline")), th=True, rowspan=2),
                cell(both(N_("Responsible executors")), th=True, colspan=2, align="center"),
                cell(both(N_("Status")), th=True, rowspan=2),
            ]
        ),
        row([cell(both(SIDE_NAME[Side.UZ]), th=True), cell(both(SIDE_NAME[Side.KZ]), th=True)]),
    ]


def _widths(langs: tuple[str, ...]) -> list[str]:
    """Column widths, %: №, measure per language, form, deadline, executors UZ and KZ, status."""
    if len(langs) == 1:
        return ["4%", "26%", "14%", "9%", "18%", "18%", "11%"]
    return ["4%", "18%", "18%", "11%", "8%", "16%", "16%", "9%"]


def _line(langs: tuple[str, ...], per_lang: list[RoadmapRow]) -> str:
    first = per_lang[0]
    widths = _widths(langs)
    if first.is_section:
        cells = [cell(f"<b>{esc(first.number)}</b>", cls="section", align="center", width=widths[0])]
        for k, r in enumerate(per_lang):
            last = k == len(per_lang) - 1
            span = len(widths) - len(langs) if last else 1
            cells.append(
                cell(esc(r.measure), cls="section", colspan=span, width="" if last else widths[1 + k])
            )
        return row(cells)

    printed = [_printed(r, lang) for r, lang in zip(per_lang, langs, strict=True)]

    def both(attr: str) -> str:
        """Both languages in one cell, the second in italics so that a reader tells them apart."""
        texts = list(dict.fromkeys(p[attr] for p in printed if p[attr]))
        return "<br/>".join(esc(t) if k == 0 else f"<i>{esc(t)}</i>" for k, t in enumerate(texts))

    measures = [cell(esc(r.measure), width=widths[1 + k]) for k, r in enumerate(per_lang)]
    rest = widths[1 + len(langs) :]
    return row(
        [
            cell(esc(first.number), align="center", width=widths[0]),
            *measures,
            cell(both("completion_form"), width=rest[0]),
            cell(both("deadline"), align="center", width=rest[1]),
            cell(both("executors_uz"), width=rest[2]),
            cell(both("executors_kz"), width=rest[3]),
            cell(both("status"), width=rest[4], cls="overdue" if first.overdue else ""),
        ]
    )


def roadmap_document(session: Session, langs: tuple[str, ...], today: date) -> Document:
    per_lang = [roadmap_table_rows(session, lang, today) for lang in langs]
    lines = [_line(langs, list(group)) for group in zip(*per_lang, strict=True)]
    heading = "".join(
        para(f"<b>{esc(tr(lang, ROADMAP_TITLE))}</b>", "head") for lang in dict.fromkeys(langs)
    ) + para(
        esc(joined(langs, lambda lang: tr(lang, AS_OF).format(date=format_date_as_of(today, lang)))),
        "head small",
    )
    body = heading + table(lines, header=_header(langs))
    title = joined(langs, lambda lang: tr(lang, ROADMAP))
    return Document(
        kind="roadmap",
        title=title,
        html=page(
            title,
            body,
            footer=footer_text(langs, ROADMAP),
            landscape=True,
            font_size=9 if len(langs) == 1 else 8,
        ),
        default_name=f"roadmap-{today.isoformat()}-{'+'.join(langs)}.pdf",
        landscape=True,
    )
