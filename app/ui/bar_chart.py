"""A small horizontal bar chart painted with QPainter: groups of bars under a heading, each bar
with its label before it and its figure after it, a click on a bar opening what it counts.

The colours are two of Okabe and Ito's, which readers with any common colour blindness tell apart,
and which stay distinct when printed in grey (a dark blue, an orange-red); the labels and figures
say everything the colours do."""

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

DONE = QColor("#0072b2")  # blue
OVERDUE = QColor("#d55e00")  # vermilion
REST = QColor("#e4e4e4")  # the part of a total not done yet
OUTLINE = QColor("#6e6e6e")


@dataclass
class Bar:
    label: str
    value: int
    full: int  # the value a bar across the whole width stands for
    figure: str  # written after the bar
    color: QColor
    target: object = None  # what a click opens; None: nothing
    outlined: bool = False  # a share of a total: the whole drawn as an outline


@dataclass
class Group:
    title: str
    bars: list[Bar]
    more: str = ""  # "… and {count} more": said under the bars shown when not all fit


class BarChart(QWidget):
    """`activated(target)` when a bar with a target is clicked."""

    activated = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.groups: list[Group] = []
        self._spots: list[tuple[QRect, Bar]] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_groups(self, groups: list[Group]) -> None:
        self.groups = groups
        self.update()

    def line_height(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:
        return QSize(360, 220)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 4 * self.line_height())

    # ---- painting -----------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self._spots = []
        metrics = self.fontMetrics()
        line = self.line_height()
        bars = [bar for group in self.groups for bar in group.bars]
        if not bars:
            return
        label_width = min(self.width() * 2 // 5, max(metrics.horizontalAdvance(b.label) for b in bars) + 8)
        figure_width = max(metrics.horizontalAdvance(b.figure) for b in bars) + 8
        bar_left = label_width
        bar_width = max(20, self.width() - label_width - figure_width - 4)
        bold = QFont(self.font())
        bold.setBold(True)
        text_color = self.palette().windowText().color()
        y = 0
        for group, shown in zip(self.groups, self._shown_counts(), strict=True):
            painter.setFont(bold)
            painter.setPen(text_color)
            painter.drawText(QRect(0, y, self.width(), line), Qt.AlignmentFlag.AlignVCenter, group.title)
            painter.setFont(self.font())
            y += line
            for bar in group.bars[:shown]:
                row = QRect(0, y, self.width(), line)
                label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width - 8)
                painter.setPen(text_color)
                painter.drawText(QRect(0, y, label_width - 8, line), Qt.AlignmentFlag.AlignVCenter, label)
                self._paint_bar(painter, bar, QRect(bar_left, y + 3, bar_width, line - 6))
                painter.setPen(text_color)
                painter.drawText(
                    QRect(bar_left + bar_width + 6, y, figure_width, line),
                    Qt.AlignmentFlag.AlignVCenter,
                    bar.figure,
                )
                self._spots.append((row, bar))
                y += line
            if shown < len(group.bars):
                more = group.more.format(count=len(group.bars) - shown)
                painter.drawText(QRect(0, y, self.width(), line), Qt.AlignmentFlag.AlignVCenter, more)
                y += line
            y += line // 3

    def _shown_counts(self) -> list[int]:
        """How many bars of each group are drawn: all that fit the height; the last group gives
        up its bars first, keeping a line to say how many more there are."""
        rows = self.height() // self.line_height()
        counts = [len(g.bars) for g in self.groups]
        needed = sum(1 + n for n in counts) + len(self.groups) // 3
        if needed > rows and counts:
            counts[-1] = max(1, counts[-1] - (needed - rows) - 1)
        return counts

    def _paint_bar(self, painter: QPainter, bar: Bar, area: QRect) -> None:
        length = round(area.width() * bar.value / bar.full) if bar.full else 0
        if bar.outlined:
            painter.fillRect(area, REST)
            painter.setPen(QPen(OUTLINE))
            painter.drawRect(area.adjusted(0, 0, -1, -1))
        if length:
            painter.fillRect(QRect(area.left(), area.top(), length, area.height()), bar.color)

    # ---- a click opens what a bar counts ------------------------------------------------------

    def bar_at(self, pos) -> Bar | None:
        return next((bar for rect, bar in self._spots if rect.contains(pos)), None)

    def mouseMoveEvent(self, event) -> None:
        bar = self.bar_at(event.position().toPoint())
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if bar and bar.target else Qt.CursorShape.ArrowCursor
        )
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        bar = self.bar_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and bar is not None and bar.target is not None:
            self.activated.emit(bar.target)
        super().mouseReleaseEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:  # the whole label, which the chart may cut short
            bar = self.bar_at(event.pos())
            if bar is not None:
                QToolTip.showText(event.globalPos(), f"{bar.label}: {bar.figure}", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
