"""The dashboard is read with plain sqlite3 (before SQLAlchemy loads): it must count and list what
the mapped classes' own rules say."""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from app.models import Meeting, MeetingStatus, Project, RoadmapItem
from app.services.dashboard import DUE_SOON_DAYS, dashboard
from tests.conftest import TODAY

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given


@pytest.mark.parametrize("today", [TODAY, date(2026, 1, 1), date(2027, 6, 30)])
def test_the_plain_read_agrees_with_the_models(demo_db, today):
    data = dashboard(demo_db, today)
    with demo_db.session() as session:
        projects = session.scalars(select(Project)).all()
        items = sorted(session.scalars(select(RoadmapItem)), key=lambda i: (i.due_date() or today, i.id))
        planned = [m for m in session.scalars(select(Meeting)) if m.status == MeetingStatus.PLANNED]
        assert dict(data.by_status) == Counter(p.status for p in projects)
        assert {(s.uuid if s else None, n) for s, n in data.by_sector} == set(
            Counter(p.sector.uuid if p.sector else None for p in projects).items()
        )
        assert [i.uuid for i in data.overdue] == [i.uuid for i in items if i.is_overdue(today)]
        assert [i.uuid for i in data.due_soon] == [
            i.uuid for i in items if i.is_due_soon(today, DUE_SOON_DAYS)
        ]
        upcoming = sorted((m for m in planned if m.meeting_date >= today), key=lambda m: m.meeting_date)
        assert (data.next_meeting.uuid if data.next_meeting else None) == (
            upcoming[0].uuid if upcoming else None
        )
        if data.next_meeting:
            assert data.next_meeting.text("title", "uz") == upcoming[0].text("title", "uz")
            assert data.next_meeting.start_time == upcoming[0].start_time
