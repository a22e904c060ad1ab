"""A row copied in Excel with its UUID cell (the sheet's protection taken off, the whole row copied
to add one, as found with LibreOffice): the row still as exported is the record, the other a new
one copied from it. When that cannot be told, the duplicate stays an error and nothing is guessed."""

import pytest
from sqlalchemy import select

from app.models import Project, RoadmapItem
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.merge import Kind
from app.services.exchange.importing.reader import read_workbook

from .exchange_files import Sheet, copy_row, edit_workbook, export_file
from .pg import db_state

pytestmark = pytest.mark.backends

NAME = "Новый проект, добавленный копированием строки"


def projects(db) -> dict[str, tuple[str, str]]:
    with db.session() as s:
        return {p.uuid: (p.code, p.name_ru) for p in s.scalars(select(Project))}


def projects_by_code(db) -> dict[str, str]:
    return {code: uuid for uuid, (code, _name) in projects(db).items()}


def preview_of(db, path):
    return preview_import(db, read_workbook(path))


def test_a_row_copied_below_with_its_uuid_is_a_new_record(demo_db, workdir):
    before = projects(demo_db)
    path = export_file(demo_db, workdir)
    rows = {}

    def person(wb):
        sheet = Sheet(wb, "project")
        source = sheet.find("code", "UZ-P-002")
        rows["source"], rows["copy"] = source, sheet.ws.max_row + 1
        copy_row(sheet, source, rows["copy"], keep_uuid=True, name_ru=NAME)

    edit_workbook(path, person)
    preview = preview_of(demo_db, path)
    plan = preview.plan
    assert plan.errors == []
    assert len(plan.of_kind(Kind.NEW)) == 1 and plan.of_kind(Kind.UPDATED) == []
    note = next(n for n in plan.notes if "UUID" in n)
    assert f"!{rows['copy']}" in note and f"!{rows['source']}" in note
    apply_import(demo_db, preview)
    after = projects(demo_db)
    assert {u: after[u] for u in before} == before  # the row copied from is untouched
    (added,) = [after[u] for u in after if u not in before]
    assert added[1] == NAME
    assert added[0] not in {code for code, _name in before.values()}  # the copied code was taken


def test_the_copy_may_stand_above_the_row_it_was_copied_from(demo_db, workdir):
    before = projects(demo_db)
    path = export_file(demo_db, workdir)

    def person(wb):
        sheet = Sheet(wb, "project")
        source = sheet.find("code", "UZ-P-002")
        # The row copied to the end unchanged, then the one above edited: the copy is above.
        copy_row(sheet, source, sheet.ws.max_row + 1, keep_uuid=True)
        sheet.set(source, "name_ru", NAME)

    edit_workbook(path, person)
    preview = preview_of(demo_db, path)
    assert preview.plan.errors == []
    assert len(preview.plan.of_kind(Kind.NEW)) == 1 and preview.plan.of_kind(Kind.UPDATED) == []
    apply_import(demo_db, preview)
    after = projects(demo_db)
    assert {u: after[u] for u in before} == before
    assert [after[u][1] for u in after if u not in before] == [NAME]


@pytest.mark.parametrize(
    "case, refused",
    [
        ("both edited", 2),
        ("copied unchanged", 1),
        ("pasted over another row", 1),
        ("pasted over the row below", 1),
    ],
)
def test_when_the_record_cannot_be_told_the_duplicate_is_an_error(demo_db, workdir, case, refused):
    """Nothing is guessed, and no row's values are written over the record: when every row is
    edited, each is refused (the first one's values would otherwise become the record's)."""
    path = export_file(demo_db, workdir)
    uuid = projects_by_code(demo_db)["UZ-P-002"]

    def person(wb):
        sheet = Sheet(wb, "project")
        source = sheet.find("code", "UZ-P-002")
        if case.startswith("pasted over"):  # that row's record must not turn into a new one
            other = sheet.find("code", "UZ-P-003" if case.endswith("another row") else "UZ-P-001")
            sheet.set(other, "uuid", sheet.get(source, "uuid"))  # UZ-P-001 stands above UZ-P-002
            return
        copy_row(sheet, source, sheet.ws.max_row + 1, keep_uuid=True)
        if case == "both edited":
            sheet.set(source, "name_ru", NAME)  # the copy's new name typed into the row above
            sheet.set(sheet.ws.max_row, "notes", "Правка")

    edit_workbook(path, person)
    before = db_state(demo_db)
    preview = preview_of(demo_db, path)
    assert len([e for e in preview.plan.errors if "UUID" in e.message]) == refused
    assert preview.plan.of_kind(Kind.NEW) == []
    assert not [c for r in preview.plan.records if r.uuid == uuid for c in r.changes]
    assert not any("UUID" in n for n in preview.plan.notes)
    with pytest.raises(Exception, match="ничего не импортировано"):
        apply_import(demo_db, preview)
    assert db_state(demo_db) == before


def test_a_roadmap_row_copied_with_its_uuid_is_a_new_item_beside_it(demo_db, workdir):
    path = export_file(demo_db, workdir)

    def person(wb):
        sheet = Sheet(wb, "roadmap_item")
        copy_row(sheet, sheet.find("number", "13.2"), sheet.ws.max_row + 1, keep_uuid=True, number="13.3")

    edit_workbook(path, person)
    preview = preview_of(demo_db, path)
    assert preview.plan.errors == []
    assert len(preview.plan.of_kind(Kind.NEW)) == 1
    apply_import(demo_db, preview)
    with demo_db.session() as s:
        items = {i.number: i for i in s.scalars(select(RoadmapItem))}
        assert items["13.3"].parent_id == items["13.2"].parent_id
        assert items["13.3"].code != items["13.2"].code
