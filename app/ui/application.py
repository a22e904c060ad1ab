"""Starting the program with its window: language, Qt's translations, the first-run questions,
opening the database (with a clear message when it cannot be used), the main window."""

import sys
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from .. import APP_NAME, ORG_NAME, __version__
from ..i18n import _, set_language


def run_gui(args) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)

    from ..services.database import Database
    from ..services.errors import UserError
    from ..services.settings import is_configured
    from ..services.setup import initialise, is_empty
    from . import language
    from .context import AppContext
    from .first_run import FirstRunDialog
    from .lock import lock_database
    from .main_window import MainWindow
    from .settings import default_database_path, start_language

    lang = start_language(getattr(args, "lang", None))
    set_language(lang)
    language.install(app, lang)
    language.apply_font(app)
    readonly = bool(getattr(args, "readonly", False))
    path = Path(args.db) if getattr(args, "db", None) else default_database_path()

    try:
        lock = None if readonly else lock_database(path)
        db = Database(path, readonly=readonly, daily_backup=not readonly)
    except UserError as exc:
        QMessageBox.critical(None, _("Secretariat desk"), str(exc))
        return 2
    if not readonly:
        with db.session() as session:
            configured = is_configured(session)
        if not configured:
            dialog = FirstRunDialog(path, allow_demo=is_empty(db))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                db.close()
                lock.unlock()
                return 0
            choice = dialog.choice()
            try:
                initialise(db, choice.side, choice.operator, choice.demo, today=date.today())
            except UserError as exc:
                QMessageBox.critical(None, _("Secretariat desk"), str(exc))
                return 2
    window = MainWindow(AppContext(db), lock=lock)
    window.show()
    return app.exec()
