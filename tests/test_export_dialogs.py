"""The export dialogs: a dated file name is proposed, the export runs, the person is told.

Qt's own modal dialogs (file chooser, message boxes) are answered by replacing their static
functions; everything of ours runs for real."""

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.ui.exchange_dialogs import export_dialog, export_roadmap_table_dialog


@pytest.fixture
def window(qtbot, demo_db):
    widget = QWidget()
    widget.database = demo_db
    widget.language = "ru"
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def said(monkeypatch):
    """What the message boxes showed: (kind, text)."""
    messages = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox,
            kind,
            staticmethod(lambda parent, title, text, *a, k=kind: messages.append((k, text))),
        )
    return messages


def choose(monkeypatch, answer, asked):
    def fake(parent, title, proposed, filters, *args):
        asked.append(proposed)
        return (str(answer) if answer else "", filters)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))


def test_export_dialog_proposes_a_dated_name_and_reports(window, workdir, monkeypatch, said):
    asked = []
    target = workdir / "для Казахстана"  # no extension typed: .xlsx is added
    choose(monkeypatch, target, asked)
    export_dialog(window)
    assert asked[0].endswith(f"exchange-UZ-{date.today().isoformat()}-001.xlsx")
    assert said[0][0] == "information" and "№ 1" in said[0][1]
    assert load_workbook(target.with_name(target.name + ".xlsx")).worksheets[1].title == "Проекты"
    export_dialog(window)  # the next file gets the next number
    assert asked[1].endswith("-002.xlsx")


def test_export_dialog_cancelled(window, monkeypatch, said):
    choose(monkeypatch, None, [])
    export_dialog(window)
    assert said == []


def test_export_dialog_shows_the_error(window, workdir, monkeypatch, said):
    target = workdir / "обмен.xlsx"
    target.mkdir()
    choose(monkeypatch, target, [])
    export_dialog(window)
    assert said[0][0] == "warning" and "папка" in said[0][1]


def test_roadmap_table_dialog_in_a_chosen_language(window, workdir, monkeypatch, said):
    asked = []
    target = workdir / "жол картасы.xlsx"
    choose(monkeypatch, target, asked)
    export_roadmap_table_dialog(window, "kk")
    assert asked[0].endswith(f"roadmap-{date.today().isoformat()}-kk.xlsx")
    assert said[0][0] == "information"
    assert load_workbook(target).worksheets[0]["A1"].value == "Жол картасы"


def test_export_dialogs_never_write_into_the_backups_folder(window, demo_db, monkeypatch, said):
    from app.services.database.backup import backup_database

    backup = backup_database(demo_db.path, "manual")
    choose(monkeypatch, backup.parent / "обмен.xlsx", [])
    export_dialog(window)
    export_roadmap_table_dialog(window)
    assert [kind for kind, _text in said] == ["warning", "warning"]
    assert all("папке резервных копий" in text for _kind, text in said)
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]
    with demo_db.session() as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM exchange").scalar() == 0
