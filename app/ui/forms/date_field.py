"""A date typed as people write it, or picked in a calendar.

Qt's date editor corrects what it cannot take: "31.02.2026" became 28.02.2026 without a word, and
"2026-05-01" could not be typed at all. Here the text stays as typed until the form reads it
(services/typed.py): a date in a common form is understood and shown as 01.05.2026 once the field
is left; anything else is refused with a message under the field."""

from datetime import date
from typing import cast

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from ...i18n import _
from ...services.typed import read_date, write_date


class DateField(QWidget):
    edited = Signal()

    def __init__(self, today: date, parent=None):
        super().__init__(parent)
        self.today = today
        self.line = QLineEdit()
        self.line.setObjectName("date_text")
        self.line.setMaxLength(40)
        self.line.setFixedWidth(self.line.fontMetrics().horizontalAdvance("00.00.00000") + 16)
        self.line.textEdited.connect(self.edited)
        self.line.editingFinished.connect(self._tidy)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu = QMenu(self)
        shown = QWidgetAction(menu)
        shown.setDefaultWidget(self.calendar)
        menu.addAction(shown)
        menu.aboutToShow.connect(self._open_calendar)
        self.menu = menu
        self.button = QToolButton()
        self.button.setObjectName("date_calendar")
        self.button.setMenu(menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setArrowType(Qt.ArrowType.DownArrow)  # as a drop-down's: the calendar opens below
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        self.retranslate()

    def retranslate(self) -> None:
        self.line.setPlaceholderText(_("dd.mm.yyyy"))
        self.button.setToolTip(_("Choose in the calendar"))

    def text(self) -> str:
        return self.line.text().strip()

    def set_date(self, value: date | None) -> None:
        self.line.setText(write_date(value))

    def read(self) -> date | None:
        """The date typed (None when empty); ValueError with the message when it is not one."""
        return read_date(self.line.text(), self.today)

    def _tidy(self) -> None:
        """A date typed in another common form (2026-05-01) is shown as the forms write it."""
        try:
            value = self.read()
        except ValueError:
            return  # left as typed: the form says what is wrong with it when saving
        if value is not None and write_date(value) != self.text():
            self.set_date(value)

    def _open_calendar(self) -> None:
        try:
            current = self.read()
        except ValueError:
            current = None
        # QDate takes a date; PySide6's stubs do not say so
        self.calendar.setSelectedDate(QDate(current or self.today))  # type: ignore[call-overload]

    def _picked(self, day: QDate) -> None:
        self.set_date(cast(date, day.toPython()))
        self.menu.close()
        self.line.setFocus()
        self.edited.emit()
