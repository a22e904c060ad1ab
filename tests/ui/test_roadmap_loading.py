"""A large roadmap opens on what is on screen: the outline of every item, the records of the
first rows; the rest is read when idle, or at once when a search or a filter needs it."""

from PySide6.QtCore import Qt

from app.services.labels import fold
from app.ui.roadmap.tree import RoadmapTreeModel


def read(model) -> int:
    return sum(node.texts is not None for node in model.nodes)


def test_the_first_rows_are_read_first_and_the_rest_when_idle(window, qtbot, monkeypatch):
    monkeypatch.setattr(RoadmapTreeModel, "BATCH", 10)  # the demo's 55 items as a large roadmap
    monkeypatch.setattr(RoadmapTreeModel, "IDLE_BATCH", 10)
    window.show_page("roadmap")
    view = window.roadmap
    model = view.model
    assert len(model.nodes) == 55 and 10 <= read(model) < 55
    assert [model.index(r, 0).data() for r in range(3)] == ["I", "II", "III"]  # the whole outline
    last = model.nodes[-1]
    assert last.texts is None  # not read yet, but asked for as Qt asks: read then
    index = model.index_of(last.uuid)
    assert index.data(int(Qt.ItemDataRole.DisplayRole)) == last.number
    assert last.version is not None and index.siblingAtColumn(1).data() == last.texts[1] != ""
    assert last.item is None  # the node keeps its texts and version; the record is let go
    qtbot.waitUntil(model.loaded)
    assert read(model) == 55
    assert view.filters.combos  # their lists of records filled when idle too
    for combo in view.filters.combos.values():
        assert combo.count() > 1


def test_a_search_reads_every_item_first(window, monkeypatch):
    monkeypatch.setattr(RoadmapTreeModel, "BATCH", 5)
    monkeypatch.setattr(RoadmapTreeModel, "IDLE_BATCH", 5)
    window.show_page("roadmap")
    view = window.roadmap
    assert not view.model.loaded()
    word = fold(view.model.nodes[-1].number)  # "found" by its number: the last item
    view.search.setText(view.model.nodes[-1].number)
    assert view.model.loaded()
    found = [n for n in view.model.nodes if word in n.search]
    assert found and found == view.matches_model.rows
