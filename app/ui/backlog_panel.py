"""The meetings page: the meetings, and under them the agenda backlog — questions proposed for a
future meeting — with add, open, delete and "Move to a meeting…" (one undoable step)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..i18n import _
from ..services import agenda_backlog
from ..services.errors import UserError
from ..services.fields import ENTITIES
from ..services.formatting import format_date
from ..services.labels import label
from ..services.listing import record_by_uuid
from . import operations
from .forms.record_form import confirm_delete, edit_record
from .tables.page import RecordTablePage

FORM_KEYS = [f.key for f in ENTITIES["agenda_item"].fields if f.key not in ("meeting", "position")]


class BacklogPanel(QGroupBox):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("agenda_backlog")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("backlog_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 40), (2, 110), (3, 150)):
            self.table.setColumnWidth(column, width)
        self.table.itemDoubleClicked.connect(lambda *a: self.edit())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, slot in (
            ("add", self.add),
            ("edit", self.edit),
            ("delete", self.delete),
            ("move", lambda: self.move_to_meeting()),
        ):
            button = QPushButton()
            button.setObjectName(f"backlog_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        ctx.changed.connect(self.fill)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Agenda backlog: questions for a future meeting"))
        self.table.setHorizontalHeaderLabels(["№", _("Question"), _("Minutes allotted"), _("Proposed by")])
        for key, text in (
            ("add", _("Add…")),
            ("edit", _("Open…")),
            ("delete", _("Delete…")),
            ("move", _("Move to a meeting…")),
        ):
            self.buttons[key].setText(text)
        for key in ("add", "delete", "move"):
            self.buttons[key].setEnabled(not self.ctx.readonly)
        self.fill()

    def fill(self) -> None:
        current = self.current_uuid()
        lang = self.ctx.lang
        questions = agenda_backlog.backlog(self.ctx.session)
        self.table.setRowCount(len(questions))
        for row, question in enumerate(questions, start=0):
            speakers = ", ".join(p.text("full_name", lang) for p in question.speakers)
            title = question.text("title", lang) + (f"\n{speakers}" if speakers else "")
            minutes = _("{minutes} min").format(minutes=question.duration_minutes)
            texts = (
                str(row + 1),
                title,
                minutes if question.duration_minutes else "",
                label(question.proposed_by) if question.proposed_by else "",
            )
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, question.uuid)
                self.table.setItem(row, column, cell)
            if question.uuid == current:
                self.table.selectRow(row)
        self.table.resizeRowsToContents()

    def current_uuid(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        cell = self.table.item(rows[0].row(), 0) if rows else None
        return cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None

    def select_uuid(self, uuid: str) -> bool:
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == uuid:
                self.table.selectRow(row)
                return True
        return False

    def current_record(self):
        uuid = self.current_uuid()
        return record_by_uuid(self.ctx.session, "agenda_item", uuid) if uuid else None

    def add(self) -> str | None:
        position = agenda_backlog.next_backlog_position(self.ctx.session)
        uuid = edit_record(
            self.ctx,
            "agenda_item",
            None,
            fixed={"meeting": None, "position": position},
            keys=FORM_KEYS,
            parent=self,
        )
        if uuid:
            self.select_uuid(uuid)
        return uuid

    def edit(self) -> None:
        record = self.current_record()
        if record is not None:
            fixed = {"meeting": None, "position": record.position}
            edit_record(self.ctx, "agenda_item", record, fixed=fixed, keys=FORM_KEYS, parent=self)

    def delete(self) -> None:
        record = self.current_record()
        if record is None or not confirm_delete(self.ctx, "agenda_item", record, self):
            return
        name = ENTITIES["agenda_item"].describe(record, self.ctx.lang)[:60]
        self.ctx.delete("agenda_item", record.uuid, _("Delete {record}").format(record=name))

    def move_to_meeting(self, meeting_uuid: str | None = None) -> bool:
        """Put the selected question on a meeting's agenda (asked for, unless given): one step."""
        record = self.current_record()
        if record is None:
            QMessageBox.information(self, self.title(), _("Select a question first."))
            return False
        if not meeting_uuid:
            found = agenda_backlog.receiving_meetings(self.ctx.session)
            if not found:
                QMessageBox.information(
                    self, self.title(), _("No meeting can take it: all minutes are signed.")
                )
                return False
            lang = self.ctx.lang
            names = [
                f"{m.code} — {format_date(m.meeting_date, lang)} — {m.text('title', lang)}"[:120]
                for m in found
            ]
            name, ok = QInputDialog.getItem(
                self, _("Move to a meeting"), _("Add the question to the agenda of:"), names, 0, False
            )
            if not ok:
                return False
            meeting_uuid = found[names.index(name)].uuid
        item_uuid = record.uuid
        code = record_by_uuid(self.ctx.session, "meeting", meeting_uuid).code
        try:
            operations.move_to_meeting(self.ctx, item_uuid, meeting_uuid, code)
        except UserError as exc:  # its minutes were signed meanwhile (on a server, by someone else)
            QMessageBox.warning(self, self.title(), str(exc))
            return False
        return True


class MeetingsPage(RecordTablePage):
    """The meetings' table with the backlog under it, the two parts sized by a splitter."""

    def __init__(self, ctx, opener, starts=None, parent=None):
        super().__init__(ctx, "meeting", opener=opener, starts=starts, parent=parent)
        self.backlog = BacklogPanel(ctx)
        outer = self.layout()
        assert outer is not None  # the page's layout, made by RecordTablePage
        outer.removeWidget(self.views)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.views)
        splitter.addWidget(self.backlog)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        outer.addWidget(splitter)

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "backlog"):  # the base class retranslates once before the backlog is made
            self.backlog.retranslate()
