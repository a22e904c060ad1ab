"""A list page: search box, filters, the table (sortable, widths and order remembered), and the
buttons to create, open and delete records."""

from collections.abc import Callable, Iterator
from itertools import chain

from PySide6.QtCore import QByteArray, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...i18n import _, translate_label
from ...services.collector import collector_paused
from ...services.fields import ENTITIES
from ...services.labels import choices
from ...services.listing import options, record_by_uuid, records_in_parts
from ..empty_state import EmptyState, Starts
from ..forms.record_form import confirm_delete, edit_record
from ..lazy import LoadsWhenShown
from ..search_box import search_box
from ..settings import load_bytes, save_bytes
from .columns import FILTERS, SPECS, FilterSpec
from .model import RecordTableModel
from .view import flat_table

ALL = "—"


class FilterBar(QWidget):
    """The drop-downs and check boxes of one table's filters."""

    changed = Signal(str, object)

    def __init__(self, ctx, specs: tuple[FilterSpec, ...], parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.specs = specs
        self.combos: dict[str, QComboBox] = {}
        self.checks: dict[str, QCheckBox] = {}
        self.titles: dict[str, QLabel] = {}
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        # Many check boxes go on a line of their own: on a laptop's 1366 pixels, in the longest of
        # the three languages, one line would make the window wider than the screen.
        flags_line = QHBoxLayout() if sum(1 for s in specs if s.kind == "flag") > 2 else layout
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        outer.addLayout(layout)
        if flags_line is not layout:
            outer.addLayout(flags_line)
            flags_line.addStretch(1)
        for spec in specs:
            if spec.kind == "flag":
                check = QCheckBox()
                check.setObjectName(f"filter_{spec.key}")
                check.toggled.connect(lambda on, key=spec.key: self.changed.emit(key, bool(on)))
                self.checks[spec.key] = check
                flags_line.insertWidget(flags_line.count() - (flags_line is not layout), check)
            else:
                title = QLabel()
                combo = QComboBox()
                combo.setObjectName(f"filter_{spec.key}")
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                combo.setMinimumContentsLength(9 if spec.kind == "enum" else 14)
                combo.currentIndexChanged.connect(
                    lambda _i, key=spec.key, c=combo: self.changed.emit(key, c.currentData())
                )
                self.titles[spec.key] = title
                self.combos[spec.key] = combo
                layout.addWidget(title)
                layout.addWidget(combo)
        self.fill(records=False)  # the page fills its record lists when it first loads

    def fill(self, records: bool = True) -> None:
        """Choices in the current language (and the records there are now), keeping the choice.
        `records=False` renames only: a page not shown yet loads its record lists when it is."""
        for spec in self.specs:
            if spec.kind == "flag":
                self.checks[spec.key].setText(translate_label(spec.label))
                continue
            self.titles[spec.key].setText(translate_label(spec.label) + ":")
            if spec.kind != "enum" and not records:
                continue
            combo = self.combos[spec.key]
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("All"), None)
            if spec.kind == "enum":
                assert spec.enum is not None  # an enum filter names its enum
                for value, text in choices(spec.enum):
                    combo.addItem(text, value)
            else:
                assert spec.ref is not None  # a ref filter names its entity
                for option in options(self.ctx.session, spec.ref, self.ctx.lang):
                    combo.addItem(option.label[:70], option.uuid)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def select(self, key: str, value) -> None:
        if key in self.checks:
            self.checks[key].setChecked(bool(value))
        elif key in self.combos:
            combo = self.combos[key]
            combo.setCurrentIndex(max(0, combo.findData(value)))


class RecordTablePage(LoadsWhenShown, QWidget):
    """With `starts`, a page without records says how to start instead of showing an empty table."""

    def __init__(
        self,
        ctx,
        entity_key: str,
        opener: Callable[[str], None] | None = None,
        starts: Starts | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.entity_key = entity_key
        self.spec = SPECS[entity_key]
        self.opener = opener
        self.dirty = True
        self.setObjectName(f"page_{entity_key}")

        self.model = RecordTableModel(self.spec, ctx.today, self)

        self.search = search_box()
        self.search.textChanged.connect(self._search_changed)
        self.filters = FilterBar(ctx, FILTERS[entity_key])
        self.filters.changed.connect(self._filter_changed)
        self.count = QLabel()
        self.new_button = QPushButton()
        self.open_button = QPushButton()
        self.delete_button = QPushButton()
        self.new_button.clicked.connect(self.new_record)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)

        self.table = flat_table("table", self.model, 24)
        self.table.setSortingEnabled(True)
        # Enter opens the record, as a double click does.
        self.table.activated.connect(lambda index: self.open_uuid(self.model.uuid_at(index)))
        for i, column in enumerate(self.spec.columns):
            self.table.setColumnWidth(i, column.width)
        self._restore_header()
        header = self.table.horizontalHeader()
        header.sectionResized.connect(self._save_header)
        header.sortIndicatorChanged.connect(self._save_header)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        filters = QHBoxLayout()  # a line of their own: long Kazakh and Uzbek labels need the room
        filters.addWidget(self.filters)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.content = QWidget()
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.views = QStackedWidget()
        self.views.addWidget(self.content)
        self.empty = EmptyState(entity_key, starts, self.new_record) if starts is not None else None
        if self.empty is not None:
            self.views.addWidget(self.empty)
        outer = QVBoxLayout(self)
        outer.addWidget(self.views)
        self.model.modelReset.connect(self._update_count)
        ctx.changed.connect(self._data_changed)
        self.retranslate()

    # ---- loading ------------------------------------------------------------------------------

    @collector_paused()  # thousands of records and rows made, next to no cycles among them
    def reload(self) -> None:
        selected = self.selected_uuid()
        self.model.set_records(self._records())
        self.filters.fill()
        self.dirty = False
        if selected:
            self.select_uuid(selected)
        self._update_count()
        self._show_empty()

    def _records(self) -> Iterator:
        """Every record of the page, read in parts and let go once its row is made."""
        return chain.from_iterable(records_in_parts(self.ctx.session, self.entity_key))

    def _show_empty(self) -> None:
        """No records at all (not only none found): the page says how to start."""
        if self.empty is not None:
            nothing = not self.dirty and self.model.total() == 0
            self.views.setCurrentWidget(self.empty if nothing else self.content)
            if nothing:
                self.empty.refresh()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search…"))
        self.new_button.setText(_("New…"))
        self.open_button.setText(_("Open…"))
        self.delete_button.setText(_("Delete…"))
        for button in (self.new_button, self.delete_button):
            button.setEnabled(not self.ctx.readonly)
        self.filters.fill(records=not self.dirty)
        if self.model.rows and self.isVisible():
            self.model.retranslate(self._records())
        elif self.model.rows:  # the rows keep texts, not records: read again when shown
            self.dirty = True
        self._update_count()
        if self.empty is not None:
            self.empty.retranslate()

    def _update_count(self, *args) -> None:
        self.count.setText(
            _("{shown} of {total}").format(shown=self.model.rowCount(), total=self.model.total())
        )

    # ---- search, filters and the header ---------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self._keeping_selection(lambda: self.model.set_search(text))

    def _filter_changed(self, key: str, value) -> None:
        self._keeping_selection(lambda: self.model.set_filter(key, value))

    def _keeping_selection(self, change: Callable[[], None]) -> None:
        """The chosen record stays chosen while the search and filters still show it."""
        selected = self.selected_uuid()
        change()
        index = self.model.index_of(selected)
        if index.isValid():
            self.table.selectRow(index.row())

    def set_filter(self, key: str, value) -> None:
        """Show only rows whose `key` facet is `value` (the dashboard opens a page this way)."""
        if self.dirty:
            self.reload()
        self.filters.select(key, value)

    def clear_filters(self) -> None:
        self.search.clear()
        for spec in self.filters.specs:
            self.filters.select(spec.key, None)

    def _settings_key(self) -> str:
        return f"tables/{self.entity_key}/header"

    def _save_header(self, *args) -> None:
        save_bytes(self._settings_key(), self.table.horizontalHeader().saveState())

    def _restore_header(self) -> None:
        state = load_bytes(self._settings_key())
        header = self.table.horizontalHeader()
        if state and header.restoreState(QByteArray(state)):
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        else:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    # ---- records ------------------------------------------------------------------------------

    def selected_uuid(self) -> str | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.uuid_at(indexes[0]) if indexes else None

    def select_uuid(self, uuid: str) -> bool:
        index = self.model.index_of(uuid)
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def record(self, uuid: str):
        return record_by_uuid(self.ctx.session, self.entity_key, uuid)

    def open_uuid(self, uuid: str | None) -> None:
        """The record's form (or the page's opener); UserError when the record changed after its
        row showed it (the rows keep their texts and version, not the record)."""
        if not uuid:
            return
        self.ctx.check_shown(self.entity_key, uuid, self.model.version_of(uuid))
        if self.opener is not None:
            self.opener(uuid)
            return
        record = self.record(uuid)
        if record is not None:
            edit_record(self.ctx, self.entity_key, record, parent=self)

    def open_selected(self) -> None:
        self.open_uuid(self.selected_uuid())

    def new_record(self) -> None:
        uuid = edit_record(self.ctx, self.entity_key, None, parent=self)
        if uuid:
            self.select_uuid(uuid)

    def delete_selected(self) -> None:
        """Deletes the record as its row showed it: refused when someone changed it since."""
        uuid = self.selected_uuid()
        version = self.model.version_of(uuid)
        record = self.record(uuid) if uuid else None
        if uuid is None or record is None or not confirm_delete(self.ctx, self.entity_key, record, self):
            return
        name = ENTITIES[self.entity_key].describe(record, self.ctx.lang)[:60]
        self.ctx.delete(self.entity_key, uuid, _("Delete {record}").format(record=name), version=version)

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
