"""Languages switched at run time (our texts and Qt's own buttons), the first-run dialog, errors
on opening a database, and a light start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from app.i18n import set_language
from app.models import Project
from app.services.database import Database
from app.services.first_start import initialise
from app.services.settings import operator_name, side_of_copy
from app.ui.first_run import FirstRunDialog
from app.ui.forms.record_form import RecordDialog
from tests.conftest import TODAY
from tests.ui.conftest import on_modal

ROOT = Path(__file__).resolve().parents[2]
SAVE, CANCEL = QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel


def test_switching_language_retranslates_open_windows_and_qt_buttons(window, ctx, qtbot, isolated_settings):
    window.show_page("projects")
    dialog = RecordDialog(ctx, "project", ctx.session.scalar(select(Project).limit(1)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert window.menus["file"].title() == "&Файл"
    assert dialog.buttons.button(SAVE).text() == "Сохранить"

    window.actions_by_name["language_uz"].trigger()
    assert window.menus["file"].title() == "&Fayl"
    assert window.menus["edit"].title() == "&Tahrir"
    assert window.nav.item(2).text() == "Yoʻl xaritasi"
    assert window.projects.model.headerData(1, Qt.Orientation.Horizontal) == "Nomi"
    assert dialog.buttons.button(SAVE).text() == "Saqlash"  # Qt's own button, from our catalog
    assert dialog.buttons.button(CANCEL).text() == "Bekor qilish"
    assert dialog.editor.labels[0][0].text().startswith("Kod")
    statuses = {row.texts[3] for row in window.projects.model.rows}
    assert "Qurilish" in statuses
    box = QMessageBox(
        QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Yes).text() == "&Ha"
    assert box.button(QMessageBox.StandardButton.No).text() == "&Yoʻq"

    window.actions_by_name["language_kk"].trigger()
    assert window.menus["file"].title() == "&Файл" and window.menus["edit"].title() == "&Түзету"
    assert dialog.buttons.button(SAVE).text() == "Сақтау"
    assert window.nav.item(2).text() == "Жол картасы"
    assert "kk" in isolated_settings.read_text()


def test_first_run_creates_the_demo_database(workdir, qtbot, qt_language):
    path = workdir / "новая.sqlite"
    dialog = FirstRunDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.language.setCurrentIndex(2)  # Қазақша: the dialog follows at once
    assert dialog.windowTitle().startswith("«Хатшылық»")
    dialog.accept()
    assert dialog.isVisible() and dialog.operator_error.isVisible()  # the name is needed
    dialog.operator.setText("Ахметова А.")
    dialog.side_kz.setChecked(True)
    dialog.demo.setChecked(True)
    dialog.accept()
    choice = dialog.choice()
    assert (choice.language, choice.side, choice.operator, choice.demo) == ("kk", "KZ", "Ахметова А.", True)
    set_language("ru")
    db = Database(path)
    try:
        initialise(db, choice.side, choice.operator, choice.demo, today=TODAY)
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(Project)) == 13
            assert side_of_copy(session) == "KZ" and operator_name(session) == "Ахметова А."
    finally:
        db.close()


def test_a_file_that_is_not_a_database_gets_a_clear_message(workdir, qtbot, qt_language):
    from argparse import Namespace

    from app.ui.application import run_gui

    bad = workdir / "отчёт.sqlite"
    bad.write_bytes(b"PK\x03\x04 not a database")
    before = bad.read_bytes()
    seen = {}

    def read(box):
        seen["text"] = box.text()
        box.close()

    set_language("uz")
    on_modal(read)
    assert run_gui(Namespace(db=str(bad), lang="uz", readonly=False)) == 2
    assert "dasturning maʼlumotlar bazasi emas" in seen["text"] or bad.name in seen["text"]
    assert bad.read_bytes() == before


# Runs the program's start-up with the benchmark's probe; at the first paint it prints what is loaded
# and what the dashboard shows.
AT_FIRST_PAINT = """
import json, sys
from app.cli import main
from app.ui import application

HEAVY = ("sqlalchemy.orm", "alembic", "openpyxl", "xlsxwriter", "python_calamine")
probe = application.report_first_paint


def report(window):
    def check():
        statuses = window.dashboard.status_list
        texts = [statuses.item(i).text() for i in range(statuses.count())]
        commands = sorted(m for m in sys.modules if m.startswith("app.commands."))
        loaded = [m for m in HEAVY if m in sys.modules]
        print(json.dumps({"loaded": loaded, "statuses": texts, "commands": commands}))

    application.on_first_paint(window, check)
    probe(window)


application.report_first_paint = report
sys.exit(main(["--db", sys.argv[1]]))
"""


def test_start_up_paints_the_dashboard_before_any_heavy_import(demo_path):
    """SQLAlchemy's ORM loads after the first paint, Alembic, openpyxl and calamine only when used;
    the first paint already shows the dashboard's numbers."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SECRETARIAT_NO_USER_SETTINGS="1")
    env["SECRETARIAT_STARTUP_PROBE"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", AT_FIRST_PAINT, str(demo_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "painted" in lines
    at_paint = json.loads(next(line for line in lines if line.startswith("{")))
    assert at_paint["loaded"] == []
    assert at_paint["commands"] == []  # the window builds no parser of the sub-commands
    assert "Строительство — 3" in at_paint["statuses"]


def test_switching_language_switches_the_calendars_already_open(ctx, qtbot):
    """Qt's locale follows the language: a form's calendar pop-up, made in Russian, names its
    months and days in Uzbek, then in Kazakh, without reopening the form."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QToolButton

    dialog = RecordDialog(ctx, "project", ctx.session.scalar(select(Project).limit(1)))
    qtbot.addWidget(dialog)
    dialog.show()
    calendar = dialog.editor.editors["start_date"].date.calendar
    calendar.setCurrentPage(2026, 12)
    month = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
    assert month.text().lower() == "декабрь"

    set_language("uz")
    assert QLocale().language() == QLocale.Language.Uzbek
    assert calendar.locale().language() == QLocale.Language.Uzbek
    assert month.text().lower() == "dekabr"
    set_language("kk")
    assert month.text().lower() == "желтоқсан"
    assert dialog.editor.editors["start_date"].date.calendar.locale().language() == QLocale.Language.Kazakh
