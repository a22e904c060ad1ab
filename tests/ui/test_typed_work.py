"""Typed work is never lost: closing a form with changes asks; the wheel scrolls a form without
changing its fields; a wrong date is refused, a date in another common form understood; a new
form starts at its first field."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QCloseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from app.models import ChangeLog, Meeting, Project, RoadmapItem
from app.ui.forms.record_form import RecordDialog
from app.ui.meeting_editor import MeetingEditor
from tests.ui.conftest import on_modal

NEW_NAME = "Завод сельхозтехники (уточнённое наименование)"


def project(ctx, code="UZ-P-007"):
    return ctx.session.scalar(select(Project).where(Project.code == code))


def changes(ctx) -> int:
    return ctx.session.scalar(select(func.count()).select_from(ChangeLog))


def opened_form(ctx, qtbot, record):
    dialog = RecordDialog(ctx, "project", record)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def answer(button: QMessageBox.StandardButton, seen: dict):
    def click(box: QMessageBox):
        seen["asked"] = box.objectName()
        seen["buttons"] = [b.text() for b in box.buttons()]
        box.button(button).click()

    on_modal(click)


@pytest.mark.parametrize("close", ["escape", "cancel", "window"])
def test_closing_a_form_with_changes_asks_and_go_back_keeps_what_was_typed(ctx, qtbot, close):
    dialog = opened_form(ctx, qtbot, project(ctx))
    dialog.editor.editors["name_ru"].line.setText(NEW_NAME)
    seen = {}
    answer(QMessageBox.StandardButton.Cancel, seen)
    if close == "escape":
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    elif close == "cancel":
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    else:  # the window's ×: the system's close arrives at the window, as this one does
        QApplication.sendEvent(dialog.windowHandle(), QCloseEvent())
    assert seen["asked"] == "unsaved_changes"
    assert seen["buttons"] and "Вернуться к форме" in seen["buttons"]
    assert dialog.isVisible()
    assert dialog.editor.editors["name_ru"].value() == NEW_NAME


def test_save_from_the_question_saves_and_closes(ctx, qtbot):
    record = project(ctx)
    dialog = opened_form(ctx, qtbot, record)
    dialog.editor.editors["name_ru"].line.setText(NEW_NAME)
    answer(QMessageBox.StandardButton.Save, {})
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    ctx.session.expire_all()
    assert project(ctx).name_ru == NEW_NAME


def test_save_from_the_question_with_a_mistake_keeps_the_form_open(ctx, qtbot):
    dialog = opened_form(ctx, qtbot, project(ctx))
    dialog.editor.editors["jobs"].line.setText("1.500")
    before = changes(ctx)
    answer(QMessageBox.StandardButton.Save, {})
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.editor.errors["jobs"].isVisible()
    assert changes(ctx) == before


def test_discard_from_the_question_closes_and_changes_nothing(ctx, qtbot):
    record = project(ctx)
    name = record.name_ru
    before = changes(ctx)
    dialog = opened_form(ctx, qtbot, record)
    dialog.editor.editors["name_ru"].line.setText(NEW_NAME)
    answer(QMessageBox.StandardButton.Discard, {})
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected
    ctx.session.expire_all()
    assert project(ctx).name_ru == name and changes(ctx) == before


def test_a_form_without_changes_closes_without_asking(ctx, qtbot):
    dialog = opened_form(ctx, qtbot, project(ctx))
    dialog.editor.editors["name_ru"].line.setFocus()  # looked at, nothing changed
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert QApplication.activeModalWidget() is None


def test_the_meeting_editor_asks_too(ctx, qtbot):
    meeting = ctx.session.scalars(select(Meeting).where(Meeting.number == 3)).one()
    editor = MeetingEditor(ctx, meeting)
    qtbot.addWidget(editor)
    editor.show()
    editor.main.editors["place_ru"].line.setText("г. Астана")
    seen = {}
    answer(QMessageBox.StandardButton.Cancel, seen)
    editor.buttons.button(QDialogButtonBox.StandardButton.Close).click()
    assert seen["asked"] == "unsaved_changes" and editor.isVisible()
    answer(QMessageBox.StandardButton.Save, {})
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    ctx.session.expire_all()
    assert meeting.place_ru == "г. Астана"


def wheel(widget, steps: int = -1) -> None:
    """A real wheel turn over the middle of `widget`, as the mouse sends it."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_a_drop_down_scrolls_the_form_and_never_changes_it(ctx, qtbot):
    dialog = opened_form(ctx, qtbot, project(ctx))
    scroll = dialog.findChild(type(dialog.editor.parentWidget().parentWidget()))
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0  # the form is taller than the laptop's screen: it scrolls
    for key in ("sector", "status", "currency"):
        combo = dialog.editor.editors[key].combo
        assert not combo.hasFocus()
        before, position = combo.currentIndex(), bar.value()
        wheel(combo)
        assert combo.currentIndex() == before, key
        assert bar.value() > position or bar.value() == bar.maximum(), key
    sector = dialog.editor.editors["sector"].combo
    dialog.windowHandle().requestActivate()
    qtbot.waitUntil(dialog.isActiveWindow)
    sector.setFocus()  # chosen on purpose: the wheel goes through its choices as usual
    assert sector.hasFocus()
    before = sector.currentIndex()
    wheel(sector)
    assert sector.currentIndex() != before


def test_the_wheel_over_the_deadline_and_a_time_does_not_change_them(ctx, qtbot):
    item = ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == "1.1"))
    dialog = RecordDialog(ctx, "roadmap_item", item)
    qtbot.addWidget(dialog)
    dialog.show()
    deadline = dialog.editor.editors["deadline"]
    before = deadline.value()
    wheel(deadline.kind)
    assert deadline.value() == before
    meeting = ctx.session.scalars(select(Meeting).where(Meeting.number == 3)).one()
    editor = MeetingEditor(ctx, meeting)
    qtbot.addWidget(editor)
    editor.show()
    start = editor.main.editors["start_time"]
    before = start.value()
    wheel(start.inner)
    assert start.value() == before


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("2026-05-01", "2026-05-01"), ("01/05/2026", "2026-05-01"), ("1.5.2026", "2026-05-01")],
)
def test_a_date_in_another_common_form_is_understood(ctx, qtbot, typed, stored):
    dialog = opened_form(ctx, qtbot, project(ctx))
    field = dialog.editor.editors["start_date"].date
    field.line.setText(typed)
    field.line.editingFinished.emit()  # leaving the field shows it as the forms write it
    assert field.text() == "01.05.2026"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    ctx.session.expire_all()
    assert project(ctx).start_date.isoformat() == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31.02.2026", "«31.02.2026» — неверная дата: напишите день.месяц.год, например 24.11.2026"),
        ("завтра", "«завтра» — неверная дата: напишите день.месяц.год, например 24.11.2026"),
        ("46350", "«46350» — неверная дата: напишите день.месяц.год, например 24.11.2026"),
        ("01.05.26", "Год из двух цифр в «01.05.26»: укажите год полностью, например 01.05.2026"),
    ],
)
def test_a_wrong_date_is_refused_with_a_message_and_never_changed(ctx, qtbot, typed, message):
    record = project(ctx)
    start = record.start_date
    before = changes(ctx)
    dialog = opened_form(ctx, qtbot, record)
    field = dialog.editor.editors["start_date"].date
    field.line.setText(typed)
    field.line.editingFinished.emit()
    assert field.text() == typed  # as typed: not corrected into another date
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.editor.errors["start_date"].isVisible()
    assert dialog.editor.errors["start_date"].text() == message
    ctx.session.expire_all()
    assert project(ctx).start_date == start and changes(ctx) == before


def test_a_roadmap_deadline_date_is_read_the_same_way(ctx, qtbot):
    item = ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == "1.1"))
    dialog = RecordDialog(ctx, "roadmap_item", item)
    qtbot.addWidget(dialog)
    dialog.show()
    deadline = dialog.editor.editors["deadline"]
    deadline.set_value("2026-12-31")
    deadline.date.line.setText("31.04.2027")
    dialog.save()
    assert dialog.isVisible() and "31.04.2027" in dialog.editor.errors["deadline"].text()
    deadline.date.line.setText("2027-04-30")
    on_modal(lambda asked: (asked.text.setPlainText("Перенос по просьбе исполнителя"), asked.accept()))
    dialog.save()  # understood: a deadline moved asks why (a postponement)
    assert dialog.result() == dialog.DialogCode.Accepted
    ctx.session.expire_all()
    assert item.deadline_date.isoformat() == "2027-04-30"


def test_a_date_picked_in_the_calendar(ctx, qtbot):
    from PySide6.QtCore import QDate

    dialog = opened_form(ctx, qtbot, project(ctx))
    field = dialog.editor.editors["launch_date"].date
    field.menu.aboutToShow.emit()
    field.calendar.clicked.emit(QDate(2027, 3, 15))
    assert field.text() == "15.03.2027"
    assert dialog.editor.is_modified()


@pytest.mark.parametrize("entity", ["project", "roadmap_item", "organization", "meeting", "person"])
def test_a_new_form_starts_at_its_first_field(ctx, qtbot, entity):
    dialog = RecordDialog(ctx, entity, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    first = dialog.editor.first_field()
    assert first is not None and first.isVisible()
    focused = dialog.focusWidget()  # where the cursor is while the form is the active window
    assert focused is not None and (focused is first or first.isAncestorOf(focused)), focused


def test_the_meeting_editor_starts_at_its_first_field(window, ctx):
    meeting = ctx.session.scalars(select(Meeting).where(Meeting.number == 3)).one()
    seen = {}

    def look(editor):
        seen["focused"], seen["first"] = editor.focusWidget(), editor.main.first_field()
        seen["inside"] = seen["focused"] is not None and seen["first"].isAncestorOf(seen["focused"])
        editor.done(0)

    on_modal(look)
    window.open_meeting(meeting.uuid)
    assert seen["inside"], seen
