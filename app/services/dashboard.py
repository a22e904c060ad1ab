"""What the dashboard shows: projects by status and by sector, overdue and due-soon roadmap
items, the next meeting. Overdue is derived from the deadline and the day given as today."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import Meeting, MeetingStatus, Project, ProjectStatus, RoadmapItem, Sector

DUE_SOON_DAYS = 30


@dataclass
class Dashboard:
    by_status: list[tuple[ProjectStatus, int]] = field(default_factory=list)
    by_sector: list[tuple[Sector | None, int]] = field(default_factory=list)
    overdue: list[RoadmapItem] = field(default_factory=list)
    due_soon: list[RoadmapItem] = field(default_factory=list)
    next_meeting: Meeting | None = None


def dashboard(session: Session, today: date) -> Dashboard:
    projects = session.scalars(select(Project).options(selectinload(Project.sector))).all()
    statuses = Counter(p.status for p in projects)
    sectors = Counter(p.sector for p in projects)
    data = Dashboard()
    data.by_status = [(s, statuses[s]) for s in ProjectStatus if statuses[s]]
    data.by_sector = sorted(sectors.items(), key=lambda pair: (-pair[1], pair[0].id if pair[0] else 0))
    items = session.scalars(select(RoadmapItem).options(selectinload(RoadmapItem.executors))).all()
    data.overdue = sorted((i for i in items if i.is_overdue(today)), key=lambda i: (i.due_date(), i.id))
    data.due_soon = sorted(
        (i for i in items if i.is_due_soon(today, DUE_SOON_DAYS)), key=lambda i: (i.due_date(), i.id)
    )
    data.next_meeting = session.scalar(
        select(Meeting)
        .where(Meeting.meeting_date >= today, Meeting.status == MeetingStatus.PLANNED)
        .order_by(Meeting.meeting_date, Meeting.start_time)
        .limit(1)
    )
    return data
