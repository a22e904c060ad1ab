"""The first start: the language, this copy's side, the operator's name, and an empty database
or the demo data."""

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from ..i18n import LANGUAGES, _, current_language, set_language
from ..models import Side
from ..services.database.location import is_server, shown
from ..services.labels import label
from .forms.record_form import ERROR_STYLE
from .geometry import fit_to_screen
from .language import LANGUAGE_NAMES


@dataclass(frozen=True)
class FirstRunChoice:
    language: str
    side: Side
    operator: str
    demo: bool


class FirstRunDialog(QDialog):
    """`offer_server`: a button to work on a shared database on a server instead of this computer's
    file; when the person connects one, the dialog closes with `server` set (its URL)."""

    def __init__(
        self, db_path: "Path | str", allow_demo: bool = True, parent=None, offer_server: bool = False
    ):
        super().__init__(parent)
        self.setObjectName("first_run")
        self.db_path = db_path
        self.server: tuple[str, bool] | None = None  # (URL, open it at every start)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language.currentIndexChanged.connect(self._language_changed)
        self.side_uz = QRadioButton()
        self.side_kz = QRadioButton()
        self.side_uz.setObjectName("side_UZ")
        self.side_kz.setObjectName("side_KZ")
        self.side_uz.setChecked(True)
        self.sides = QButtonGroup(self)
        self.sides.addButton(self.side_uz)
        self.sides.addButton(self.side_kz)
        self.operator = QLineEdit()
        self.operator.setObjectName("operator")
        self.operator_error = QLabel()
        self.operator_error.setStyleSheet(ERROR_STYLE)
        self.operator_error.hide()
        self.empty = QRadioButton()
        self.demo = QRadioButton()
        self.empty.setObjectName("empty")
        self.demo.setObjectName("demo")
        self.data = QButtonGroup(self)
        self.data.addButton(self.empty)
        self.data.addButton(self.demo)
        self.empty.setChecked(True)
        self.demo.setEnabled(allow_demo)
        self.path = QLabel(shown(db_path) if is_server(db_path) else str(db_path))
        self.path.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.titles = [QLabel() for _i in range(5)]
        self.form.addRow(self.titles[0], self.language)
        self.form.addRow(self.titles[1], self.side_uz)
        self.form.addRow("", self.side_kz)
        self.form.addRow(self.titles[2], self.operator)
        self.form.addRow("", self.operator_error)
        self.form.addRow(self.titles[3], self.empty)
        self.form.addRow("", self.demo)
        self.form.addRow(self.titles[4], self.path)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.server_button = None
        if offer_server:
            self.server_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
            self.server_button.setObjectName("server")
            self.server_button.clicked.connect(self.choose_server)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.retranslate()
        fit_to_screen(self, (700, self.sizeHint().height()), "first_run")

    def _language_changed(self) -> None:
        set_language(self.language.currentData())  # the dialog and Qt's buttons follow at once
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Welcome to Secretariat desk"))
        self.intro.setText(
            _("This copy of the program keeps the records of one side of the working group. Please tell us:")
        )
        where = _("Database:") if is_server(self.db_path) else _("Database file:")
        for title, text in zip(
            self.titles,
            (_("Language:"), _("This copy's side:"), _("Your name:"), _("Start with:"), where),
            strict=True,
        ):
            title.setText(text)
        if self.server_button is not None:
            self.server_button.setText(_("Shared database on a server…"))
        self.side_uz.setText(label(Side.UZ))
        self.side_kz.setText(label(Side.KZ))
        self.operator.setPlaceholderText(_("e.g. Karimova N."))
        self.empty.setText(_("an empty database"))
        self.demo.setText(_("the demo data (13 projects, the roadmap, three meetings)"))
        if self.operator_error.isVisible():
            self.operator_error.setText(_("Please enter your name: it is recorded with every change."))

    def accept(self) -> None:
        if not self.operator.text().strip():
            self.operator_error.setText(_("Please enter your name: it is recorded with every change."))
            self.operator_error.show()
            self.operator.setFocus()
            return
        super().accept()

    def choose_server(self) -> None:
        """Work on a server's database instead: the program opens it (and asks these questions
        there, if nobody has answered them yet)."""
        from .server_dialog import ask_server

        chosen = ask_server(self)
        if chosen is not None:
            self.server = chosen
            self.done(QDialog.DialogCode.Rejected)

    def choice(self) -> FirstRunChoice:
        return FirstRunChoice(
            language=self.language.currentData(),
            side=Side.UZ if self.side_uz.isChecked() else Side.KZ,
            operator=self.operator.text().strip(),
            demo=self.demo.isChecked(),
        )
