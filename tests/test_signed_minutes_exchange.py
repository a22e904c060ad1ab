"""Signed minutes through the exchange: whatever the store would refuse is an error at its cell in
the preview; a file never signs here what the other side did not sign; the other side's unlocking
(with its reason) opens the minutes, and a file that changes and signs them in one go applies."""

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.models import AgendaItem, Decision, Meeting, MinutesUnlock, Side
from app.services.database import Database
from app.services.errors import UserError
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.present import field_label
from app.services.exchange.importing.reader import read_workbook
from app.services.history import history
from app.services.signed_minutes import sign, unlock
from app.services.store import Store

from .conftest import TODAY, file_bytes
from .exchange_files import Sheet, edit_workbook, export_file
from .test_convergence import records, sync


def meeting(session, code: str = "UZ-M-001") -> Meeting:
    return session.scalars(select(Meeting).where(Meeting.code == code)).one()


def write(db: Database, work) -> None:
    with db.transaction() as s:
        work(Store(s), s)


def first_decision(session, code: str = "UZ-M-001") -> Decision:
    return sorted(meeting(session, code).decisions, key=lambda d: d.position)[0]


def errors_of(preview) -> list[tuple]:
    return [(e.entity, e.uuid, e.key, e.sheet, e.row, e.column, e.message) for e in preview.plan.errors]


@pytest.fixture
def shared(pair_dbs):
    """UZ (the demo) and KZ, which has imported UZ's data."""
    uz, kz = pair_dbs
    sync(uz, kz, Side.KZ)
    return uz, kz


def decision_row(path: Path, uuid: str) -> int:
    return Sheet(load_workbook(path), "decision").find("uuid", uuid)


def test_signed_here_edited_there_is_an_error_at_the_cell(shared, workdir):
    """UZ signs; KZ, before it has UZ's file, corrects a decision. Its file cannot change the signed
    decision at UZ: the preview says so at the decision's cell, and nothing is written."""
    uz, kz = shared
    write(uz, lambda store, s: sign(store, meeting(s)))
    with kz.session() as s:
        uuid = first_decision(s).uuid
    write(kz, lambda store, s: store.update(first_decision(s), {"text_ru": "Поправка КЗ"}))
    path = export_file(kz, workdir)
    preview = preview_import(uz, read_workbook(path))
    [(entity, found, key, sheet, row, column, message)] = errors_of(preview)
    assert (entity, found, key) == ("decision", uuid, "text_ru")
    assert (row, column) == (decision_row(path, uuid), field_label("decision", "text_ru"))
    assert sheet == Sheet(load_workbook(path), "decision").ws.title
    assert "UZ-M-001" in message and "подписан" in message
    before = file_bytes(uz.path)
    with pytest.raises(UserError):
        apply_import(uz, preview)
    assert file_bytes(uz.path) == before
    # Applying the rest leaves the decision as signed; the rest of the file goes in.
    apply_import(uz, preview, skip_invalid=True)
    with uz.session() as s:
        assert first_decision(s).text_ru != "Поправка КЗ" and meeting(s).signed


def test_a_signature_over_changes_made_here_is_an_error_that_names_them(shared, workdir):
    """The other way round: KZ has corrected a decision since the last exchange; UZ's file signs the
    minutes without it. Signing here would sign what UZ never saw: an error at the status cell."""
    uz, kz = shared
    write(kz, lambda store, s: store.update(first_decision(s), {"text_ru": "Поправка КЗ"}))
    write(uz, lambda store, s: sign(store, meeting(s)))
    path = export_file(uz, workdir)
    preview = preview_import(kz, read_workbook(path))
    [(entity, found, key, _sheet, row, _column, message)] = errors_of(preview)
    with kz.session() as s:
        assert (entity, found, key) == ("meeting", meeting(s).uuid, "minutes_status")
        assert row == Sheet(load_workbook(path), "meeting").find("code", "UZ-M-001")
        assert "UZ-M-001" in message and "Поправка КЗ"[:10] in message
    with pytest.raises(UserError):
        apply_import(kz, preview)
    with kz.session() as s:
        assert not meeting(s).signed


def test_the_other_sides_unlocking_opens_the_minutes_and_shows_why(shared, workdir):
    """Both have the minutes signed. UZ unlocks them (with a reason), corrects a decision and signs
    again: KZ takes the correction, its minutes stay signed, and its history says why."""
    uz, kz = shared
    write(uz, lambda store, s: sign(store, meeting(s)))
    sync(uz, kz, Side.KZ)
    reason = "Опечатка в решении 1"

    def correct(store, s):
        unlock(store, meeting(s), reason, TODAY)
        store.update(first_decision(s), {"text_ru": "Исправлено по согласованию"})
        sign(store, meeting(s))

    write(uz, correct)
    sync(uz, kz, Side.KZ)
    with kz.session() as s:
        assert meeting(s).signed and first_decision(s).text_ru == "Исправлено по согласованию"
        [record] = s.scalars(select(MinutesUnlock)).all()
        assert (record.reason, record.side, record.meeting.code) == (reason, Side.UZ, "UZ-M-001")
        [logged] = history(s, "kk", entity="minutes_unlock")
        assert reason in logged.new and logged.side_text == "Өзбекстан"
        assert logged.source_text.startswith("Басқа тараптың")
    assert records(uz) == records(kz)


def test_without_an_unlocking_a_file_cannot_reopen_signed_minutes(shared, workdir):
    """Our own workbook comes back with the status typed over in Excel, and a decision edited: both
    are errors at their cells — signed minutes are opened only by an unlocking with its reason."""
    uz, _kz = shared
    write(uz, lambda store, s: sign(store, meeting(s)))
    path = export_file(uz, workdir)
    with uz.session() as s:
        decision = first_decision(s).uuid

    def by_hand(wb):
        meetings, decisions = Sheet(wb, "meeting"), Sheet(wb, "decision")
        meetings.set(meetings.find("code", "UZ-M-001"), "minutes_status", "Проект")
        decisions.set(decisions.find("uuid", decision), "text_kk", "Қолмен өзгертілді")

    edit_workbook(path, by_hand)
    preview = preview_import(uz, read_workbook(path))
    assert {(e.entity, e.key) for e in preview.plan.errors} == {
        ("meeting", "minutes_status"),
        ("decision", "text_kk"),
    }
    assert all(e.row for e in preview.plan.errors)


def test_a_file_that_changes_and_signs_the_minutes_applies(shared, workdir):
    """UZ corrects the minutes and a decision, then signs; KZ, which changed nothing, takes it all:
    the changes are written, then the signature."""
    uz, kz = shared

    def finish(store, s):
        store.update(meeting(s), {"minutes_uz": "Bayonnoma matni"})
        store.update(first_decision(s), {"text_uz": "Qaror matni"})
        sign(store, meeting(s))

    write(uz, finish)
    sync(uz, kz, Side.KZ)
    with kz.session() as s:
        assert meeting(s).signed and meeting(s).minutes_uz == "Bayonnoma matni"
        assert first_decision(s).text_uz == "Qaror matni"


def test_a_new_meeting_arrives_signed_with_its_agenda_and_decisions(shared, workdir):
    uz, kz = shared

    def hold(store, s):
        made = store.create("meeting", {"meeting_date": "2026-11-20", "status": "held"})
        item = store.create("agenda_item", {"meeting": made.uuid, "position": 1, "title_kk": "Мәселе"})
        store.create(
            "decision", {"meeting": made.uuid, "agenda_item": item.uuid, "position": 1, "text_kk": "Шешім"}
        )
        sign(store, made)

    write(kz, hold)
    sync(kz, uz, Side.UZ)
    with uz.session() as s:
        made = meeting(s, "KZ-M-001")
        assert made.signed and [a.title_kk for a in made.agenda] == ["Мәселе"]
        assert [d.text_kk for d in made.decisions] == ["Шешім"]
    assert records(uz) == records(kz)


def test_the_new_fields_and_the_backlog_travel_both_ways(shared, workdir):
    """End time, minutes status, the backlog's questions (with who proposed them), a question
    moved into a meeting's agenda, unlockings: two copies exchange them and hold the same."""
    uz, kz = shared
    write(uz, lambda store, s: store.update(meeting(s, "UZ-M-003"), {"end_time": "13:00"}))
    write(uz, lambda store, s: store.create("agenda_item", {"position": 1, "title_ru": "Вопрос УЗ"}))

    def kz_side(store, s):
        store.create("agenda_item", {"position": 2, "title_kk": "ҚР ұсынысы", "proposed_by": "KZ"})
        sign(store, meeting(s, "UZ-M-002"))
        unlock(store, meeting(s, "UZ-M-002"), "Нақтылау", TODAY)

    write(kz, kz_side)
    sync(kz, uz, Side.UZ)
    sync(uz, kz, Side.KZ)
    assert records(uz) == records(kz)
    with uz.session() as s:
        backlog = s.scalars(select(AgendaItem).where(AgendaItem.meeting_id.is_(None))).all()
        assert sorted(q.proposed_by or "" for q in backlog) == ["", "KZ"]
        assert meeting(s, "UZ-M-003").end_time.strftime("%H:%M") == "13:00"
        assert not meeting(s, "UZ-M-002").signed and len(meeting(s, "UZ-M-002").unlocks) == 1

    # Both sides put the same question on the same agenda: one change, no conflict.
    def onto_agenda(store, s):
        question = s.scalars(select(AgendaItem).where(AgendaItem.title_kk == "ҚР ұсынысы")).one()
        store.update(question, {"meeting": meeting(s, "UZ-M-003").uuid, "position": 9})

    write(uz, onto_agenda)
    write(kz, onto_agenda)
    sync(uz, kz, Side.KZ)
    sync(kz, uz, Side.UZ)
    assert records(uz) == records(kz)
    with kz.session() as s:
        assert "ҚР ұсынысы" in [a.title_kk for a in meeting(s, "UZ-M-003").agenda]


def test_a_question_moved_into_minutes_signed_here_is_an_error_at_its_meeting_cell(shared, workdir):
    uz, kz = shared
    write(uz, lambda store, s: store.create("agenda_item", {"position": 1, "title_ru": "Вопрос"}))
    sync(uz, kz, Side.KZ)
    write(uz, lambda store, s: sign(store, meeting(s, "UZ-M-002")))

    def move(store, s):
        question = s.scalars(select(AgendaItem).where(AgendaItem.title_ru == "Вопрос")).one()
        store.update(question, {"meeting": meeting(s, "UZ-M-002").uuid})

    write(kz, move)
    path = export_file(kz, workdir)
    preview = preview_import(uz, read_workbook(path))
    assert [(e.entity, e.key) for e in preview.plan.errors] == [("agenda_item", "meeting")]
    assert "UZ-M-002" in preview.plan.errors[0].message
