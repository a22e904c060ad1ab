"""The search box of the lists and the roadmap: typing filters at once, Esc empties it."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit


def search_box() -> QLineEdit:
    box = QLineEdit()
    box.setObjectName("search")
    box.setClearButtonEnabled(True)
    box.setMinimumWidth(220)
    escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), box, box.clear)
    escape.setContext(Qt.ShortcutContext.WidgetShortcut)
    return box
