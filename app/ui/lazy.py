"""Pages that load their data when they are shown, and again after a change only if visible: a
page nobody looks at costs nothing, however large the database."""


class LoadsWhenShown:
    """Mixin for a QWidget page with `reload()`; connect `ctx.changed` to `_data_changed`."""

    dirty = True

    def _data_changed(self) -> None:
        self.dirty = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:
        if self.dirty:
            self.reload()
        super().showEvent(event)
