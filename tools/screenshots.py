"""Pictures of the screens in ru, uz and kk, to look at before calling a screen done.

    python tools/screenshots.py [OUT_FOLDER]      (default: screenshots/, git-ignored)

Uses a fresh demo database; renders offscreen."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SECRETARIAT_NO_USER_SETTINGS"] = "1"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


SEARCH_WORDS = {"ru": "проект", "uz": "loyiha", "kk": "жоба"}


def main() -> int:
    from datetime import date

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from app.i18n import LANGUAGES, set_language
    from app.models import Project
    from app.services.database import Database
    from app.services.demo import build_demo
    from app.services.exchange.export import export_workbook
    from app.services.exchange.importer import apply_import, preview_import
    from app.services.exchange.reader import read_workbook
    from app.services.settings import SIDE, set_setting
    from app.ui import language
    from app.ui.backup_dialog import BackupsDialog
    from app.ui.context import AppContext
    from app.ui.import_dialog import ImportPreviewDialog
    from app.ui.main_window import MainWindow

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots"
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
    for db, jobs, note in ((uz, 480, "УЗ"), (kz, 520, "KZ")):
        with db.transaction() as s:
            project = s.scalars(select(Project).where(Project.code == "UZ-P-001")).one()
            project.jobs, project.notes = jobs, note
    preview = send(kz, uz, "3.xlsx")

    window = MainWindow(AppContext(uz))
    window.resize(1360, 820)
    window.show()
    for lang in LANGUAGES:
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
        dialog = ImportPreviewDialog(uz, preview, window)
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
    print(f"screens in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
