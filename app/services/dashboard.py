"""What the dashboard shows: projects by status and by sector, overdue and due-soon roadmap
items, the next meeting, and the roadmap at a glance (dashboard_roadmap.py). Overdue is derived
from the deadline and the day given as today.

Read with plain SQL, not the ORM: the dashboard is the first page, painted before SQLAlchemy is
loaded (sqlite3 on a file; on a server, psycopg). The rows follow the mapped classes' rules (texts,
deadlines) through the same mixins."""

from dataclasses import dataclass, field, fields
from datetime import date, time, timedelta
from typing import cast

from ..models import DeadlineKind, MeetingFormat, MeetingStatus, ProjectStatus, RoadmapKind, RoadmapStatus
from ..models.plain import Deadlines, Localized
from .dashboard_roadmap import (
    ExecutorOverdue,
    Postponed,
    SideProgress,
    overdue_by_executor,
    postponed_in_month,
)
from .dashboard_roadmap import progress as side_progress
from .database import Database

DUE_SOON_DAYS = 30


def _date(value: str | date | None) -> date | None:
    """SQLite gives ISO text, PostgreSQL a date."""
    return date.fromisoformat(value) if isinstance(value, str) and value else (value or None)


def _time(value: str | time | None) -> time | None:
    return time.fromisoformat(value) if isinstance(value, str) and value else (value or None)


@dataclass
class SectorRow(Localized):
    id: int
    uuid: str
    name_ru: str | None
    name_uz: str | None
    name_kk: str | None


@dataclass
class RoadmapRow(Localized, Deadlines):
    id: int
    uuid: str
    number: str
    kind: RoadmapKind
    status: RoadmapStatus
    deadline_kind: DeadlineKind
    deadline_date: date | None
    deadline_year: int | None
    deadline_quarter: int | None
    measure_ru: str | None
    measure_uz: str | None
    measure_kk: str | None

    def __post_init__(self):
        # Looked up in plain dicts: the enums' own lookup by value costs a microsecond a call,
        # a sixth of the dashboard's time on a roadmap of 10 000 items.
        self.kind, self.status = _KINDS[self.kind], _STATUSES[self.status]
        self.deadline_kind = _DEADLINE_KINDS[self.deadline_kind]
        self.deadline_date = _date(self.deadline_date)


# A StrEnum member equals its value and hashes as it does: the member finds itself too.
_KINDS = {k.value: k for k in RoadmapKind}
_STATUSES = {s.value: s for s in RoadmapStatus}
_DEADLINE_KINDS = {k.value: k for k in DeadlineKind}


@dataclass
class MeetingRow(Localized):
    uuid: str
    code: str
    meeting_date: date
    start_time: time | None
    format: MeetingFormat
    title_ru: str | None
    title_uz: str | None
    title_kk: str | None
    place_ru: str | None
    place_uz: str | None
    place_kk: str | None

    def __post_init__(self):
        # meeting_date is NOT NULL: _date gives a date
        self.meeting_date, self.format = cast(date, _date(self.meeting_date)), MeetingFormat(self.format)
        self.start_time = _time(self.start_time)


@dataclass
class Dashboard:
    by_status: list[tuple[ProjectStatus, int]] = field(default_factory=list)
    by_sector: list[tuple[SectorRow | None, int]] = field(default_factory=list)
    overdue: list[RoadmapRow] = field(default_factory=list)
    due_soon: list[RoadmapRow] = field(default_factory=list)
    next_meeting: MeetingRow | None = None
    progress: list[SideProgress] = field(default_factory=list)  # UZ, KZ, the whole roadmap
    overdue_by_executor: list[ExecutorOverdue] = field(default_factory=list)
    postponed: Postponed = field(default_factory=Postponed)
    empty: bool = False  # no projects, roadmap items or meetings at all: the page says how to start


def _rows(conn, cls, table: str, where: str = "", params=()) -> list:
    columns = ", ".join(f.name for f in fields(cls))
    return [cls(*row) for row in conn.execute(f"SELECT {columns} FROM {table} {where}", params)]


def dashboard(db: Database, today: date) -> Dashboard:
    data = Dashboard()
    with db.reader() as conn:
        statuses = dict(conn.execute("SELECT status, count(*) FROM project GROUP BY status"))
        sector_counts = conn.execute("SELECT sector_id, count(*) FROM project GROUP BY sector_id").fetchall()
        sectors = {s.id: s for s in _rows(conn, SectorRow, "sector")}
        # Only the open measures whose deadline is at most a month away (or past) are read: on a
        # large roadmap the rest would cost more than everything else on the page.
        soon = today + timedelta(days=DUE_SOON_DAYS)
        where = (
            "WHERE kind = ? AND status IN (?, ?) AND ((deadline_kind = ? AND deadline_date <= ?) OR"
            " (deadline_kind = ? AND (deadline_year < ? OR (deadline_year = ? AND deadline_quarter <= ?))))"
        )
        params = (
            RoadmapKind.MEASURE,
            RoadmapStatus.NOT_STARTED,
            RoadmapStatus.IN_PROGRESS,
            DeadlineKind.DATE,
            soon.isoformat(),
            DeadlineKind.QUARTER,
            soon.year,
            soon.year,
            (soon.month - 1) // 3 + 1,
        )
        candidates = _rows(conn, RoadmapRow, "roadmap_item", where, params)
        overdue = sorted((i for i in candidates if i.is_overdue(today)), key=lambda i: (i.due_date(), i.id))
        data.overdue_by_executor = overdue_by_executor(conn, overdue, where, params)
        data.progress = side_progress(conn)
        data.postponed = postponed_in_month(conn, today)
        meetings = _rows(
            conn,
            MeetingRow,
            "meeting",
            "WHERE meeting_date >= ? AND status = ? ORDER BY meeting_date, start_time LIMIT 1",
            (today.isoformat(), MeetingStatus.PLANNED),
        )
        data.empty = not statuses and not any(
            conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
            for table in ("roadmap_item", "meeting")
        )
    data.by_status = [(s, statuses[s]) for s in ProjectStatus if statuses.get(s)]
    data.by_sector = sorted(
        ((sectors.get(i), n) for i, n in sector_counts),
        key=lambda pair: (-pair[1], pair[0].id if pair[0] else 0),
    )
    data.overdue = overdue
    data.due_soon = sorted(
        (i for i in candidates if i.is_due_soon(today, DUE_SOON_DAYS)), key=lambda i: (i.due_date(), i.id)
    )
    data.next_meeting = meetings[0] if meetings else None
    return data
