"""Several people on one database at once, each through a connection of their own: a save onto a
record someone else saved since is stopped and told who, when and what (nothing overwritten
silently); a second save waits for the first; an import re-checks what it touches; two exports
never share a number. On a file and, with SECRETARIAT_TEST_PG, on a PostgreSQL server."""

import threading
import time

import pytest
from sqlalchemy import func, select

from app.models import ChangeLog, Exchange, Project
from app.services.database import Database
from app.services.database.concurrency import ConcurrentChange
from app.services.errors import UserError
from app.services.exchange.export.exporter import export_to_file
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.reader import read_workbook
from app.services.fields import record_plain
from app.services.store import Store

from .exchange_files import Sheet, edit_workbook, export_file

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given


@pytest.fixture
def two(demo_location):
    """Two people's connections to one database."""
    first, second = Database(demo_location), Database(demo_location)
    yield first, second
    first.close()
    second.close()


def opened(db, code="UZ-P-001"):
    """What a form shows: the record's values and version, read in a session of its own."""
    with db.session() as s:
        project = s.scalars(select(Project).where(Project.code == code)).one()
        return project.uuid, record_plain(project), project.version


def save(db, uuid, values, version, base, operator):
    with db.transaction() as s:
        store = Store(s, operator=operator)
        project = store.require("project", uuid)
        return store.update(project, values, expected_version=version, base=base)


def test_the_second_saver_is_told_who_changed_what_and_nothing_is_overwritten(two):
    first, second = two
    uuid, base, version = opened(first)
    _uuid, base_b, version_b = opened(second)
    assert version == version_b
    save(first, uuid, {"notes": "Согласовано", "jobs": 500}, version, base, "Каримова Н.")
    with pytest.raises(ConcurrentChange) as caught:
        save(second, uuid, {"notes": "Отложено", "region": "Ташкент"}, version_b, base_b, "Ахметова А.")
    clash = caught.value
    assert clash.who == "Каримова Н." and clash.when is not None and not clash.deleted
    assert "Каримова Н." in str(clash) and "UZ-P-001" in str(clash)
    assert [(c.key, c.base, c.mine, c.theirs) for c in clash.clashes] == [
        ("notes", base["notes"], "Отложено", "Согласовано")
    ]
    assert clash.kept == ["jobs"]  # only they changed it: it stays as they saved it
    assert clash.version == version + 1 and clash.theirs["jobs"] == 500
    assert opened(first)[1]["notes"] == "Согласовано"  # the second save wrote nothing
    # The person keeps their own note, on the version they have now seen: saved, theirs kept.
    save(second, uuid, {"notes": "Отложено", "region": "Ташкент"}, clash.version, clash.theirs, "Ахметова А.")
    _uuid, now, version_now = opened(first)
    assert (now["notes"], now["jobs"], now["region"], version_now) == (
        "Отложено",
        500,
        "Ташкент",
        version + 2,
    )
    with first.session() as s:
        who = s.scalars(
            select(ChangeLog.operator).where(ChangeLog.record_uuid == uuid, ChangeLog.field == "notes")
        )
        assert list(who)[-2:] == ["Каримова Н.", "Ахметова А."]


def test_a_record_deleted_meanwhile_is_said_so(two):
    first, second = two
    uuid, base, version = opened(second)
    with first.transaction() as s:
        Store(s, operator="Каримова Н.").delete(Store(s).require("project", uuid))
    with pytest.raises(ConcurrentChange) as caught:
        save(second, uuid, {"notes": "Поздно"}, version, base, "Ахметова А.")
    assert caught.value.deleted and caught.value.who == "Каримова Н."
    assert "UZ-P-001" in str(caught.value)


def test_a_record_changed_since_it_was_shown_is_not_deleted(two):
    first, second = two
    uuid, base, version = opened(second)
    save(first, uuid, {"jobs": 1}, version, base, "Каримова Н.")
    with pytest.raises(ConcurrentChange), second.transaction() as s:
        store = Store(s)
        store.delete(store.require("project", uuid), expected_version=version)
    assert opened(first)[1]["jobs"] == 1


def test_every_change_counts_the_version_up_and_saves_without_a_version_are_as_before(demo_db):
    uuid, base, version = opened(demo_db)
    with demo_db.transaction() as s:
        store = Store(s)
        project = store.require("project", uuid)
        assert store.update(project, {"notes": base["notes"]}) == {}  # no change: same version
        store.update(project, {"notes": "A"})
        store.update(project, {"jobs": (base["jobs"] or 0) + 1})
    assert opened(demo_db)[2] == version + 2


def test_the_second_save_waits_for_the_first_and_then_sees_it(backend, two):
    """While one save is being written, the record is locked: the other save waits for it, then
    finds the new version — it can neither overwrite it nor slip in between the check and the write."""
    if backend != "postgresql":
        pytest.skip("a file has one writer at a time (its lock): nobody saves in between")
    first, second = two
    uuid, base, version = opened(first)
    session = first.session()
    store = Store(session, operator="Каримова Н.")
    store.update(store.require("project", uuid), {"notes": "Первая"}, expected_version=version, base=base)
    session.flush()  # checked, locked and written, not committed yet
    outcome = {}

    def second_save():
        try:
            save(second, uuid, {"notes": "Вторая"}, version, base, "Ахметова А.")
            outcome["saved"] = True
        except ConcurrentChange as exc:
            outcome["clash"] = exc

    thread = threading.Thread(target=second_save)
    thread.start()
    time.sleep(0.5)
    assert thread.is_alive() and not outcome  # waiting for the first save's lock
    session.commit()
    session.close()
    thread.join(10)
    assert outcome["clash"].who == "Каримова Н."
    assert [c.theirs for c in outcome["clash"].clashes] == ["Первая"]
    assert opened(first)[1]["notes"] == "Первая"


def test_an_import_rechecks_the_records_it_touches(backend, two, workdir):
    """Someone saves a record the previewed file changes: apply sees it, under the records' locks,
    and writes nothing (on a server, also when the save is still being written when apply starts)."""
    first, second = two
    path = export_file(first, workdir)
    edit_workbook(
        path, lambda wb: Sheet(wb, "project").set(Sheet(wb, "project").find("code", "UZ-P-001"), "jobs", 777)
    )
    preview = preview_import(first, read_workbook(path))
    assert preview.plan.counts()["updated"] == 1
    uuid, base, version = opened(second)
    if backend == "postgresql":
        session = second.session()
        store = Store(session, operator="Ахметова А.")
        store.update(store.require("project", uuid), {"jobs": 1}, expected_version=version, base=base)
        session.flush()  # the save holds the record while apply starts
        failure = {}

        def apply():
            try:
                apply_import(first, preview)
            except UserError as exc:
                failure["error"] = exc

        thread = threading.Thread(target=apply)
        thread.start()
        time.sleep(0.5)
        assert thread.is_alive()  # waits for the record
        session.commit()
        session.close()
        thread.join(20)
        assert "изменены здесь" in str(failure["error"])
    else:
        save(second, uuid, {"jobs": 1}, version, base, "Ахметова А.")
        with pytest.raises(UserError, match="изменены здесь"):
            apply_import(first, preview)
    assert opened(first)[1]["jobs"] == 1


def test_exports_at_the_same_moment_get_their_own_numbers(backend, two, workdir):
    if backend != "postgresql":
        pytest.skip("a file has one writer at a time (its lock): exports cannot meet")
    first, second = two
    results, errors = [], []

    def export(db, name):
        try:
            results.append(export_to_file(db, workdir / name, "ru").sequence)
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=export, args=(db, f"{i}.xlsx")) for i, db in enumerate((first, second, first))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert sorted(results) == list(range(1, len(results) + 1))
    with first.session() as s:
        assert s.scalar(select(func.count(func.distinct(Exchange.sequence)))) == len(results)


def test_two_people_creating_records_at_once_get_their_own_codes(backend, two):
    if backend != "postgresql":
        pytest.skip("a file has one writer at a time (its lock)")
    first, second = two
    session = first.session()
    made = Store(session, operator="Каримова Н.").create("project", {"name_ru": "Первый завод"})
    session.flush()  # its code taken, not committed yet
    codes = {}

    def create():
        with second.transaction() as s:
            codes["second"] = (
                Store(s, operator="Ахметова А.").create("project", {"name_ru": "Второй завод"}).code
            )

    thread = threading.Thread(target=create)
    thread.start()
    time.sleep(0.5)
    assert thread.is_alive()  # waits for the series, not for a unique key that would fail
    session.commit()
    session.close()
    thread.join(10)
    assert made.code == "UZ-P-014" and codes["second"] == "UZ-P-015"
