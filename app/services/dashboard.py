"""What the dashboard shows: projects by status and by sector, overdue and due-soon roadmap
items, the next meeting. Overdue is derived from the deadline and the day given as today."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..models import (
    DeadlineKind,
    Meeting,
    MeetingStatus,
    Project,
    ProjectStatus,
    RoadmapItem,
    RoadmapKind,
    RoadmapStatus,
    Sector,
)

DUE_SOON_DAYS = 30


@dataclass
class Dashboard:
    by_status: list[tuple[ProjectStatus, int]] = field(default_factory=list)
    by_sector: list[tuple[Sector | None, int]] = field(default_factory=list)
    overdue: list[RoadmapItem] = field(default_factory=list)
    due_soon: list[RoadmapItem] = field(default_factory=list)
    next_meeting: Meeting | None = None


def dashboard(session: Session, today: date) -> Dashboard:
    data = Dashboard()
    statuses = dict(session.execute(select(Project.status, func.count()).group_by(Project.status)).all())
    data.by_status = [(s, statuses[s]) for s in ProjectStatus if statuses.get(s)]
    sector_counts = session.execute(select(Project.sector_id, func.count()).group_by(Project.sector_id)).all()
    sectors = {s.id: s for s in session.scalars(select(Sector))}
    data.by_sector = sorted(
        ((sectors.get(i), n) for i, n in sector_counts),
        key=lambda pair: (-pair[1], pair[0].id if pair[0] else 0),
    )
    # Only the open measures whose deadline is at most a month away (or past) are loaded: on a
    # large roadmap the rest would cost more than everything else on the page.
    soon = today + timedelta(days=DUE_SOON_DAYS)
    quarter = (soon.month - 1) // 3 + 1
    candidates = session.scalars(
        select(RoadmapItem).where(
            RoadmapItem.kind == RoadmapKind.MEASURE,
            RoadmapItem.status.in_((RoadmapStatus.NOT_STARTED, RoadmapStatus.IN_PROGRESS)),
            or_(
                and_(RoadmapItem.deadline_kind == DeadlineKind.DATE, RoadmapItem.deadline_date <= soon),
                and_(
                    RoadmapItem.deadline_kind == DeadlineKind.QUARTER,
                    or_(
                        RoadmapItem.deadline_year < soon.year,
                        and_(RoadmapItem.deadline_year == soon.year, RoadmapItem.deadline_quarter <= quarter),
                    ),
                ),
            ),
        )
    ).all()
    data.overdue = sorted((i for i in candidates if i.is_overdue(today)), key=lambda i: (i.due_date(), i.id))
    data.due_soon = sorted(
        (i for i in candidates if i.is_due_soon(today, DUE_SOON_DAYS)), key=lambda i: (i.due_date(), i.id)
    )
    data.next_meeting = session.scalar(
        select(Meeting)
        .where(Meeting.meeting_date >= today, Meeting.status == MeetingStatus.PLANNED)
        .order_by(Meeting.meeting_date, Meeting.start_time)
        .limit(1)
    )
    return data
