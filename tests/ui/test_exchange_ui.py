"""File → Export and File → Import in the window: a real workbook out, a real workbook in, the
plan shown as a tree, conflicts settled in the dialog, Apply or Cancel."""

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox
from sqlalchemy import select

from app.models import Project
from app.services.exchange.importing.importer import preview_import
from app.services.exchange.importing.merge import Kind
from app.services.exchange.importing.reader import read_workbook
from app.ui.import_dialog import ImportPreviewDialog
from tests.exchange_files import Sheet, edit_workbook, export_file, import_file

from .conftest import on_modal


def test_export_then_import_through_the_menus(window, workdir, monkeypatch, qtbot):
    target = workdir / "для Казахстана.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Ok).click())
    window.actions_by_name["export"].trigger()
    assert target.exists()

    edit_workbook(target, lambda wb: Sheet(wb, "project").set(3, "jobs", 999))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    seen = {}

    def in_dialog(dialog):
        seen["title"] = dialog.windowTitle()
        seen["groups"] = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
        on_modal(lambda box: box.button(QMessageBox.StandardButton.Ok).click())
        dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()

    on_modal(in_dialog)
    window.actions_by_name["import"].trigger()
    assert "для Казахстана.xlsx" in seen["title"]
    assert seen["groups"] == ["Изменённые (1)"]
    with window.ctx.db.session() as s:
        assert 999 in s.scalars(select(Project.jobs)).all()
    assert window.ctx.undo_stack.count() == 0


def test_conflicts_are_settled_in_the_dialog(pair_dbs, workdir, qtbot):
    uz, kz = pair_dbs
    import_file(kz, export_file(uz, workdir))
    import_file(uz, export_file(kz, workdir))
    for db, jobs in ((uz, 1), (kz, 2)):
        with db.transaction() as s:
            s.scalars(select(Project).where(Project.code == "UZ-P-001")).one().jobs = jobs
    preview = preview_import(uz, read_workbook(export_file(kz, workdir)))
    dialog = ImportPreviewDialog(uz, preview)
    qtbot.addWidget(dialog)
    apply_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Apply)
    assert not apply_button.isEnabled()  # a conflict is still open
    conflict = dialog.tree.topLevelItem(0)
    assert conflict.text(0) == "Конфликты (1)"
    field_row = conflict.child(0).child(0).child(0)
    assert [field_row.text(i) for i in range(4)] == ["Создаваемые рабочие места", "450", "1", "2"]
    dialog.all_theirs.click()
    assert apply_button.isEnabled()
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Ok).click())
    apply_button.click()
    assert dialog.applied == {"created": 0, "updated": 1, "deleted": 0, "left_out": 0}
    with uz.session() as s:
        assert s.scalars(select(Project).where(Project.code == "UZ-P-001")).one().jobs == 2


def test_cancel_changes_nothing(pair_dbs, workdir, qtbot):
    uz, kz = pair_dbs
    preview = preview_import(kz, read_workbook(export_file(uz, workdir)))
    before = kz.path.read_bytes()
    dialog = ImportPreviewDialog(kz, preview)
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItem(0).text(0).startswith("Новые")
    assert len(preview.plan.of_kind(Kind.NEW)) == 178  # every record of the demo
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert kz.path.read_bytes() == before


def test_save_as_pdf_from_the_meetings_page_prints_the_selected_meeting(window, workdir, monkeypatch):
    from pypdf import PdfReader

    window.show_page("meetings")
    page = window.meetings
    page.table.selectRow(0)
    code = page.model.index(0, 0).data()
    target = workdir / "повестка.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def choose(dialog):
        assert dialog.meeting.currentData() == page.selected_uuid()  # the selected meeting is offered
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    on_modal(choose)
    window.actions_by_name["save_pdf"].trigger()
    text = "".join(PdfReader(target).pages[0].extract_text().split())
    assert "ПОВЕСТКАДНЯ" in text and code.replace(" ", "") in text


def _synced(pair_dbs, workdir):
    uz, kz = pair_dbs
    import_file(kz, export_file(uz, workdir))
    import_file(uz, export_file(kz, workdir))
    return uz, kz


def test_a_mass_deletion_is_applied_only_once_confirmed(pair_dbs, workdir, qtbot):
    from app.models import RoadmapItem
    from app.services.store import Store

    uz, kz = _synced(pair_dbs, workdir)
    with kz.transaction() as s:
        Store(s).delete(s.scalars(select(RoadmapItem).where(RoadmapItem.number == "I")).one())
    preview = preview_import(uz, read_workbook(export_file(kz, workdir)))
    dialog = ImportPreviewDialog(uz, preview)
    qtbot.addWidget(dialog)
    apply_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Apply)
    assert dialog.confirm_deletion.isVisibleTo(dialog) and not apply_button.isEnabled()
    assert "удаление" in dialog.why.text()
    [deleted] = preview.plan.of_kind(Kind.DELETED)
    assert str(1 + len(deleted.dependants)) in dialog.confirm_deletion.text()
    dialog.confirm_deletion.setChecked(True)
    assert apply_button.isEnabled() and not dialog.why.isVisibleTo(dialog)
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Ok).click())
    apply_button.click()
    assert dialog.applied["deleted"] == 1 + len(deleted.dependants)


def test_a_file_imported_before_says_so_and_cannot_be_applied(pair_dbs, workdir, qtbot):
    uz, kz = pair_dbs
    path = export_file(uz, workdir)
    import_file(kz, path)
    dialog = ImportPreviewDialog(kz, preview_import(kz, read_workbook(path)))
    qtbot.addWidget(dialog)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).isEnabled()
    assert "ничего не меняет" in dialog.why.text()
    assert "уже импортирован" in dialog.notes.text()


def test_apply_refuses_when_the_data_changed_under_an_open_preview(pair_dbs, workdir, qtbot):
    uz, kz = _synced(pair_dbs, workdir)
    with kz.transaction() as s:
        s.scalars(select(Project).where(Project.code == "UZ-P-001")).one().jobs = 7
    preview = preview_import(uz, read_workbook(export_file(kz, workdir)))
    dialog = ImportPreviewDialog(uz, preview)
    qtbot.addWidget(dialog)
    from app.services.store import Store

    with uz.transaction() as s:  # meanwhile, in the window behind the preview
        Store(s).update(s.scalars(select(Project).where(Project.code == "UZ-P-001")).one(), {"jobs": 8})
    before = uz.path.read_bytes()
    seen = {}

    def refused(box):
        seen["text"] = box.text()
        box.button(QMessageBox.StandardButton.Ok).click()

    on_modal(refused)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()
    assert "предпросмотр" in seen["text"] and dialog.applied is None
    with uz.session() as s:
        assert s.scalars(select(Project).where(Project.code == "UZ-P-001")).one().jobs == 8
    assert len(before)  # the file itself may hold the backup's checkpoint; the data is what counts
