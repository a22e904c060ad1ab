"""The roadmap tree with its marks and progress reports; the meeting editor: agenda order,
participants per side, decision → roadmap item; the dashboard's entries."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.models import Decision, Meeting, RoadmapItem
from app.services.labels import label
from app.ui.forms.record_form import RecordDialog
from app.ui.meeting_editor import MeetingEditor
from app.ui.tables.model import OVERDUE_BACKGROUND, STATE_ROLE, UUID_ROLE
from tests.conftest import TODAY
from tests.ui.conftest import item_of, on_modal


def test_tree_by_numbering_with_marks(window, ctx):
    window.show_page("roadmap")
    model = window.roadmap.model
    first = model.roots[0]
    assert item_of(window, first).number == "I"
    assert [item_of(window, n).number for n in first.children][:3] == ["1", "2", "3"]
    one = first.children[0]
    assert [item_of(window, n).number for n in one.children] == ["1.1", "1.2"]
    for node in model.nodes:
        if item_of(window, node).is_overdue(TODAY):
            assert node.state == "overdue" and node.texts[5] == label(item_of(window, node).status)
        elif item_of(window, node).is_due_soon(TODAY):
            assert node.state == "due_soon"
        else:
            assert node.state == ""
    assert {n.state for n in model.nodes} >= {"overdue", "due_soon"}
    # What the view paints, asked as Qt asks it (roles as plain numbers).
    overdue = next(n for n in model.nodes if n.state == "overdue")
    index = model.index_of(item_of(window, overdue).uuid)
    assert index.data(int(Qt.ItemDataRole.BackgroundRole)).color() == OVERDUE_BACKGROUND
    assert index.data(Qt.ItemDataRole.DisplayRole) == item_of(window, overdue).number
    assert index.siblingAtColumn(1).data(Qt.ItemDataRole.ToolTipRole) == overdue.texts[1]
    assert index.data(UUID_ROLE) == item_of(window, overdue).uuid and index.data(STATE_ROLE) == "overdue"
    assert index.data(Qt.ItemDataRole.FontRole) is None
    assert model.index_of(item_of(window, first).uuid).data(Qt.ItemDataRole.FontRole).bold()
    plain = next(n for n in model.nodes if n.state == "" and item_of(window, n).kind.value == "measure")
    assert model.index_of(item_of(window, plain).uuid).data(Qt.ItemDataRole.BackgroundRole) is None


def test_progress_report_added_from_the_item(window, ctx, qtbot):
    window.show_page("roadmap")
    view = window.roadmap
    item = ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == "3"))
    assert view.select_uuid(item.uuid)
    before = view.reports.table.rowCount()

    def fill(dialog: RecordDialog):
        assert "item" not in dialog.editor.editors  # given by the selected item
        assert dialog.editor.editors["report_date"].value() == TODAY.isoformat()
        dialog.editor.editors["text"].set_value("Проект передан на экспертизу.")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    on_modal(fill)
    view.reports.add_report()
    assert view.reports.table.rowCount() == before + 1
    texts = [view.reports.table.item(r, 2).text() for r in range(view.reports.table.rowCount())]
    assert "Проект передан на экспертизу." in texts


def meeting(ctx, number: int) -> Meeting:
    return ctx.session.scalar(select(Meeting).where(Meeting.number == number))


def test_agenda_reordered_through_the_store_and_undone(ctx, qtbot):
    editor = MeetingEditor(ctx, meeting(ctx, 2))
    qtbot.addWidget(editor)
    agenda = editor.agenda
    titles = [r.title_ru for r in sorted(meeting(ctx, 2).agenda, key=lambda r: r.position)]
    agenda.list.setCurrentRow(0)
    agenda.buttons["down"].click()
    after = [r.title_ru for r in sorted(meeting(ctx, 2).agenda, key=lambda r: r.position)]
    assert after == [titles[1], titles[0], *titles[2:]]
    assert [r.position for r in sorted(meeting(ctx, 2).agenda, key=lambda r: r.position)] == list(
        range(1, len(titles) + 1)
    )
    assert agenda.list.item(0).text().startswith("1. " + titles[1])
    ctx.undo_stack.undo()
    again = [r.title_ru for r in sorted(meeting(ctx, 2).agenda, key=lambda r: r.position)]
    assert again == titles


def test_participants_per_side_and_save(ctx, qtbot):
    editor = MeetingEditor(ctx, meeting(ctx, 3))
    qtbot.addWidget(editor)
    lists = editor.people.editors["participants"].lists
    assert set(lists) == {"UZ", "KZ"}
    kz = lists["KZ"]
    first = kz.list.item(0)
    first.setCheckState(first.checkState().__class__.Unchecked)
    editor.main.editors["place_ru"].set_value("г. Астана, Дворец независимости")
    editor.save()
    saved = meeting(ctx, 3)
    assert saved.place_ru == "г. Астана, Дворец независимости"
    assert first.data(256) not in {p.uuid for p in saved.participants}


def test_decision_becomes_a_roadmap_item(ctx, qtbot):
    editor = MeetingEditor(ctx, meeting(ctx, 1))
    qtbot.addWidget(editor)
    decision = sorted(meeting(ctx, 1).decisions, key=lambda d: d.position)[0]
    editor.decisions.list.setCurrentRow(0)
    section = ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == "III"))
    last = max(section.children, key=lambda i: int(i.number)).number
    uuid = editor.decision_to_roadmap(section.uuid)
    item = ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.uuid == uuid))
    assert item.decision.uuid == decision.uuid and item.parent.uuid == section.uuid
    assert item.measure_ru == decision.text_ru and item.measure_kk == decision.text_kk
    assert item.number == str(int(last) + 1)
    assert "Пункты дорожной карты:" in editor.decisions.list.item(0).text()
    assert editor.decisions.list.item(0).text().endswith(f", {item.number}")
    ctx.undo_stack.undo()
    assert ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.uuid == uuid)) is None
    assert ctx.session.scalar(select(Decision).where(Decision.uuid == decision.uuid)) is not None


def test_dashboard_entries_open_records(window, ctx, qtbot):
    dash = window.dashboard
    statuses = [dash.status_list.item(i).text() for i in range(dash.status_list.count())]
    assert "Строительство — 3" in statuses
    assert dash.overdue_list.count() == sum(
        1 for i in ctx.session.scalars(select(RoadmapItem)) if i.is_overdue(TODAY)
    )
    assert dash.soon_list.count() >= 1
    assert "UZ-M-003" in dash.meeting_list.item(0).text()
    index = statuses.index("Строительство — 3")
    dash._activated(dash.status_list.item(index))
    assert window.stack.currentWidget() is window.projects and window.projects.model.rowCount() == 3
    seen = {}

    def close(dialog):
        seen["title"] = dialog.windowTitle()
        dialog.reject()

    on_modal(close)
    dash._activated(dash.overdue_list.item(0))
    assert window.stack.currentWidget() is window.roadmap
    assert seen["title"].startswith("Пункт дорожной карты")


def test_a_double_click_on_a_dashboard_entry_opens_it_once(window, qtbot):
    from PySide6.QtTest import QTest

    overdue = window.dashboard.overdue_list
    opened = []

    def close(dialog):
        opened.append(dialog.windowTitle())
        dialog.reject()

    on_modal(close)
    on_modal(close, attempts=30)  # a second editor, if the double click opened one, is closed too
    spot = overdue.visualItemRect(overdue.item(0)).center()
    QTest.mouseClick(overdue.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    QTest.mouseDClick(overdue.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.wait(400)
    assert len(opened) == 1 and window.current_page() is window.roadmap


def test_new_sub_item_offers_the_next_free_number(window, ctx, qtbot):
    window.show_page("roadmap")
    view = window.roadmap
    parent = ctx.session.scalar(select(RoadmapItem).where(RoadmapItem.number == "1"))
    assert view.select_uuid(parent.uuid)
    offered: list[str] = []

    def look(form):
        offered.append(form.editor.editors["number"].value())
        form.done(0)  # nothing typed: closes without asking

    on_modal(look)
    view.new_item(sub=True)
    numbers = {i.number for i in ctx.session.scalars(select(RoadmapItem))}
    assert offered and offered[0].startswith("1.") and offered[0] not in numbers
