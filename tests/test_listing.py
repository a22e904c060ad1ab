"""The lists' read queries: what a row shows is loaded with the records, the same as the ORM would
load it one record at a time, and stays editable."""

import pytest
from sqlalchemy import select

from app.models import Organization, RoadmapItem
from app.services.fields import ENTITIES
from app.services.listing import all_records, options, records_in_parts

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given


def _related(item: RoadmapItem) -> tuple:
    return (
        item.project.uuid if item.project else None,
        item.decision.uuid if item.decision else None,
        [o.uuid for o in item.executors],
        [(r.report_date, r.uuid) for r in item.reports],
    )


def test_roadmap_items_come_with_what_lazy_loading_would_give(demo_db):
    with demo_db.session() as session:
        eager = {item.uuid: _related(item) for item in all_records(session, "roadmap_item")}
    with demo_db.session() as session:
        lazy = {item.uuid: _related(item) for item in session.scalars(select(RoadmapItem))}
    assert eager == lazy
    assert all(any(values[k] for values in eager.values()) for k in range(4))  # each kind occurs


@pytest.mark.parametrize("entity_key", sorted(ENTITIES))
def test_records_in_parts_are_the_records_of_the_list_in_its_order(demo_db, entity_key):
    with demo_db.session() as session:
        whole = [record.uuid for record in all_records(session, entity_key)]
        parts = list(records_in_parts(session, entity_key, size=7))
        assert [record.uuid for part in parts for record in part] == whole
        assert all(len(part) <= 7 for part in parts)
        if entity_key == "roadmap_item":
            assert [_related(item) for part in parts for item in part] == [
                _related(item) for item in all_records(session, entity_key)
            ]


def test_loaded_collections_still_record_changes(demo_db):
    with demo_db.transaction() as session:
        item = next(i for i in all_records(session, "roadmap_item") if i.executors)
        extra = session.scalars(
            select(Organization).where(Organization.id.not_in([o.id for o in item.executors]))
        )
        added = extra.first()
        item.executors.append(added)
        uuid, expected = item.uuid, sorted(o.uuid for o in item.executors)
    with demo_db.session() as session:
        item = session.scalar(select(RoadmapItem).where(RoadmapItem.uuid == uuid))
        assert sorted(o.uuid for o in item.executors) == expected


def test_options_name_records_in_the_asked_language(demo_db):
    with demo_db.session() as session:
        ru = {o.uuid: o.label for o in options(session, "project", "ru")}
        kk = {o.uuid: o.label for o in options(session, "project", "kk")}
    assert ru.keys() == kk.keys() and ru != kk
    assert all(label.startswith("UZ-P-") or label.startswith("KZ-P-") for label in ru.values())
