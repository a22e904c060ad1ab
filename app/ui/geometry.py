"""Every window and dialog inside the screen's available area, at the size the person last gave it
on that screen.

Most ministry laptops have a 1366×768 screen, of which the Windows taskbar leaves 1366×728: a
window laid out for a larger monitor would put its buttons under the taskbar. `fit_to_screen`
sizes a window before it is shown — the size remembered for this screen, or the preferred one,
never larger than the screen — and keeps it there once the window's real frame is known."""

import re
from typing import cast

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen, QWindow
from PySide6.QtWidgets import QDialog, QWidget

from .settings import qsettings

# The title bar and borders of a Windows 10/11 window at 100 %. The real frame is known only once
# the window is on screen; the window is corrected then if it differs.
FRAME = QMargins(8, 31, 8, 8)
KEY_PROPERTY = "screen_settings_key"  # a fitted window's settings key, for the keeper


def screen_of(widget: QWidget) -> QScreen:
    """The screen the widget will appear on: its parent window's, else the primary one."""
    parent = widget.parentWidget()
    # screen() and windowHandle() may give None, though the stubs say otherwise
    screen = cast(QScreen | None, (parent.window() if parent is not None else widget).screen())
    return screen or QGuiApplication.primaryScreen()


def screen_key(screen: QScreen) -> str:
    """A settings key for a screen: its name and size (a laptop's own screen and a monitor plugged
    into it remember their sizes apart)."""
    size = screen.geometry().size()
    name = re.sub(r"[^0-9A-Za-z]+", "_", screen.name()).strip("_") or "screen"
    return f"{name}_{size.width()}x{size.height()}"


def _settings_key(key: str, screen: QScreen) -> str:
    return f"geometry/{key}/{screen_key(screen)}"


def _frame(widget: QWidget) -> QMargins:
    handle = cast(QWindow | None, widget.windowHandle())  # None before the window is first shown
    margins = handle.frameMargins() if handle is not None and widget.isVisible() else QMargins()
    return QMargins(
        max(margins.left(), FRAME.left()),
        max(margins.top(), FRAME.top()),
        max(margins.right(), FRAME.right()),
        max(margins.bottom(), FRAME.bottom()),
    )


def largest(widget: QWidget, area: QRect) -> QSize:
    """The largest size of the widget's inside whose frame still fits in `area`."""
    frame = _frame(widget)
    return QSize(area.width() - frame.left() - frame.right(), area.height() - frame.top() - frame.bottom())


def fit_to_screen(widget: QWidget, preferred: QSize | tuple[int, int] | None, key: str) -> None:
    """Size `widget` (a window or dialog about to be shown) for its screen: the size it had when
    last closed on this screen, or `preferred` (None: its size hint), cut to the screen's available
    area. A window without a parent is placed in the middle of that area (Qt centres a dialog on its
    parent window, inside the screen). The size is remembered, per screen, when it is closed."""
    screen = screen_of(widget)
    area = screen.availableGeometry()
    settings = qsettings()
    stored = settings.value(_settings_key(key, screen) + "/size")
    if isinstance(stored, QSize) and stored.isValid():
        size = stored
    elif preferred is None:
        size = widget.sizeHint()
    else:
        size = preferred if isinstance(preferred, QSize) else QSize(*preferred)
    size = size.boundedTo(largest(widget, area)).expandedTo(widget.minimumSize())
    widget.resize(size)
    if widget.parentWidget() is None or not isinstance(widget, QDialog):
        outer = QRect(area.topLeft(), size.grownBy(_frame(widget)))
        outer.moveCenter(area.center())
        widget.move(max(area.left(), outer.left()), max(area.top(), outer.top()))
    if _truthy(settings.value(_settings_key(key, screen) + "/maximized")):
        widget.setWindowState(widget.windowState() | Qt.WindowState.WindowMaximized)
    if widget.property(KEY_PROPERTY) is None:
        widget.installEventFilter(_keeper())
    widget.setProperty(KEY_PROPERTY, key)


def _truthy(value) -> bool:
    return value is True or str(value).lower() == "true"


def inside(widget: QWidget, area: QRect | None = None) -> bool:
    """Whether the window's frame is within the available area of its screen."""
    area = area or screen_of(widget).availableGeometry()
    return area.contains(widget.frameGeometry())


def remember(widget: QWidget) -> None:
    """Keep the window's size (and whether it is maximized) for the screen it is on."""
    screen = cast(QScreen | None, widget.screen()) or QGuiApplication.primaryScreen()
    key = _settings_key(widget.property(KEY_PROPERTY), screen)
    settings = qsettings()
    maximized = widget.isMaximized()
    size = widget.normalGeometry().size() if maximized else widget.size()
    if size.isValid() and not size.isEmpty():
        settings.setValue(key + "/size", size)
    settings.setValue(key + "/maximized", maximized)


def keep_inside(widget: QWidget) -> None:
    """Move or shrink a shown window whose frame spills over the available area."""
    if not widget.isVisible() or widget.isMaximized() or widget.isFullScreen():
        return
    area = (cast(QScreen | None, widget.screen()) or QGuiApplication.primaryScreen()).availableGeometry()
    if inside(widget, area):
        return
    limit = largest(widget, area)
    if widget.width() > limit.width() or widget.height() > limit.height():
        widget.resize(widget.size().boundedTo(limit).expandedTo(widget.minimumSize()))
    outer = widget.frameGeometry()
    dx = max(area.left() - outer.left(), min(0, area.right() - outer.right()))
    dy = max(area.top() - outer.top(), min(0, area.bottom() - outer.bottom()))
    if dx or dy:
        widget.move(widget.pos().x() + dx, widget.pos().y() + dy)


class _Keeper(QObject):
    """For every fitted window: once it is shown with its real frame, kept inside the available
    area; when it is closed, its size remembered."""

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show:
            QTimer.singleShot(0, watched, lambda: keep_inside(watched))
        elif kind == QEvent.Type.Hide and not event.spontaneous():  # closed, not minimized
            remember(watched)
        return False


_the_keeper: _Keeper | None = None


def _keeper() -> _Keeper:
    global _the_keeper
    if _the_keeper is None:
        _the_keeper = _Keeper(QGuiApplication.instance())
    return _the_keeper
