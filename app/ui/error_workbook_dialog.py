"""Import preview → "Save the errors for the other side…": the partner's own workbook, its errors
marked, written where the person says (services/exchange/error_workbook.py does the writing)."""

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..i18n import LANGUAGES, N_, _, current_language, ngettext
from ..services.errors import UserError
from .busy import wait_cursor

# The language of the list is chosen with the file type: one step, in every file dialog.
FILTERS = {
    "ru": N_("Excel workbook, in Russian"),
    "uz": N_("Excel workbook, in Uzbek"),
    "kk": N_("Excel workbook, in Kazakh"),
}


def save_errors_dialog(parent: QWidget, database, preview) -> Path | None:
    """Ask for a file name (proposed beside their file, in its language), write, say where."""
    from ..services.exchange.importing.error_workbook import file_language, proposed_name, save_errors

    title = _("Save the errors for the other side")
    source = preview.incoming.path
    try:
        lang = file_language(source) or current_language()
    except Exception:  # the file gone or unreadable: writing says why, in a sentence
        lang = current_language()
    filters = [f"{_(FILTERS[code])} (*.xlsx)" for code in LANGUAGES]
    start = Path(source).parent / proposed_name(source, lang) if source else proposed_name(Path("x"), lang)
    chosen, chosen_filter = QFileDialog.getSaveFileName(
        parent, title, str(start), ";;".join(filters), filters[LANGUAGES.index(lang)]
    )
    if not chosen:
        return None
    if chosen_filter in filters:
        lang = LANGUAGES[filters.index(chosen_filter)]
    path = Path(chosen)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    try:
        with wait_cursor():  # a large workbook takes seconds to load and save
            written = save_errors(database, preview, path, lang)
    except UserError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None
    message = ngettext(
        "Written: {path}\n\n{count} error is highlighted in their workbook, with a note, and listed "
        "on its first sheet. Send the file to the other side: corrected in place, it can be imported "
        "as it is.",
        "Written: {path}\n\n{count} errors are highlighted in their workbook, each with a note, and "
        "listed on its first sheet. Send the file to the other side: corrected in place, it can be "
        "imported as it is.",
        written.errors,
    ).format(path=written.path, count=written.errors)
    if written.lost:
        message += "\n\n" + _("Not kept from their file: {what}.").format(what=", ".join(written.lost))
    QMessageBox.information(parent, title, message)
    return written.path
