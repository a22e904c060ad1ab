"""The roadmap by its numbering, as a Qt model over the nodes of the roadmap's outline."""

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from ...services.labels import fold
from ...services.roadmap_tree import Node
from ..tables.columns import ROADMAP
from ..tables.model import Render, state_label
from .cells import ANSWERED, COLUMNS, DISPLAY, answer, header


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
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)

    def _compute(self) -> None:
        from ...i18n import current_language

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
        if 0 <= row < len(siblings) and 0 <= column < COLUMNS:
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
        return COLUMNS

    def data(self, index: QModelIndex, role=DISPLAY):
        if role not in ANSWERED or not index.isValid():
            return None
        return answer(index.internalPointer(), index.column(), role)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        return header(section, orientation, role)

    def index_of(self, uuid: str | None) -> QModelIndex:
        node = self.by_uuid.get(uuid)
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)
