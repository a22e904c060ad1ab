"""The roadmap's search: its matches as a flat list in the tree's place, the item chosen there
kept across keystrokes and shown in the tree afterwards, Enter to go to the results."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from app.i18n import _, current_language, set_language
from app.models import RoadmapItem
from app.services.labels import fold
from app.ui.tables.model import UUID_ROLE
from tests.ui.conftest import item_of, on_modal


def roadmap(window):
    window.show_page("roadmap")
    return window.roadmap


def shown_numbers(view) -> list[str]:
    model = view.shown_view().model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def item(ctx, number: str) -> RoadmapItem:
    return ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == number))


def test_search_shows_the_matches_as_a_list_and_caps_a_long_one(window, monkeypatch):
    from app.ui.roadmap import search

    view = roadmap(window)
    first = view.model.index_of(item(window.ctx, "1").uuid)
    view.tree.expand(first)  # the user's own opening of the tree, kept through a search
    view.search.setText("проекта")
    assert view.shown_view() is view.matches and not view.tree.isVisible()
    found = [n for n in view.model.nodes if "проекта" in n.search]
    assert len(found) > 10 and view.finder.match_count == len(found)
    assert shown_numbers(view) == [item_of(window, n).number for n in found]  # each match one row, in order
    assert str(len(found)) in view.count.text()
    monkeypatch.setattr(search, "MAX_MATCHES_SHOWN", 5)
    view.search.setText("проект")
    assert len(shown_numbers(view)) == 5 and "первые 5" in view.count.text()
    view.search.clear()
    assert view.shown_view() is view.tree and view.tree.isVisible()
    assert shown_numbers(view) == ["I", "II", "III"]  # back to the tree of the three sections
    assert view.tree.isExpanded(first)


def test_the_item_chosen_in_the_list_stays_chosen_and_the_tree_opens_at_it(window, ctx):
    view = roadmap(window)
    assert view.select_uuid(item(ctx, "3").uuid)
    sub = item(ctx, "1.2")
    parent = view.model.index_of(item(ctx, "1").uuid)
    assert not view.tree.isExpanded(parent)
    words = sub.measure_ru.split()
    view.search.setText(words[0])
    assert view.selected_uuid() != sub.uuid
    view.matches.setCurrentIndex(view.matches_model.index_of(sub.uuid))
    assert view.selected_uuid() == sub.uuid
    assert view.reports.title.text().startswith("<b>1.2</b>")  # its progress reports below
    view.search.setText(" ".join(words))  # typing on: the chosen item is still among the matches
    assert view.selected_uuid() == sub.uuid and view.reports.title.text().startswith("<b>1.2</b>")
    view.search.setText(" ".join(words) + " жжжжж")  # found no more: nothing is selected
    assert view.matches_model.rowCount() == 0 and view.selected_uuid() is None
    assert view.reports.title.text() == _("Select an item to see its progress reports.")
    view.search.clear()  # the tree, at the item chosen in the list
    assert view.selected_uuid() == sub.uuid
    assert view.tree.isExpanded(parent)
    assert view.tree.currentIndex().data(UUID_ROLE) == sub.uuid
    assert view.reports.title.text().startswith("<b>1.2</b>")


def test_enter_in_the_search_box_goes_to_the_first_match(window, ctx, qtbot):
    view = roadmap(window)
    view.search.setFocus()
    view.search.setText("проекта")  # (QTest types only ASCII)
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.matches.hasFocus()
    assert view.selected_uuid() == view.matches_model.rows[0].uuid
    qtbot.keyClick(view.matches, Qt.Key.Key_Down)
    assert view.selected_uuid() == view.matches_model.rows[1].uuid


def test_a_match_opens_on_double_click(window, ctx):
    view = roadmap(window)
    view.search.setText("проекта")
    target = view.matches_model.rows[2]
    seen = {}

    def look(dialog):
        seen["record"] = dialog.record
        dialog.reject()

    on_modal(look)
    spot = view.matches.visualRect(view.matches_model.index_of(target.uuid)).center()
    QTest.mouseClick(view.matches.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    QTest.mouseDClick(view.matches.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert seen["record"].uuid == target.uuid


def test_column_widths_are_shared_by_the_tree_and_the_list(window):
    view = roadmap(window)
    view.tree.setColumnWidth(1, 333)
    assert view.matches.columnWidth(1) == 333
    view.search.setText("проекта")
    view.matches.setColumnWidth(2, 171)
    assert view.tree.columnWidth(2) == 171


def test_erasing_letters_finds_what_a_fresh_search_finds_and_an_edit_is_found(window, ctx):
    view = roadmap(window)
    for typed in ("п", "про", "проекта", "проек", "пр", ""):  # typed on, then erased
        view.search.setText(typed)
        expected = [item_of(window, n).number for n in view.model.nodes if typed and fold(typed) in n.search]
        assert shown_numbers(view) == (expected if typed else ["I", "II", "III"])
    view.search.setText("жирафы")
    assert view.matches_model.rowCount() == 0 and view.finder.match_count == 0
    view.search.clear()
    target = item(ctx, "2.1")
    ctx.update("roadmap_item", target.uuid, {"measure_ru": "Закупить жирафы для зоопарка"}, "edit")
    view.search.setText("жирафы")  # asked a moment ago, before the edit: found now all the same
    assert shown_numbers(view) == ["2.1"]


def test_a_language_switch_keeps_the_search_and_the_chosen_match(window, ctx):
    view = roadmap(window)
    view.search.setText("проекта")
    found = view.finder.match_count
    chosen = view.matches_model.rows[3].uuid
    view.matches.setCurrentIndex(view.matches_model.index_of(chosen))
    window.actions_by_name["language_kk"].trigger()
    assert view.shown_view() is view.matches and view.finder.match_count == found  # Russian texts too
    assert view.matches_model.headerData(1, Qt.Orientation.Horizontal) == "Іс-шара"
    statuses = {view.matches_model.index(r, 5).data() for r in range(view.matches_model.rowCount())}
    assert statuses & {"Орындалуда", "Басталмаған", "Орындалды"}
    assert view.selected_uuid() == chosen
    assert "табылды" in view.count.text()


def test_escape_in_the_search_box_empties_it(window, qtbot):
    view = roadmap(window)
    view.search.setText("проекта")
    view.search.setFocus()
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == "" and view.shown_view() is view.tree
    window.show_page("projects")
    page = window.projects
    page.search.setText("завод")
    assert page.model.rowCount() < page.model.total()
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == "" and page.model.rowCount() == page.model.total()


def test_enter_on_a_match_or_a_list_row_opens_it(window, ctx, qtbot):
    seen = []

    def look(dialog):
        seen.append(dialog.record.uuid)
        dialog.reject()

    view = roadmap(window)
    view.search.setText("проекта")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)  # to the first match
    on_modal(look)
    qtbot.keyClick(view.matches, Qt.Key.Key_Return)  # and open it
    assert seen == [view.matches_model.rows[0].uuid]
    window.show_page("projects")
    page = window.projects
    page.table.setFocus()
    page.table.selectRow(2)
    on_modal(look)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert seen[1] == page.model.shown[2].uuid


def test_show_items_shows_exactly_the_given_items_under_a_note_that_clears(window, ctx):
    """The dashboard's hook: a given set of items, whatever was searched or filtered before, with a
    visible note that names them; "Show all" goes back to the whole roadmap."""
    view = roadmap(window)
    view.search.setText("проекта")
    wanted = [item(ctx, n).uuid for n in ("3", "1.2", "12")]
    view.show_items(reversed(wanted), lambda: {"ru": "тест", "kk": "сынақ"}[current_language()])
    assert view.search.text() == ""
    assert shown_numbers(view) == ["1.2", "3", "12"]  # in the roadmap's order
    assert view.shown_bar.isVisible() and view.shown_note.text() == "Показаны: тест"
    assert view.visible_count() == 3 and "3 из" in view.count.text()
    view.search.setText("1.2")  # a search narrows the set down
    assert shown_numbers(view) == ["1.2"]
    view.search.clear()
    assert shown_numbers(view) == ["1.2", "3", "12"]
    set_language("kk")  # the note in the new language
    assert view.shown_note.text() == "Көрсетілген: сынақ"
    view.show_all_button.click()
    assert not view.shown_bar.isVisible()
    assert view.shown_view() is view.tree and shown_numbers(view) == ["I", "II", "III"]
