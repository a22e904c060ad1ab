"""Pages that load their data when they are shown, and again after a change only if visible: a
page nobody looks at costs nothing, however large the database."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from .busy import wait_cursor

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QWidget

    _Base = QWidget  # for mypy: the pages that take the mixin are widgets
else:
    _Base = object


class LoadsWhenShown(_Base):
    """Mixin for a QWidget page with `reload()`; connect `ctx.changed` to `_data_changed`."""

    dirty = True
    reload: Callable[[], None]  # the page's own

    def _data_changed(self) -> None:
        self.dirty = True
        if self.isVisible():
            self._load()

    def showEvent(self, event: "QShowEvent") -> None:
        if self.dirty:
            self._load()
        super().showEvent(event)

    def _load(self) -> None:
        with wait_cursor():  # a page of a large database takes a moment
            self.reload()
