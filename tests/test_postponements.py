"""Postponements: kept when a deadline moves, carried in the exchange with their reasons, and
made for a deadline the other side typed over by hand; deleted with their item."""

from datetime import date

import pytest
from sqlalchemy import select

from app.models import DeadlineKind, Postponement, RoadmapItem, Side, Tombstone
from app.services import postponements
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.reader import read_workbook
from app.services.store import Store
from tests.exchange_files import Sheet, copy_row, edit_workbook, export_file, import_file

pytestmark = pytest.mark.backends


def dated(session, number: str | None = None) -> RoadmapItem:
    query = select(RoadmapItem).where(RoadmapItem.deadline_kind == DeadlineKind.DATE)
    if number:
        query = query.where(RoadmapItem.number == number)
    return session.scalars(query.order_by(RoadmapItem.id)).first()


def postponements_of(db, uuid: str) -> list[tuple]:
    with db.session() as s:
        item = s.scalars(select(RoadmapItem).where(RoadmapItem.uuid == uuid)).one()
        return [
            (p.old_deadline_date, p.new_deadline_date, p.reason, p.side)
            for p in postponements.of_item(s, item.id)
        ]


def move_in_program(db, uuid: str, new: str, reason: str) -> None:
    """What the window does: the deadline and its postponement in one change."""
    with db.transaction() as s:
        store = Store(s)
        item = store.require("roadmap_item", uuid)
        diff = store.update(item, {"deadline": new})
        postponements.record(store, item, *diff["deadline"], reason)


def test_a_postponement_made_there_arrives_with_its_reason_and_is_not_made_twice(pair_dbs, workdir):
    uz, kz = pair_dbs
    import_file(kz, export_file(uz, workdir))  # the other side has our data
    with uz.session() as s:
        item = dated(s)
        uuid, old = item.uuid, item.deadline_date
    before = postponements_of(uz, uuid)
    move_in_program(kz, uuid, "2028-02-29", "Задержка финансирования со стороны банка")
    import_file(uz, export_file(kz, workdir))
    after = postponements_of(uz, uuid)
    assert len(after) == len(before) + 1
    assert after[0] == (old, date(2028, 2, 29), "Задержка финансирования со стороны банка", Side.KZ)


def test_a_deadline_typed_over_by_hand_is_a_postponement_of_theirs_said_in_the_preview(demo_db, workdir):
    with demo_db.session() as s:
        item = dated(s)
        uuid, old = item.uuid, item.deadline_date
    before = postponements_of(demo_db, uuid)
    path = export_file(demo_db, workdir)

    def edit(wb):
        sheet = Sheet(wb, "roadmap_item")
        sheet.set(sheet.find("uuid", uuid), "deadline", "31.12.2027")

    edit_workbook(path, edit)  # the other side, in Excel, returns our workbook
    preview = preview_import(demo_db, read_workbook(path))
    assert not preview.plan.errors
    assert any("без указания причины" in n for n in preview.plan.notes), preview.plan.notes
    apply_import(demo_db, preview)
    after = postponements_of(demo_db, uuid)
    assert len(after) == len(before) + 1
    assert after[0] == (old, date(2027, 12, 31), None, Side.KZ)
    again = preview_import(demo_db, read_workbook(path))  # the same file once more: nothing new
    apply_import(demo_db, again)
    assert len(postponements_of(demo_db, uuid)) == len(before) + 1


def test_a_reason_written_on_the_postponements_sheet_comes_with_the_hand_made_change(demo_db, workdir):
    with demo_db.session() as s:
        item = dated(s)
        uuid, code, old = item.uuid, item.code, item.deadline_date
        assert s.scalars(select(Postponement)).first()  # a row to copy, as a person would
    before = postponements_of(demo_db, uuid)
    path = export_file(demo_db, workdir)

    def edit(wb):
        items = Sheet(wb, "roadmap_item")
        row = items.find("uuid", uuid)
        items.set(row, "deadline", "30.06.2028")
        moved = Sheet(wb, "postponement")
        copy_row(
            moved,
            3,
            moved.ws.max_row + 1,
            item=code,
            postponed_on="01.12.2026",
            old_deadline=old.strftime("%d.%m.%Y"),
            new_deadline="30.06.2028",
            reason="Перенос по решению рабочей группы",
            side="Казахстан",
        )

    edit_workbook(path, edit)
    preview = preview_import(demo_db, read_workbook(path))
    assert not preview.plan.errors, [e.message for e in preview.plan.errors]
    assert not any("без указания причины" in n for n in preview.plan.notes)
    apply_import(demo_db, preview)
    after = postponements_of(demo_db, uuid)
    assert len(after) == len(before) + 1  # theirs, not one more made here
    assert after[0] == (old, date(2028, 6, 30), "Перенос по решению рабочей группы", Side.KZ)


def test_deleting_an_item_takes_the_postponements_of_its_sub_items_with_tombstones(demo_db):
    with demo_db.transaction() as s:
        store = Store(s)
        parent = s.scalars(select(RoadmapItem).where(RoadmapItem.parent_id.is_not(None))).first().parent
        child = parent.children[0]
        made = postponements.record(store, child, "2027-01-31", "2027-03-31", "Причина")
        s.flush()
        gone = store.delete(parent)
        assert (postponements.ENTITY, made.uuid) in {(e.key, r.uuid) for e, r in gone}
    with demo_db.session() as s:
        assert s.scalar(select(Tombstone).where(Tombstone.record_uuid == made.uuid)) is not None
        assert s.scalar(select(Postponement).where(Postponement.uuid == made.uuid)) is None
