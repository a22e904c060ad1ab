"""The look of a flat list of records: whole rows selected one at a time, no row numbers, no
editing in place, long texts cut rather than wrapped; headers on two lines."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QToolTip

HEADER_LINES = 2


def wrapping_header(header: QHeaderView) -> None:
    """Room for column titles on two lines, which the models' headers wrap (header_data):
    "Executors (Uzbekistan)" reads whole in a narrow column; the rest is in the title's tooltip."""
    header.setTextElideMode(Qt.TextElideMode.ElideNone)  # Qt cuts the line before wrapping it otherwise
    header.setMinimumHeight(HEADER_LINES * header.fontMetrics().lineSpacing() + 10)


def flat_table(name: str, model, row_height: int) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(row_height)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setHighlightSections(False)
    wrapping_header(table.horizontalHeader())
    show_cut_texts(table)
    return table


class _CutTexts(QObject):
    """A cell's whole text as its tooltip when the column is too narrow to show it (the model's
    own tooltip, where it has one, comes first)."""

    def eventFilter(self, viewport, event) -> bool:
        if event.type() != QEvent.Type.ToolTip:
            return False
        view = viewport.parent()
        index = view.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return False
        text = index.data(Qt.ItemDataRole.DisplayRole)
        rect = view.visualRect(index)
        if isinstance(text, str) and view.fontMetrics().horizontalAdvance(text) > rect.width() - 8:
            QToolTip.showText(event.globalPos(), text, viewport, rect)
            return True
        return False


def show_cut_texts(view: QAbstractItemView) -> None:
    view.viewport().installEventFilter(_CutTexts(view))
