"""One person on their own database: a change they just made, saved or undone, is never taken for
someone else's. Rows keep the version of the record they show (issue 21: not the records
themselves), so each of these acts right after the person's own change must simply work."""

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from app.models import ProgressReport, Project, RoadmapItem
from app.services.listing import record_by_uuid
from app.ui.forms.record_form import edit_record
from tests.ui.conftest import on_modal


def saved_in_form(field: str, value: str):
    def fill(dialog):
        dialog.editor.editors[field].set_value(value)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    return fill


def looked_at(field: str, seen: dict):
    def look(dialog):
        seen[field] = dialog.editor.editors[field].value()
        dialog.reject()

    return look


def yes(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.Yes).click()


def shows_then_deleted(
    ctx, open_selected, delete_selected, field: str, value: str, entity_key: str, uuid: str
):
    """Opened again without a word, the form shows `value`; then the record is deleted."""
    seen: dict = {}
    on_modal(looked_at(field, seen))
    open_selected()
    assert seen[field] == value
    on_modal(yes)
    delete_selected()
    assert gone(ctx, entity_key, uuid)


def roadmap_item(ctx, number: str) -> RoadmapItem:
    return ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == number))


def gone(ctx, entity_key: str, uuid: str) -> bool:
    ctx.release()
    return record_by_uuid(ctx.session, entity_key, uuid) is None


@pytest.mark.parametrize("as_list", [False, True], ids=["tree", "list"])
def test_an_item_edited_then_opened_again_then_deleted(window, ctx, qtbot, as_list):
    window.show_page("roadmap")
    view = window.roadmap
    qtbot.waitUntil(view.model.loaded)
    uuid = roadmap_item(ctx, "1.2").uuid
    if as_list:
        view.list_toggle.setChecked(True)
        page = view.list_page
        assert page.select_uuid(uuid)
        open_selected, delete_selected = page.open_selected, page.delete_selected
    else:
        assert view.select_uuid(uuid)
        open_selected, delete_selected = view.open_selected, view.delete_selected

    on_modal(saved_in_form("measure_ru", "Моя новая формулировка"))
    open_selected()
    seen: dict = {}
    on_modal(looked_at("measure_ru", seen))
    open_selected()  # no word about a change by someone else: it was mine
    assert seen["measure_ru"] == "Моя новая формулировка"
    on_modal(saved_in_form("measure_ru", "Ещё раз моя"))
    open_selected()
    on_modal(yes)
    delete_selected()
    assert gone(ctx, "roadmap_item", uuid)


def test_an_item_edited_then_undone_then_deleted(window, ctx, qtbot):
    window.show_page("roadmap")
    view = window.roadmap
    qtbot.waitUntil(view.model.loaded)
    uuid = roadmap_item(ctx, "1.2").uuid
    assert view.select_uuid(uuid)
    on_modal(saved_in_form("measure_ru", "Передумаю"))
    view.open_selected()
    ctx.undo_stack.undo()
    seen: dict = {}
    on_modal(looked_at("measure_ru", seen))
    view.open_selected()
    assert seen["measure_ru"] != "Передумаю"
    ctx.undo_stack.redo()
    on_modal(yes)
    view.delete_selected()
    assert gone(ctx, "roadmap_item", uuid)


def test_an_item_edited_elsewhere_while_the_roadmap_was_not_shown(window, ctx, qtbot):
    """Changed from another page (as the dashboard's entries open a form): the roadmap, shown
    again, acts on it without a word."""
    window.show_page("roadmap")
    view = window.roadmap
    qtbot.waitUntil(view.model.loaded)
    uuid = roadmap_item(ctx, "1.2").uuid
    assert view.select_uuid(uuid)
    window.show_page("projects")
    on_modal(saved_in_form("measure_ru", "С другой страницы"))
    edit_record(ctx, "roadmap_item", roadmap_item(ctx, "1.2"), parent=window)
    window.show_page("roadmap")
    assert view.select_uuid(uuid)
    shows_then_deleted(
        ctx, view.open_selected, view.delete_selected, "measure_ru", "С другой страницы", "roadmap_item", uuid
    )


def test_a_project_edited_then_opened_again_then_deleted(window, ctx, qtbot):
    window.show_page("projects")
    page = window.projects
    project = ctx.session.scalar(select(Project).where(Project.code == "UZ-P-007"))
    uuid = project.uuid
    assert page.select_uuid(uuid)
    on_modal(saved_in_form("notes", "Моё примечание"))
    page.open_selected()
    shows_then_deleted(
        ctx, page.open_selected, page.delete_selected, "notes", "Моё примечание", "project", uuid
    )


def test_a_progress_report_edited_then_deleted(window, ctx, qtbot):
    window.show_page("roadmap")
    view = window.roadmap
    qtbot.waitUntil(view.model.loaded)
    with_reports = ctx.session.scalar(select(ProgressReport)).item
    assert view.select_uuid(with_reports.uuid)
    view.reports.table.setCurrentCell(0, 0)
    on_modal(saved_in_form("text", "Мой отчёт, исправленный"))
    view.reports.edit_report()
    row = next(
        r
        for r in range(view.reports.table.rowCount())
        if view.reports.table.item(r, 2).text() == "Мой отчёт, исправленный"
    )
    view.reports.table.setCurrentCell(row, 0)
    uuid = view.reports.selected_report().uuid
    on_modal(yes)
    view.reports.delete_report()
    assert gone(ctx, "progress_report", uuid)
