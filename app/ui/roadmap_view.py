"""The roadmap as a tree by its numbering, overdue and due-soon items marked, the progress
reports of the selected item under the tree; and the same items as a sortable list."""

from PySide6.QtCore import QAbstractItemModel, QIdentityProxyModel, QModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..i18n import N_, _, ngettext, translate_label
from ..models import RoadmapKind
from ..services.fields import ENTITIES
from ..services.formatting import deadline_text, format_date
from ..services.labels import fold, label
from ..services.listing import record_by_uuid
from ..services.roadmap_tree import Node, load_tree
from .forms.record_form import confirm_delete, edit_record
from .lazy import LoadsWhenShown
from .settings import load_bytes, save_bytes
from .tables.columns import FILTERS, ROADMAP
from .tables.model import (
    DUE_SOON_BACKGROUND,
    OVERDUE_BACKGROUND,
    STATE_ROLE,
    UUID_ROLE,
    Render,
)
from .tables.page import FilterBar, RecordTablePage

OVERDUE_LEGEND = N_("Overdue")
DUE_SOON_LEGEND = N_("Due within 30 days")


_DISPLAY, _TOOLTIP, _BACKGROUND, _FONT = (
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.FontRole,
    )
)
_UUID, _STATE = int(UUID_ROLE), int(STATE_ROLE)
_ANSWERED = frozenset((_DISPLAY, _TOOLTIP, _BACKGROUND, _FONT, _UUID, _STATE))
_MARKS = {"overdue": QBrush(OVERDUE_BACKGROUND), "due_soon": QBrush(DUE_SOON_BACKGROUND)}


def _bold():
    from PySide6.QtGui import QFont

    font = QFont()
    font.setBold(True)
    return font


class RoadmapTreeModel(QAbstractItemModel):
    """Nodes of the roadmap with their cells, folded search text and mark computed once."""

    def __init__(self, today, parent=None):
        super().__init__(parent)
        self.today = today
        self.roots: list[Node] = []
        self.nodes: list[Node] = []
        self.by_uuid: dict[str, Node] = {}
        # While a search or filter is on, its matches are shown as one flat list in roadmap order
        # (their numbers say where they belong): expanding a filtered tree of thousands of items
        # costs a Python call per row and would make every keystroke wait.
        self.flat: list[Node] | None = None
        self._flat_rows: dict[int, int] = {}

    def set_flat(self, nodes: list[Node] | None) -> None:
        self.beginResetModel()
        self.flat = nodes
        self._flat_rows = {id(n): i for i, n in enumerate(nodes)} if nodes is not None else {}
        self.endResetModel()

    def set_tree(self, roots: list[Node]) -> None:
        self.beginResetModel()
        self.roots = roots
        self.nodes = []
        stack = list(reversed(roots))
        while stack:
            node = stack.pop()
            self.nodes.append(node)
            stack.extend(reversed(node.children))
        self.by_uuid = {n.item.uuid: n for n in self.nodes}
        self._compute()
        self.endResetModel()

    def retranslate(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._compute()
        self.layoutChanged.emit()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(ROADMAP.columns) - 1)

    def _compute(self) -> None:
        from ..i18n import current_language

        render = Render(current_language(), self.today())
        for node in self.nodes:
            item = node.item
            node.texts = [c.text(item, render) or "" for c in ROADMAP.columns]
            node.search = fold(
                " ".join([*node.texts, item.measure_ru or "", item.measure_uz or "", item.measure_kk or ""])
            )
            node.facets = ROADMAP.facets(item, render)
            node.state = ROADMAP.state(item, render)

    def node(self, index: QModelIndex) -> Node | None:
        return index.internalPointer() if index.isValid() else None

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if self.flat is not None:
            if parent.isValid() or not (0 <= row < len(self.flat) and 0 <= column < len(ROADMAP.columns)):
                return QModelIndex()
            return self.createIndex(row, column, self.flat[row])
        siblings = self.node(parent).children if parent.isValid() else self.roots
        if 0 <= row < len(siblings) and 0 <= column < len(ROADMAP.columns):
            return self.createIndex(row, column, siblings[row])
        return QModelIndex()

    def parent(self, index: QModelIndex) -> QModelIndex:
        node = self.node(index)
        if node is None or node.parent is None or self.flat is not None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent=QModelIndex()) -> int:
        if self.flat is not None:
            return 0 if parent.isValid() else len(self.flat)
        if parent.isValid():
            return len(self.node(parent).children) if parent.column() == 0 else 0
        return len(self.roots)

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(ROADMAP.columns)

    def data(self, index: QModelIndex, role=_DISPLAY):
        # Painting asks seven roles of every visible cell: roles come as plain ints, and most
        # are answered None at once (comparing with Qt's enum members costs more than the answer).
        if role not in _ANSWERED or not index.isValid():
            return None
        node = index.internalPointer()
        if role == _DISPLAY:
            return node.texts[index.column()]
        if role == _TOOLTIP:
            return node.texts[1] if index.column() == 1 else None
        if role == _UUID:
            return node.item.uuid
        if role == _STATE:
            return node.state
        if role == _BACKGROUND:
            return _MARKS.get(node.state)
        if node.item.kind == RoadmapKind.SECTION:  # _FONT
            return _bold()
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate_label(ROADMAP.columns[section].label)
        return None

    def index_of(self, uuid: str) -> QModelIndex:
        node = self.by_uuid.get(uuid)
        if node is None:
            return QModelIndex()
        if self.flat is not None:
            row = self._flat_rows.get(id(node))
            return QModelIndex() if row is None else self.createIndex(row, 0, node)
        return self.createIndex(node.row, 0, node)


MAX_MATCHES_SHOWN = 1000


class RoadmapFilterProxy(QIdentityProxyModel):
    """Search and filters of the roadmap. The source model shows the matches as a flat list while
    any is on, so this proxy maps one to one (QSortFilterProxyModel would ask Python about every
    row of the level on each keystroke)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.terms: list[str] = []
        self.filters: dict = {}
        self.match_count = 0
        self._matched: list[Node] | None = None  # the matches of the current search, in order

    def active(self) -> bool:
        return bool(self.terms or self.filters)

    def set_search(self, text: str) -> None:
        terms = fold(text).split()
        # Typing on narrows what is already found: each old word is contained in a new one.
        narrower = self._matched is not None and all(any(o in n for n in terms) for o in self.terms)
        self.terms = terms
        self.refilter(self._matched if narrower else None)

    def set_filter(self, key: str, value) -> None:
        if value in (None, "", False):
            self.filters.pop(key, None)
        else:
            self.filters[key] = value
        self.refilter()

    def forget(self) -> None:
        """The tree was loaded again (or its texts changed): filter from scratch next time."""
        self._matched = None

    def refilter(self, candidates: list[Node] | None = None) -> None:
        model = self.sourceModel()
        pool = model.nodes if candidates is None else candidates
        terms, filters = self.terms, self.filters
        if filters:
            matches = [n for n in pool if self._matches(n)]
        elif len(terms) == 1:
            term = terms[0]
            matches = [n for n in pool if term in n.search]
        else:
            matches = [n for n in pool if all(t in n.search for t in terms)]
        active = self.active()
        self._matched = matches if active else None
        self.match_count = len(matches)
        # A list of thousands of matches helps nobody and costs a Python call per row to lay out:
        # the first ones are shown, and typing more narrows them down.
        model.set_flat(matches[:MAX_MATCHES_SHOWN] if active else None)

    def _matches(self, node: Node) -> bool:
        if not all(t in node.search for t in self.terms):
            return False
        for key, wanted in self.filters.items():
            value = node.facets.get(key)
            if isinstance(value, frozenset) and wanted not in value:
                return False
            if not isinstance(value, frozenset) and value != wanted:
                return False
        return True


class RoadmapView(LoadsWhenShown, QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dirty = True
        self.setObjectName("page_roadmap")
        self.model = RoadmapTreeModel(ctx.today, self)
        self.proxy = RoadmapFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(self._search)
        self.filters = FilterBar(ctx, FILTERS["roadmap_item"])
        self.filters.changed.connect(self._filter)
        self.list_toggle = QPushButton()
        self.list_toggle.setCheckable(True)
        self.list_toggle.toggled.connect(self._toggle_list)

        self.tree = QTreeView()
        self.tree.setObjectName("tree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.header().setStretchLastSection(True)
        for i, column in enumerate(ROADMAP.columns):
            self.tree.setColumnWidth(i, column.width + (60 if i == 0 else 0))
        state = load_bytes("roadmap/tree_header")
        if state:
            self.tree.header().restoreState(state)
        self.tree.header().sectionResized.connect(
            lambda *a: save_bytes("roadmap/tree_header", self.tree.header().saveState())
        )
        self.tree.doubleClicked.connect(lambda index: self.open_uuid(index.data(UUID_ROLE)))
        self.tree.selectionModel().currentRowChanged.connect(lambda *a: self._show_reports())

        self.new_button, self.sub_button, self.open_button, self.delete_button = (
            QPushButton() for _i in range(4)
        )
        self.new_button.clicked.connect(lambda: self.new_item(sub=False))
        self.sub_button.clicked.connect(lambda: self.new_item(sub=True))
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.legend_overdue = QLabel()
        self.legend_soon = QLabel()
        self.legend_overdue.setStyleSheet(f"background: {OVERDUE_BACKGROUND.name()}; padding: 2px 6px;")
        self.legend_soon.setStyleSheet(f"background: {DUE_SOON_BACKGROUND.name()}; padding: 2px 6px;")

        # Progress reports of the selected item.
        self.reports_title = QLabel()
        self.reports_title.setWordWrap(True)
        self.reports = QTableWidget(0, 3)
        self.reports.setObjectName("reports")
        self.reports.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.reports.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reports.verticalHeader().setVisible(False)
        self.reports.horizontalHeader().setStretchLastSection(True)
        self.reports.setColumnWidth(0, 100)
        self.reports.setColumnWidth(1, 120)
        self.reports.doubleClicked.connect(lambda *a: self.edit_report())
        self.add_report_button, self.edit_report_button, self.delete_report_button = (
            QPushButton() for _i in range(3)
        )
        self.add_report_button.clicked.connect(self.add_report)
        self.edit_report_button.clicked.connect(self.edit_report)
        self.delete_report_button.clicked.connect(self.delete_report)

        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        top.addWidget(self.list_toggle)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filters)
        filter_row.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.sub_button, self.open_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.legend_overdue)
        buttons.addWidget(self.legend_soon)
        report_buttons = QVBoxLayout()
        for button in (self.add_report_button, self.edit_report_button, self.delete_report_button):
            report_buttons.addWidget(button)
        report_buttons.addStretch(1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.reports_title)
        row = QHBoxLayout()
        row.addWidget(self.reports, 1)
        row.addLayout(report_buttons)
        lower_layout.addLayout(row)
        tree_box = QWidget()
        tree_layout = QVBoxLayout(tree_box)
        tree_layout.setContentsMargins(0, 0, 0, 0)
        tree_layout.addWidget(self.tree, 1)
        tree_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(tree_box)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        tree_page = QWidget()
        tree_page_layout = QVBoxLayout(tree_page)
        tree_page_layout.setContentsMargins(0, 0, 0, 0)
        tree_page_layout.addLayout(top)
        tree_page_layout.addLayout(filter_row)
        tree_page_layout.addWidget(splitter, 1)

        self.list_page = RecordTablePage(ctx, "roadmap_item")
        self.stack = QStackedWidget()
        self.stack.addWidget(tree_page)
        self.stack.addWidget(self.list_page)
        switch_back = QHBoxLayout()
        self.tree_toggle = QPushButton()
        self.tree_toggle.clicked.connect(lambda: self.list_toggle.setChecked(False))
        switch_back.addStretch(1)
        switch_back.addWidget(self.tree_toggle)
        self.list_page.layout().insertLayout(0, switch_back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        ctx.changed.connect(self._data_changed)
        self.retranslate()

    # ---- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        current = self.selected_uuid()
        expanded = self._expanded()
        self.model.set_tree(load_tree(self.ctx.session))
        self.proxy.forget()
        self.proxy.refilter()
        self.filters.fill()
        self.dirty = False
        self._update_count()
        self._restore_expanded(expanded)
        if current:
            self.select_uuid(current)
        self._show_reports()

    def _expanded(self) -> set[str] | None:
        if not self.model.nodes:
            return None
        found = set()
        for node in self.model.nodes:
            if node.children:
                index = self.proxy.mapFromSource(self.model.index_of(node.item.uuid))
                if index.isValid() and self.tree.isExpanded(index):
                    found.add(node.item.uuid)
        return found

    def _restore_expanded(self, expanded: set[str] | None) -> None:
        if self.proxy.active():  # a search shows its matches as a flat list: nothing to expand
            return
        if expanded is None:  # first load: the sections open, their items closed
            self.tree.expandToDepth(0)
            return
        for uuid in expanded:
            index = self.proxy.mapFromSource(self.model.index_of(uuid))
            if index.isValid():
                self.tree.setExpanded(index, True)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search…"))
        self.list_toggle.setText(_("Show as a list"))
        self.tree_toggle.setText(_("Show as a tree"))
        self.new_button.setText(_("New item…"))
        self.sub_button.setText(_("New sub-item…"))
        self.open_button.setText(_("Open…"))
        self.delete_button.setText(_("Delete…"))
        self.add_report_button.setText(_("Add report…"))
        self.edit_report_button.setText(_("Open…"))
        self.delete_report_button.setText(_("Delete…"))
        self.legend_overdue.setText(translate_label(OVERDUE_LEGEND))
        self.legend_soon.setText(translate_label(DUE_SOON_LEGEND))
        self.reports.setHorizontalHeaderLabels([_("Date"), _("Side"), _("Report")])
        for button in (self.new_button, self.sub_button, self.delete_button, self.add_report_button):
            button.setEnabled(not self.ctx.readonly)
        self.filters.fill(records=not self.dirty)
        if self.model.nodes:
            self.model.retranslate()
            if self.proxy.active():  # the searched texts are in the new language now
                self.proxy.forget()
                self.proxy.refilter()
        self.list_page.retranslate()
        self._show_reports()
        self._update_count()

    def _toggle_list(self, on: bool) -> None:
        self.stack.setCurrentIndex(1 if on else 0)

    # ---- search and filters -------------------------------------------------------------------

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._after_filter()

    def _filter(self, key: str, value) -> None:
        self.proxy.set_filter(key, value)
        self._after_filter()

    def _after_filter(self) -> None:
        if not self.proxy.active():
            self.tree.expandToDepth(0)  # back to the tree: the sections open, as on first load
        self._update_count()

    def _update_count(self) -> None:
        total = len(self.model.nodes)
        if not self.proxy.active():
            self.count.setText(ngettext("{count} item", "{count} items", total).format(count=total))
        elif self.proxy.match_count > MAX_MATCHES_SHOWN:
            self.count.setText(
                _("first {shown} of {found} found — type more to narrow").format(
                    shown=MAX_MATCHES_SHOWN, found=self.proxy.match_count
                )
            )
        else:
            found = self.proxy.match_count
            self.count.setText(_("{found} of {total} found").format(found=found, total=total))

    def set_filter(self, key: str, value) -> None:
        if self.dirty:
            self.reload()
        self.filters.select(key, value)

    def visible_count(self) -> int:
        """Items the search and filters find (the list shows the first MAX_MATCHES_SHOWN of
        them); without either, every item of the tree."""
        return self.proxy.match_count if self.proxy.active() else len(self.model.nodes)

    # ---- records ------------------------------------------------------------------------------

    def selected_uuid(self) -> str | None:
        index = self.tree.currentIndex()
        return index.data(UUID_ROLE) if index.isValid() else None

    def select_uuid(self, uuid: str) -> bool:
        source = self.model.index_of(uuid)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def item(self, uuid: str | None):
        return record_by_uuid(self.ctx.session, "roadmap_item", uuid) if uuid else None

    def open_uuid(self, uuid: str | None) -> None:
        item = self.item(uuid)
        if item is not None:
            edit_record(self.ctx, "roadmap_item", item, parent=self)

    def open_selected(self) -> None:
        self.open_uuid(self.selected_uuid())

    def new_item(self, sub: bool = False) -> None:
        current = self.item(self.selected_uuid())
        defaults = {"kind": RoadmapKind.MEASURE.value}
        if current is not None:
            parent = current if sub else current.parent
            if parent is not None:
                defaults["parent"] = parent.uuid
        uuid = edit_record(self.ctx, "roadmap_item", None, defaults=defaults, parent=self)
        if uuid:
            self.select_uuid(uuid)

    def delete_selected(self) -> None:
        item = self.item(self.selected_uuid())
        if item is None or not confirm_delete(self.ctx, "roadmap_item", item, self):
            return
        self.ctx.delete(
            "roadmap_item",
            item.uuid,
            _("Delete {record}").format(record=ENTITIES["roadmap_item"].describe(item, self.ctx.lang)[:60]),
        )

    # ---- progress reports ---------------------------------------------------------------------

    def _show_reports(self) -> None:
        item = self.item(self.selected_uuid())
        self.reports.setRowCount(0)
        has_item = item is not None and item.kind == RoadmapKind.MEASURE
        for button in (self.add_report_button, self.edit_report_button, self.delete_report_button):
            button.setEnabled(has_item and (button is self.edit_report_button or not self.ctx.readonly))
        if item is None:
            self.reports_title.setText(_("Select an item to see its progress reports."))
            return
        lang = self.ctx.lang
        due = deadline_text(item, lang)
        deadline = _("Deadline")
        self.reports_title.setText(
            f"<b>{item.number}</b> {item.text('measure', lang)[:200]}"
            + (f" — {deadline}: {due}" if due else "")
        )
        for report in item.reports:
            row = self.reports.rowCount()
            self.reports.insertRow(row)
            cells = (format_date(report.report_date, lang), label(report.side, lang), report.text)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(UUID_ROLE, report.uuid)
                cell.setToolTip(text if column == 2 else "")
                self.reports.setItem(row, column, cell)

    def selected_report(self):
        row = self.reports.currentRow()
        if row < 0 or self.reports.item(row, 0) is None:
            return None
        return record_by_uuid(self.ctx.session, "progress_report", self.reports.item(row, 0).data(UUID_ROLE))

    def add_report(self) -> None:
        item = self.item(self.selected_uuid())
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
        report = self.selected_report()
        if report is not None:
            edit_record(self.ctx, "progress_report", report, fixed={"item": report.item.uuid}, parent=self)

    def delete_report(self) -> None:
        report = self.selected_report()
        if report is None or not confirm_delete(self.ctx, "progress_report", report, self):
            return
        self.ctx.delete("progress_report", report.uuid, _("Delete a progress report"))
