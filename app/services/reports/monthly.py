"""The monthly report on the roadmap: per side and per responsible ministry or agency (the
executors of the measures), how many measures are done, in progress, not started, overdue,
postponed in the month and due in the next one, the share done, and the measures themselves.

Statuses are those the records hold when the report is made: the database keeps no history of
them. Overdue is the program's one rule (Deadlines.is_overdue), applied on the report's date: the
day after the month for a past month, today for the current one. Permanent measures and those at
a rhythm (monthly, quarterly …) have no day of their own, so they are never overdue nor due next
month. Cancelled measures are left out: they are no longer to be done.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ...i18n import LANGUAGES, _
from ...models import Organization, Postponement, RoadmapItem, RoadmapKind, RoadmapStatus, Side
from ..errors import UserError
from ..formatting import deadline_text, format_month
from ..roadmap_table import hierarchy_order

Texts = dict[str, str]  # a text in each language: {"ru": …, "uz": …, "kk": …}

# The state a measure is counted in: one of these, so that the bars and the counts add up.
DONE, IN_PROGRESS, NOT_STARTED, OVERDUE = "done", "in_progress", "not_started", "overdue"


def parse_month(text: str | None) -> date:
    """'2026-11' → 1 November 2026; anything else is refused with a message."""
    parts = (text or "").strip().split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        year, month = int(parts[0]), int(parts[1])
        if 1 <= month <= 12 and 2000 <= year <= 2100:
            return date(year, month, 1)
    raise UserError(_("Unknown month {month}: give it as YEAR-MONTH, e.g. 2026-11.").format(month=text))


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def month_choices(today: date, lang: str, before: int = 12) -> list[tuple[date, str]]:
    """(first day, 'Ноябрь 2026 года') of the months a report is asked for: the next one, the
    current one and `before` months before it, the latest first."""
    first = next_month(today.replace(day=1))
    months = []
    for _step in range(before + 2):
        text = format_month(first, lang)
        months.append((first, text[:1].upper() + text[1:]))
        first = (first - timedelta(days=1)).replace(day=1)
    return months


def default_month(today: date) -> date:
    """The month a report is most likely made for: the last one until its report is due (the 10th,
    as the Kazakh roadmaps report), the current one after."""
    this = today.replace(day=1)
    return (this - timedelta(days=1)).replace(day=1) if today.day <= 10 else this


def report_date(month: date, today: date) -> date:
    """The day the report's states are counted on: the first day after the month once it is over
    ('as of 1 December' for November), else today."""
    return min(today, next_month(month))


@dataclass(frozen=True)
class Counts:
    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    postponed: int = 0  # postponed in the month
    due_next_month: int = 0

    @property
    def share_done(self) -> float | None:
        """Done out of all, 0…1; None when there is nothing to count."""
        return self.done / self.total if self.total else None


@dataclass(frozen=True)
class ProgressNote:
    report_date: date
    side: Side
    text: str


@dataclass(frozen=True)
class MeasureLine:
    uuid: str
    code: str
    number: str
    measure: Texts
    deadline: Texts
    due: date | None
    status: RoadmapStatus
    state: str  # DONE | IN_PROGRESS | NOT_STARTED | OVERDUE
    postponed: int  # postponements in the month
    due_next_month: bool
    latest_report: ProgressNote | None


@dataclass(frozen=True)
class ExecutorPart:
    """One responsible ministry or agency and its measures."""

    uuid: str
    name: Texts
    short_name: Texts
    counts: Counts
    measures: tuple[MeasureLine, ...]


@dataclass(frozen=True)
class SidePart:
    side: Side
    executors: tuple[ExecutorPart, ...]
    totals: Counts  # each measure once, however many of the side's executors share it


@dataclass(frozen=True)
class MonthlyReport:
    month: date  # its first day
    as_of: date
    sides: tuple[SidePart, ...]
    totals: Counts  # all the measures of the sides shown, each once


def count(lines: Iterable[MeasureLine]) -> Counts:
    lines = list(lines)
    states = [line.state for line in lines]
    return Counts(
        total=len(lines),
        done=states.count(DONE),
        in_progress=states.count(IN_PROGRESS),
        not_started=states.count(NOT_STARTED),
        overdue=states.count(OVERDUE),
        postponed=sum(1 for line in lines if line.postponed),
        due_next_month=sum(1 for line in lines if line.due_next_month),
    )


def _state(item: RoadmapItem, as_of: date) -> str:
    if item.status == RoadmapStatus.DONE:
        return DONE
    if item.is_overdue(as_of):
        return OVERDUE
    return IN_PROGRESS if item.status == RoadmapStatus.IN_PROGRESS else NOT_STARTED


def _texts(item, field: str) -> Texts:
    return {lang: item.text(field, lang) for lang in LANGUAGES}


def _postponed_in(session: Session, month: date) -> dict[int, int]:
    """Roadmap item id → its postponements made in the month."""
    rows = session.execute(
        select(Postponement.roadmap_item_id, Postponement.postponed_on).where(
            Postponement.postponed_on >= month, Postponement.postponed_on < next_month(month)
        )
    )
    found: dict[int, int] = {}
    for item_id, _on in rows:
        found[item_id] = found.get(item_id, 0) + 1
    return found


def _line(item: RoadmapItem, month: date, as_of: date, postponed: dict[int, int]) -> MeasureLine:
    due = item.due_date()
    following = next_month(month)
    latest = max(item.reports, key=lambda r: (r.report_date, r.id), default=None)
    open_ = item.is_open()
    return MeasureLine(
        uuid=item.uuid,
        code=item.code,
        number=item.number,
        measure=_texts(item, "measure"),
        deadline={lang: deadline_text(item, lang) for lang in LANGUAGES},
        due=due,
        status=item.status,
        state=_state(item, as_of),
        postponed=postponed.get(item.id, 0),
        due_next_month=open_ and due is not None and following <= due < next_month(following),
        latest_report=ProgressNote(latest.report_date, latest.side, latest.text) if latest else None,
    )


def monthly_report(
    session: Session, month: date, today: date, sides: Iterable[Side] | None = None, lang: str = "ru"
) -> MonthlyReport:
    """The report for the month (its first day), the sides in the order given (both, this copy's
    own first, when None), each side's executors in the alphabetical order of their names in
    `lang`."""
    if sides is None:
        from ..documents.common import sides_in_order

        sides = sides_in_order(session)
    sides = tuple(Side(side) for side in sides)  # also from a plain "UZ"
    as_of = report_date(month, today)
    every = session.scalars(
        select(RoadmapItem).options(selectinload(RoadmapItem.executors), selectinload(RoadmapItem.reports))
    ).all()
    # In the roadmap's own order (I, 1, 1.1, 1.2, 2 …): sections are read for that order only.
    ordered = hierarchy_order(every, lambda i: i.id, lambda i: i.parent_id, lambda i: i.number)
    items = [
        item
        for item, _depth in ordered
        if item.kind == RoadmapKind.MEASURE and item.status != RoadmapStatus.CANCELLED
    ]
    postponed = _postponed_in(session, month)
    lines = {item.id: _line(item, month, as_of, postponed) for item in items}
    parts = []
    shown: set[int] = set()
    for side in sides:
        by_org: dict[int, tuple[Organization, list[MeasureLine]]] = {}
        of_side: set[int] = set()
        for item in items:
            for org in item.executors_of(side):
                by_org.setdefault(org.id, (org, []))[1].append(lines[item.id])
                of_side.add(item.id)
        executors = [
            ExecutorPart(
                uuid=org.uuid,
                name=_texts(org, "name"),
                short_name={lang: org.label(lang) for lang in LANGUAGES},
                counts=count(measures),
                measures=tuple(measures),
            )
            for org, measures in by_org.values()
        ]
        executors.sort(key=lambda e: (e.name[lang].casefold(), e.uuid))
        parts.append(SidePart(side, tuple(executors), count(lines[i] for i in of_side)))
        shown |= of_side
    return MonthlyReport(month, as_of, tuple(parts), count(lines[i] for i in shown))
