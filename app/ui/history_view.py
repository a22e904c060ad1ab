"""Change history: who changed what, when and from where — every change, filtered by kind of
record, record, dates and text, sorted by any column."""

from datetime import date, timedelta
from typing import cast

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
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
from ..services.history import SORT_KEYS, HistoryRow, Reader, history, sort_rows
from .busy import wait_cursor
from .empty_state import EmptyState, Starts
from .lazy import LoadsWhenShown
from .settings import load_bytes, save_bytes
from .tables.model import header_data
from .tables.view import wrapping_header

COLUMNS = (
    (N_("When"), 115),
    (N_("Who"), 120),
    (N_("Side"), 95),
    (N_("Source"), 230),  # a file's name and number: the whole of it on a 1366-pixel screen
    (N_("Action"), 85),
    (N_("Record"), 250),
    (N_("Field"), 150),
    (N_("Old value"), 200),
    (N_("New value"), 200),
)
# The row's text shown in each column; the columns sort by SORT_KEYS, in the same order.
CELLS = ("when", "who", "side_text", "source_text", "action_text", "record_text", "field", "old", "new")
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

    def sort(self, column: int, order=Qt.SortOrder.DescendingOrder) -> None:
        """Sorted by the service (a proxy model would ask Python for every cell of every row)."""
        with wait_cursor():  # sorting by a value works out the texts of every change once
            descending = order == Qt.SortOrder.DescendingOrder
            self.set_rows(sort_rows(self.rows, SORT_KEYS[column], descending), self.lang)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def cell(self, row: HistoryRow, column: int) -> str:
        return getattr(row, CELLS[column])

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.cell(row, index.column())
            return text if len(text) < 300 else text[:300] + "…"
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (3, 5, 6, 7, 8):
            return self.cell(row, index.column())
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.InitialSortOrderRole:
            # time: the newest first; texts: A to Z
            return Qt.SortOrder.DescendingOrder if section == 0 else Qt.SortOrder.AscendingOrder
        return header_data(TITLES, section, orientation, role)


class HistoryView(LoadsWhenShown, QWidget):
    def __init__(self, ctx, starts: Starts | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dirty = True
        self.record_uuid: str | None = None
        # Names and texts worked out for one search, kept for the next until the data changes.
        self._reader: Reader | None = None
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
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        wrapping_header(header)
        for i, (_label, width) in enumerate(COLUMNS):
            self.table.setColumnWidth(i, width)
        state = load_bytes("history/header")
        if not (state and header.restoreState(state)) or self._sort_key() is None:
            header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # the newest first
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        # The model sorts itself (QTableView's sorting would sort once more on every reload).
        header.sortIndicatorChanged.connect(self.model.sort)
        for signal in (header.sectionResized, header.sortIndicatorChanged):
            signal.connect(lambda *a: save_bytes("history/header", header.saveState()))
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

    def _data_changed(self) -> None:
        self._reader = None
        super()._data_changed()

    def _sort_key(self) -> str | None:
        section = self.table.horizontalHeader().sortIndicatorSection()
        return SORT_KEYS[section] if 0 <= section < len(SORT_KEYS) else None

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
        if self._reader is None or self._reader.lang != lang:
            self._reader = Reader(self.ctx.session, lang)
        header = self.table.horizontalHeader()
        rows = history(
            self.ctx.session,
            lang,
            entity=self.entity.currentData(),
            uuid=self.record_uuid,
            since=cast(date, self.since.date().toPython()) if self.use_dates.isChecked() else None,
            until=cast(date, self.until.date().toPython()) if self.use_dates.isChecked() else None,
            text=self.search.text().strip() or None,
            sort=self._sort_key() or "at",
            descending=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
            reader=self._reader,
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
