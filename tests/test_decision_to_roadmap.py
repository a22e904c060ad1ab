"""A decision taken to the roadmap gives the new item what it says: its deadline (in any of the
three languages), the executors (the organisations of the agenda item's speakers) and a project
named by its code. And a new item is offered the next free number under its parent."""

import pytest
from sqlalchemy import select

from app.models import AgendaItem, Decision, Meeting, Organization, Person, Project, RoadmapItem, Side
from app.services.meetings import deadline_in, decision_to_roadmap_item
from app.services.roadmap_tree import proposed_number
from app.services.store import Store


@pytest.mark.parametrize(
    "text, deadline",
    [
        ("Представить проект соглашения до 15.03.2027 года.", "2027-03-15"),
        ("Завершить проработку в I квартале 2027 года.", "2027-Q1"),
        ("Loyiha 2027-yil II choragida yakunlansin.", "2027-Q2"),
        ("Жоба 2027 жылдың IV тоқсанында аяқталсын.", "2027-Q4"),
        ("Ежеквартально информировать рабочую группу о ходе работ.", "quarterly"),
        ("Тұрақты негізде хабарлап отырсын.", "permanent"),
        ("Принять 5 мер в 2027 году по ускорению регистрации.", None),  # a year and a count: no deadline
        ("Ускорить регистрацию генерических лекарственных средств.", None),
    ],
)
def test_the_deadline_a_decision_names(text, deadline):
    assert deadline_in(text) == deadline


def test_a_decision_fills_the_new_items_deadline_executors_and_project(demo_db):
    with demo_db.transaction() as s:
        store = Store(s)
        project = s.scalars(select(Project).order_by(Project.code)).first()
        meeting = s.scalars(select(Meeting).order_by(Meeting.meeting_date)).first()
        uz = s.scalars(
            select(Person).where(Person.side == Side.UZ, Person.organization_id.is_not(None))
        ).first()
        kz = s.scalars(
            select(Person).where(Person.side == Side.KZ, Person.organization_id.is_not(None))
        ).first()
        agenda = store.create(
            "agenda_item",
            {
                "meeting": meeting.uuid,
                "title_ru": f"О ходе проекта {project.code}",
                "speakers": [uz.uuid, kz.uuid],
            },
        )
        decision = store.create(
            "decision",
            {
                "meeting": meeting.uuid,
                "agenda_item": agenda.uuid,
                "text_ru": "Завершить проработку финансирования в II квартале 2027 года.",
            },
        )
        s.flush()
        section = s.scalars(select(RoadmapItem).where(RoadmapItem.parent_id.is_(None))).first()
        item = decision_to_roadmap_item(store, s.get(Decision, decision.id), section)
        s.flush()
        assert item.deadline_year == 2027 and item.deadline_quarter == 2
        assert [o.uuid for o in item.executors_of("UZ")] == [s.get(Organization, uz.organization_id).uuid]
        assert [o.uuid for o in item.executors_of("KZ")] == [s.get(Organization, kz.organization_id).uuid]
        assert item.project is not None and item.project.uuid == project.uuid
        assert s.get(AgendaItem, agenda.id).decisions[0].roadmap_items == [item]


def test_a_new_item_is_offered_the_next_free_number(demo_db):
    with demo_db.session() as s:
        tops = [i.number for i in s.scalars(select(RoadmapItem).where(RoadmapItem.parent_id.is_(None)))]
        assert tops and set(tops) <= {"I", "II", "III", "IV", "V", "VI", "VII", "VIII"}  # the demo's sections
        following = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][len(tops)]
        assert proposed_number(s, None) == following
        item = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "1")).one()
        numbers = {i.number for i in s.scalars(select(RoadmapItem))}
        offered = proposed_number(s, item)
        assert offered not in numbers and offered.startswith("1.")
        last = max((c.number for c in item.children), key=lambda n: [int(x) for x in n.split(".")])
        assert offered == f"1.{int(last.split('.')[-1]) + 1}"
