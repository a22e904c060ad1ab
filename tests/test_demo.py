"""The demo data tells the story of the source document, believably."""

import re

from sqlalchemy import func, select

from app.models import Meeting, MeetingFormat, Organization, Project, RoadmapItem, RoadmapKind, Sector
from app.services.demo import content

from .conftest import TODAY


def test_demo_follows_the_source(demo_db):
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Sector)) == 7
        projects = s.scalars(select(Project)).all()
        assert len(projects) == 13 and all(p.is_demo for p in projects)
        assert len({p.sector_id for p in projects}) == 7
        orgs = {o.short_name_ru: o for o in s.scalars(select(Organization))}
        assert orgs["МИВТ"].side == "UZ" and orgs["МИИР"].side == "KZ"
        items = s.scalars(select(RoadmapItem)).all()
        assert 30 <= len(items) <= 60
        sections = [i for i in items if i.kind == RoadmapKind.SECTION]
        assert [i.number for i in sections] == ["I", "II", "III"]
        measures = [i for i in items if i.kind == RoadmapKind.MEASURE]
        assert all(i.executors_of("UZ") and i.executors_of("KZ") for i in measures)
        assert any(i.status == "done" for i in measures)
        assert any(i.is_overdue(TODAY) for i in measures)
        assert any(i.is_due_soon(TODAY) for i in measures)
        assert any(i.deadline_kind == "quarter" for i in measures)
        assert any(i.deadline_kind == "quarterly" for i in measures)
        postponed = [p for i in measures for p in i.postponements]  # this month, for the dashboard
        assert len(postponed) == 3 and all(p.postponed_on.month == TODAY.month for p in postponed)
        assert all(p.reason and p.item.is_open() for p in postponed)
        meetings = s.scalars(select(Meeting).order_by(Meeting.meeting_date)).all()
        assert len(meetings) == 3
        video = meetings[0]
        assert video.format == MeetingFormat.VIDEO and video.status == "held"
        assert "Умурзаков" in video.cochair_uz.full_name_ru and "Скляр" in video.cochair_kz.full_name_ru
        assert len(video.agenda) >= 4 and video.decisions
        assert any(r.decision is not None for r in items)
        assert meetings[-1].status == "planned" and meetings[-1].meeting_date > TODAY


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            yield from _strings(x)


def test_uzbek_texts_are_latin_with_the_proper_letter():
    """Every Uzbek text of the demo is Latin, with oʻ/gʻ written with U+02BB."""
    tables = [
        content.SECTORS,
        content.ORGANIZATIONS,
        content.PROJECTS,
        content.SECTIONS,
        content.TRADE_MEASURES,
        content.CENTRE_MEASURES,
        content.COMPLETION_FORMS,
        content.VIDEO_AGENDA,
        content.WORKING_AGENDA,
    ]
    uz_texts = []
    for rows in tables:
        for row in rows:
            strings = [x for x in row if isinstance(x, str)]
            # rows are (…, ru, uz, kk …): the Uzbek text is the Latin one between two Cyrillic ones
            uz_texts += [x for x in strings if re.search("[a-z]{3}", x) and not re.search("[а-яё]", x)]
    assert len(uz_texts) > 60
    for text in uz_texts:
        assert not re.search(r"[oOgG]['‘’`]", text), text
    assert any("ʻ" in t for t in uz_texts)
