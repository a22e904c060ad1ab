"""File → Monthly report…: the dialog offers the months, sides and languages, previews the chosen
report and saves its workbook."""

from datetime import date

import openpyxl
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.ui.monthly_report_dialog import MonthlyReportDialog
from tests.ui.conftest import on_modal


def test_the_menu_opens_the_dialog_with_this_month(window, qtbot):
    seen = {}

    def look(dialog):
        assert isinstance(dialog, MonthlyReportDialog)
        seen["months"] = [dialog.month.itemText(i) for i in range(dialog.month.count())]
        seen["month"] = dialog.chosen_month()
        seen["sides"] = [dialog.side.itemText(i) for i in range(dialog.side.count())]
        seen["languages"] = [dialog.language.itemData(i) for i in range(dialog.language.count())]
        dialog.reject()

    on_modal(look)
    window.actions_by_name["monthly_report"].trigger()
    assert seen["month"] == date(2026, 11, 1)  # today is 24 November: this month's report
    assert seen["months"][:3] == ["Декабрь 2026 года", "Ноябрь 2026 года", "Октябрь 2026 года"]
    assert seen["sides"] == ["Обе стороны", "Узбекская сторона", "Казахстанская сторона"]
    assert seen["languages"] == ["ru", "uz", "kk", "ru+uz", "ru+kk"]


def test_preview_shows_the_chosen_side_and_month(ctx, qtbot):
    dialog = MonthlyReportDialog(None, ctx.db, date(2026, 12, 5))
    qtbot.addWidget(dialog)
    assert dialog.chosen_month() == date(2026, 11, 1)  # before the 10th: last month's
    dialog.side.setCurrentIndex(dialog.side.findData("KZ"))
    dialog.language.setCurrentIndex(dialog.language.findData("ru+kk"))
    document = dialog.document()
    assert "Казахстанская сторона / Қазақстан тарапы" in document.html
    assert "Узбекская сторона" not in document.html
    assert "ноябрь 2026 года" in document.html and "2026 жылғы қараша" in document.html
    painted = {}

    def look(preview):
        assert isinstance(preview, QPrintPreviewDialog)
        widget = preview.findChild(QPrintPreviewWidget)
        painted["pages"] = widget.pageCount()
        preview.reject()

    on_modal(look)
    dialog.preview.click()
    assert painted["pages"] >= 2  # the figures and chart, then the measures


def test_save_as_xlsx(ctx, qtbot, workdir, monkeypatch):
    target = workdir / "отчёт за ноябрь"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    dialog = MonthlyReportDialog(None, ctx.db, date(2026, 11, 24))
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("kk"))
    dialog.save_xlsx.click()
    saved = target.with_name(target.name + ".xlsx")
    assert told and str(saved) in told[0]
    sheet = openpyxl.load_workbook(saved).worksheets[0]
    assert sheet["A1"].value == "Жол картасының 2026 жылғы қараша айындағы орындалу барысы туралы есеп"


def test_save_as_xlsx_never_into_the_backups(ctx, qtbot, monkeypatch):
    from app.services.database.backup import backups_dir

    folder = backups_dir(ctx.db.path)
    folder.mkdir(exist_ok=True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder / "отчёт.xlsx"), ""))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    dialog = MonthlyReportDialog(None, ctx.db, date(2026, 11, 24))
    qtbot.addWidget(dialog)
    dialog.save_xlsx.click()
    assert warned and "резервных копий" in warned[0]
    assert not (folder / "отчёт.xlsx").exists()
