"""The plan's notes above the records: as tall as they are, and never so tall that a file with many
of them (twenty rows copied with their UUID, columns of comments) pushes the records off a laptop's
screen."""

from app.services.exchange.importing.importer import preview_import
from app.services.exchange.importing.reader import read_workbook
from app.ui.import_dialog import ImportPreviewDialog
from tests.exchange_files import Sheet, copy_row, edit_workbook, export_file


def dialog_for(db, path, qtbot):
    dialog = ImportPreviewDialog(db, preview_import(db, read_workbook(path)))
    qtbot.addWidget(dialog)
    dialog.resize(1100, 650)  # what a 1366×768 screen leaves it
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_one_note_takes_the_room_it_needs(demo_db, workdir, qtbot, qt_language):
    path = export_file(demo_db, workdir)

    def note(wb):  # the sheet's own notes column edited, and a column of comments added beside it
        sheet = Sheet(wb, "project")
        sheet.set(3, "notes", "Правка")
        sheet.ws.cell(2, sheet.ws.max_column + 1).value = "Комментарий"
        sheet.ws.cell(3, sheet.ws.max_column).value = "Просим уточнить"

    edit_workbook(path, note)
    dialog = dialog_for(demo_db, path, qtbot)
    notes = dialog.notes
    assert notes.isVisible() and notes.text().count("⚠") == 1 and "Комментарий" in notes.text()
    assert notes.height() == notes.label.heightForWidth(notes.width()) < 4 * notes.fontMetrics().lineSpacing()


def test_many_notes_scroll_and_the_records_keep_the_dialog(demo_db, workdir, qtbot, qt_language):
    path = export_file(demo_db, workdir)

    def copies(wb):
        sheet = Sheet(wb, "project")
        for i in range(12):
            copy_row(sheet, 3 + i % 5, sheet.ws.max_row + 1, True, name_ru=f"Новый проект {i}")

    edit_workbook(path, copies)
    dialog = dialog_for(demo_db, path, qtbot)
    notes = dialog.notes
    copied = [line for line in notes.text().splitlines() if "UUID" in line]
    assert len(copied) == 4 and "ещё 9 строк" in copied[-1]  # three rows named, the other nine counted
    assert notes.text().count("⚠") > 12  # and each copy's code, taken, given anew
    assert notes.height() <= notes.LINES * notes.fontMetrics().lineSpacing()
    assert dialog.tree.height() > dialog.height() / 2
    assert dialog.summary.isVisible() and "Новые: 12" in dialog.summary.text()


def test_no_notes_no_room(demo_db, workdir, qtbot, qt_language):
    path = export_file(demo_db, workdir)
    edit_workbook(path, lambda wb: Sheet(wb, "project").set(3, "notes", "Правка"))
    dialog = dialog_for(demo_db, path, qtbot)
    assert dialog.preview.plan.notes == [] and not dialog.notes.isVisible()
