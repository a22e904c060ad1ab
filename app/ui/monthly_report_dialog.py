"""File → Monthly report…: which month, which side, which language(s); then the print preview
(print or save as PDF from there) or the workbook to attach to a letter. The figures come from
app/services/reports/monthly.py, the document from app/services/documents/monthly.py."""

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QPushButton, QWidget

from ..i18n import _, current_language
from .busy import wait_cursor
from .geometry import fit_to_screen
from .printing import AUTONYMS

LANGUAGE_CHOICES = ("ru", "uz", "kk", "ru+uz", "ru+kk")


class MonthlyReportDialog(QDialog):
    def __init__(self, parent: QWidget | None, database, today: date):
        from ..models import Side
        from ..services.documents.common import SIDE_NAME
        from ..services.reports.monthly import default_month, month_choices

        super().__init__(parent)
        self.setObjectName("monthly_report")
        self.database = database
        self.today = today
        self.setWindowTitle(_("Monthly report on the roadmap"))
        self.month = QComboBox()
        for first, text in month_choices(today, current_language()):
            self.month.addItem(text, first.isoformat())  # a date would come back as a QDate
        self.month.setCurrentIndex(self.month.findData(default_month(today).isoformat()))
        self.side = QComboBox()
        self.side.addItem(_("Both sides"), None)
        for side in (Side.UZ, Side.KZ):
            self.side.addItem(_(SIDE_NAME[side]), side.value)
        self.language = QComboBox()
        for spec in LANGUAGE_CHOICES:
            self.language.addItem(" + ".join(AUTONYMS[lang] for lang in spec.split("+")), spec)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.preview = QPushButton(_("Print pre&view…"))
        self.preview.setDefault(True)
        self.save_xlsx = QPushButton(_("Save as &XLSX…"))
        self.buttons.addButton(self.preview, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_xlsx, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.preview.clicked.connect(self.show_preview)
        self.save_xlsx.clicked.connect(self.ask_and_save_xlsx)
        form = QFormLayout(self)
        form.addRow(_("Month"), self.month)
        form.addRow(_("Side"), self.side)
        form.addRow(_("Language"), self.language)
        form.addRow(self.buttons)
        fit_to_screen(self, None, "monthly_report")

    def chosen_month(self) -> date:
        return date.fromisoformat(self.month.currentData())

    def langs(self) -> tuple[str, ...]:
        return tuple(self.language.currentData().split("+"))

    def report(self):
        """The figures of the chosen month and side(s), read now."""
        from ..services.reports.monthly import monthly_report

        side = self.side.currentData()
        with wait_cursor(), self.database.session() as session:
            return monthly_report(
                session, self.chosen_month(), self.today, (side,) if side else None, self.langs()[0]
            )

    def document(self):
        from ..services.documents.monthly import monthly_document

        return monthly_document(self.report(), self.langs())

    def show_preview(self) -> None:
        from .printing import print_preview

        document = self.document()
        print_preview(self, document.html, document.title, document.landscape)

    def ask_and_save_xlsx(self) -> None:
        from .exchange_dialogs import _ask_path, _run

        document = self.document()
        path = _ask_path(self, document.title, document.default_name.removesuffix(".pdf") + ".xlsx")
        if path is not None:
            _run(self, document.title, lambda: self.save_to(path))

    def save_to(self, path) -> str:
        """Writes the workbook to `path` (never over the database or its backups); what to say."""
        from ..services.outputs import check_output_target
        from ..services.reports.monthly_xlsx import write_monthly_xlsx

        check_output_target(path, self.database.path)
        try:
            write_monthly_xlsx(path, self.report(), self.langs())
        except OSError as exc:
            from ..services.errors import UserError

            raise UserError(
                _("The report could not be written to {path}: {error}").format(path=path, error=exc)
            ) from exc
        return _("Report written: {path}").format(path=path)


def monthly_report_dialog(window, today: date) -> None:
    dialog = MonthlyReportDialog(window, window.database, today)
    dialog.exec()
