"""The progress reports of the roadmap item chosen above them, with their buttons."""

from typing import cast

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...i18n import _
from ...models import RoadmapKind
from ...services.formatting import deadline_text, format_date
from ...services.labels import label
from ...services.listing import record_by_uuid
from ..forms.record_form import confirm_delete, edit_record
from ..tables.model import UUID_ROLE, VERSION_ROLE


class ReportsPanel(QWidget):
    """Shows the reports of one item (`show_item`) and adds, opens and deletes them."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.item_uuid: str | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("reports")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 100)
        self.table.setColumnWidth(1, 120)
        self.table.activated.connect(lambda *a: self.edit_report())
        self.add_button, self.edit_button, self.delete_button = (QPushButton() for _i in range(3))
        self.add_button.clicked.connect(self.add_report)
        self.edit_button.clicked.connect(self.edit_report)
        self.delete_button.clicked.connect(self.delete_report)
        buttons = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(row)

    def retranslate(self) -> None:
        self.add_button.setText(_("Add report…"))
        self.edit_button.setText(_("Open…"))
        self.delete_button.setText(_("Delete…"))
        self.add_button.setEnabled(not self.ctx.readonly)
        self.table.setHorizontalHeaderLabels([_("Date"), _("Side"), _("Report")])

    def item(self):
        uuid = self.item_uuid
        return record_by_uuid(self.ctx.session, "roadmap_item", uuid) if uuid else None

    def show_item(self, uuid: str | None) -> None:
        """The reports of the item `uuid` (none chosen: a word on how to see them)."""
        self.item_uuid = uuid
        item = self.item()
        self.table.setRowCount(0)
        has_item = item is not None and item.kind == RoadmapKind.MEASURE
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setEnabled(has_item and (button is self.edit_button or not self.ctx.readonly))
        if item is None:
            self.title.setText(_("Select an item to see its progress reports."))
            return
        lang = self.ctx.lang
        due = deadline_text(item, lang)
        deadline = _("Deadline")
        self.title.setText(
            f"<b>{item.number}</b> {item.text('measure', lang)[:200]}"
            + (f" — {deadline}: {due}" if due else "")
        )
        for report in item.reports:
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = (format_date(report.report_date, lang), label(report.side, lang), report.text)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(UUID_ROLE, report.uuid)
                cell.setData(VERSION_ROLE, report.version)  # what an edit or deletion is checked against
                cell.setToolTip(text if column == 2 else "")
                self.table.setItem(row, column, cell)

    def selected_report(self):
        row = self.table.currentRow()
        if row < 0 or self.table.item(row, 0) is None:
            return None
        item = cast(QTableWidgetItem, self.table.item(row, 0))  # not None: tested above
        return record_by_uuid(self.ctx.session, "progress_report", item.data(UUID_ROLE))

    def selected_version(self) -> int | None:
        """The version of the report its row shows."""
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return item.data(VERSION_ROLE) if item is not None else None

    def add_report(self) -> None:
        item = self.item()
        if item is None:
            return
        edit_record(
            self.ctx,
            "progress_report",
            None,
            defaults={"report_date": self.ctx.today().isoformat(), "side": self.ctx.side.value},
            fixed={"item": item.uuid},
            parent=self,
        )

    def edit_report(self) -> None:
        version = self.selected_version()
        report = self.selected_report()
        if report is not None:
            self.ctx.check_shown("progress_report", report.uuid, version)
            edit_record(self.ctx, "progress_report", report, fixed={"item": report.item.uuid}, parent=self)

    def delete_report(self) -> None:
        version = self.selected_version()
        report = self.selected_report()
        if report is None or not confirm_delete(self.ctx, "progress_report", report, self):
            return
        self.ctx.delete("progress_report", report.uuid, _("Delete a progress report"), version=version)
