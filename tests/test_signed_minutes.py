"""Signed minutes are final: the store refuses every change to a signed meeting's minutes, agenda
and decisions — the forms, undo and imports all write through it — until the minutes are
unlocked with a reason, which is a record of its own and shows in the history."""

import pytest
from sqlalchemy import select

from app.models import AgendaItem, ChangeLog, Decision, Meeting, MinutesUnlock, RoadmapItem
from app.services.errors import UserError
from app.services.history import history
from app.services.meetings import decision_to_roadmap_item
from app.services.signed_minutes import sign, unlock
from app.services.store import Store
from app.services.validation import ValidationError

from .conftest import TODAY


def meeting(session, code: str = "UZ-M-001") -> Meeting:
    return session.scalars(select(Meeting).where(Meeting.code == code)).one()


def signed(db, code: str = "UZ-M-001") -> None:
    with db.transaction() as s:
        sign(Store(s), meeting(s, code))


def test_signing_marks_the_minutes_and_a_planned_meeting_held(demo_db):
    with demo_db.transaction() as s:
        planned = meeting(s, "UZ-M-003")
        assert planned.status == "planned" and planned.minutes_status == "draft"
        changed = sign(Store(s), planned)
    assert changed == {"minutes_status": ("draft", "signed"), "status": ("planned", "held")}
    with demo_db.session() as s:
        assert meeting(s, "UZ-M-003").signed
        with pytest.raises(UserError, match="UZ-M-003"):
            sign(Store(s), meeting(s, "UZ-M-003"))


WRITES = {
    "minutes text": lambda store, m: store.update(m, {"minutes_ru": "Исправлено"}),
    "decision text": lambda store, m: store.update(m.decisions[0], {"text_ru": "Иное решение"}),
    "decision order": lambda store, m: store.update(m.decisions[0], {"position": 9}),
    "new decision": lambda store, m: store.create(
        "decision", {"meeting": m.uuid, "position": 9, "text_ru": "Ещё одно"}
    ),
    "decision deleted": lambda store, m: store.delete(m.decisions[0]),
    "agenda item retitled": lambda store, m: store.update(m.agenda[0], {"title_ru": "Иначе"}),
    "agenda item added": lambda store, m: store.create(
        "agenda_item", {"meeting": m.uuid, "position": 9, "title_ru": "Новый вопрос"}
    ),
    "agenda item deleted": lambda store, m: store.delete(m.agenda[0]),
    "agenda item to the backlog": lambda store, m: store.update(m.agenda[0], {"meeting": None}),
    "meeting deleted": lambda store, m: store.delete(m),
    "minutes made a draft without a reason": lambda store, m: store.update(m, {"minutes_status": "draft"}),
}


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_the_store_refuses_changes_to_signed_minutes(demo_db, write):
    signed(demo_db)
    with demo_db.session() as s:
        before = s.scalar(select(ChangeLog.id).order_by(ChangeLog.id.desc()).limit(1))
        with pytest.raises(UserError, match=r"UZ-M-001|«Разблокировать…»"):
            WRITES[write](Store(s), meeting(s))
        s.rollback()
        assert s.scalar(select(ChangeLog.id).order_by(ChangeLog.id.desc()).limit(1)) == before
        assert meeting(s).signed


def test_a_question_of_the_backlog_cannot_join_signed_minutes(demo_db):
    signed(demo_db)
    with demo_db.transaction() as s:
        question = Store(s).create(
            "agenda_item", {"position": 1, "title_ru": "Предложение", "proposed_by": "KZ"}
        )
        uuid = question.uuid
    with demo_db.session() as s:
        store = Store(s)
        with pytest.raises(UserError, match="UZ-M-001"):
            store.update(store.require("agenda_item", uuid), {"meeting": meeting(s).uuid})


def test_what_is_not_the_minutes_stays_editable(demo_db):
    """The meeting's details, and roadmap items made from its decisions, are not the minutes' text."""
    signed(demo_db)
    with demo_db.transaction() as s:
        store = Store(s)
        m = meeting(s)
        assert store.update(m, {"place_ru": "Ташкент", "end_time": "12:30"})
        decision = s.scalars(select(Decision).where(Decision.meeting_id == m.id)).first()
        section = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "II")).one()
        item = decision_to_roadmap_item(store, decision, section)
        assert item.decision is decision and not decision_changed(s, decision)


def decision_changed(session, decision) -> bool:
    return (
        session.scalar(
            select(ChangeLog.id).where(ChangeLog.record_uuid == decision.uuid, ChangeLog.action == "update")
        )
        is not None
    )


def test_unlocking_needs_a_reason_and_is_in_the_history(demo_db):
    signed(demo_db)
    with demo_db.session() as s:
        with pytest.raises(ValidationError) as missing:
            unlock(Store(s), meeting(s), "  ", TODAY)
        assert set(missing.value.errors) == {"reason"}
        s.rollback()
    with demo_db.transaction() as s:
        store = Store(s)
        record = unlock(store, meeting(s), "Опечатка в решении 2", TODAY)
        assert not meeting(s).signed
        store.update(meeting(s).decisions[1], {"text_ru": "Исправленное решение"})  # open again
        assert record.side == store.side and record.unlocked_on == TODAY
    with demo_db.session() as s:
        assert [u.reason for u in s.scalars(select(MinutesUnlock))] == ["Опечатка в решении 2"]
        rows = history(s, "ru", uuid=meeting(s).uuid)
        status = next(r for r in rows if r.field_key == "minutes_status")
        assert (status.field, status.old, status.new) == ("Статус протокола", "Подписан", "Не подписан")
        logged = history(s, "uz", entity="minutes_unlock")
        assert len(logged) == 1 and logged[0].action_text == "Yaratildi"
        assert "Опечатка в решении 2" in logged[0].new and "UZ-M-001" in logged[0].new
        assert "UZ-M-001" in logged[0].record


def test_signed_again_the_minutes_are_closed_to_the_same_store(demo_db):
    """The window keeps one store for the session: an unlocking opens the minutes only until they
    are signed again."""
    signed(demo_db)
    with demo_db.transaction() as s:
        store = Store(s)
        unlock(store, meeting(s), "Уточнение", TODAY)
        sign(store, meeting(s))
        with pytest.raises(UserError, match="UZ-M-001"):
            store.update(meeting(s), {"minutes_kk": "Өзгеріс"})
        s.rollback()


def test_backlog_questions_belong_to_no_meeting(demo_db):
    """A question of the backlog survives any meeting's deletion; one on a deleted meeting's agenda
    goes with it, as before."""
    with demo_db.transaction() as s:
        store = Store(s)
        question = store.create("agenda_item", {"position": 1, "title_ru": "На будущее"})
        store.delete(meeting(s, "UZ-M-003"))
        assert s.get(AgendaItem, question.id) is not None
        assert s.scalars(select(AgendaItem).where(AgendaItem.meeting_id.is_(None))).all() == [question]
