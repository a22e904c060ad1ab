"""The Qt binding itself: PySide6 6.12.0 dropped a reference to None each time a model's data()
answered None, and after enough painting of a large table the program died ("deallocating
None"). The pinned version must not do that."""

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


class Empty(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 10

    def columnCount(self, parent=QModelIndex()):
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


def test_model_answers_do_not_leak_references_to_none(qapp):
    model = Empty()
    before = sys.getrefcount(None)
    for row in range(2000):
        model.index(row % 10, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert abs(sys.getrefcount(None) - before) < 50
