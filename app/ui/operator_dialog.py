"""The operator's name of this copy, changed: the name every later change is recorded with."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ..i18n import _
from ..services.errors import UserError
from ..services.settings import OPERATOR_LENGTH, checked_operator
from .forms.record_form import ERROR_STYLE


class OperatorDialog(QDialog):
    def __init__(self, current: str, parent=None):
        super().__init__(parent)
        self.setObjectName("operator_dialog")
        self.setWindowTitle(_("Operator's name"))
        note = QLabel(
            _(
                "Changes made from now on are recorded under this name. Changes made before keep "
                "the name they were made under."
            )
        )
        note.setWordWrap(True)
        self.operator = QLineEdit(current)
        self.operator.setObjectName("operator")
        self.operator.setMaxLength(OPERATOR_LENGTH + 50)  # room for spaces that are trimmed
        self.operator.setPlaceholderText(_("e.g. Karimova N."))
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(_("Your name:"), self.operator)
        form.addRow("", self.error)
        choice = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(choice.Ok | choice.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.name: str | None = None

    def accept(self) -> None:
        try:
            self.name = checked_operator(self.operator.text())
        except UserError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.operator.setFocus()
            return
        super().accept()


def change_operator(window) -> str | None:
    """Ask for the new name and keep it; None when the person cancelled."""
    dialog = OperatorDialog(window.ctx.operator, window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.name is None:
        return None
    return window.ctx.rename_operator(dialog.name)
