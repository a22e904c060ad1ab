"""The roadmap by its numbering, as a Qt model over the nodes of the roadmap's outline."""

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from ...services.labels import fold
from ..tables.columns import ROADMAP
from ..tables.model import Render, state_label
from .cells import ANSWERED, COLUMNS, DISPLAY, Node, answer, header


class RoadmapTreeModel(QAbstractItemModel):
    """The roadmap by its numbering: sections, their measures and sub-items.

    It opens on the outline (`set_tree`); a node's record and texts are read when a row first asks
    for them, `BATCH` nodes at a time in roadmap order, which covers a screen and more. The rest is
    read by `load_some` while the user looks (the view calls it when idle), or all at once by
    `complete`, which a search or filter needs first."""

    BATCH = 300
    IDLE_BATCH = 100  # a short step, so that a keystroke or a scroll meanwhile waits little

    def __init__(self, today, parent=None):
        super().__init__(parent)
        self.today = today
        self.roots: list[Node] = []
        self.nodes: list[Node] = []  # every node, in roadmap order
        self.by_uuid: dict[str | None, Node] = {}  # None finds nothing (index_of)
        self._load: Callable[[list[Node]], object] | None = None  # reads the nodes' records into them
        self._unread = 0  # the first node that may still lack its texts
        self._shared: dict = {}  # one object for equal texts and facets of the nodes (Render.shared)

    def set_tree(self, roots: list[Node], load) -> None:
        """`roots` of an outline whose records `load(nodes)` reads into the nodes."""
        self.beginResetModel()
        self.roots = roots
        self.nodes = []
        stack = list(reversed(roots))
        while stack:
            node = stack.pop()
            node.place, node.texts = len(self.nodes), None
            self.nodes.append(node)
            stack.extend(reversed(node.children))
        self.by_uuid = {n.uuid: n for n in self.nodes}
        self._load, self._unread, self._shared = load, 0, {}
        self._read(self.nodes[: self.BATCH])  # the first screen, before Qt asks for it
        self.endResetModel()

    def loaded(self) -> bool:
        return self._next_unread() is None

    def load_some(self) -> bool:
        """Reads the next IDLE_BATCH nodes not read yet; False when every node is read."""
        start = self._next_unread()
        if start is None:
            return False
        self._read(self.nodes[start : start + self.IDLE_BATCH])
        return self._next_unread() is not None

    def complete(self) -> list[Node]:
        """Every node, each with its texts, search text and facets."""
        start = self._next_unread()
        if start is not None:
            self._read(self.nodes[start:])
        return self.nodes

    def _next_unread(self) -> int | None:
        while self._unread < len(self.nodes) and self.nodes[self._unread].texts is not None:
            self._unread += 1
        return self._unread if self._unread < len(self.nodes) else None

    def _read(self, nodes: list[Node]) -> None:
        unread = [n for n in nodes if n.texts is None]
        assert self._load is not None  # set_tree gave it
        for start in range(0, len(unread), 5000):  # within SQLite's limit of a query's parameters
            chunk = unread[start : start + 5000]
            self._load(chunk)
            self._compute(chunk)

    def retranslate(self) -> None:
        """The texts in the new language: the records read nodes were worked out of are read again
        (a node keeps its texts and version, not its record), texts and version alike."""
        self.layoutAboutToBeChanged.emit()
        read = [n for n in self.nodes if n.texts is not None]
        self._shared = {}  # the texts of the other language go
        for node in read:
            node.texts = None
        self._read(read)
        self.layoutChanged.emit()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)

    def _compute(self, nodes: list[Node]) -> None:
        """The texts, search words and facets of `nodes`, and the version they show, out of their
        records, which are then let go: ten thousand records with their relations would weigh
        more than the view itself (issue 21)."""
        from ...i18n import current_language

        lang = current_language()
        render = Render(lang, self.today(), shared=self._shared)
        states = {state: state_label(state, lang) for state in ("overdue", "due_soon")}
        for node in nodes:
            item, node.item = node.item, None
            node.version = item.version if item is not None else None
            if item is None:  # deleted since the outline was read: the view reloads soon
                node.texts, node.state, node.search, node.facets = [node.number], "", "", {}
                node.texts += [""] * (COLUMNS - 1)
                continue
            node.texts = render.texts([c.text(item, render) or "" for c in ROADMAP.columns])
            node.state = ROADMAP.state(item, render)
            words = [*node.texts, item.measure_ru or "", item.measure_uz or "", item.measure_kk or ""]
            if node.state:  # "overdue" finds the overdue items, as the status cell once said it
                words.append(states[node.state])
            node.search = fold(" ".join(dict.fromkeys(words)))  # each text once (the measure shown twice)
            node.facets = render.facets(ROADMAP.facets(item, render))

    def node(self, index: QModelIndex) -> Node | None:
        return index.internalPointer() if index.isValid() else None

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        siblings = cast(Node, self.node(parent)).children if parent.isValid() else self.roots
        if 0 <= row < len(siblings) and 0 <= column < COLUMNS:
            return self.createIndex(row, column, siblings[row])
        return QModelIndex()

    # Hides QObject.parent(), as Qt's tree models in Python do
    def parent(self, index: QModelIndex) -> QModelIndex:  # type: ignore[override]
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid():
            return len(cast(Node, self.node(parent)).children) if parent.column() == 0 else 0
        return len(self.roots)

    def columnCount(self, parent=QModelIndex()) -> int:
        return COLUMNS

    def data(self, index: QModelIndex | QPersistentModelIndex, role=DISPLAY):
        if role not in ANSWERED or not index.isValid():
            return None
        node = index.internalPointer()
        if node.texts is None:  # a row not read yet: it and the next ones
            self._read(self.nodes[node.place : node.place + self.BATCH])
        return answer(node, index.column(), role)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        return header(section, orientation, role)

    def index_of(self, uuid: str | None) -> QModelIndex:
        node = self.by_uuid.get(uuid)
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)
