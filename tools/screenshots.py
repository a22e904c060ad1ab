"""Pictures of the screens in ru, uz and kk, to look at before calling a screen done.

    python tools/screenshots.py [OUT_FOLDER]      (default: screenshots/, git-ignored)
    python tools/screenshots.py --guide           the user guide's pictures, into
                                                  app/resources/guide/<lang>/ (committed)
    python tools/screenshots.py --readme          the README's pictures of the main pages on a
                                                  1366×768 laptop, into docs/screens/ (committed)

Uses a fresh demo database; renders offscreen."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The screen of a ministry laptop, 1366×768 less the taskbar, as the tests have it.
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={ROOT / 'tests' / 'laptop_screen.json'}")
os.environ["SECRETARIAT_NO_USER_SETTINGS"] = "1"
sys.path.insert(0, str(ROOT))


WINDOWS_BACKUPS = r"C:\Users\Karimova\AppData\Local\UZ-KZ Working Group\SecretariatDesk\backups"
SEARCH_WORDS = {"ru": "проект", "uz": "loyiha", "kk": "жоба"}


def main() -> int:
    from datetime import date

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from app.i18n import LANGUAGES, set_language
    from app.models import Project
    from app.services.database import Database
    from app.services.demo import build_demo
    from app.services.exchange.export.exporter import export_workbook
    from app.services.exchange.importing.importer import apply_import, preview_import
    from app.services.exchange.importing.reader import read_workbook
    from app.services.settings import SIDE, set_setting
    from app.ui import language
    from app.ui.backup_dialog import BackupsDialog
    from app.ui.context import AppContext
    from app.ui.import_dialog import ImportPreviewDialog
    from app.ui.main_window import MainWindow

    guide = "--guide" in sys.argv
    readme = "--readme" in sys.argv
    folders = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(folders[0]) if folders else ROOT / ("docs/screens" if readme else "screenshots")
    if not guide:
        out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="screens-"))
    app = QApplication.instance() or QApplication([])
    language.install(app, "ru")
    language.apply_font(app)
    uz, kz = Database(work / "uz.sqlite"), Database(work / "kz.sqlite")
    with uz.transaction() as s:
        build_demo(s, today=date.today())
    with kz.transaction() as s:
        set_setting(s, SIDE, "KZ")

    def send(source, target, name):
        path = work / name
        with source.transaction() as s:
            export_workbook(s, path, "ru")
        return preview_import(target, read_workbook(path))

    apply_import(kz, send(uz, kz, "1.xlsx"))
    apply_import(uz, send(kz, uz, "2.xlsx"))
    # Both sides changed the same fields of one project, each its own way: conflicts to settle.
    for db, jobs, launch in ((uz, 480, date(2027, 9, 1)), (kz, 520, date(2027, 12, 1))):
        with db.transaction() as s:
            project = s.scalars(select(Project).where(Project.code == "UZ-P-001")).one()
            project.jobs, project.launch_date = jobs, launch
    send(kz, uz, "3.xlsx")  # written; each picture previews it in its own language

    window = MainWindow(AppContext(uz))
    window.resize(1366, 728) if readme else window.resize(1360, 820)  # a laptop's screen less its taskbar
    window.show()
    if readme:
        for lang in LANGUAGES:
            set_language(lang)
            for key in ("dashboard", "roadmap", "exchanges"):
                window.show_page(key)
                app.processEvents()
                save_small(window.grab(), out / f"{lang}-{key}.png")
            dialog = ImportPreviewDialog(uz, preview_import(uz, read_workbook(work / "3.xlsx")), window)
            dialog.show()
            app.processEvents()
            save_small(dialog.grab(), out / f"{lang}-import.png")
            dialog.close()
        guide = True  # nothing more to picture
    if guide:
        from app.services.database.backup import backup_database

        backup_database(uz.path, "manual")  # beside the automatic one taken before the import
        for lang in LANGUAGES:
            set_language(lang)
            in_lang = preview_import(uz, read_workbook(work / "3.xlsx"))  # its texts in this language
            guide_pictures(app, window, uz, in_lang, ROOT / "app" / "resources" / "guide" / lang)
    for lang in () if guide else LANGUAGES:
        set_language(lang)
        for key in ("dashboard", "projects", "roadmap", "meetings", "references", "history"):
            window.show_page(key)
            app.processEvents()
            window.grab().save(str(out / f"{lang}-{key}.png"))
        window.show_page("roadmap")  # a search shows its matches as a flat list, with a count
        window.roadmap.search.setText(SEARCH_WORDS[lang])
        window.roadmap.search.returnPressed.emit()  # Enter: the first match chosen, its reports below
        app.processEvents()
        window.grab().save(str(out / f"{lang}-roadmap-search.png"))
        window.roadmap.search.clear()  # back to the tree, opened at the item chosen in the list
        app.processEvents()
        window.grab().save(str(out / f"{lang}-roadmap-after-search.png"))
        # Made again in this language, as the program makes it: the base's note is said when made.
        dialog = ImportPreviewDialog(uz, preview_import(uz, read_workbook(work / "3.xlsx")), window)
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(out / f"{lang}-import-preview.png"))
        dialog.close()
        backups = BackupsDialog(window)
        backups.show()
        app.processEvents()
        backups.grab().save(str(out / f"{lang}-backups.png"))
        backups.close()
    window.close()
    uz.close()
    kz.close()
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"screens in {out}"
        if readme or not guide
        else f"guide pictures in {ROOT / 'app' / 'resources' / 'guide'}"
    )
    return 0


def save_small(pixmap, path: Path) -> None:
    """A picture for the guide, framed so that it is not taken for the guide's own buttons; 256
    colours and full compression keep a screen to a few dozen KB."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    framed = pixmap.copy()
    painter = QPainter(framed)
    painter.setPen(QColor("#8a8a8a"))
    painter.drawRect(0, 0, framed.width() - 1, framed.height() - 1)
    painter.end()
    image = framed.toImage().convertToFormat(
        QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
    )
    image.save(str(path), "PNG", 0)


def guide_pictures(app, window, db, preview, folder: Path) -> None:
    """The main steps as the user guide shows them: the File menu with the exchange, the import
    preview with a conflict, the choice of a document to print, the backups."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QPainter

    from app.ui.backup_dialog import BackupsDialog
    from app.ui.import_dialog import ImportPreviewDialog
    from app.ui.printing import DocumentDialog

    folder.mkdir(parents=True, exist_ok=True)
    window.show_page("projects")
    app.processEvents()

    # The File menu opened over the window, the export chosen.
    menu = window.menus["file"]
    bar = window.menuBar()
    menu.popup(bar.mapToGlobal(bar.actionGeometry(menu.menuAction()).bottomLeft()))
    menu.setActiveAction(window.actions_by_name["export"])
    app.processEvents()
    shot = window.grab()
    at = window.mapFromGlobal(menu.pos())
    painter = QPainter(shot)
    painter.drawPixmap(at, menu.grab())
    painter.end()
    menu.hide()
    area = QRect(QPoint(0, 0), QPoint(at.x() + menu.width() + 220, at.y() + menu.height() + 16))
    save_small(shot.copy(area), folder / "exchange.png")

    # The import preview: a conflict opened, one field settled, the others still to choose.
    dialog = ImportPreviewDialog(db, preview, window)
    for column, width in enumerate((330, 90, 90, 90, 150)):  # every column in a guide-sized picture
        dialog.tree.setColumnWidth(column, width)
    dialog.resize(max(800, dialog.minimumSizeHint().width()), 400)
    dialog.show()
    record = dialog.tree.topLevelItem(0).child(0).child(0)
    dialog.tree.setCurrentItem(record)  # the record's own buttons available
    combos = dialog._combos
    if combos:
        combos[0][0].setCurrentIndex(2)  # "Take theirs" for the first field, the other still open
    app.processEvents()
    save_small(dialog.grab(), folder / "conflicts.png")
    dialog.close()

    # Which document to print, of which meeting, in which languages.
    from app.services.documents import meeting_choices

    with db.session() as session:
        meetings = meeting_choices(session, window.ctx.lang)
    chooser = DocumentDialog(window, meetings, meetings[-1][0] if meetings else None)
    chooser.language.setCurrentIndex(chooser.language.findData("ru+uz"))
    chooser.show()
    app.processEvents()
    save_small(chooser.grab(), folder / "printing.png")
    chooser.close()

    # The backups: the automatic ones before each import, one made by hand.
    from app.i18n import _

    backups = BackupsDialog(window)
    backups.resize(720, 330)
    backups.table.selectRow(0)
    # Where a Windows laptop keeps them, rather than this run's temporary folder.
    backups.where.setText(
        _("Backups of {path} are kept in {folder}: the last ten, and one for every month.").format(
            path="secretariat.sqlite", folder=WINDOWS_BACKUPS
        )
    )
    backups.show()
    app.processEvents()
    save_small(backups.grab(), folder / "backups.png")
    backups.close()


if __name__ == "__main__":
    sys.exit(main())
