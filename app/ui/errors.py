"""Unexpected errors in the window: a short message with a "Copy details" button, the details in
the log file in the user's data folder, and the program goes on — an open form keeps what the user
typed, because nothing is closed or reloaded."""

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from ..i18n import _
from ..services.errors import UserError
from ..services.logs import configure_logging

log = logging.getLogger("secretariat")
_log_path: Path | None = None
_showing = False


def log_folder() -> Path:
    return (
        Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)) / "logs"
    )


def install(folder: Path | None = None) -> Path:
    """Send uncaught exceptions to `report` instead of letting them end the program."""
    global _log_path
    _log_path = configure_logging(folder or log_folder())
    sys.excepthook = _excepthook
    return _log_path


def _excepthook(kind, value, tb) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    report(value, "".join(traceback.format_exception(kind, value, tb)))


def report(error: BaseException, details: str | None = None) -> None:
    global _showing
    details = details or "".join(traceback.format_exception(type(error), error, error.__traceback__))
    if isinstance(error, UserError):
        message = str(error)
    else:
        from ..services.failures import describe_failure

        log.error("Unexpected error\n%s", details)
        # A full disk or a read-only file is said as such, not as SQLAlchemy's statement dump.
        message = describe_failure(error) or _("Something went wrong: {error}").format(
            error=str(error) or type(error).__name__
        )
    if QApplication.instance() is None or _showing:
        print(details, file=sys.stderr)
        return
    _showing = True  # an error raised while the box is open is logged, not stacked
    try:
        box = QMessageBox(QApplication.activeWindow())
        box.setObjectName("error_box")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Secretariat desk"))
        box.setText(message)
        if not isinstance(error, UserError):
            where = str(_log_path) if _log_path else ""
            box.setInformativeText(
                _(
                    "Your data is safe: the change in progress was not saved. "
                    "The details are in the log: {path}"
                ).format(path=where)
            )
            box.setDetailedText(details)
            copy = QPushButton(_("Copy details"))
            copy.setObjectName("copy_details")
            box.addButton(copy, QMessageBox.ButtonRole.ActionRole)
            copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
    finally:
        _showing = False
