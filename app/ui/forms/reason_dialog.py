"""Asking why: a short dialog with a required text (a deadline postponed, minutes unlocked …).
OK is enabled only when something is written; Cancel goes back to what the person was doing."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ...i18n import _
from ..geometry import fit_to_screen


class ReasonDialog(QDialog):
    def __init__(self, title: str, question: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reason_dialog")
        self.setWindowTitle(title)
        self.question = QLabel(question)
        self.question.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("reason")
        self.text.setPlaceholderText(_("The reason, in a sentence or two"))
        self.text.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.text.textChanged.connect(lambda: self.ok.setEnabled(bool(self.reason())))
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.text.setFocus()
        fit_to_screen(self, (520, 280), "reason")

    def reason(self) -> str:
        return self.text.toPlainText().strip()


def ask_reason(parent: QWidget, title: str, question: str) -> str | None:
    """The reason given, or None when the person cancelled."""
    dialog = ReasonDialog(title, question, parent)
    return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None
