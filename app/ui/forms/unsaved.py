"""The question a form asks when it is closed (Esc, Cancel, the window's ×) with changes not saved:
save them, discard them, or go back to the form. Nothing typed is lost without being asked."""

from enum import Enum

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ...i18n import _


class Answer(Enum):
    SAVE = "save"
    DISCARD = "discard"
    BACK = "back"


def ask_unsaved(parent: QWidget) -> Answer:
    box = QMessageBox(parent)
    box.setObjectName("unsaved_changes")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(parent.windowTitle())
    box.setText(_("The form has changes that are not saved."))
    box.setInformativeText(_("Save them, discard them, or go back to the form?"))
    Button = QMessageBox.StandardButton
    box.setStandardButtons(Button.Save | Button.Discard | Button.Cancel)
    box.button(Button.Save).setText(_("Save"))
    box.button(Button.Discard).setText(_("Discard the changes"))
    box.button(Button.Cancel).setText(_("Back to the form"))  # also Esc: the safe way out
    box.setDefaultButton(Button.Save)
    answer = box.exec()
    if answer == Button.Save:
        return Answer.SAVE
    return Answer.DISCARD if answer == Button.Discard else Answer.BACK


def close_quietly_unless_asked(dialog: QDialog, event) -> bool:
    """For a form's closeEvent: True when the person closed the window (×, Alt+F4), and the form's
    reject() is to ask as for Esc and Cancel; a close by the program itself (its record deleted
    meanwhile, the tests' clean-up) closes the form at once and returns False."""
    if event.spontaneous():
        return True
    dialog.done(QDialog.DialogCode.Rejected)
    event.accept()
    return False
