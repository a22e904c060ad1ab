"""Our workbook comes back edited by hand, sometimes as several copies of one export, sometimes more
than once, mixed with files from the other side's program: no edit is lost or silently reverted."""

import shutil

import pytest
from sqlalchemy import select

from app.models import Exchange, ExchangeDirection, RoadmapItem, Side
from app.services.database import Database
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.merge import Kind
from app.services.exchange.importing.reader import read_workbook
from app.services.settings import SIDE, set_setting

from .exchange_files import Sheet, edit_workbook, export_file, import_file

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given


def item(db, number: str) -> RoadmapItem:
    with db.session() as s:
        return s.scalars(select(RoadmapItem).where(RoadmapItem.number == number)).one()


def copy_edited(path, name: str, number: str, key: str, value):
    """A colleague's copy of the file, with one cell changed."""
    target = path.with_name(name)
    shutil.copy(path, target)

    def person(wb):
        sheet = Sheet(wb, "roadmap_item")
        sheet.set(sheet.find("number", number), key, value)

    return edit_workbook(target, person)


@pytest.mark.parametrize("order", ["AB", "BA"])
def test_two_edited_copies_of_one_export_both_count(demo_db, workdir, order):
    path = export_file(demo_db, workdir)
    copies = {
        "A": copy_edited(path, "копия A.xlsx", "1", "measure_ru", "Изменено в копии A"),
        "B": copy_edited(path, "копия B.xlsx", "1.2", "notes", "Замечание из копии B"),
    }
    for name in order:
        preview = import_file(demo_db, copies[name])
        assert not preview.plan.of_kind(Kind.CONFLICT)
    assert item(demo_db, "1").measure_ru == "Изменено в копии A"
    assert item(demo_db, "1.2").notes == "Замечание из копии B"


def test_two_copies_changing_one_field_differently_is_a_conflict(demo_db, workdir):
    path = export_file(demo_db, workdir)
    a = copy_edited(path, "копия A.xlsx", "1", "measure_ru", "Вариант A")
    b = copy_edited(path, "копия B.xlsx", "1", "measure_ru", "Вариант B")
    import_file(demo_db, a)
    preview = preview_import(demo_db, read_workbook(b))
    [record] = preview.plan.of_kind(Kind.CONFLICT)
    [change] = record.conflicts
    assert (change.key, change.ours, change.theirs) == ("measure_ru", "Вариант A", "Вариант B")


def test_a_later_copy_that_kept_the_first_edit_changes_nothing_more(demo_db, workdir):
    """The same person sends the file again with one more edit: the first edit is old news, and a
    change we made since to that field stays."""
    path = export_file(demo_db, workdir)
    first = copy_edited(path, "первый.xlsx", "1", "measure_ru", "Первая правка")
    import_file(demo_db, first)
    second = copy_edited(first, "второй.xlsx", "2", "notes", "Вторая правка")
    from app.services.store import Store

    with demo_db.transaction() as s:
        obj = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "1")).one()
        Store(s).update(obj, {"measure_ru": "Наша правка после первого файла"})
    preview = import_file(demo_db, second)
    assert not preview.plan.of_kind(Kind.CONFLICT)
    assert item(demo_db, "1").measure_ru == "Наша правка после первого файла"
    assert item(demo_db, "2").notes == "Вторая правка"


def test_importing_a_file_twice_records_nothing_new(demo_db, workdir):
    path = export_file(demo_db, workdir)
    edited = copy_edited(path, "правка.xlsx", "1", "measure_ru", "Правка")
    import_file(demo_db, edited)
    with demo_db.session() as s:
        before = s.scalars(select(Exchange.id)).all()
    preview = preview_import(demo_db, read_workbook(edited))
    assert preview.already_imported is not None
    assert not preview.plan.changes_anything
    assert apply_import(demo_db, preview) == {"created": 0, "updated": 0, "deleted": 0, "left_out": 0}
    with demo_db.session() as s:
        assert s.scalars(select(Exchange.id)).all() == before


@pytest.fixture
def pair(demo_path, workdir):
    uz = Database(demo_path)
    kz = Database(workdir / "kz.sqlite")
    with kz.transaction() as s:
        set_setting(s, SIDE, "KZ")
    import_file(kz, export_file(uz, workdir))
    import_file(uz, export_file(kz, workdir))  # both share the same data, and each has the other's file
    yield uz, kz
    uz.close()
    kz.close()


def test_a_returned_workbook_is_ours_not_a_file_of_theirs(pair, workdir):
    """Our workbook returned edited is not recorded under their name and number: the next file of
    their program is not taken as older than it."""
    uz, kz = pair
    ours = export_file(uz, workdir)
    for _ in range(3):  # our file numbers run ahead of theirs
        ours = export_file(uz, workdir)
    import_file(uz, copy_edited(ours, "возврат.xlsx", "3", "notes", "Правка от руки"))
    with kz.transaction() as s:
        obj = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "4")).one()
        from app.services.store import Store

        Store(s).update(obj, {"notes": "Правка в программе КЗ"})
    preview = preview_import(uz, read_workbook(export_file(kz, workdir)))
    assert not preview.stale
    apply_import(uz, preview)
    assert item(uz, "4").notes == "Правка в программе КЗ"
    assert item(uz, "3").notes == "Правка от руки"
    with uz.session() as s:
        returned = s.scalars(
            select(Exchange).where(Exchange.direction == ExchangeDirection.IMPORT).order_by(Exchange.id)
        ).all()[-2]
        assert returned.sender_side == Side.UZ


def test_their_program_has_not_seen_a_hand_edit_yet(pair, workdir):
    """After a hand-edited return, the other side's program (which never had those edits) sends its
    next file: the hand edits stay, without conflicts; their own edits arrive."""
    uz, kz = pair
    ours = export_file(uz, workdir)
    import_file(uz, copy_edited(ours, "возврат.xlsx", "3", "notes", "Правка от руки"))
    import_file(kz, ours)  # their program merges the same export, without the hand edit
    with kz.transaction() as s:
        from app.services.store import Store

        obj = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "5")).one()
        Store(s).update(obj, {"notes": "Правка в программе КЗ"})
    preview = import_file(uz, export_file(kz, workdir))
    assert not preview.plan.of_kind(Kind.CONFLICT), [
        (r.label, r.conflicts) for r in preview.plan.of_kind(Kind.CONFLICT)
    ]
    assert item(uz, "3").notes == "Правка от руки"
    assert item(uz, "5").notes == "Правка в программе КЗ"
    # ... and the hand edit reaches their program with our next file.
    import_file(kz, export_file(uz, workdir))
    assert item(kz, "3").notes == "Правка от руки"


def test_a_row_added_by_hand_gets_a_code_their_program_will_not_give(pair, workdir):
    uz, kz = pair
    ours = export_file(uz, workdir)

    def add(wb):
        sheet = Sheet(wb, "roadmap_item")
        row = sheet.ws.max_row + 1
        sheet.set(row, "number", "13.3")
        sheet.set(row, "measure_ru", "Новая мера, добавленная от руки")
        sheet.set(row, "deadline", "31.03.2027")

    import_file(uz, edit_workbook(ours, add))
    added = item(uz, "13.3")
    assert added.code.startswith("UZ-R-")  # numbered by this program, not in their program's series
    with kz.transaction() as s:
        from app.services.store import Store

        parent = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "13")).one()
        Store(s).create("roadmap_item", {"number": "13.4", "measure_ru": "Мера КЗ", "parent": parent.uuid})
    preview = import_file(uz, export_file(kz, workdir))
    assert not preview.plan.errors
    import_file(kz, export_file(uz, workdir))
    assert item(kz, "13.3").code == added.code


def test_a_record_we_deleted_does_not_come_back_silently_in_a_returned_workbook(demo_db, workdir):
    from app.services.store import Store

    older = export_file(demo_db, workdir)
    with demo_db.transaction() as s:
        gone = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "2.2")).one()
        gone_uuid = gone.uuid
        Store(s).delete(gone)
    newer = export_file(demo_db, workdir)  # our deletion went out in this one
    # The older workbook comes back with that row edited: a person decides.
    preview = preview_import(
        demo_db, read_workbook(copy_edited(older, "старый.xlsx", "2.2", "notes", "Правка"))
    )
    [record] = preview.plan.of_kind(Kind.CONFLICT)
    assert record.uuid == gone_uuid and record.deletion == "ours"
    assert not preview.plan.of_kind(Kind.NEW)
    # The older workbook comes back untouched there: the record stays deleted.
    preview = preview_import(
        demo_db, read_workbook(copy_edited(older, "старый 2.xlsx", "3", "notes", "Правка"))
    )
    assert not preview.plan.of_kind(Kind.NEW) and not preview.plan.of_kind(Kind.CONFLICT)

    # The newer workbook comes back with the deleted row pasted in from the older one: an error.
    def paste(wb):
        sheet = Sheet(wb, "roadmap_item")
        row = sheet.ws.max_row + 1
        sheet.set(row, "uuid", gone_uuid)
        sheet.set(row, "number", "2.2")
        sheet.set(row, "measure_ru", "Удалённая мера")

    preview = preview_import(demo_db, read_workbook(edit_workbook(newer, paste)))
    [error] = preview.plan.errors
    assert "UUID" in error.message and error.sheet
    assert not preview.plan.of_kind(Kind.NEW)
