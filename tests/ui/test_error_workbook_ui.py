"""The import preview's "Save the errors for the other side…": a file name proposed beside their
file and in its language, the language chosen with the file type, protected targets refused, and
where it was written said."""

import re

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services.exchange.importing.importer import preview_import
from app.services.exchange.importing.reader import read_workbook
from app.ui.import_dialog import ImportPreviewDialog
from tests.exchange_files import Sheet, edit_workbook, export_file

from .conftest import on_modal


def _with_errors(db, folder, lang="kk"):
    path = export_file(db, folder, lang)

    def mistakes(wb):
        Sheet(wb, "project").set(3, "jobs", "много")
        Sheet(wb, "project").set(4, "start_date", "31.02.2026")

    edit_workbook(path, mistakes)
    return path, preview_import(db, read_workbook(path))


def test_the_errors_are_saved_for_the_other_side(demo_db, workdir, qtbot, qt_language, monkeypatch):
    source, preview = _with_errors(demo_db, workdir)
    dialog = ImportPreviewDialog(demo_db, preview)
    qtbot.addWidget(dialog)
    assert (
        dialog.save_errors.isEnabled() and dialog.save_errors.text() == "Сохранить ошибки для другой стороны…"
    )
    asked = {}
    target = workdir / "для МИИР.xlsx"

    def save_as(parent, title, proposed, filters, selected):
        asked.update(title=title, proposed=proposed, filters=filters.split(";;"), selected=selected)
        return str(target.with_suffix("")), filters.split(";;")[1]  # Uzbek chosen, no suffix typed

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    told = {}

    def read(box):
        told["text"] = box.text()
        box.button(QMessageBox.StandardButton.Ok).click()

    on_modal(read)
    dialog.save_errors.click()
    qtbot.waitUntil(lambda: "text" in told)
    assert asked["proposed"] == str(source.parent / f"{source.stem} — қателер.xlsx")  # the file's language
    assert asked["selected"] == asked["filters"][2] == "Книга Excel, на казахском языке (*.xlsx)"
    assert target.exists() and str(target) in told["text"] and "2 ошибки" in told["text"]
    assert load_workbook(target).worksheets[0].title == "Xatolar"


def test_no_errors_nothing_to_save(pair_dbs, workdir, qtbot, qt_language):
    uz, kz = pair_dbs
    dialog = ImportPreviewDialog(kz, preview_import(kz, read_workbook(export_file(uz, workdir))))
    qtbot.addWidget(dialog)
    assert not dialog.save_errors.isEnabled()


def test_a_protected_target_is_refused(demo_db, workdir, qtbot, qt_language, monkeypatch):
    source, preview = _with_errors(demo_db, workdir)
    dialog = ImportPreviewDialog(demo_db, preview)
    qtbot.addWidget(dialog)
    before = source.read_bytes()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(source), ""))
    told = {}

    def read(box):
        told["text"] = box.text()
        box.button(QMessageBox.StandardButton.Ok).click()

    on_modal(read)
    dialog.save_errors.click()
    qtbot.waitUntil(lambda: "text" in told)
    assert "Выберите другой файл" in told["text"]
    assert source.read_bytes() == before


def test_each_error_says_its_value_and_what_is_expected(demo_db, workdir, qtbot, qt_language):
    """The preview says under each error what the cell holds and what it should, as the error
    workbook will tell the other side, and the message is not cut off in a column. The sheet is
    named as the file names it (Kazakh), the rest in the window's language."""
    _source, preview = _with_errors(demo_db, workdir)
    dialog = ImportPreviewDialog(demo_db, preview)
    qtbot.addWidget(dialog)
    errors = dialog.tree.topLevelItem(0)
    assert errors.text(0) == "Ошибки (2)"
    shown = {}
    for i in range(errors.childCount()):
        item = errors.child(i)
        assert item.isFirstColumnSpanned() and item.isExpanded()
        shown[item.text(0)] = [item.child(j).text(0) for j in range(item.childCount())]
        assert all(item.child(j).isFirstColumnSpanned() for j in range(item.childCount()))
    assert shown == {
        "Жобалар, 3, T (Создаваемые рабочие места): Введите число.": [
            "Значение: «много»",
            "Что ожидается: целое число вида 250",
        ],
        "Жобалар, 4, U (Дата начала): Неверная дата: 31.02.2026": [
            "Значение: «31.02.2026»",
            "Что ожидается: дата вида 15.03.2027",
        ],
    }


def test_a_long_error_is_wrapped_to_the_window_not_cut_off(demo_db, workdir, qtbot, qt_language):
    from tests.test_sorted_column import sort_column_alone

    path = export_file(demo_db, workdir)
    edit_workbook(path, lambda wb: sort_column_alone(Sheet(wb, "project"), "jobs", 3, 12))
    dialog = ImportPreviewDialog(demo_db, preview_import(demo_db, read_workbook(path)))
    qtbot.addWidget(dialog)
    dialog.resize(1000, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    item = dialog.tree.topLevelItem(0).child(0)
    lines = item.text(0).split("\n")
    whole = " ".join(lines)
    assert len(lines) > 1 and whole.startswith("Проекты, 3, T (Создаваемые рабочие места): Значения этого")
    assert re.search(r"было «[\d\xa0 ]+»\.$", whole)  # the end of the message too, not "…"
    metrics, room = dialog.tree.fontMetrics(), dialog.tree.viewport().width()
    assert all(metrics.horizontalAdvance(line) < room for line in lines)
    assert dialog.tree.visualItemRect(item).height() >= len(lines) * metrics.lineSpacing()
    dialog.resize(dialog.minimumSizeHint().width(), 600)  # narrower: wrapped again, in more lines
    qtbot.waitUntil(lambda: len(item.text(0).split("\n")) > len(lines))
    assert " ".join(item.text(0).split("\n")) == whole
