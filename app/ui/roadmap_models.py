"""Qt models of the roadmap view: the tree by numbering, and the flat list of what a search or
filter finds, both over the same nodes whose texts, folded search text and mark are computed once."""

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush

from ..models import RoadmapKind
from ..services.labels import fold
from ..services.roadmap_tree import Node
from .tables.columns import ROADMAP
from .tables.model import (
    DUE_SOON_BACKGROUND,
    OVERDUE_BACKGROUND,
    STATE_ROLE,
    UUID_ROLE,
    Render,
    facet_matches,
    header_data,
    marker,
    state_label,
    with_state,
)

_DISPLAY, _TOOLTIP, _BACKGROUND, _FONT, _DECORATION = (
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.DecorationRole,
    )
)
_UUID, _STATE = int(UUID_ROLE), int(STATE_ROLE)
_ANSWERED = frozenset((_DISPLAY, _TOOLTIP, _BACKGROUND, _FONT, _DECORATION, _UUID, _STATE))
_MARKS = {"overdue": QBrush(OVERDUE_BACKGROUND), "due_soon": QBrush(DUE_SOON_BACKGROUND)}
_COLUMNS = len(ROADMAP.columns)
_MARKED = next(i for i, c in enumerate(ROADMAP.columns) if c.marks_state)  # the status column

# A list of thousands of matches helps nobody and costs time to lay out: the first ones are
# shown, and typing more narrows them down.
MAX_MATCHES_SHOWN = 1000


def _bold():
    from PySide6.QtGui import QFont

    font = QFont()
    font.setBold(True)
    return font


def _answer(node: Node, column: int, role: int):
    """What a cell of `node` shows for `role`. Painting asks about seven roles of every visible
    cell, as plain ints: most are answered None at once (comparing with Qt's enum members costs
    more than the answer)."""
    if role == _DISPLAY:
        return node.texts[column]
    if role == _DECORATION:
        return marker(node.state) if column == _MARKED and node.state else None
    if role == _TOOLTIP:
        if column == _MARKED and node.state:
            return with_state(node.texts[column], node.state)
        return node.texts[1] if column == 1 else None
    if role == _UUID:
        return node.item.uuid
    if role == _STATE:
        return node.state
    if role == _BACKGROUND:
        return _MARKS.get(node.state)
    if node.item.kind == RoadmapKind.SECTION:  # _FONT
        return _bold()
    return None


_TITLES = [column.label for column in ROADMAP.columns]


def _header(section: int, orientation, role):
    return header_data(_TITLES, section, orientation, role)


class RoadmapTreeModel(QAbstractItemModel):
    """The roadmap by its numbering: sections, their measures and sub-items."""

    def __init__(self, today, parent=None):
        super().__init__(parent)
        self.today = today
        self.roots: list[Node] = []
        self.nodes: list[Node] = []  # every node, in roadmap order
        self.by_uuid: dict[str, Node] = {}

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
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, _COLUMNS - 1)

    def _compute(self) -> None:
        from ..i18n import current_language

        lang = current_language()
        render = Render(lang, self.today())
        states = {state: state_label(state, lang) for state in ("overdue", "due_soon")}
        for node in self.nodes:
            item = node.item
            node.texts = [c.text(item, render) or "" for c in ROADMAP.columns]
            node.state = ROADMAP.state(item, render)
            words = [*node.texts, item.measure_ru or "", item.measure_uz or "", item.measure_kk or ""]
            if node.state:  # "overdue" finds the overdue items, as the status cell once said it
                words.append(states[node.state])
            node.search = fold(" ".join(words))
            node.facets = ROADMAP.facets(item, render)

    def node(self, index: QModelIndex) -> Node | None:
        return index.internalPointer() if index.isValid() else None

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        siblings = self.node(parent).children if parent.isValid() else self.roots
        if 0 <= row < len(siblings) and 0 <= column < _COLUMNS:
            return self.createIndex(row, column, siblings[row])
        return QModelIndex()

    def parent(self, index: QModelIndex) -> QModelIndex:
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid():
            return len(self.node(parent).children) if parent.column() == 0 else 0
        return len(self.roots)

    def columnCount(self, parent=QModelIndex()) -> int:
        return _COLUMNS

    def data(self, index: QModelIndex, role=_DISPLAY):
        if role not in _ANSWERED or not index.isValid():
            return None
        return _answer(index.internalPointer(), index.column(), role)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        return _header(section, orientation, role)

    def index_of(self, uuid: str | None) -> QModelIndex:
        node = self.by_uuid.get(uuid)
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)


class RoadmapMatchesModel(QAbstractTableModel):
    """What a search or filter finds, as one flat list in roadmap order (the numbers say where
    each belongs). A table, not a filtered tree: its rows are laid out without asking Python about
    each one, which keeps a keystroke's answer quick at ten thousand items."""

    def __init__(self, tree: RoadmapTreeModel, parent=None):
        super().__init__(parent)
        self.tree = tree  # whose nodes the rows are
        self.rows: list[Node] = []

    def set_rows(self, nodes: list[Node]) -> None:
        self.beginResetModel()
        self.rows = nodes
        self.endResetModel()

    def retranslated(self) -> None:
        """The nodes' texts were computed again (in another language)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, _COLUMNS - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, _COLUMNS - 1))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else _COLUMNS

    def data(self, index: QModelIndex, role=_DISPLAY):
        if role not in _ANSWERED or not index.isValid():
            return None
        return _answer(self.rows[index.row()], index.column(), role)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        return _header(section, orientation, role)

    def index_of(self, uuid: str | None) -> QModelIndex:
        node = self.tree.by_uuid.get(uuid)
        try:  # a scan by identity, in C: no dict of the rows to build on every keystroke
            return self.index(self.rows.index(node), 0) if node is not None else QModelIndex()
        except ValueError:
            return QModelIndex()


class RoadmapSearch:
    """The words typed in the search box and the chosen filters, and the nodes they find."""

    REMEMBERED = 32  # searches whose matches are kept: erasing letters goes back through them

    def __init__(self):
        self.terms: list[str] = []
        self.filters: dict = {}
        self.match_count = 0
        self._matched: list[Node] | None = None  # the matches of the current search, in order
        self._found: dict[tuple, list[Node]] = {}  # the matches of recent searches

    def active(self) -> bool:
        return bool(self.terms or self.filters)

    def restart(self, nodes: list[Node]) -> list[Node]:
        """The nodes or their texts changed: the search and filters run afresh over `nodes`."""
        self._found.clear()
        return self._run(nodes)

    def set_search(self, text: str, nodes: list[Node]) -> list[Node]:
        terms = fold(text).split()
        # Typing on narrows what is already found: each old word is contained in a new one.
        narrower = self._matched is not None and all(any(o in n for n in terms) for o in self.terms)
        self.terms = terms
        return self._run(self._matched if narrower else nodes)

    def set_filter(self, key: str, value, nodes: list[Node]) -> list[Node]:
        if value in (None, "", False):
            self.filters.pop(key, None)
        else:
            self.filters[key] = value
        return self._run(nodes)

    def _run(self, pool: list[Node]) -> list[Node]:
        """The nodes of `pool` that match, the first MAX_MATCHES_SHOWN of them (none when
        neither a word nor a filter is given); `match_count` says how many match in all."""
        if not self.active():
            self._matched, self.match_count = None, 0
            return []
        key = (tuple(self.terms), tuple(sorted(self.filters.items())))
        matches = self._found.get(key)
        if matches is None:
            matches = self._filter(pool)
            if len(self._found) >= self.REMEMBERED:
                self._found.clear()
            self._found[key] = matches
        self._matched = matches
        self.match_count = len(matches)
        return matches[:MAX_MATCHES_SHOWN]

    def _filter(self, pool: list[Node]) -> list[Node]:
        terms, filters = self.terms, self.filters
        if filters:
            return [n for n in pool if self._matches(n)]
        if len(terms) == 1:
            term = terms[0]
            return [n for n in pool if term in n.search]
        return [n for n in pool if all(t in n.search for t in terms)]

    def _matches(self, node: Node) -> bool:
        return all(t in node.search for t in self.terms) and all(
            facet_matches(node.facets.get(key), wanted) for key, wanted in self.filters.items()
        )
