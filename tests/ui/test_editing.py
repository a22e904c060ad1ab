"""Editing through forms: saved through the store, logged, undone and redone; validation
messages next to the field with nothing written; creating and deleting with confirmation."""

import json

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from app.models import ChangeLog, Meeting, Organization, Project, RoadmapItem
from app.ui.forms.record_form import RecordDialog
from tests.ui.conftest import on_modal


def project(ctx, code="UZ-P-007"):
    return ctx.session.scalar(select(Project).where(Project.code == code))


def log_count(ctx) -> int:
    return ctx.session.scalar(select(func.count()).select_from(ChangeLog))


def test_edit_save_log_undo_redo(window, ctx, qtbot):
    record = project(ctx)
    old_name = record.name_ru
    dialog = RecordDialog(ctx, "project", record, parent=window)
    qtbot.addWidget(dialog)
    editor = dialog.editor.editors["name_ru"]
    assert editor.value() == old_name
    assert dialog.editor.editors["name_uz"].value() and dialog.editor.editors["name_kk"].value()
    editor.set_value("Плодоовощной консервный завод (новая редакция)")
    dialog.editor.editors["total_cost"].line.setText("12 500 000,50")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert project(ctx).name_ru.endswith("(новая редакция)")
    assert str(project(ctx).total_cost) == "12500000.50"

    window.show_page("history")
    top = {window.history.model.cell(window.history.model.rows[r], 6) for r in range(2)}
    assert {"Наименование (RU)", "Общая стоимость"} == top
    row = next(r for r in window.history.model.rows if r.field == "Наименование (RU)")
    assert row.old == old_name and row.new.endswith("(новая редакция)") and row.action == "update"

    window.actions_by_name["undo"].trigger()
    assert project(ctx).name_ru == old_name
    assert str(project(ctx).total_cost) != "12500000.50"
    undo_rows = ctx.session.scalars(
        select(ChangeLog).where(ChangeLog.record_uuid == record.uuid).order_by(ChangeLog.id.desc()).limit(2)
    ).all()
    assert {json.loads(r.new_value) for r in undo_rows if r.field == "name_ru"} == {old_name}
    window.actions_by_name["redo"].trigger()
    assert project(ctx).name_ru.endswith("(новая редакция)")


def test_bad_input_is_explained_next_to_the_field_and_nothing_changes(ctx, qtbot):
    record = project(ctx)
    before = log_count(ctx)
    dialog = RecordDialog(ctx, "project", record)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editor.editors["share_uz"].line.setText("140")
    dialog.editor.editors["jobs"].line.setText("много")
    for key in ("name_ru", "name_uz", "name_kk"):
        dialog.editor.editors[key].set_value(None)
    dialog.save()
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    errors = dialog.editor.errors
    assert errors["share_uz"].isVisible() and "100" in errors["share_uz"].text()
    assert errors["jobs"].isVisible() and "число" in errors["jobs"].text()
    assert errors["name_ru"].isVisible() and "хотя бы на одном языке" in errors["name_ru"].text()
    assert dialog.message.isVisible()
    assert log_count(ctx) == before
    ctx.session.expire_all()
    assert project(ctx).name_ru and project(ctx).share_uz != 140


def test_create_with_proper_widgets_and_undo(window, ctx, qtbot):
    dialog = RecordDialog(ctx, "organization", None)
    qtbot.addWidget(dialog)
    editors = dialog.editor.editors
    editors["name_ru"].set_value("АО «Узкимёсаноат»")
    editors["name_uz"].set_value("«Oʻzkimyosanoat» AJ")
    editors["side"].set_value("UZ")
    editors["kind"].set_value("company")
    dialog.save()
    uuid = dialog.saved_uuid
    created = ctx.session.scalar(select(Organization).where(Organization.uuid == uuid))
    assert created.name_uz == "«Oʻzkimyosanoat» AJ" and created.kind == "company"
    window.show_page("references")
    window.references.setCurrentWidget(window.organizations)
    window.organizations.search.setText("ozkimyo")
    assert window.organizations.model.rowCount() == 1
    window.actions_by_name["undo"].trigger()
    assert ctx.session.scalar(select(Organization).where(Organization.uuid == uuid)) is None
    assert window.organizations.model.rowCount() == 0


def test_roadmap_form_widgets(ctx, qtbot):
    item = ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == "1.1"))
    dialog = RecordDialog(ctx, "roadmap_item", item)
    qtbot.addWidget(dialog)
    editors = dialog.editor.editors
    executors = editors["executors_uz"]
    assert executors.value() == sorted(o.uuid for o in item.executors_of("UZ"))
    deadline = editors["deadline"]
    deadline.set_value("2027-Q2")
    assert deadline.value() == "2027-Q2" and deadline.quarter.isVisibleTo(dialog)
    deadline.set_value("quarterly")
    assert deadline.value() == "quarterly"
    dialog.save()
    ctx.session.expire_all()
    assert (
        ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == "1.1")).deadline_kind
        == "quarterly"
    )


def test_delete_says_what_depends_and_undo_brings_it_back(window, ctx, qtbot):
    window.show_page("roadmap")
    view = window.roadmap
    item = ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == "1"))
    assert view.select_uuid(item.uuid)
    seen = {}

    def answer(box: QMessageBox):
        seen["text"] = box.text() + "\n" + box.informativeText()
        box.button(QMessageBox.StandardButton.Yes).click()

    on_modal(answer)
    view.delete_selected()
    assert "1.1" in seen["text"] and "1.2" in seen["text"] and "Отчёт" in seen["text"]
    numbers = set(ctx.session.scalars(select(RoadmapItem.number)))
    assert not {"1", "1.1", "1.2"} & numbers
    window.actions_by_name["undo"].trigger()
    numbers = set(ctx.session.scalars(select(RoadmapItem.number)))
    assert {"1", "1.1", "1.2"} <= numbers
    restored = ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == "1.1"))
    assert restored.parent.number == "1" and restored.executors


def test_a_number_that_could_mean_two_things_is_asked_for_in_full(ctx, qtbot):
    """`1,500` in a form was saved as 1.50, as in a workbook: the form reads numbers with the
    import's parser and says under the field what to write instead."""
    record = project(ctx)
    cost, jobs = record.total_cost, record.jobs
    before = log_count(ctx)
    dialog = RecordDialog(ctx, "project", record)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editor.editors["total_cost"].line.setText("1,500")
    dialog.editor.editors["jobs"].line.setText("1.500")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    errors = dialog.editor.errors
    assert errors["total_cost"].isVisible()
    assert errors["total_cost"].text() == "Неоднозначное число «1,500»: напишите 1500 или 1,50"
    assert errors["jobs"].text() == "Неоднозначное число «1.500»: напишите 1500 или 1.50"
    assert dialog.message.isVisible() and log_count(ctx) == before
    ctx.session.expire_all()
    assert (project(ctx).total_cost, project(ctx).jobs) == (cost, jobs)

    dialog.editor.editors["total_cost"].line.setText("1 500,00")
    dialog.editor.editors["jobs"].line.setText("1500")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert (str(project(ctx).total_cost), project(ctx).jobs) == ("1500.00", 1500)


def test_the_meeting_form_asks_for_a_number_in_full_too(ctx, qtbot):
    from app.ui.meeting_editor import MeetingEditor

    meeting = ctx.session.scalars(select(Meeting).where(Meeting.number == 3)).one()
    editor = MeetingEditor(ctx, meeting)
    qtbot.addWidget(editor)
    editor.show()
    editor.main.editors["number"].line.setText("3,000")
    editor.save()
    assert editor.main.errors["number"].text() == "Неоднозначное число «3,000»: напишите 3000 или 3,00"
    assert editor.message.isVisible()
    ctx.session.expire_all()
    assert meeting.number == 3
