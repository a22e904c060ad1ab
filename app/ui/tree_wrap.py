"""Long texts of tree rows that span the tree's width, wrapped to it. Qt does not wrap such a row:
its height is worked out as if the text stood in the first column alone, so a long message was cut
off with "…" at the window's edge. The lines are broken here instead, again whenever the tree's
width changes."""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

MARGIN = 16  # the item's own padding and a little air before the scroll bar


class SpannedRows(QObject):
    def __init__(self, tree: QTreeWidget):
        super().__init__(tree)
        self.tree = tree
        self.rows: list[tuple[QTreeWidgetItem, str]] = []
        self._width = -1
        tree.viewport().installEventFilter(self)

    def add(self, item: QTreeWidgetItem, text: str) -> None:
        """`item` shows `text` across the whole row, wrapped. The item must be in the tree."""
        item.setFirstColumnSpanned(True)
        item.setText(0, text)
        self.rows.append((item, text))
        self._width = -1

    def clear(self) -> None:
        """Before the tree is cleared: its items are gone with it."""
        self.rows.clear()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.wrap()
        return False

    def wrap(self) -> None:
        width = self.tree.viewport().width()
        if width == self._width:
            return
        self._width = width
        metrics = self.tree.fontMetrics()
        indentation = self.tree.indentation()
        for item, text in self.rows:
            depth, parent = 1, item.parent()  # the tree decorates its top level too
            while parent is not None:
                depth, parent = depth + 1, parent.parent()
            item.setText(0, wrapped(text, metrics, width - indentation * depth - MARGIN))


def wrapped(text: str, metrics: QFontMetrics, room: int) -> str:
    """`text` broken into lines at spaces, each no wider than `room` pixels (a word wider than that
    stands alone on its line)."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and metrics.horizontalAdvance(candidate) > room:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)
