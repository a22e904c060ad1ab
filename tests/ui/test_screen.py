"""Every window and dialog the program opens fits a 1366×768 laptop less its 40 px taskbar, in
each language, and remembers its size for the screen it was on."""

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QWidget
from sqlalchemy import select

from app.i18n import set_language
from app.models import Meeting, Project, RoadmapItem
from app.ui.geometry import fit_to_screen, screen_key
from tests.exchange_files import export_file
from tests.ui.conftest import on_modal

LAPTOP = QRect(0, 0, 1366, 728)
DISCARD = QMessageBox.StandardButton.Discard


def area() -> QRect:
    return QGuiApplication.primaryScreen().availableGeometry()


def test_the_windows_are_tested_on_a_laptop_screen(qapp):
    assert area() == LAPTOP, "tests/conftest.py sets Qt's offscreen screen to 1366×728"


class Frames:
    """The frames of the windows seen, by name, each taken once the window is on screen."""

    def __init__(self):
        self.seen: dict[str, QRect] = {}

    def check(self, name: str, widget: QWidget) -> None:
        QApplication.processEvents()  # Qt sizes message boxes, and the fit corrects, once shown
        assert widget.isVisible(), name
        self.seen[name] = widget.frameGeometry()

    def outside(self) -> dict[str, QRect]:
        return {name: frame for name, frame in self.seen.items() if not area().contains(frame)}


def modal(frames: Frames, name: str, then=None):
    """Check the next modal dialog, then close it (or hand it on to `then`)."""

    def handle(dialog):
        frames.check(name, dialog)
        if then is not None:
            then(dialog)
        elif isinstance(dialog, QMessageBox):
            dialog.close()
        else:
            dialog.reject()

    on_modal(handle)


@pytest.mark.parametrize("lang", ["ru", "uz", "kk"])
def test_every_window_and_dialog_fits_the_laptop_screen(window, ctx, qtbot, workdir, lang, monkeypatch):
    set_language(lang)
    frames = Frames()
    frames.check("main window", window)
    for key in ("dashboard", "projects", "roadmap", "meetings", "references", "history"):
        window.show_page(key)
        frames.check(f"main window: {key}", window)

    for key, page in (
        ("project", window.projects),
        ("meeting", window.meetings),
        ("organization", window.organizations),
        ("person", window.people),
        ("sector", window.sectors),
    ):
        modal(frames, f"new {key}")
        page.new_record()
    modal(frames, "new roadmap item")
    window.roadmap.new_item()

    project = ctx.session.scalars(select(Project).order_by(Project.code)).first()
    window.show_page("projects")
    window.projects.select_uuid(project.uuid)

    def changed_then_closed(form):
        frames.check("project form", form)
        form.editor.editors["name_ru"].line.setText("Изменено")
        modal(frames, "unsaved changes: save, discard or go back?", lambda box: box.button(DISCARD).click())
        form.reject()

    on_modal(changed_then_closed)
    window.projects.open_selected()

    window.show_page("roadmap")
    measure = ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == "1"))
    window.roadmap.select_uuid(measure.uuid)
    modal(frames, "roadmap item form")
    window.roadmap.open_selected()
    modal(frames, "progress report form")
    window.roadmap.reports.add_report()
    section = ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == "I"))
    window.roadmap.select_uuid(section.uuid)  # the largest deletion: a section with all its items
    modal(frames, "delete a section", lambda box: box.button(QMessageBox.StandardButton.No).click())
    window.roadmap.delete_selected()

    meeting = ctx.session.scalars(select(Meeting).order_by(Meeting.number)).first()

    def in_meeting(editor):
        modal(frames, "agenda item form")
        editor.agenda.add()
        editor.decisions.list.setCurrentRow(0)
        modal(frames, "decision form")
        editor.decisions.edit()
        modal(frames, "decision to the roadmap")
        editor.decision_to_roadmap()
        modal(
            frames,
            "sign the minutes: are you sure",
            lambda box: box.button(QMessageBox.StandardButton.No).click(),
        )
        editor.sign()
        modal(frames, "unlock the minutes: the reason")
        editor.unlock()
        editor.reject()

    modal(frames, "meeting editor", in_meeting)
    window.open_meeting(meeting.uuid)

    window.show_page("meetings")
    backlog = window.meetings.backlog
    modal(frames, "backlog question form")
    backlog.add()
    ctx.create("agenda_item", {"title_ru": "Вопрос к следующему заседанию", "position": 1}, "new")
    backlog.table.selectRow(0)
    modal(frames, "backlog: move to a meeting")
    backlog.move_to_meeting()

    def print_choice(dialog):
        modal(frames, "print preview")
        dialog.accept()

    modal(frames, "print: which document", print_choice)
    window.actions_by_name["print_preview"].trigger()
    modal(frames, "print: which document", lambda dialog: (modal(frames, "print dialog"), dialog.accept()))
    window.actions_by_name["print"].trigger()
    modal(frames, "monthly report")
    window.actions_by_name["monthly_report"].trigger()

    def in_backups(dialog):
        dialog.backup_now.click()
        dialog.table.selectRow(0)
        modal(frames, "restore: are you sure", lambda box: box.button(QMessageBox.StandardButton.No).click())
        dialog.restore.click()
        dialog.reject()

    modal(frames, "backups", in_backups)
    window.actions_by_name["backups"].trigger()
    modal(frames, "about")
    window.actions_by_name["about"].trigger()
    window.actions_by_name["user_guide"].trigger()
    guide = window.findChild(QDialog, "user_guide")
    frames.check("user guide", guide)
    guide.close()

    from app.services.database import Database
    from app.services.exchange.importing.importer import preview_import
    from app.services.exchange.importing.reader import read_workbook
    from app.services.settings import SIDE, set_setting
    from app.ui.import_dialog import ImportPreviewDialog

    with Database(workdir / "другая сторона.sqlite") as other:
        with other.transaction() as session:
            set_setting(session, SIDE, "KZ")
        preview = preview_import(other, read_workbook(export_file(ctx.db, workdir)))
        dialog = ImportPreviewDialog(other, preview, window)
        qtbot.addWidget(dialog)
        dialog.show()
        frames.check("import preview", dialog)
        dialog.close()

    from app.ui import errors

    modal(frames, "unexpected error")
    errors.report(RuntimeError("x" * 400))

    from app.ui.first_run import FirstRunDialog

    first_run = FirstRunDialog(workdir / ("очень длинное имя папки " * 6) / "data.sqlite")
    qtbot.addWidget(first_run)
    first_run.show()
    frames.check("first start", first_run)
    first_run.close()

    expected = {
        "main window: roadmap",
        "new project",
        "new roadmap item",
        "project form",
        "unsaved changes: save, discard or go back?",
        "user guide",
        "meeting editor",
        "agenda item form",
        "sign the minutes: are you sure",
        "unlock the minutes: the reason",
        "backlog question form",
        "backlog: move to a meeting",
        "decision to the roadmap",
        "print preview",
        "print dialog",
        "monthly report",
        "backups",
        "restore: are you sure",
        "import preview",
        "first start",
    }
    assert expected <= set(frames.seen), sorted(expected - set(frames.seen))
    assert frames.outside() == {}


def test_a_window_remembers_its_size_for_its_screen(ctx, qtbot, isolated_settings):
    from app.ui.forms.record_form import RecordDialog

    def opened() -> QDialog:
        dialog = RecordDialog(ctx, "organization", None)
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        return dialog

    first = opened()
    assert first.size().height() <= 728 - 39
    first.resize(700, 500)
    first.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not first.isVisible()
    again = opened()
    assert again.size() == QSize(700, 500)
    assert screen_key(again.screen()) in isolated_settings.read_text()
    again.close()


def test_a_size_remembered_on_a_larger_monitor_is_cut_to_this_screen(ctx, qtbot):
    from app.ui.settings import qsettings

    screen = QGuiApplication.primaryScreen()
    qsettings().setValue(f"geometry/huge/{screen_key(screen)}/size", QSize(1900, 1100))
    widget = QWidget()
    qtbot.addWidget(widget)
    fit_to_screen(widget, (800, 600), "huge")
    widget.show()
    QApplication.processEvents()
    assert area().contains(widget.frameGeometry())
    assert widget.width() > 1300 and widget.height() > 650
