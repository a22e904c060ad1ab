"""Starting the program with its window: language, Qt's translations, the first-run questions,
opening the database (with a clear message when it cannot be used), the main window."""

import gc
import os
import sys
from datetime import date
from pathlib import Path
from typing import cast

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from .. import APP_NAME, ORG_NAME, __version__
from ..i18n import _, set_language


def run_gui(args) -> int:
    # a QApplication: the program makes no other kind
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    from ..services.database.location import is_server
    from ..services.database.schema import check_early
    from .settings import default_database_path, save_server, saved_server

    given = getattr(args, "db", None)
    # --db, or the server database chosen to open at every start, or this computer's file.
    location = given or saved_server() or default_database_path()
    if not is_server(location):
        location = Path(location)
        check_early(location)  # the damage check of the file reads it while the window's parts load

    from ..services.errors import UserError
    from ..services.settings import is_configured
    from . import errors, language
    from .context import AppContext
    from .main_window import MainWindow
    from .settings import start_language

    lang = start_language(getattr(args, "lang", None))
    set_language(lang)
    language.install(app, lang)
    language.apply_font(app)
    errors.install()
    readonly = bool(getattr(args, "readonly", False))

    while True:
        opened = open_location(location, readonly)
        if opened is None:
            return 2
        db, lock = opened
        if readonly or is_configured(db):
            break
        from ..services.first_start import initialise, is_empty
        from .first_run import FirstRunDialog

        dialog = FirstRunDialog(
            db.location, allow_demo=is_empty(db), offer_server=not (given or db.is_server)
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if not accepted or dialog.server is not None:
            db.close()
            if lock is not None:
                lock.release()
        if dialog.server is not None:  # a shared database on a server instead of this computer's file
            location, remember = dialog.server
            if remember:
                save_server(location)
            continue
        if not accepted:
            return 0
        choice = dialog.choice()
        try:
            initialise(db, choice.side, choice.operator, choice.demo, today=date.today())
        except UserError as exc:
            QMessageBox.critical(None, _("Secretariat desk"), str(exc))
            return 2
        break
    ctx = AppContext(db)
    window = MainWindow(ctx, lock=lock)
    # The first page was read without SQLAlchemy; it loads once the window is on screen, so that
    # the first click on another page does not wait for it.
    on_first_paint(window, lambda: QTimer.singleShot(0, ctx.load_orm))
    window.show()
    if os.environ.get("SECRETARIAT_STARTUP_PROBE"):
        report_first_paint(window)  # tools/bench.py: start-up to the first painted window
    code = app.exec()
    # Tear the window down while Qt is still alive: left to the interpreter's exit, thousands of
    # Python wrappers of Qt objects are collected after Qt is gone, which can crash on the way out.
    window.deleteLater()
    del window
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    return code


class _FirstPaint(QObject):
    def __init__(self, window, action):
        super().__init__(window)
        self.action = action

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.action()
        return False


def on_first_paint(window, action) -> None:
    """Call `action()` when the window is painted for the first time."""
    paint = _FirstPaint(window, action)
    window._first_paint = [*getattr(window, "_first_paint", []), paint]  # the wrapper must live
    window.installEventFilter(paint)


def report_first_paint(window) -> None:
    def report():
        print("painted", flush=True)
        app = QApplication.instance()
        assert app is not None  # painted: the application runs
        QTimer.singleShot(0, app.quit)

    on_first_paint(window, report)


def open_location(location: "Path | str", readonly: bool):
    """(database, lock) for a file or a server's URL, or None when the person gave up."""
    from ..services.database.location import is_server

    if is_server(location):
        return open_server(str(location), readonly)
    return open_database(Path(location), readonly)


def open_server(url: str, readonly: bool):
    """(database, None): a server has no lock, several people work on it at once. When it cannot
    be reached, refuses the login or asks for a password, the server dialog says why and lets the
    person put it right (or give up: None)."""
    from ..services.database import Database
    from ..services.database.location import without_password
    from ..services.errors import UserError
    from ..services.failures import describe_failure
    from .busy import wait_cursor
    from .server_dialog import ask_server
    from .settings import save_server

    while True:
        try:
            with wait_cursor():
                return Database(url, readonly=readonly), None
        except UserError as exc:  # a newer program's database, not ours, an upgrade others block
            QMessageBox.critical(None, _("Secretariat desk"), str(exc))
            return None
        except Exception as exc:
            message = describe_failure(exc)
            if message is None:
                raise
            chosen = ask_server(None, without_password(url), problem=message)
            if chosen is None:
                return None
            url, remember = chosen
            if remember:
                save_server(url)


_CANNOT = object()  # the database cannot be opened: the person was told why


def open_database(path: Path, readonly: bool):
    """(database, lock) ready for the window, or None when the person gave up. Asks what to do
    when another program holds the file, warns about network folders, and offers the newest good
    backup when the file is damaged."""
    from ..services.database.network_share import is_network_path

    readonly = _read_only_or_not(path, readonly)
    if readonly is _CANNOT:
        return None
    lock = None if readonly else _lock(path)
    if lock is _CANNOT:
        return None
    if lock is None:
        readonly = True  # another copy holds it, and the person chose to read
    if is_network_path(path):
        QMessageBox.warning(
            None,
            _("Secretariat desk"),
            _(
                "{path} is in a network folder. SQLite databases can be damaged when they are used over a "
                "network; keep the database on this computer and exchange workbooks instead."
            ).format(path=path),
        )
    db = _open_or_restore(path, readonly)
    if db is None:
        if lock is not None:
            lock.release()
        return None
    return db, lock


def _read_only_or_not(path: Path, readonly: bool):
    """Whether the database is opened read-only: asked for, or a file or folder that cannot be
    written (the person is told); _CANNOT when there is nothing to open."""
    from ..services.failures import read_only_problem

    problem = None if readonly else read_only_problem(path)
    if not problem:
        return readonly
    if not path.is_file():  # nothing to read, and no database can be made there
        QMessageBox.critical(None, _("Secretariat desk"), problem)
        return _CANNOT
    QMessageBox.information(
        None, _("Secretariat desk"), problem + "\n\n" + _("The data is opened read-only.")
    )
    return True


def _lock(path: Path):
    """The window's lock of the database; None when another copy holds it and the person chose to
    read; _CANNOT when they gave up or it cannot be taken."""
    from ..services.database.writer_lock import WINDOW, DatabaseLocked, lock_database

    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # the first start makes the data folder
        return lock_database(path, WINDOW)
    except DatabaseLocked as exc:
        return None if ask_read_only(path, exc.holder) else _CANNOT
    except OSError as exc:
        QMessageBox.critical(
            None, _("Secretariat desk"), _("Cannot lock {path}: {error}").format(path=path, error=exc)
        )
        return _CANNOT


def _open_or_restore(path: Path, readonly: bool):
    """The open database; a damaged one replaced by the newest good backup if the person agrees;
    None when it cannot be opened (the person was told why)."""
    from ..services.database import Database
    from ..services.database.backup import newest_good_backup, replace_damaged
    from ..services.errors import DatabaseError, UserError

    while True:
        try:
            return Database(path, readonly=readonly, daily_backup=not readonly)
        except DatabaseError as exc:
            backup = newest_good_backup(path) if path.exists() and not readonly else None
            if backup is None or not offer_restore(str(exc), backup):
                QMessageBox.critical(None, _("Secretariat desk"), str(exc))
                return None
            try:
                aside = replace_damaged(path, backup.path)
            except UserError as failure:
                QMessageBox.critical(None, _("Secretariat desk"), str(failure))
                return None
            QMessageBox.information(
                None,
                _("Secretariat desk"),
                _("The backup of {when} was restored. The damaged file was kept as {aside}.").format(
                    when=backup.taken_at.strftime("%d.%m.%Y %H:%M"), aside=aside.name
                ),
            )
        except UserError as exc:
            QMessageBox.critical(None, _("Secretariat desk"), str(exc))
            return None


def ask_read_only(path: Path, holder) -> bool:
    from ..services.database.writer_lock import COMMAND_LINE

    box = QMessageBox()
    box.setObjectName("locked_box")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Secretariat desk"))
    if holder is not None and holder.program == COMMAND_LINE:
        text = _(
            "{path} is being changed by a command (process {pid} on computer {host}, user {user})."
        ).format(path=path.name, pid=holder.pid, host=holder.host or "?", user=holder.user or "?")
    elif holder is not None:
        text = _(
            "{path} is open in another copy of the program on computer {host} (user {user}, process {pid})."
        ).format(path=path.name, pid=holder.pid, host=holder.host or "?", user=holder.user or "?")
    else:
        text = _("{path} is open in another copy of the program.").format(path=path.name)
    box.setText(text)
    box.setInformativeText(_("You can look at the data read-only, or quit and close the other copy first."))
    read_only = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is read_only


def offer_restore(problem: str, backup) -> bool:
    box = QMessageBox()
    box.setObjectName("damaged_box")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Secretariat desk"))
    box.setText(problem)
    box.setInformativeText(
        _(
            "Restore the newest good backup, of {when}? The damaged file is kept aside, "
            "nothing is written into it."
        ).format(when=backup.taken_at.strftime("%d.%m.%Y %H:%M"))
    )
    restore = box.addButton(_("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is restore
