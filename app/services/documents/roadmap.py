"""The roadmap ("Дорожная карта") as the official landscape table: №, measure, form of completion,
deadline, responsible executors of each side, status; sections as full-width heading rows."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ...i18n import N_, translate_label
from ...models import RoadmapItem, RoadmapKind, Side, number_sort_key
from ..formatting import deadline_text, format_date
from ..labels import OVERDUE, label
from .common import SIDE_NAME, Document, footer_text, tr
from .html import cell, esc, joined, page, para, row, table

ROADMAP = N_("Roadmap")
ROADMAP_TITLE = N_(
    "Roadmap for expanding and deepening cooperation between the Republic of Uzbekistan and "
    "the Republic of Kazakhstan in industrial cooperation"
)
AS_OF = N_("as of {date}")


@dataclass(frozen=True)
class RoadmapRow:
    """One line of the printed roadmap, texts in one language. The same shape as the rows of the
    Excel version, so that the two can later share one builder."""

    number: str
    measure: str
    completion_form: str
    deadline_text: str
    executors_uz: str  # organization names, one per line
    executors_kz: str
    status_text: str
    is_section: bool
    is_overdue: bool


def ordered_items(session: Session) -> list[RoadmapItem]:
    """Depth first, siblings in natural number order: I, 1, 1.1, 1.2, 2 … II, 14 …"""
    items = session.scalars(select(RoadmapItem).options(selectinload(RoadmapItem.executors))).all()
    ids = {item.id for item in items}
    children: dict[int | None, list[RoadmapItem]] = defaultdict(list)
    for item in items:
        children[item.parent_id if item.parent_id in ids else None].append(item)
    out: list[RoadmapItem] = []
    stack = sorted(children[None], key=lambda i: number_sort_key(i.number), reverse=True)
    while stack:
        item = stack.pop()
        out.append(item)
        stack += sorted(children[item.id], key=lambda i: number_sort_key(i.number), reverse=True)
    return out


def roadmap_table_rows(session: Session, lang: str, today: date) -> list[RoadmapRow]:
    rows = []
    for item in ordered_items(session):
        section = item.kind == RoadmapKind.SECTION
        overdue = item.is_overdue(today)
        rows.append(
            RoadmapRow(
                number=item.number,
                measure=item.text("measure", lang),
                completion_form="" if section else item.text("completion_form", lang),
                deadline_text="" if section else deadline_text(item, lang),
                executors_uz="\n".join(org.text("name", lang) for org in item.executors_of(Side.UZ)),
                executors_kz="\n".join(org.text("name", lang) for org in item.executors_of(Side.KZ)),
                status_text=""
                if section
                else translate_label(OVERDUE, lang)
                if overdue
                else label(item.status, lang),
                is_section=section,
                is_overdue=overdue,
            )
        )
    return rows


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

    def both(attr: str) -> str:
        """Both languages in one cell, the second in italics so that a reader tells them apart."""
        texts = list(dict.fromkeys(getattr(r, attr) for r in per_lang if getattr(r, attr)))
        return "<br/>".join(esc(t) if k == 0 else f"<i>{esc(t)}</i>" for k, t in enumerate(texts))

    measures = [cell(esc(r.measure), width=widths[1 + k]) for k, r in enumerate(per_lang)]
    rest = widths[1 + len(langs) :]
    return row(
        [
            cell(esc(first.number), align="center", width=widths[0]),
            *measures,
            cell(both("completion_form"), width=rest[0]),
            cell(both("deadline_text"), align="center", width=rest[1]),
            cell(both("executors_uz"), width=rest[2]),
            cell(both("executors_kz"), width=rest[3]),
            cell(both("status_text"), width=rest[4], cls="overdue" if first.is_overdue else ""),
        ]
    )


def roadmap_document(session: Session, langs: tuple[str, ...], today: date) -> Document:
    per_lang = [roadmap_table_rows(session, lang, today) for lang in langs]
    lines = [_line(langs, list(group)) for group in zip(*per_lang, strict=True)]
    heading = "".join(
        para(f"<b>{esc(tr(lang, ROADMAP_TITLE))}</b>", "head") for lang in dict.fromkeys(langs)
    ) + para(
        esc(joined(langs, lambda lang: tr(lang, AS_OF).format(date=format_date(today, lang)))), "head small"
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
