"""One bad cell does not hold up the good rows: the valid records are applied, the ones with errors
(and what depends on them) are left out whole, and the corrected file brings them in later."""

import json
import shutil

import pytest
from sqlalchemy import select

from app.cli import main
from app.models import Project, RoadmapItem
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.reader import read_workbook

from .exchange_files import Sheet, edit_workbook, export_file
from .pg import db_state

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given


def item(db, number):
    with db.session() as s:
        return s.scalars(select(RoadmapItem).where(RoadmapItem.number == number)).one_or_none()


def project(db, code):
    with db.session() as s:
        return s.scalars(select(Project).where(Project.code == code)).one()


def partner_edits(path):
    """Good edits and three mistakes, one of them in a new section that has a new item under it."""

    def person(wb):
        roadmap = Sheet(wb, "roadmap_item")
        roadmap.set(roadmap.find("number", "1"), "notes", "Хорошая правка")  # good
        roadmap.set(roadmap.find("number", "2"), "status", "почти готово")  # mistake
        last = roadmap.ws.max_row
        roadmap.set(last + 1, "number", "IV")  # a new section with a bad deadline
        roadmap.set(last + 1, "kind", "Раздел")
        roadmap.set(last + 1, "measure_ru", "Новый раздел")
        roadmap.set(last + 1, "deadline", "когда-нибудь")  # mistake
        roadmap.set(last + 2, "number", "27")  # a new item under it
        roadmap.set(last + 2, "measure_ru", "Мера нового раздела")
        roadmap.set(last + 2, "parent", "IV")
        roadmap.set(last + 3, "number", "13.3")  # a good new item
        roadmap.set(last + 3, "measure_ru", "Хорошая новая мера")
        projects = Sheet(wb, "project")
        projects.set(projects.find("code", "UZ-P-002"), "jobs", "много")  # mistake
        projects.set(projects.find("code", "UZ-P-003"), "region", "Ташкентская область")  # good

    return edit_workbook(path, person)


def test_the_valid_records_go_in_and_the_corrected_file_brings_the_rest(demo_db, workdir, capsys):
    sent = export_file(demo_db, workdir)
    first = workdir / "с ошибками.xlsx"
    shutil.copy(sent, first)
    partner_edits(first)
    preview = preview_import(demo_db, read_workbook(first))
    assert len(preview.plan.errors) == 3
    assert len(preview.left_out) == 4
    capsys.readouterr()
    assert main(["import", "--db", demo_db.location, str(first), "--dry-run", "--json"]) == 2
    plan = json.loads(capsys.readouterr().out)
    assert plan["counts"]["left_out"] == 4 and "unchanged" not in plan
    # The new item under the new section with an error is left out with it.
    left = {r["code"]: r["label"] for r in plan["left_out"]}
    assert {"UZ-R-005", "UZ-P-002"} <= left.keys() and len(left) == 4
    assert sorted(label.split()[0] for label in left.values() if label) == ["27", "IV"]
    assert {e["code"] for e in plan["errors"]} <= left.keys()
    assert main(["import", "--db", demo_db.location, str(first), "--skip-invalid"]) == 0
    out = capsys.readouterr().out
    assert "4" in out.splitlines()[-1]  # "Left out because of errors: 4 records."
    assert item(demo_db, "1").notes == "Хорошая правка" and item(demo_db, "13.3") is not None
    assert project(demo_db, "UZ-P-003").region == "Ташкентская область"
    assert item(demo_db, "IV") is None and item(demo_db, "27") is None
    assert item(demo_db, "2").status.value == "not_started" and project(demo_db, "UZ-P-002").jobs != "много"

    # The partner corrects the three cells in their file and sends it back.
    def corrected(wb):
        roadmap = Sheet(wb, "roadmap_item")
        roadmap.set(roadmap.find("number", "2"), "status", "В работе")
        roadmap.set(roadmap.find("number", "IV"), "deadline", "IV кв. 2027")
        projects = Sheet(wb, "project")
        projects.set(projects.find("code", "UZ-P-002"), "jobs", 120)

    second = workdir / "исправленный.xlsx"
    shutil.copy(first, second)
    edit_workbook(second, corrected)
    preview = preview_import(demo_db, read_workbook(second))
    assert not preview.plan.errors and not preview.plan.of_kind("conflict")
    apply_import(demo_db, preview)
    assert item(demo_db, "2").status.value == "in_progress"
    with demo_db.session() as s:
        assert s.scalars(select(RoadmapItem).where(RoadmapItem.number == "27")).one().parent.number == "IV"
    assert project(demo_db, "UZ-P-002").jobs == 120
    with demo_db.session() as s:  # the good new item came once, not twice
        assert len(s.scalars(select(RoadmapItem).where(RoadmapItem.number == "13.3")).all()) == 1


def test_nothing_valid_is_said_plainly(demo_db, workdir, capsys):
    path = export_file(demo_db, workdir)
    edit_workbook(
        path, lambda wb: Sheet(wb, "project").set(Sheet(wb, "project").find("code", "UZ-P-001"), "jobs", "x")
    )
    before = db_state(demo_db)
    assert main(["import", "--db", demo_db.location, str(path), "--skip-invalid"]) == 2
    assert db_state(demo_db) == before


def test_the_preview_offers_to_apply_the_valid_records(demo_db, workdir, qtbot):
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from app.ui.import_dialog import ImportPreviewDialog

    from .ui.conftest import on_modal

    path = partner_edits(export_file(demo_db, workdir))
    dialog = ImportPreviewDialog(demo_db, preview_import(demo_db, read_workbook(path)))
    qtbot.addWidget(dialog)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).isEnabled()
    assert dialog.apply_valid.isVisibleTo(dialog) and dialog.apply_valid.isEnabled()
    assert "3" in dialog.apply_valid.text() and "3" in dialog.why.text()
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Ok).click())
    dialog.apply_valid.click()
    assert dialog.applied["left_out"] == 4 and dialog.applied["created"] == 1


def test_a_file_imported_in_part_can_be_imported_again_once_the_obstacle_is_gone(pair_dbs, workdir):
    """Both sides added an item 13.3 under item 13: their file's is left out for its number. Ours
    is renumbered here, and the same file imported again brings theirs — and nothing else twice."""
    from app.services.store import Store

    from .exchange_files import import_file

    uz, kz = pair_dbs
    import_file(kz, export_file(uz, workdir))
    import_file(uz, export_file(kz, workdir))
    for db, text in ((uz, "Наша мера"), (kz, "Их мера")):
        with db.transaction() as s:
            parent = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "13")).one()
            Store(s).create("roadmap_item", {"number": "13.3", "measure_ru": text, "parent": parent.uuid})
    theirs = export_file(kz, workdir)
    preview = preview_import(uz, read_workbook(theirs))
    assert len(preview.plan.errors) == 1 and len(preview.left_out) == 1
    apply_import(uz, preview, skip_invalid=True)
    with uz.transaction() as s:
        ours = s.scalars(select(RoadmapItem).where(RoadmapItem.measure_ru == "Наша мера")).one()
        Store(s).update(ours, {"number": "13.4"})
    again = preview_import(uz, read_workbook(theirs))
    assert again.already_imported is None and not again.plan.errors
    assert [r.values["measure_ru"] for r in again.plan.of_kind("new")] == ["Их мера"]
    assert not again.plan.of_kind("updated") and not again.plan.of_kind("conflict")
    apply_import(uz, again)
    assert item(uz, "13.3").measure_ru == "Их мера" and item(uz, "13.4").measure_ru == "Наша мера"
