"""Printing for the main window: preview, printer, PDF file, and a dialog to pick the document.

    document = choose_document(parent, database, meeting_uuid)   # None when cancelled
    print_preview(parent, document.html, document.title)
    print_document(parent, document.html, document.title)
    save_pdf(parent, document.html, document.title, document.default_name)

The HTML comes from app.services.documents; it carries its orientation and footer, so any of these
takes it as it is. Importing this module loads nothing else: the documents' services, Babel and
Qt's print modules load when one of these functions runs, not at start-up.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QWidget,
)

from ..i18n import N_, _, current_language
from .busy import wait_cursor
from .geometry import fit_to_screen

if TYPE_CHECKING:
    from ..services.documents import Document

KIND_LABELS = (
    ("agenda", N_("Agenda sheet")),
    ("minutes", N_("Minutes")),
    ("roadmap", N_("Roadmap")),
)
# Each language by its own name: a person finds theirs whatever the program's language.
AUTONYMS = {"ru": "Русский", "uz": "Oʻzbekcha", "kk": "Қазақша"}
LANGUAGE_CHOICES = ("ru", "uz", "kk", "ru+uz", "ru+kk", "uz+kk")


def _printer(html: str, title: str, landscape: bool | None):
    from PySide6.QtPrintSupport import QPrinter

    from .pdf_render import ensure_app, is_landscape, setup_page

    ensure_app()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    setup_page(printer, is_landscape(html) if landscape is None else landscape)
    return printer


def print_preview(parent: QWidget | None, html: str, title: str, landscape: bool | None = None) -> None:
    """The print preview; the person prints from it or closes it."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from .pdf_render import paint

    printer = _printer(html, title, landscape)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda device: paint(device, html))
    fit_to_screen(dialog, (1000, 800), "print_preview")
    dialog.exec()


def print_document(parent: QWidget | None, html: str, title: str, landscape: bool | None = None) -> bool:
    """The system's print dialog, then the printer; False when the person cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog

    from .pdf_render import paint

    printer = _printer(html, title, landscape)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    fit_to_screen(dialog, None, "print")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    with wait_cursor():
        paint(printer, html)
    return True


def save_pdf(
    parent: QWidget | None,
    html: str,
    title: str,
    default_name: str,
    landscape: bool | None = None,
    db_path: Path | None = None,
) -> Path | None:
    """Asks where, writes the PDF; the file's path, or None when cancelled or it could not be written.
    Never over the open database `db_path`, its companions or its backups, nor any other database."""
    from ..services.errors import UserError
    from ..services.outputs import check_output_target
    from .pdf_render import render_pdf

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _("Save as PDF"), str(Path(folder) / default_name), _("PDF files (*.pdf)")
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        check_output_target(path, db_path)
    except UserError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None
    try:
        with wait_cursor():
            render_pdf(html, path, landscape)
    except OSError as exc:
        QMessageBox.warning(
            parent, title, _("The PDF could not be written to {path}: {error}").format(path=path, error=exc)
        )
        return None
    return path


class DocumentDialog(QDialog):
    """Which document (agenda sheet, minutes, roadmap), of which meeting, in which language(s)."""

    def __init__(self, parent: QWidget | None, meetings: list[tuple[str, str]], meeting_uuid: str | None):
        super().__init__(parent)
        self.setWindowTitle(_("Print a document"))
        self.kind = QComboBox()
        for key, text in KIND_LABELS:
            self.kind.addItem(_(text), key)
        self.meeting = QComboBox()
        for uuid, text in meetings:
            self.meeting.addItem(text, uuid)
        if meeting_uuid and (index := self.meeting.findData(meeting_uuid)) >= 0:
            self.meeting.setCurrentIndex(index)
        self.language = QComboBox()
        for spec in LANGUAGE_CHOICES:
            self.language.addItem(" + ".join(AUTONYMS[lang] for lang in spec.split("+")), spec)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("Document"), self.kind)
        form.addRow(_("Meeting"), self.meeting)
        form.addRow(_("Language"), self.language)
        form.addRow(self.buttons)
        self.kind.currentIndexChanged.connect(self._update)
        self._update()
        fit_to_screen(self, None, "print_choice")

    def _update(self) -> None:
        needs_meeting = self.kind.currentData() != "roadmap"
        self.meeting.setEnabled(needs_meeting)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not needs_meeting or self.meeting.count() > 0)

    def choice(self) -> tuple[str, tuple[str, ...], str | None]:
        kind = self.kind.currentData()
        meeting = self.meeting.currentData() if kind != "roadmap" else None
        return kind, tuple(self.language.currentData().split("+")), meeting


def choose_document(parent: QWidget | None, database, meeting_uuid: str | None = None) -> "Document | None":
    """Asks which document to print and builds it; None when the person cancelled."""
    from ..services.documents import build_document, meeting_choices

    with database.session() as session:
        meetings = meeting_choices(session, current_language())
    dialog = DocumentDialog(parent, meetings, meeting_uuid)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    kind, langs, meeting = dialog.choice()
    with wait_cursor(), database.session() as session:
        return build_document(session, kind, langs, meeting)


def preview_chosen(parent: QWidget | None, database, meeting_uuid: str | None = None) -> None:
    """The menu's 'Print…': pick a document, then its print preview (print or close from there)."""
    document = choose_document(parent, database, meeting_uuid)
    if document is not None:
        print_preview(parent, document.html, document.title)
