"""The legend of the roadmap's marks: the colours of overdue and due-soon rows."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ...i18n import N_, translate_label
from ..tables.model import DUE_SOON, DUE_SOON_BACKGROUND, MARKER_COLORS, OVERDUE_BACKGROUND

OVERDUE_LEGEND = N_("Overdue")


class Legend(QWidget):
    """One label per mark, in the rows' colour, with the status cell's dot."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.labels = {"overdue": QLabel(), "due_soon": QLabel()}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for state, background in (("overdue", OVERDUE_BACKGROUND), ("due_soon", DUE_SOON_BACKGROUND)):
            self.labels[state].setStyleSheet(f"background: {background.name()}; padding: 2px 6px;")
            layout.addWidget(self.labels[state])

    def retranslate(self) -> None:
        for state, text in (("overdue", OVERDUE_LEGEND), ("due_soon", DUE_SOON)):
            self.labels[state].setText(
                f'<span style="color: {MARKER_COLORS[state]}">●</span> {translate_label(text)}'
            )
