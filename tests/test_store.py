"""Every write goes through the store: validated, logged per field, deletions tombstoned."""

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.models import ChangeLog, Organization, Person, Project, RoadmapItem, Tombstone
from app.services.fields import ENTITIES, record_plain
from app.services.settings import SIDE, set_operator, set_setting
from app.services.store import Store
from app.services.validation import ValidationError

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given


@pytest.fixture
def store_session(empty_db):
    with empty_db.transaction() as session:
        set_setting(session, SIDE, "KZ")
        set_operator(session, "Ахметова А.")
    session = empty_db.session()
    yield Store(session), session
    session.close()


def test_create_update_logs_every_changed_field(store_session):
    store, session = store_session
    sector = store.create("sector", {"name_ru": "Фармацевтика", "name_uz": "Farmatsevtika"})
    project = store.create(
        "project", {"name_ru": "Завод", "sector": sector.uuid, "total_cost": "1 500 000.50".replace(" ", "")}
    )
    assert project.code == "KZ-P-001"
    assert project.total_cost == Decimal("1500000.50")
    changes = store.update(project, {"total_cost": "2000000", "name_kk": "Зауыт", "name_ru": "Завод"})
    assert set(changes) == {"total_cost", "name_kk"}
    session.commit()
    rows = session.scalars(
        select(ChangeLog).where(ChangeLog.record_uuid == project.uuid).order_by(ChangeLog.id)
    ).all()
    assert [r.action for r in rows] == ["create", "update", "update"]
    assert all(r.operator == "Ахметова А." and r.side == "KZ" and r.source == "local" for r in rows)
    cost = next(r for r in rows if r.field == "total_cost")
    assert json.loads(cost.old_value) == "1500000.50" and json.loads(cost.new_value) == "2000000.00"
    assert json.loads(rows[0].new_value)["sector"] == sector.uuid


def test_unchanged_update_writes_nothing(store_session):
    store, session = store_session
    org = store.create("organization", {"name_ru": "МИИР", "side": "KZ", "kind": "ministry"})
    session.commit()
    assert store.update(org, {"name_ru": "МИИР", "short_name_ru": ""}) == {}
    assert session.scalar(select(ChangeLog).where(ChangeLog.action == "update")) is None


def test_texts_are_kept_alike_however_they_arrive(store_session):
    """Spaces around a text, Windows line ends and texts of nothing but blanks (a form feed pasted
    from a document) are kept the same way by every path, so that exchanging copies agree."""
    store, _session = store_session
    sector = store.create("sector", {"name_ru": "  Фармацевтика\r\n"})
    assert sector.name_ru == "Фармацевтика"
    project = store.create(
        "project", {"name_ru": "Завод", "sector": sector.uuid, "notes": "первая\r\nвторая "}
    )
    assert project.notes == "первая\nвторая"
    assert store.update(project, {"notes": "\x0c"}) == {"notes": ("первая\nвторая", None)}
    assert store.update(project, {"notes": " \t"}) == {}
    with pytest.raises(ValidationError):
        store.update(project, {"name_ru": " \u00a0 "})  # a name of blanks is no name
    # a line break typed to wrap a long name is a space in it; in notes it stays a line break
    store.update(project, {"name_ru": "Завод по выпуску\nкожаной обуви", "notes": "первая\nвторая"})
    assert (project.name_ru, project.notes) == ("Завод по выпуску кожаной обуви", "первая\nвторая")
    assert store.update(project, {"name_ru": "Завод по выпуску \r\n кожаной\n\nобуви"}) == {}
    store.update(project, {"name_ru": "Завод"})
    # pasted from Word or a PDF: a soft hyphen, a zero-width space, a byte order mark show nothing
    assert store.update(project, {"name_ru": "\ufeffЗа\u00adвод\u200b"}) == {}
    with pytest.raises(ValidationError):
        store.update(project, {"name_ru": "\u200b\u00ad"})


def test_validation_messages_per_field(store_session):
    store, _session = store_session
    with pytest.raises(ValidationError) as err:
        store.create(
            "project", {"name_ru": "", "share_uz": "140", "start_date": "2026-02-30", "currency": "XYZ"}
        )
    assert set(err.value.errors) == {"name_ru", "share_uz", "start_date", "currency"}
    assert "хотя бы на одном языке" in err.value.errors["name_ru"]


def test_executors_are_kept_per_side(store_session):
    store, _session = store_session
    uz = store.create("organization", {"name_ru": "МИВТ", "side": "UZ", "kind": "ministry"})
    kz = store.create("organization", {"name_ru": "МИИР", "side": "KZ", "kind": "ministry"})
    item = store.create(
        "roadmap_item",
        {
            "number": "1",
            "measure_ru": "Мера",
            "executors_uz": [uz.uuid],
            "executors_kz": [kz.uuid],
            "deadline": "2026-Q4",
        },
    )
    store.update(item, {"executors_uz": []})
    assert [o.uuid for o in item.executors] == [kz.uuid]
    assert item.due_date().isoformat() == "2026-12-31"
    with pytest.raises(ValidationError) as err:
        store.update(item, {"executors_uz": [kz.uuid]})
    assert "другой стороне" in err.value.errors["executors_uz"]


def test_parent_cannot_be_own_descendant(store_session):
    store, _ = store_session
    top = store.create("roadmap_item", {"number": "1", "measure_ru": "A"})
    child = store.create("roadmap_item", {"number": "1.1", "measure_ru": "B", "parent": top.uuid})
    with pytest.raises(ValidationError):
        store.update(top, {"parent": child.uuid})


def test_delete_cascades_with_tombstones(demo_db):
    with demo_db.transaction() as session:
        store = Store(session)
        item = session.scalars(select(RoadmapItem).where(RoadmapItem.number == "1")).one()
        deps = store.dependents(item)
        sub_items = {r.number for e, r in deps.deleted if e.key == "roadmap_item"}
        assert sub_items == {"1.1", "1.2"}
        removed = store.delete(item)
        uuids = {r.uuid for _, r in removed}
    with demo_db.session() as session:
        assert session.scalar(select(RoadmapItem).where(RoadmapItem.number == "1.1")) is None
        stones = set(session.scalars(select(Tombstone.record_uuid)))
        assert uuids <= stones
        deletions = session.scalars(select(ChangeLog).where(ChangeLog.action == "delete")).all()
        assert {d.record_uuid for d in deletions} == uuids


def test_deleting_an_organization_names_what_refers_to_it(demo_db):
    with demo_db.transaction() as session:
        store = Store(session)
        mivt = session.scalars(select(Organization).where(Organization.short_name_ru == "МИВТ")).one()
        deps = store.dependents(mivt)
        kinds = {e.key for e, _ in deps.detached}
        assert {"person", "roadmap_item", "project"} <= kinds
        people = [r.id for e, r in deps.detached if e.key == "person"]
        assert people
        store.delete(mivt)
    with demo_db.session() as session:
        for person_id in people:
            assert session.get(Person, person_id).organization is None


def test_plain_values_roundtrip(demo_db):
    with demo_db.session() as session:
        for entity in ENTITIES.values():
            for obj in session.scalars(select(entity.model)).all()[:5]:
                plain = record_plain(obj)
                json.dumps(plain)  # JSON-able
                store = Store(session)
                assert store.update(obj, plain) == {}


def test_project_codes_continue_per_side(demo_db):
    with demo_db.transaction() as session:
        store = Store(session)
        project = store.create("project", {"name_ru": "Новый"})
        assert project.code == "UZ-P-014"
        kz = Store(session, side="KZ")
        assert kz.create("project", {"name_ru": "Другой"}).code == "KZ-P-001"
    with demo_db.session() as session:
        assert session.scalar(select(Project).where(Project.code == "KZ-P-001")) is not None


def test_deleting_an_item_logs_each_record_once(demo_db):
    with demo_db.transaction() as session:
        store = Store(session)
        item = session.scalars(select(RoadmapItem).where(RoadmapItem.number == "1")).one()
        removed = store.delete(item)
    uuids = [r.uuid for _e, r in removed]
    assert len(uuids) == len(set(uuids))
    with demo_db.session() as session:
        rows = session.scalars(select(ChangeLog.record_uuid).where(ChangeLog.action == "delete")).all()
        assert sorted(rows) == sorted(uuids)


def test_snapshot_reads_the_same_values_as_the_records(demo_db):
    """take_snapshot reads raw rows for speed; it must agree with record_plain on every field."""
    from app.services.exchange.workbook.snapshot import take_snapshot

    with demo_db.transaction() as session:
        store = Store(session)
        item = session.scalars(select(RoadmapItem).where(RoadmapItem.number == "2")).one()
        store.update(item, {"deadline": "2027-Q3", "completed_on": "2026-11-01"})
        store.create(
            "meeting", {"meeting_date": "2027-01-15", "start_time": "09:45", "timezone": "Asia/Almaty"}
        )
        store.delete(session.scalars(select(Organization)).first())
    with demo_db.session() as session:
        snap = take_snapshot(session)
        for key, entity in ENTITIES.items():
            expected = {obj.uuid: record_plain(obj, entity) for obj in session.scalars(select(entity.model))}
            assert snap.records[key] == expected, key
        assert len(snap.tombstones) >= 1


def test_every_column_that_cannot_be_empty_is_a_required_field_or_a_code():
    """A field the database keeps NOT NULL is checked as required, so that a cleared cell in a
    workbook is an error in the preview, not a refusal at apply (codes have rules of their own)."""
    from app.services.fields import ENTITIES

    loose = [
        (e.key, f.key)
        for e in ENTITIES.values()
        for f in e.fields
        if (c := e.model.__table__.c.get(f.attribute)) is not None
        and not c.nullable
        and not f.required
        and f.key != "code"
    ]
    assert loose == []
