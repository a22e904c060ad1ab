"""Export dialogs: choose where to save, export through the services, say how it went."""

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..i18n import _, current_language
from ..services.errors import UserError
from .busy import wait_cursor

if TYPE_CHECKING:
    from .main_window import MainWindow


def _language(window: QWidget, lang: str | None) -> str:
    return lang or getattr(window, "language", None) or current_language()


def _documents() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))


def _ask_path(window: QWidget, title: str, name: str) -> Path | None:
    kind = _("Excel workbook")
    chosen, _filter = QFileDialog.getSaveFileName(window, title, str(_documents() / name), f"{kind} (*.xlsx)")
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def _run(window: QWidget, title: str, work) -> None:
    """Runs the export, then a message box with what happened, in the user's language."""
    try:
        with wait_cursor():  # a large export takes seconds
            message, problem = work(), None
    except UserError as exc:
        message, problem = str(exc), QMessageBox.warning
    except Exception as exc:  # the person must learn that nothing was written, whatever the cause
        logging.getLogger(__name__).exception("export failed")
        message, problem = _("The export failed: {error}").format(error=exc), QMessageBox.critical
    (problem or QMessageBox.information)(window, title, message)


def export_dialog(window: "MainWindow", lang: str | None = None) -> None:
    """The exchange workbook for the other side; headers and lists in `lang` (default: the UI's)."""
    from ..services.exchange.export.exporter import export_to_file, proposed_file_name

    database = window.database
    title = _("Export for the other side")
    with database.session() as session:
        name = proposed_file_name(session, date.today())
    path = _ask_path(window, title, name)
    if path is None:
        return

    def work() -> str:  # refuses, as every output does, a path that is the database or its backups
        result = export_to_file(database, path, _language(window, lang))
        return _("Exchange workbook No. {sequence} written: {path} ({count} records).").format(
            sequence=result.sequence, path=result.path, count=result.records
        )

    _run(window, title, work)


def export_roadmap_table_dialog(window: "MainWindow", lang: str | None = None) -> None:
    """The roadmap as the official table, for attaching to a letter, in `lang` (a menu may offer
    all three languages; default: the UI's)."""
    from ..services.exchange.export.exporter import export_roadmap_table, proposed_roadmap_name

    database = window.database
    lang = _language(window, lang)
    title = _("Export the roadmap table")
    path = _ask_path(window, title, proposed_roadmap_name(lang, date.today()))
    if path is None:
        return

    def work() -> str:
        from ..services.outputs import check_output_target

        check_output_target(path, database.path)  # never over the database or its backups
        with database.session() as session:
            export_roadmap_table(session, path, lang, date.today())
        return _("Roadmap table written: {path}").format(path=path)

    _run(window, title, work)
