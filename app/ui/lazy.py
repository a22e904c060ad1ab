"""Pages that load their data when they are shown, and again after a change only if visible: a
page nobody looks at costs nothing, however large the database."""

from .busy import wait_cursor


class LoadsWhenShown:
    """Mixin for a QWidget page with `reload()`; connect `ctx.changed` to `_data_changed`."""

    dirty = True

    def _data_changed(self) -> None:
        self.dirty = True
        if self.isVisible():
            self._load()

    def showEvent(self, event) -> None:
        if self.dirty:
            self._load()
        super().showEvent(event)

    def _load(self) -> None:
        with wait_cursor():  # a page of a large database takes a moment
            self.reload()
