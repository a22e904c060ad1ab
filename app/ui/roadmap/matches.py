"""What a search or filter finds, as one flat table in the tree's place."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from .cells import ANSWERED, COLUMNS, DISPLAY, Node, answer, header
from .tree import RoadmapTreeModel


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
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, COLUMNS - 1))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: QModelIndex | QPersistentModelIndex, role=DISPLAY):
        if role not in ANSWERED or not index.isValid():
            return None
        return answer(self.rows[index.row()], index.column(), role)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        return header(section, orientation, role)

    def index_of(self, uuid: str | None) -> QModelIndex:
        node = self.tree.by_uuid.get(uuid)
        try:  # a scan by identity, in C: no dict of the rows to build on every keystroke
            return self.index(self.rows.index(node), 0) if node is not None else QModelIndex()
        except ValueError:
            return QModelIndex()
