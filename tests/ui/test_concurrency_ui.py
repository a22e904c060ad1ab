"""Two people on one database, in the window: the form of the second saver shows who changed the
record and when, both values, and saves what the person chooses; undo and delete never go over
someone else's change; on a server the window shows the others' changes within seconds."""

import gc

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from app.models import ChangeLog, Project
from app.services.database import Database
from app.services.errors import UserError
from app.services.settings import set_operator
from app.services.store import Store
from app.ui.forms.record_form import RecordDialog
from app.ui.tables.model import UUID_ROLE
from tests import pg
from tests.ui.conftest import on_modal

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given


@pytest.fixture
def other(demo_location, backend):
    """The other person, Каримова Н.: a connection of their own to the window's database (on a
    server, under a login of their own, with the rights the README gives the staff)."""
    if backend == "postgresql":
        pg.ensure_people()
        pg.grant_staff(demo_location)
        demo_location = pg.url_of(pg.database_of(demo_location), user=pg.PEOPLE[0])
    db = Database(demo_location)
    if backend == "postgresql":
        with db.transaction() as s:
            set_operator(s, "Каримова Н.")
    yield db
    db.close()


def saved_elsewhere(other, values: dict, code: str = "UZ-P-007", operator: str = "Каримова Н.") -> None:
    """Their save, committed."""
    with other.transaction() as s:
        Store(s, operator=operator).update(
            s.scalars(select(Project).where(Project.code == code)).one(), values
        )


def current(other, code: str = "UZ-P-007") -> Project:
    with other.session() as s:
        return s.scalars(select(Project).where(Project.code == code)).one()


def project(ctx, code: str = "UZ-P-007") -> Project:
    return ctx.session.scalar(select(Project).where(Project.code == code))


def open_form(ctx, qtbot, window) -> RecordDialog:
    dialog = RecordDialog(ctx, "project", project(ctx), parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click_save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_the_second_saver_sees_both_values_and_chooses(window, ctx, qtbot, other):
    dialog = open_form(ctx, qtbot, window)
    saved_elsewhere(other, {"notes": "Их примечание", "jobs": 999})  # while the form is open
    dialog.editor.editors["notes"].set_value("Моё примечание")
    dialog.editor.editors["region"].set_value("Наманганская область")
    seen = {}

    def choose(box):
        seen["save_enabled_before"] = box.save.isEnabled()  # nothing chosen yet
        box.choose("notes", mine=True)
        seen["save_enabled_after"] = box.save.isEnabled()
        box.save.click()

    on_modal(choose)
    click_save(dialog)
    assert seen["save_enabled_before"] is False and seen["save_enabled_after"] is True
    assert dialog.result() == dialog.DialogCode.Accepted
    now = current(other)
    assert (now.notes, now.jobs, now.region) == ("Моё примечание", 999, "Наманганская область")
    with other.session() as s:
        notes = s.scalars(
            select(ChangeLog.operator).where(ChangeLog.record_uuid == now.uuid, ChangeLog.field == "notes")
        ).all()
    assert notes[-2] == "Каримова Н."  # theirs, then mine: both in the history


def test_the_dialog_names_who_and_when_and_both_values(window, ctx, qtbot, other):
    dialog = open_form(ctx, qtbot, window)
    saved_elsewhere(other, {"notes": "Их примечание"})
    dialog.editor.editors["notes"].set_value("Моё примечание")
    dialog.editor.editors["jobs"].set_value(321)
    seen = {}

    def look_and_go_back(box):
        from PySide6.QtWidgets import QLabel

        seen["texts"] = [w.text() for w in box.findChildren(QLabel)]
        seen["size"] = (box.width(), box.height())
        box.reject()

    on_modal(look_and_go_back)
    click_save(dialog)
    texts = "\n".join(seen["texts"])
    assert "Каримова Н." in texts and "UZ-P-007" in texts
    assert "Их примечание" in texts and "Моё примечание" in texts
    assert "Создаваемые рабочие места" in texts  # mine alone: saved with theirs
    assert seen["size"][0] <= 1366 and seen["size"][1] <= 768
    # Back to the form: nothing was written, what was typed is still there.
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert current(other).notes == "Их примечание" and current(other).jobs != 321
    assert dialog.editor.editors["notes"].value() == "Моё примечание"


def test_theirs_chosen_everywhere_writes_nothing_more(window, ctx, qtbot, other):
    dialog = open_form(ctx, qtbot, window)
    saved_elsewhere(other, {"notes": "Их примечание"})
    version = current(other).version
    dialog.editor.editors["notes"].set_value("Моё примечание")

    def take_theirs(box):
        box.choose("notes", mine=False)
        box.save.click()

    on_modal(take_theirs)
    click_save(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert (current(other).notes, current(other).version) == ("Их примечание", version)
    assert project(ctx).notes == "Их примечание"  # the window shows what is saved


def test_a_record_deleted_meanwhile_closes_the_form_with_a_word(window, ctx, qtbot, other):
    dialog = open_form(ctx, qtbot, window)
    with other.transaction() as s:
        store = Store(s, operator="Каримова Н.")
        store.delete(store.require("project", dialog.record.uuid))
    dialog.editor.editors["notes"].set_value("Поздно")
    seen = {}

    def read(box):
        seen["name"], seen["text"] = box.objectName(), box.text()
        box.accept()

    on_modal(read)
    click_save(dialog)
    assert seen["name"] == "deleted_meanwhile" and "Каримова Н." in seen["text"]
    assert dialog.result() == dialog.DialogCode.Rejected


def test_undo_does_not_go_over_someone_elses_change(window, ctx, qtbot, other):
    record = project(ctx)
    ctx.update("project", record.uuid, {"notes": "Моё"}, "Изменить", version=record.version)
    saved_elsewhere(other, {"notes": "Их"})
    messages = []

    def read(box):
        messages.append(box.text())
        box.accept()

    on_modal(read)
    window.actions_by_name["undo"].trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=3000)
    assert "Каримова Н." in messages[0] and "не отменено" in messages[0]
    assert current(other).notes == "Их"


def test_deleting_a_record_someone_changed_since_it_was_shown_is_refused(window, ctx, qtbot, other):
    window.show_page("projects")
    page = window.projects
    page.select_uuid(project(ctx).uuid)
    saved_elsewhere(other, {"notes": "Их"})

    def answer(box):
        box.button(QMessageBox.StandardButton.Yes).click()

    on_modal(answer)
    with pytest.raises(UserError) as refused:  # the window's error box says it (errors.py)
        page.delete_selected()
    assert "Каримова Н." in str(refused.value) and "не удалена" in str(refused.value)
    assert current(other).notes == "Их"
    assert page.selected_uuid() == project(ctx).uuid  # still there, shown as they saved it


def test_the_window_shows_the_others_changes_within_seconds(backend, window, ctx, qtbot, other):
    if backend != "postgresql":
        pytest.skip("a file has one writer at a time: nothing changes under the window")
    assert ctx.live is not None
    window.show_page("projects")
    page = window.projects
    saved_elsewhere(other, {"name_ru": "Завод, переименованный соседом"})
    qtbot.waitUntil(
        lambda: any(
            "переименованный соседом" in (page.model.index(r, 1).data() or "")
            for r in range(page.model.rowCount())
        ),
        timeout=8000,
    )
    assert "Каримова Н." in window.statusBar().currentMessage()


def test_the_meeting_editor_asks_too(ctx, qtbot, other):
    from app.models import Meeting
    from app.ui.meeting_editor import MeetingEditor

    meeting = ctx.session.scalar(select(Meeting).where(Meeting.number == 3))
    editor = MeetingEditor(ctx, meeting)
    qtbot.addWidget(editor)
    with other.transaction() as s:
        theirs = s.scalar(select(Meeting).where(Meeting.number == 3))
        Store(s, operator="Каримова Н.").update(theirs, {"place_ru": "Ташкент, Дом приёмов"})
    editor.main.editors["place_ru"].set_value("Астана, Дворец независимости")

    def keep_mine(box):
        box.choose("place_ru", mine=True)
        box.save.click()

    on_modal(keep_mine)
    editor.save()
    with other.session() as s:
        assert s.scalar(select(Meeting.place_ru).where(Meeting.number == 3)) == "Астана, Дворец независимости"
    assert editor.main.editors["place_ru"].value() == "Астана, Дворец независимости"


# ---- the roadmap: its rows keep the texts and the version they show, not the records -----------


def item_saved_elsewhere(other, number: str, values: dict) -> None:
    from app.models import RoadmapItem

    with other.transaction() as s:
        Store(s, operator="Каримова Н.").update(
            s.scalars(select(RoadmapItem).where(RoadmapItem.number == number)).one(), values
        )


def item_now(other, number: str):
    from app.models import RoadmapItem

    with other.session() as s:
        return s.scalars(select(RoadmapItem).where(RoadmapItem.number == number)).one()


def roadmap_shown(window, qtbot, number: str = "1.1", as_list: bool = False):
    """The roadmap read and shown, the item `number` selected; what the window held of records
    only for working out the rows is gone (a collection: time passes while the person looks)."""
    window.show_page("roadmap")
    view = window.roadmap
    qtbot.waitUntil(view.model.loaded)
    uuid = next(n.uuid for n in view.model.nodes if n.number == number)
    if as_list:
        view.list_toggle.setChecked(True)
        assert view.list_page.select_uuid(uuid)
    else:
        assert view.select_uuid(uuid)
    gc.collect()
    return view, uuid


def not_opened(action) -> str:
    """`action` refused with a word; a form it opened after all is closed at once and said."""
    opened = []
    on_modal(lambda dialog: None if opened == ["told"] else (opened.append("form"), dialog.reject()))
    with pytest.raises(UserError) as told:
        action()
    assert opened == [], "the form opened on a record changed since the row showed it"
    opened.append("told")
    return str(told.value)


def refused_delete(action, qtbot):
    def answer(box):
        box.button(QMessageBox.StandardButton.Yes).click()

    on_modal(answer)
    with pytest.raises(UserError) as refused:
        action()
    return str(refused.value)


def test_deleting_a_roadmap_item_changed_since_the_tree_showed_it_is_refused(window, ctx, qtbot, other):
    view, uuid = roadmap_shown(window, qtbot)
    item_saved_elsewhere(other, "1.1", {"measure_ru": "Их формулировка"})
    message = refused_delete(view.delete_selected, qtbot)
    assert "Каримова Н." in message and "не удалена" in message
    assert item_now(other, "1.1").measure_ru == "Их формулировка"
    assert view.selected_uuid() == uuid  # still there, shown as they saved it
    node = view.model.by_uuid[uuid]
    assert node.version == item_now(other, "1.1").version
    assert any("Их формулировка" in text for text in view.model.complete()[node.place].texts)


def test_deleting_a_roadmap_item_changed_since_the_list_showed_it_is_refused(window, ctx, qtbot, other):
    view, _uuid = roadmap_shown(window, qtbot, as_list=True)
    item_saved_elsewhere(other, "1.1", {"measure_ru": "Их формулировка"})
    message = refused_delete(view.list_page.delete_selected, qtbot)
    assert "Каримова Н." in message and "не удалена" in message
    assert item_now(other, "1.1").measure_ru == "Их формулировка"


def test_opening_a_roadmap_item_changed_since_it_was_shown_says_so_first(window, ctx, qtbot, other):
    """The row showed the item before their change: the form does not open on it as if nothing
    had happened; the person is told who changed it, and the roadmap shows it as saved now."""
    view, uuid = roadmap_shown(window, qtbot)
    item_saved_elsewhere(other, "1.1", {"measure_ru": "Их формулировка"})
    assert "Каримова Н." in not_opened(view.open_selected)
    node = view.model.by_uuid[uuid]
    assert node.version == item_now(other, "1.1").version  # shown again as saved now
    seen = {}

    def look(dialog):
        seen["measure"] = dialog.editor.editors["measure_ru"].value()
        dialog.reject()

    on_modal(look)
    view.open_selected()  # now the form opens, on what they saved
    assert seen["measure"] == "Их формулировка"


def test_opening_a_list_row_changed_since_it_was_shown_says_so_first(window, ctx, qtbot, other):
    window.show_page("projects")
    page = window.projects
    page.select_uuid(project(ctx).uuid)
    saved_elsewhere(other, {"notes": "Их"})
    assert "Каримова Н." in not_opened(page.open_selected)


def test_deleting_a_progress_report_changed_since_it_was_shown_is_refused(window, ctx, qtbot, other):
    from app.models import ProgressReport

    view, _uuid = roadmap_shown(window, qtbot)
    assert view.reports.table.rowCount() > 0
    view.reports.table.setCurrentCell(0, 0)
    gc.collect()
    report_uuid = view.reports.table.item(0, 0).data(UUID_ROLE)
    with other.transaction() as s:
        report = s.scalars(select(ProgressReport).where(ProgressReport.uuid == report_uuid)).one()
        Store(s, operator="Каримова Н.").update(report, {"text": "Их отчёт"})
    message = refused_delete(view.reports.delete_report, qtbot)
    assert "Каримова Н." in message and "не удал" in message
    with other.session() as s:
        assert (
            s.scalars(select(ProgressReport.text).where(ProgressReport.uuid == report_uuid)).one()
            == "Их отчёт"
        )


def test_opening_a_roadmap_item_deleted_since_it_was_shown_says_who(window, ctx, qtbot, other):
    from app.models import RoadmapItem

    view, uuid = roadmap_shown(window, qtbot, number="1.2")
    with other.transaction() as s:
        store = Store(s, operator="Каримова Н.")
        store.delete(s.scalars(select(RoadmapItem).where(RoadmapItem.uuid == uuid)).one())
    assert "Каримова Н." in not_opened(view.open_selected)
    assert uuid not in view.model.by_uuid  # the roadmap is shown as it is now
