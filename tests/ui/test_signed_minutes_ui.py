"""Signed minutes in the meeting editor (read-only, a banner, unlocking with a reason that the
history shows), the agenda's time against the slot, and the backlog on the meetings page."""

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox
from sqlalchemy import select

from app.models import AgendaItem, Meeting
from app.services import signed_minutes
from app.ui.forms.record_form import RecordDialog
from app.ui.meeting_editor import OVER_STYLE, MeetingEditor, UnlockDialog
from tests.ui.conftest import on_modal

SAVE = QDialogButtonBox.StandardButton.Save


def meeting(ctx, code: str) -> Meeting:
    return ctx.session.scalar(select(Meeting).where(Meeting.code == code))


def opened(ctx, qtbot, code: str) -> MeetingEditor:
    editor = MeetingEditor(ctx, meeting(ctx, code))
    qtbot.addWidget(editor)
    editor.show()
    return editor


def minutes_editable(editor) -> bool:
    return all(editor.minutes.editors[k].isEnabled() for k in ("minutes_ru", "minutes_uz", "minutes_kk"))


def test_signed_minutes_are_read_only_in_the_window_and_say_who_signed(ctx, qtbot):
    ctx.rename_operator("Каримова Дилноза")
    editor = opened(ctx, qtbot, "UZ-M-001")
    assert minutes_editable(editor) and editor.agenda.buttons["add"].isEnabled()
    assert editor.sign_button.isVisible() and not editor.unlock_button.isVisible()
    assert not editor.banner.isVisible()
    editor.minutes.editors["minutes_ru"].set_value("Протокол, последняя редакция.")
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert editor.sign()
    signed = meeting(ctx, "UZ-M-001")
    assert signed.signed and signed.minutes_ru == "Протокол, последняя редакция."  # saved, then signed
    assert editor.banner.isVisible() and "Каримова Дилноза (Узбекистан)" in editor.banner.text()
    assert "подписан" in editor.banner.text() and "Узбекистан" in editor.banner.text()
    assert not minutes_editable(editor)
    for part in (editor.agenda, editor.decisions):
        assert not any(part.buttons[k].isEnabled() for k in ("add", "delete", "up", "down"))
        assert part.buttons["edit"].isEnabled()  # still readable item by item
    assert not editor.sign_button.isVisible() and editor.unlock_button.isVisible()

    # An agenda item opened from signed minutes cannot be saved changed: the store says why.
    editor.agenda.list.setCurrentRow(0)
    said = []

    def change(form: RecordDialog):
        form.editor.editors["title_ru"].set_value("Другой вопрос")
        form.buttons.button(SAVE).click()
        said.append(form.message.text())
        form.editor.load(form.record)  # nothing left to ask about
        form.reject()

    on_modal(change)
    editor.agenda.edit()
    assert "подписан" in said[0]
    assert meeting(ctx, "UZ-M-001").agenda[0].title_ru != "Другой вопрос"


def test_unlocking_needs_a_reason_which_the_history_shows(window, ctx, qtbot):
    ctx.commit(
        lambda store: signed_minutes.sign(store, store.require("meeting", meeting(ctx, "UZ-M-002").uuid))
    )
    editor = opened(ctx, qtbot, "UZ-M-002")
    assert not minutes_editable(editor)
    seen = {}

    def cancel_empty(dialog: UnlockDialog):
        seen["empty"] = dialog.ok.isEnabled()
        dialog.text.setPlainText("   ")
        seen["blank"] = dialog.ok.isEnabled()
        dialog.accept()  # refused without a reason: still open
        seen["open"] = dialog.isVisible()
        dialog.reject()

    on_modal(cancel_empty)
    assert not editor.unlock()
    assert seen == {"empty": False, "blank": False, "open": True}
    assert meeting(ctx, "UZ-M-002").signed

    reason = "В решении 2 неверно указан срок"

    def give_reason(dialog: UnlockDialog):
        dialog.text.setPlainText(reason)
        dialog.ok.click()

    on_modal(give_reason)
    assert editor.unlock()
    unlocked = meeting(ctx, "UZ-M-002")
    assert not unlocked.signed and [u.reason for u in unlocked.unlocks] == [reason]
    assert minutes_editable(editor) and not editor.banner.isVisible()
    assert editor.agenda.buttons["add"].isEnabled()
    editor.close()

    window.show_page("history")
    model = window.history.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert any(reason in " ".join(str(cell) for cell in row) for row in rows)


def test_the_agenda_total_against_the_slot_turns_red_when_it_overruns(ctx, qtbot):
    """UZ-M-001: 10:00–12:00, items of 1 h 30 min in all."""
    editor = opened(ctx, qtbot, "UZ-M-001")
    timing = editor.timing
    assert timing.text() == "Повестка дня: 1 ч 30 мин (отведённое время: 2 ч, 10:00–12:00)"
    assert not timing.property("over") and timing.styleSheet() == ""

    editor.main.editors["end_time"].inner.setTime(QTime(11, 0))  # typed, not yet saved
    assert "Превышение отведённого времени на 30 мин" in timing.text()
    assert timing.property("over") and timing.styleSheet() == OVER_STYLE and "#b00000" in OVER_STYLE
    editor.main.editors["end_time"].inner.setTime(QTime(12, 0))
    assert not timing.property("over")

    # A duration edited in the item's form: the total follows at once.
    editor.agenda.list.setCurrentRow(0)
    first = meeting(ctx, "UZ-M-001").agenda[0]

    def longer(form: RecordDialog):
        form.editor.editors["duration_minutes"].set_value(first.duration_minutes + 40)
        form.buttons.button(SAVE).click()

    on_modal(longer)
    editor.agenda.edit()
    assert timing.text().startswith("Повестка дня: 2 ч 10 мин (отведённое время: 2 ч, 10:00–12:00)")
    assert "Превышение отведённого времени на 10 мин" in timing.text() and timing.property("over")
    ctx.undo_stack.undo()
    assert not timing.property("over") and timing.styleSheet() == ""


def test_a_backlog_question_added_moved_into_a_meeting_in_one_step_and_undone(window, ctx, qtbot):
    window.show_page("meetings")
    panel = window.meetings.backlog
    assert panel.isVisible() and panel.table.rowCount() == 0

    def fill(form: RecordDialog):
        assert "meeting" not in form.editor.editors and "position" not in form.editor.editors
        form.editor.editors["title_ru"].set_value("О совместном логистическом центре")
        form.editor.editors["duration_minutes"].set_value(15)
        form.editor.editors["proposed_by"].set_value("KZ")
        form.buttons.button(SAVE).click()

    on_modal(fill)
    uuid = panel.add()
    question = ctx.session.scalar(select(AgendaItem).where(AgendaItem.uuid == uuid))
    assert question.meeting is None
    assert panel.table.rowCount() == 1 and panel.current_uuid() == uuid
    texts = [panel.table.item(0, c).text() for c in range(4)]
    assert texts == ["1", "О совместном логистическом центре", "15 мин", "Казахстан"]

    # A meeting with signed minutes is not offered.
    ctx.commit(
        lambda store: signed_minutes.sign(store, store.require("meeting", meeting(ctx, "UZ-M-001").uuid))
    )
    target = meeting(ctx, "UZ-M-003")
    before = len(target.agenda)
    steps = ctx.undo_stack.count()
    offered = []

    def choose(dialog: QInputDialog):
        offered.extend(dialog.comboBoxItems())
        dialog.setTextValue(next(name for name in offered if name.startswith("UZ-M-003")))
        dialog.accept()

    on_modal(choose)
    assert panel.move_to_meeting()
    assert not any(name.startswith("UZ-M-001") for name in offered) and len(offered) == 2
    moved = ctx.session.scalar(select(AgendaItem).where(AgendaItem.uuid == uuid))
    assert moved.meeting.uuid == target.uuid and moved.position == before + 1
    assert panel.table.rowCount() == 0
    assert ctx.undo_stack.count() == steps + 1  # one step

    failed = []
    ctx.failed.connect(failed.append)
    ctx.undo_stack.undo()
    assert failed == []
    back = ctx.session.scalar(select(AgendaItem).where(AgendaItem.uuid == uuid))
    assert back.meeting is None and len(meeting(ctx, "UZ-M-003").agenda) == before
    assert panel.table.rowCount() == 1
    ctx.undo_stack.redo()
    assert ctx.session.scalar(select(AgendaItem).where(AgendaItem.uuid == uuid)).meeting.code == "UZ-M-003"


def test_a_backlog_question_edited_and_deleted(window, ctx, qtbot):
    window.show_page("meetings")
    panel = window.meetings.backlog
    uuid = ctx.create("agenda_item", {"title_ru": "Вопрос", "position": 1}, "new")
    assert panel.select_uuid(uuid)

    def rename(form: RecordDialog):
        form.editor.editors["title_ru"].set_value("Вопрос о тарифах")
        form.buttons.button(SAVE).click()

    on_modal(rename)
    panel.edit()
    assert panel.table.item(0, 1).text() == "Вопрос о тарифах"
    assert ctx.session.scalar(select(AgendaItem).where(AgendaItem.uuid == uuid)).meeting is None
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    panel.delete()
    assert panel.table.rowCount() == 0
    assert ctx.session.scalar(select(AgendaItem).where(AgendaItem.uuid == uuid)) is None
