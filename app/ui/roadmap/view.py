"""The roadmap as a tree by its numbering, overdue and due-soon items marked, the progress
reports of the selected item under the tree; and the same items as a sortable list. The parts are
the modules beside this one: the tree, the matches of a search in its place, the search and
filters, the legend, the reports panel."""

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...i18n import _, ngettext
from ...models import RoadmapKind
from ...services.collector import collector_paused
from ...services.fields import ENTITIES
from ...services.listing import record_by_uuid
from ...services.roadmap_tree import load_items, outline, proposed_number
from ..empty_state import EmptyState, Starts
from ..forms.record_form import confirm_delete, edit_record
from ..lazy import LoadsWhenShown
from ..search_box import search_box
from ..settings import load_bytes, save_bytes
from ..tables.columns import FILTERS, ROADMAP
from ..tables.model import UUID_ROLE
from ..tables.page import FilterBar, RecordTablePage
from ..tables.view import flat_table, show_cut_texts, wrapping_header
from . import search as search_module
from .legend import Legend
from .matches import RoadmapMatchesModel
from .reports import ReportsPanel
from .search import RoadmapSearch
from .tree import RoadmapTreeModel

if TYPE_CHECKING:
    from .cells import Node


class RoadmapView(LoadsWhenShown, QWidget):
    def __init__(self, ctx, starts: Starts | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dirty = True
        self.setObjectName("page_roadmap")
        self.model = RoadmapTreeModel(ctx.today, self)
        self.matches_model = RoadmapMatchesModel(self.model, self)
        self.finder = RoadmapSearch()
        self._chosen: str | None = None  # the item chosen last, in the tree or the list
        self._filters_filled = False
        # A large roadmap opens on what is on screen; the rest is read a batch at a time when idle.
        self._reader = QTimer(self)
        self._reader.setInterval(1)
        self._reader.timeout.connect(self._read_more)

        self.search = search_box()
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self._to_results)
        self.filters = FilterBar(ctx, FILTERS["roadmap_item"])
        self.filters.changed.connect(self._filter)
        self.list_toggle = QPushButton()
        self.list_toggle.setCheckable(True)
        self.list_toggle.toggled.connect(self._toggle_list)
        self.count = QLabel()
        self._make_views()
        self.new_button, self.sub_button, self.open_button, self.delete_button = (
            QPushButton() for _i in range(4)
        )
        self.new_button.clicked.connect(lambda: self.new_item(sub=False))
        self.sub_button.clicked.connect(lambda: self.new_item(sub=True))
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.legend = Legend()
        self.reports = ReportsPanel(ctx)
        self._make_shown_bar()

        self.list_page = RecordTablePage(ctx, "roadmap_item")
        self.stack = QStackedWidget()
        self.stack.addWidget(self._tree_page())
        self.stack.addWidget(self.list_page)
        self.empty = EmptyState("roadmap_item", starts, self.new_item) if starts is not None else None
        if self.empty is not None:  # a roadmap without items says how to start
            self.stack.addWidget(self.empty)
        switch_back = QHBoxLayout()
        self.tree_toggle = QPushButton()
        self.tree_toggle.clicked.connect(lambda: self.list_toggle.setChecked(False))
        switch_back.addStretch(1)
        switch_back.addWidget(self.tree_toggle)
        cast(QBoxLayout, self.list_page.layout()).insertLayout(0, switch_back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        ctx.changed.connect(self._data_changed)
        self.retranslate()

    def _make_views(self) -> None:
        """The tree, and the table of a search's matches that takes its place: the same columns,
        their widths kept alike."""
        self.tree = QTreeView()
        self.tree.setObjectName("tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.header().setStretchLastSection(True)
        wrapping_header(self.tree.header())  # as the list's: the two swap places
        show_cut_texts(self.tree)
        self.matches = flat_table("matches", self.matches_model, self.fontMetrics().height() + 6)
        self.matches.setShowGrid(False)  # rows as close as the tree's
        self.matches.verticalHeader().setSectionResizeMode(self.matches.verticalHeader().ResizeMode.Fixed)
        self.matches.horizontalHeader().setStretchLastSection(True)
        for view in (self.tree, self.matches):
            view.activated.connect(lambda index: self.open_uuid(index.data(UUID_ROLE)))  # Enter, double click
            view.selectionModel().currentRowChanged.connect(
                lambda current, _previous: self._current_changed(current)
            )
        for i, column in enumerate(ROADMAP.columns):
            self.tree.setColumnWidth(i, column.width + (60 if i == 0 else 0))
        state = load_bytes("roadmap/tree_header")
        if state:
            self.tree.header().restoreState(state)
        for i in range(len(ROADMAP.columns)):
            self.matches.setColumnWidth(i, self.tree.columnWidth(i))
        self.tree.header().sectionResized.connect(self._tree_column_resized)
        self.matches.horizontalHeader().sectionResized.connect(
            lambda i, _old, new: self.tree.setColumnWidth(i, new) if self.tree.columnWidth(i) != new else None
        )
        self.views = QStackedWidget()
        self.views.addWidget(self.tree)
        self.views.addWidget(self.matches)

    def _make_shown_bar(self) -> None:
        """Exactly the items a dashboard entry counted (show_items), said in a note that clears."""
        self._shown: set[str] | None = None
        self._shown_note: Callable[[], str] = str
        self.shown_note = QLabel()
        self.shown_note.setObjectName("shown_note")
        self.shown_note.setWordWrap(True)
        self.show_all_button = QPushButton()
        self.show_all_button.setObjectName("show_all")
        self.show_all_button.clicked.connect(self.show_all)
        self.shown_bar = QWidget()
        self.shown_bar.setObjectName("shown_bar")
        self.shown_bar.setStyleSheet("#shown_bar { background: #fff3c4; border: 1px solid #c9a227; }")
        shown_row = QHBoxLayout(self.shown_bar)
        shown_row.setContentsMargins(6, 2, 6, 2)
        shown_row.addWidget(self.shown_note, 1)
        shown_row.addWidget(self.show_all_button)
        self.shown_bar.hide()

    def _tree_page(self) -> QWidget:
        """Search and filters above; the tree (or the matches) with its buttons and the legend;
        the reports below, behind a splitter."""
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
        buttons.addWidget(self.legend)
        tree_box = QWidget()
        tree_layout = QVBoxLayout(tree_box)
        tree_layout.setContentsMargins(0, 0, 0, 0)
        tree_layout.addWidget(self.views, 1)
        tree_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(tree_box)
        splitter.addWidget(self.reports)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(filter_row)
        layout.addWidget(self.shown_bar)
        layout.addWidget(splitter, 1)
        return page

    # ---- loading ------------------------------------------------------------------------------

    @collector_paused()  # tens of thousands of records and nodes made, next to no cycles among them
    def reload(self) -> None:
        expanded = self._expanded()
        roots = cast("list[Node]", outline(self.ctx.session))  # the model puts their texts on them
        self.model.set_tree(roots, lambda nodes: load_items(self.ctx.session, nodes))
        self._restore_expanded(expanded)
        self._filters_filled = False  # their lists of records: when idle, after the first screen
        self.dirty = False
        self._show_found(self.finder.restart(self._searchable()), refresh=True)
        self._toggle_list(self.list_toggle.isChecked())
        self._reader.start()

    @collector_paused()
    def _read_more(self) -> None:
        if not self._filters_filled:
            self._fill_filters()
        elif not self.model.load_some():
            self._reader.stop()

    def _fill_filters(self) -> None:
        if not self._filters_filled:
            self.filters.fill()
            self._filters_filled = True

    def _searchable(self, searching: bool | None = None) -> list:
        """The nodes a search or filter runs over: every one read first, when one is given."""
        if searching is None:
            searching = self.finder.active()
        return self.model.complete() if searching else self.model.nodes

    def _expanded(self) -> set[str] | None:
        if not self.model.nodes:
            return None
        found = set()
        for node in self.model.nodes:
            if node.children and self.tree.isExpanded(self.model.index_of(node.uuid)):
                found.add(node.uuid)
        return found

    def _restore_expanded(self, expanded: set[str] | None) -> None:
        if expanded is None:  # first load: the sections open, their items closed
            self.tree.expandToDepth(0)
            return
        for uuid in expanded:
            index = self.model.index_of(uuid)
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
        self.legend.retranslate()
        self.reports.retranslate()
        self.show_all_button.setText(_("Show all"))
        self.shown_note.setText(_("Showing: {what}").format(what=self._shown_note()))
        for button in (self.new_button, self.sub_button, self.delete_button):
            button.setEnabled(not self.ctx.readonly)
        self.filters.fill(records=not self.dirty)
        self.list_page.retranslate()
        if self.empty is not None:
            self.empty.retranslate()
        if self.model.nodes:
            self.model.retranslate()
            self.matches_model.retranslated()
            # The searched texts are in the new language now.
            self._show_found(self.finder.restart(self._searchable()), refresh=True)
        else:
            self._show_reports(refresh=True)
            self._update_count()

    def _toggle_list(self, on: bool) -> None:
        if self.empty is not None and not self.dirty and not self.model.nodes:
            self.empty.refresh()
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentIndex(1 if on else 0)

    # ---- search and filters -------------------------------------------------------------------

    def _search(self, text: str) -> None:
        searching = bool(text.strip() or self.finder.filters)
        self._show_found(self.finder.set_search(text, self._searchable(searching)))

    def _filter(self, key: str, value) -> None:
        self._show_found(self.finder.set_filter(key, value, self._searchable(True)))

    def _show_found(self, matches: list, refresh: bool = False) -> None:
        """The matches of a search or filter in the list, or the tree when there is neither; the
        item chosen last stays selected wherever it is shown."""
        if self._shown is not None:  # a given set of items: a search or filter narrows it down
            pool = matches if self.finder.active() else self.model.complete()  # every one read
            matches = [n for n in pool if n.uuid in self._shown]
        self.matches_model.set_rows(matches)
        view = self.matches if self.finder.active() or self._shown is not None else self.tree
        self.views.setCurrentWidget(view)
        index = cast("RoadmapTreeModel | RoadmapMatchesModel", view.model()).index_of(self._chosen)
        if index.isValid() and view.currentIndex().data(UUID_ROLE) != self._chosen:
            view.setCurrentIndex(index)
            if view is self.tree:  # back from a search: the tree opens where the found item is
                view.scrollTo(index)
        self._show_reports(refresh)
        self._update_count()

    def _current_changed(self, index) -> None:
        if index.isValid():
            self._chosen = index.data(UUID_ROLE)
        self._show_reports()

    def _to_results(self) -> None:
        """Enter in the search box: on to what it found, the first match chosen if none is."""
        view = self.shown_view()
        if not view.currentIndex().isValid() and view.model().rowCount():
            view.setCurrentIndex(view.model().index(0, 0))
        view.setFocus()

    def _tree_column_resized(self, column: int, _old: int, width: int) -> None:
        save_bytes("roadmap/tree_header", self.tree.header().saveState())
        if self.matches.columnWidth(column) != width:
            self.matches.setColumnWidth(column, width)

    def _update_count(self) -> None:
        total, found = len(self.model.nodes), self.finder.match_count
        if self._shown is not None:
            self.count.setText(_("{found} of {total} found").format(found=self.visible_count(), total=total))
        elif not self.finder.active():
            self.count.setText(ngettext("{count} item", "{count} items", total).format(count=total))
        elif found > search_module.MAX_MATCHES_SHOWN:
            self.count.setText(
                _("first {shown} of {found} found — type more to narrow").format(
                    shown=search_module.MAX_MATCHES_SHOWN, found=found
                )
            )
        else:
            self.count.setText(_("{found} of {total} found").format(found=found, total=total))

    def set_filter(self, key: str, value) -> None:
        if self.dirty:
            self.reload()
        self._fill_filters()
        self.filters.select(key, value)

    def show_items(self, uuids: Iterable[str], note: Callable[[], str]) -> None:
        """Show exactly the items `uuids` (what a dashboard entry counts), the search and filters
        cleared, under a note "Showing: {note()}" (asked again when the language changes) whose
        button shows the whole roadmap again."""
        if self.dirty:
            self.reload()
        self._shown, self._shown_note = set(uuids), note
        self.list_toggle.setChecked(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.filters.blockSignals(True)
        for spec in self.filters.specs:
            self.filters.select(spec.key, None)
        self.filters.blockSignals(False)
        self.finder = RoadmapSearch()
        self.shown_note.setText(_("Showing: {what}").format(what=note()))
        self.shown_bar.show()
        self._show_found([], refresh=True)

    def show_all(self) -> None:
        """Back from a given set of items to the whole roadmap (with the search and filters set)."""
        self._shown, self._shown_note = None, str
        self.shown_bar.hide()
        self._show_found(self.finder.restart(self.model.nodes), refresh=True)

    def visible_count(self) -> int:
        """Items the search and filters find (the list shows the first MAX_MATCHES_SHOWN of
        them); without either, every item of the tree. Of a given set (show_items), those shown."""
        if self._shown is not None:
            return self.matches_model.rowCount()
        return self.finder.match_count if self.finder.active() else len(self.model.nodes)

    def shown_view(self) -> QAbstractItemView:
        """The tree, or in its place the list of what a search or filter found."""
        return cast(QAbstractItemView, self.views.currentWidget())

    # ---- records ------------------------------------------------------------------------------

    def selected_uuid(self) -> str | None:
        index = self.shown_view().currentIndex()
        return index.data(UUID_ROLE) if index.isValid() else None

    def select_uuid(self, uuid: str) -> bool:
        """Select the item where it is shown; False when the search or filters hide it (it is
        then selected in the tree once they are cleared)."""
        self._chosen = uuid
        view = self.shown_view()
        index = cast("RoadmapTreeModel | RoadmapMatchesModel", view.model()).index_of(uuid)
        if not index.isValid():
            return False
        view.setCurrentIndex(index)
        view.scrollTo(index)
        return True

    def item(self, uuid: str | None):
        return record_by_uuid(self.ctx.session, "roadmap_item", uuid) if uuid else None

    def shown_version(self, uuid: str | None) -> int | None:
        """The version of the item its row shows (None: a row not read yet shows nothing of it)."""
        node = self.model.by_uuid.get(uuid)
        return node.version if node is not None and node.texts is not None else None

    def open_uuid(self, uuid: str | None) -> None:
        """The item's form; UserError when the item changed after its row showed it (the rows keep
        their texts and version, not the record: the form would show what the row did not)."""
        if not uuid:
            return
        self.ctx.check_shown("roadmap_item", uuid, self.shown_version(uuid))
        item = self.item(uuid)
        if item is not None:
            edit_record(self.ctx, "roadmap_item", item, parent=self)

    def open_selected(self) -> None:
        self.open_uuid(self.selected_uuid())

    def new_item(self, sub: bool = False) -> None:
        current = self.item(self.selected_uuid())
        first = not self.model.nodes  # a roadmap starts with its first section
        defaults = {"kind": (RoadmapKind.SECTION if first else RoadmapKind.MEASURE).value}
        parent = (current if sub else current.parent) if current is not None else None
        if parent is not None:
            defaults["parent"] = parent.uuid
        if not first:  # the next free number under the parent, which the person may change
            defaults["number"] = proposed_number(self.ctx.session, parent)
        uuid = edit_record(self.ctx, "roadmap_item", None, defaults=defaults, parent=self)
        if uuid:
            self.select_uuid(uuid)

    def delete_selected(self) -> None:
        """Deletes the item as its row showed it: refused when someone changed it since."""
        uuid = self.selected_uuid()
        version = self.shown_version(uuid)  # before the record is read for the question
        item = self.item(uuid)
        if item is None or not confirm_delete(self.ctx, "roadmap_item", item, self):
            return
        self.ctx.delete(
            "roadmap_item",
            item.uuid,
            _("Delete {record}").format(record=ENTITIES["roadmap_item"].describe(item, self.ctx.lang)[:60]),
            version=version,
        )

    # ---- progress reports ---------------------------------------------------------------------

    def _show_reports(self, refresh: bool = True) -> None:
        uuid = self.selected_uuid()
        if refresh or uuid != self.reports.item_uuid:  # a keystroke that kept the item: no query
            self.reports.show_item(uuid)
