"""The wait cursor: shown while a page of the database loads, and put back however work ends."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.busy import wait_cursor


def test_a_page_loads_under_the_wait_cursor(window, monkeypatch):
    from app.ui.roadmap import RoadmapView

    seen = []
    load = RoadmapView.reload

    def watched(self):
        cursor = QApplication.overrideCursor()
        seen.append(cursor.shape() if cursor else None)
        load(self)

    monkeypatch.setattr(RoadmapView, "reload", watched)
    window.show_page("roadmap")
    assert seen == [Qt.CursorShape.WaitCursor]
    assert QApplication.overrideCursor() is None
    assert window.roadmap.model.roots  # and it did load


def test_the_cursor_comes_back_when_the_work_fails(qapp):
    with pytest.raises(ZeroDivisionError), wait_cursor():
        assert QApplication.overrideCursor().shape() == Qt.CursorShape.WaitCursor
        _ = 1 / 0
    assert QApplication.overrideCursor() is None
