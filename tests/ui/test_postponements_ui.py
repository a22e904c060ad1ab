"""A roadmap item's deadline changed in its form asks why, and is kept as a postponement in the
same undoable step; the form shows how often the item was postponed."""

from sqlalchemy import select

from app.models import DeadlineKind, Postponement, RoadmapItem
from app.ui.forms.reason_dialog import ReasonDialog
from app.ui.forms.record_form import RecordDialog
from app.ui.tables.columns import ROADMAP
from app.ui.tables.model import UUID_ROLE
from tests.ui.conftest import on_modal


def dated_item(ctx) -> RoadmapItem:
    return ctx.session.scalars(
        select(RoadmapItem).where(RoadmapItem.deadline_kind == DeadlineKind.DATE).order_by(RoadmapItem.id)
    ).first()


def postponements_of(ctx, item) -> list[Postponement]:
    ctx.session.expire_all()
    return list(ctx.session.scalars(select(Postponement).where(Postponement.roadmap_item_id == item.id)))


def give_reason(text: str, seen: list):
    def answer(dialog):
        assert isinstance(dialog, ReasonDialog)
        seen.append((dialog.ok.isEnabled(), dialog.question.text()))
        dialog.text.setPlainText(text)
        assert dialog.ok.isEnabled()
        dialog.ok.click()

    return answer


def test_a_new_deadline_asks_why_and_is_kept_as_a_postponement_undone_in_one_step(window, ctx, qtbot):
    item = dated_item(ctx)
    old = item.deadline_date
    before = len(postponements_of(ctx, item))
    dialog = RecordDialog(ctx, "roadmap_item", item, parent=window)
    qtbot.addWidget(dialog)
    dialog.editor.editors["deadline"].set_value("2027-06-30")
    seen: list = []
    on_modal(give_reason("Финансирование перенесено на II полугодие", seen))
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert seen and seen[0][0] is False  # OK waits for a reason
    assert old.strftime("%d.%m.%Y") in seen[0][1] and "30.06.2027" in seen[0][1]
    ctx.session.expire_all()
    assert item.deadline_date.isoformat() == "2027-06-30"
    found = postponements_of(ctx, item)
    assert len(found) == before + 1
    made = max(found, key=lambda p: p.id)
    assert (made.old_deadline_date, made.new_deadline_date) == (old, item.deadline_date)
    assert made.reason == "Финансирование перенесено на II полугодие"
    assert made.side == ctx.side and made.operator == (ctx.operator or None)

    again = RecordDialog(ctx, "roadmap_item", item, parent=window)
    qtbot.addWidget(again)
    assert again.postponed.isVisibleTo(again)
    assert "Финансирование перенесено" in again.postponed.text() and "30.06.2027" in again.postponed.text()

    window.actions_by_name["undo"].trigger()  # one step: the deadline and its postponement
    ctx.session.expire_all()
    assert item.deadline_date == old and len(postponements_of(ctx, item)) == before
    window.actions_by_name["redo"].trigger()
    ctx.session.expire_all()
    assert item.deadline_date.isoformat() == "2027-06-30" and len(postponements_of(ctx, item)) == before + 1


def test_cancelling_the_reason_saves_nothing_and_keeps_the_form_open(window, ctx, qtbot):
    item = dated_item(ctx)
    old, before = item.deadline_date, len(postponements_of(ctx, item))
    dialog = RecordDialog(ctx, "roadmap_item", item, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editor.editors["deadline"].set_value("2028-01-31")
    on_modal(lambda reason: reason.reject())
    dialog.save()
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    ctx.session.expire_all()
    assert item.deadline_date == old and len(postponements_of(ctx, item)) == before
    assert dialog.editor.editors["deadline"].value() == "2028-01-31"  # what was typed is still there


def test_a_first_deadline_is_no_postponement(window, ctx, qtbot):
    item = ctx.session.scalars(
        select(RoadmapItem).where(RoadmapItem.deadline_kind == DeadlineKind.NONE)
    ).first()
    dialog = RecordDialog(ctx, "roadmap_item", item, parent=window)
    qtbot.addWidget(dialog)
    dialog.editor.editors["deadline"].set_value("2027-03-31")
    dialog.save()  # no question asked: a modal would hang here
    assert dialog.result() == dialog.DialogCode.Accepted
    assert postponements_of(ctx, item) == []


def test_the_roadmap_shows_how_often_an_item_was_postponed_and_filters_the_postponed(window, ctx, qtbot):
    postponed = {
        p.item.uuid: n for p in ctx.session.scalars(select(Postponement)) for n in [len(p.item.postponements)]
    }
    assert postponed  # the demo has postponements this month
    window.show_page("roadmap")
    view = window.roadmap
    view.filters.checks["postponed"].setChecked(True)
    shown = {node.uuid for node in view.matches_model.rows}
    assert shown == set(postponed)
    column = [c.key for c in ROADMAP.columns].index("postponed")
    for row in range(view.matches_model.rowCount()):
        index = view.matches_model.index(row, column)
        assert index.data() == str(postponed[index.data(UUID_ROLE)])
    view.filters.checks["postponed"].setChecked(False)
    assert view.visible_count() > len(postponed)
