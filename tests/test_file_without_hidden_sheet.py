"""Rows of our workbook that come back without the hidden sheet saying which file they are (it was
deleted in LibreOffice, or the rows were copied into another workbook): merged against the exchange
they match best, never against our data of today, whose every later change their old values would
take back."""

import pytest
from sqlalchemy import select

from app.models import Decision, Project
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.reader import read_workbook
from app.services.store import Store

from .exchange_files import Sheet, edit_workbook, export_file

pytestmark = pytest.mark.backends


def without_hidden_sheets(wb) -> None:
    for ws in [ws for ws in wb.worksheets if ws.sheet_state != "visible"]:
        del wb[ws.title]


def set_jobs(db, code: str, jobs: int) -> None:
    with db.transaction() as s:
        project = s.scalars(select(Project).where(Project.code == code)).one()
        Store(s).update(project, {"jobs": jobs})


def project(db, code: str) -> Project:
    with db.session() as s:
        return s.scalars(select(Project).where(Project.code == code)).one()


def test_their_old_values_do_not_take_back_what_we_changed_since(demo_db, workdir):
    path = export_file(demo_db, workdir)
    set_jobs(demo_db, "UZ-P-001", 999)  # ours, after the file was sent

    def partner(wb):
        sheet = Sheet(wb, "project")
        sheet.set(sheet.find("code", "UZ-P-002"), "notes", "Правка партнёра")
        without_hidden_sheets(wb)

    edit_workbook(path, partner)
    preview = preview_import(demo_db, read_workbook(path))
    assert preview.incoming.hand_made and preview.plan.errors == []  # decisions still find their agenda
    assert path.name in preview.lineage.note
    changed = {(r.uuid, c.key) for r in preview.plan.records for c in r.changes}
    assert changed == {(project(demo_db, "UZ-P-002").uuid, "notes")}
    apply_import(demo_db, preview)
    assert project(demo_db, "UZ-P-001").jobs == 999
    assert project(demo_db, "UZ-P-002").notes == "Правка партнёра"
    with demo_db.session() as s:
        assert all(d.agenda_item_id is not None for d in s.scalars(select(Decision)))


def test_a_field_both_changed_is_a_conflict(demo_db, workdir):
    path = export_file(demo_db, workdir)
    set_jobs(demo_db, "UZ-P-001", 999)

    def partner(wb):
        sheet = Sheet(wb, "project")
        sheet.set(sheet.find("code", "UZ-P-001"), "jobs", 777)
        without_hidden_sheets(wb)

    edit_workbook(path, partner)
    plan = preview_import(demo_db, read_workbook(path)).plan
    (record,) = [r for r in plan.records if r.changes]
    assert [(c.key, c.base, c.ours, c.theirs, c.conflict) for c in record.changes] == [
        ("jobs", 450, 999, 777, True)
    ]


def test_of_two_exchanges_the_one_the_rows_match_is_the_base(demo_db, workdir):
    first = export_file(demo_db, workdir)
    set_jobs(demo_db, "UZ-P-001", 999)
    second = export_file(demo_db, workdir)
    set_jobs(demo_db, "UZ-P-003", 5)  # after both

    for path, expected in ((first, first), (second, second)):
        edit_workbook(path, without_hidden_sheets)
        preview = preview_import(demo_db, read_workbook(path))
        assert expected.name in preview.lineage.note
        assert not [r for r in preview.plan.records if r.changes]  # neither takes anything back


def test_a_sheet_made_by_hand_is_still_compared_with_the_data_of_now(demo_db, workdir):
    path = export_file(demo_db, workdir)

    def by_hand(wb):  # the projects typed again into a workbook of their own, without UUIDs
        sheet = Sheet(wb, "project")
        sheet.ws.delete_cols(sheet.col["uuid"])
        for ws in [ws for ws in wb.worksheets if ws is not sheet.ws]:
            del wb[ws.title]

    edit_workbook(path, by_hand)
    preview = preview_import(demo_db, read_workbook(path))
    assert "вручную" in preview.lineage.note
