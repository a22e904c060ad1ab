"""The roadmap as the official document table (№, measure, form of completion, deadline, executors
of each side, status), as plain rows: the Excel export and the printed roadmap both draw it."""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..i18n import N_, translate_in
from ..models import RoadmapItem, RoadmapKind, Side, number_sort_key
from .formatting import deadline_text, format_date_as_of
from .labels import label

T = TypeVar("T")

TITLE = N_("Roadmap")
SUBTITLE = N_("as of {date}")
# Column keys and headers; the two executor columns sit under one common heading.
COLUMNS = (
    ("number", N_("No.")),
    ("measure", N_("Measure")),
    ("completion_form", N_("Form of completion")),
    ("deadline", N_("Deadline")),
    ("executors_uz", N_("Uzbek side")),
    ("executors_kz", N_("Kazakh side")),
    ("status", N_("Status")),
)
EXECUTORS_HEADING = N_("Responsible executors")


@dataclass(frozen=True)
class RoadmapRow:
    number: str
    measure: str
    completion_form: str
    deadline: str
    executors_uz: tuple[str, ...]
    executors_kz: tuple[str, ...]
    status: str
    is_section: bool
    depth: int  # 0 for the top level
    overdue: bool
    uuid: str


def hierarchy_order(
    nodes: Iterable[T],
    key: Callable[[T], Hashable],
    parent: Callable[[T], Hashable | None],
    number: Callable[[T], str],
) -> list[tuple[T, int]]:
    """Nodes depth first, siblings in the natural order of their numbers (I, II, 1, 1.2, 1.10),
    with their depth. A node whose parent is unknown (or in a cycle) is placed at the top level."""
    nodes = list(nodes)
    known = {key(n) for n in nodes}
    children: dict[Hashable | None, list[T]] = {}
    for n in nodes:
        p = parent(n)
        children.setdefault(p if p in known and p != key(n) else None, []).append(n)
    for group in children.values():
        group.sort(key=lambda n: (number_sort_key(number(n)), number(n)))
    out: list[tuple[T, int]] = []
    seen: set[Hashable] = set()

    def walk(p: Hashable | None, depth: int) -> None:
        stack = [(n, depth) for n in reversed(children.get(p, []))]
        while stack:
            n, d = stack.pop()
            if key(n) in seen:
                continue
            seen.add(key(n))
            out.append((n, d))
            stack.extend((c, d + 1) for c in reversed(children.get(key(n), [])))

    walk(None, 0)
    for n in nodes:  # cycles never reach the top level: keep their nodes all the same
        if key(n) not in seen:
            seen.add(key(n))
            out.append((n, 0))
    return out


def roadmap_table_rows(session: Session, lang: str, today: date) -> list[RoadmapRow]:
    items = session.scalars(select(RoadmapItem).options(selectinload(RoadmapItem.executors))).all()
    rows = []
    ordered = hierarchy_order(items, lambda i: i.id, lambda i: i.parent_id, lambda i: i.number)
    for item, depth in ordered:
        section = item.kind == RoadmapKind.SECTION
        rows.append(
            RoadmapRow(
                number=item.number,
                measure=item.text("measure", lang),
                completion_form=item.text("completion_form", lang),
                deadline=deadline_text(item, lang),
                executors_uz=tuple(o.text("name", lang) for o in item.executors_of(Side.UZ)),
                executors_kz=tuple(o.text("name", lang) for o in item.executors_of(Side.KZ)),
                status="" if section else label(item.status, lang),
                is_section=section,
                depth=depth,
                overdue=item.is_overdue(today),
                uuid=item.uuid,
            )
        )
    return rows


def roadmap_table_headers(lang: str) -> list[str]:
    return [translate_in(lang, text) for _key, text in COLUMNS]


def roadmap_table_title(lang: str, today: date) -> tuple[str, str]:
    """The title and the 'as of' line."""
    return translate_in(lang, TITLE), translate_in(lang, SUBTITLE).format(date=format_date_as_of(today, lang))
