"""Change history: who changed what and when, filtered by kind of record, record and dates."""

from datetime import timedelta

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..i18n import N_, _, translate_label
from ..services.fields import ENTITIES
from ..services.formatting import format_moment
from ..services.history import ACTIONS, HistoryRow, history, source_label
from ..services.labels import label
from .empty_state import EmptyState, Starts
from .lazy import LoadsWhenShown
from .settings import load_bytes, save_bytes
from .tables.model import header_data
from .tables.view import wrapping_header

COLUMNS = (
    (N_("When"), 130),
    (N_("Who"), 140),
    (N_("Side"), 100),
    (N_("Source"), 120),
    (N_("Action"), 90),
    (N_("Record"), 260),
    (N_("Field"), 160),
    (N_("Old value"), 220),
    (N_("New value"), 220),
)
TITLES = [title for title, _width in COLUMNS]


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[HistoryRow] = []
        self.lang = "ru"

    def set_rows(self, rows: list[HistoryRow], lang: str) -> None:
        self.beginResetModel()
        self.rows = rows
        self.lang = lang
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def cell(self, row: HistoryRow, column: int) -> str:
        if column == 0:
            return format_moment(row.at)
        kind = (
            translate_label(ENTITIES[row.entity].label, self.lang) if row.entity in ENTITIES else row.entity
        )
        return (
            "",
            row.operator,
            label(row.side, self.lang),
            source_label(row.source, self.lang),
            translate_label(ACTIONS[row.action], self.lang),
            f"{kind}: {row.record}",
            row.field,
            row.old,
            row.new,
        )[column]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.cell(row, index.column())
            return text if len(text) < 300 else text[:300] + "…"
        if role == Qt.ItemDataRole.ToolTipRole and index.column() >= 5:
            return self.cell(row, index.column())
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        return header_data(TITLES, section, orientation, role)


class HistoryView(LoadsWhenShown, QWidget):
    def __init__(self, ctx, starts: Starts | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dirty = True
        self.record_uuid: str | None = None
        self._ready = False  # the filters' signals fire while they are being set up
        self.setObjectName("page_history")
        self.model = HistoryModel(self)
        self.entity = QComboBox()
        self.entity.setObjectName("filter_entity")
        self.entity.currentIndexChanged.connect(self.reload)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.reload)
        self.search.textChanged.connect(self._typed)
        self.use_dates = QCheckBox()
        self.use_dates.setObjectName("filter_dates")
        self.since = QDateEdit()
        self.until = QDateEdit()
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.dateChanged.connect(self.reload)
        today = ctx.today()
        self.since.setDate(QDate(today - timedelta(days=30)))
        self.until.setDate(QDate(today))
        self.use_dates.toggled.connect(self.reload)
        self.record_label = QLabel()
        self.clear_record = QPushButton()
        self.clear_record.clicked.connect(lambda: self.show_record(None))
        self.entity_title = QLabel()
        self.count = QLabel()
        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        wrapping_header(self.table.horizontalHeader())
        for i, (_label, width) in enumerate(COLUMNS):
            self.table.setColumnWidth(i, width)
        state = load_bytes("history/header")
        if state:
            self.table.horizontalHeader().restoreState(state)
        self.table.horizontalHeader().sectionResized.connect(
            lambda *a: save_bytes("history/header", self.table.horizontalHeader().saveState())
        )
        top = QHBoxLayout()
        top.addWidget(self.entity_title)
        top.addWidget(self.entity)
        top.addWidget(self.search, 1)
        top.addWidget(self.use_dates)
        top.addWidget(self.since)
        top.addWidget(QLabel("—"))
        top.addWidget(self.until)
        top.addWidget(self.count)
        record_row = QHBoxLayout()
        record_row.addWidget(self.record_label, 1)
        record_row.addWidget(self.clear_record)
        self.content = QWidget()
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(record_row)
        layout.addWidget(self.table, 1)
        self.views = QStackedWidget()
        self.views.addWidget(self.content)
        self.empty = EmptyState("history", starts) if starts is not None else None
        if self.empty is not None:  # nothing recorded yet: what will be, and how to start
            self.views.addWidget(self.empty)
        QVBoxLayout(self).addWidget(self.views)
        ctx.changed.connect(self._data_changed)
        self._ready = True
        self.retranslate()

    def _typed(self, text: str) -> None:
        if not text:
            self.reload()

    def retranslate(self) -> None:
        current = self.entity.currentData()
        self.entity.blockSignals(True)
        self.entity.clear()
        self.entity.addItem(_("All records"), None)
        for key, entity in ENTITIES.items():
            self.entity.addItem(translate_label(entity.plural), key)
        self.entity.setCurrentIndex(max(0, self.entity.findData(current)))
        self.entity.blockSignals(False)
        self.entity_title.setText(_("Records:"))
        self.search.setPlaceholderText(_("Record, person or value… (Enter)"))
        self.use_dates.setText(_("Dates"))
        self.clear_record.setText(_("Show all records"))
        if self.empty is not None:
            self.empty.retranslate()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.isVisible():
            self.reload()  # values are shown in the language: load again
        else:
            self.dirty = True

    def show_record(self, uuid: str | None, entity_key: str | None = None) -> None:
        """The history of one record (None: of all)."""
        self.record_uuid = uuid
        if entity_key:
            self.entity.blockSignals(True)
            self.entity.setCurrentIndex(max(0, self.entity.findData(entity_key)))
            self.entity.blockSignals(False)
        self.reload()

    def reload(self, *args) -> None:
        if not self._ready:
            return
        lang = self.ctx.lang
        rows = history(
            self.ctx.session,
            lang,
            entity=self.entity.currentData(),
            uuid=self.record_uuid,
            since=self.since.date().toPython() if self.use_dates.isChecked() else None,
            until=self.until.date().toPython() if self.use_dates.isChecked() else None,
            text=self.search.text().strip() or None,
        )
        self.model.set_rows(rows, lang)
        self.count.setText(_("Changes: {count}").format(count=len(rows)))
        self.record_label.setVisible(self.record_uuid is not None)
        self.clear_record.setVisible(self.record_uuid is not None)
        if self.record_uuid is not None:
            name = rows[0].record if rows else ""
            self.record_label.setText(_("History of: {record}").format(record=name))
        self.dirty = False
        if self.empty is not None:
            unfiltered = not (
                self.record_uuid
                or self.entity.currentData()
                or self.search.text()
                or self.use_dates.isChecked()
            )
            nothing = unfiltered and not rows
            self.views.setCurrentWidget(self.empty if nothing else self.content)
            if nothing:
                self.empty.refresh()
