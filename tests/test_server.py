"""The program on a PostgreSQL server (SECRETARIAT_TEST_PG; skipped without it): people under their
own logins, their names in the history, the others told of each change, the schema made and
refused as a file's is, and the command line with `--db postgresql://…` as real processes."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.models import SCHEMA_REVISION, ChangeLog, Project
from app.services.database import Database
from app.services.database.notices import Listener
from app.services.errors import DatabaseError
from app.services.settings import copy_operator, operator_name, set_operator
from app.services.store import Store

from . import pg

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def people():
    if not pg.server_url():
        pytest.skip(f"no PostgreSQL server: set {pg.ENV}")
    return pg.ensure_people()


@pytest.fixture
def shared(people, server_db_url, pg_demo_template):
    """The demo database on the server, with the rights the README gives the staff's group role."""
    url = server_db_url(pg_demo_template)
    pg.grant_staff(url)
    return url


def as_person(url: str, login: str) -> str:
    return pg.url_of(pg.database_of(url), user=login)


def test_each_login_has_its_own_name_and_the_login_is_the_name_until_one_is_chosen(shared, people):
    karimova, akhmetova = (Database(as_person(shared, login)) for login in people)
    try:
        with karimova.transaction() as s:
            set_operator(s, "Каримова Н.")
        assert copy_operator(karimova) == "Каримова Н."
        assert copy_operator(akhmetova) == people[1]  # no name chosen: the login
        for db, jobs in ((karimova, 10), (akhmetova, 20)):
            with db.transaction() as s:
                Store(s).update(
                    s.scalars(select(Project).where(Project.code == "UZ-P-001")).one(), {"jobs": jobs}
                )
        with karimova.session() as s:
            rows = s.execute(select(ChangeLog.operator, ChangeLog.new_value).where(ChangeLog.field == "jobs"))
            assert [tuple(r) for r in rows][-2:] == [("Каримова Н.", "10"), (people[1], "20")]
            assert operator_name(s) == "Каримова Н."
    finally:
        karimova.close()
        akhmetova.close()


def test_the_others_are_told_of_each_change_and_not_of_their_own(shared, people):
    listening = Listener(as_person(shared, people[1]))
    try:
        assert listening.poll() == []  # connects and listens
        db = Database(as_person(shared, people[0]))
        with db.transaction() as s:
            set_operator(s, "Каримова Н.")
        with db.transaction() as s:
            Store(s).update(s.scalars(select(Project).where(Project.code == "UZ-P-002")).one(), {"jobs": 5})
        with db.session() as s:  # a read commits nothing and tells nobody
            s.scalar(select(Project.id).limit(1))
            s.commit()
        db.close()
        found = []
        for _attempt in range(50):
            found += listening.poll()
            if len(found) >= 2:
                break
            time.sleep(0.05)
        assert [n.who for n in found] == ["Каримова Н.", "Каримова Н."]  # the name chosen, then the edit
        assert all(n.at is not None and not n.lost for n in found)
        time.sleep(0.2)
        assert listening.poll() == []
    finally:
        listening.close()


def test_a_lost_listening_connection_comes_back_and_says_changes_may_be_missed(shared):
    listening = Listener(shared)
    try:
        listening.poll()
        pg.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{pg.database_of(shared)}' AND query LIKE 'LISTEN%'"
        )
        found = []
        for _attempt in range(20):  # the loss is found at a poll, and the connection made again
            found += listening.poll()
            if found:
                break
            time.sleep(0.1)
        assert [n.lost for n in found] == [True]  # connected again: look at everything again
        assert listening.poll() == []
    finally:
        listening.close()


def test_the_schema_is_made_by_the_migrations_and_a_newer_one_is_refused(server_db_url):
    url = server_db_url()
    with Database(url) as db:
        assert db.report.created
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_REVISION
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
            conn.commit()
    with pytest.raises(DatabaseError, match="9999_from_the_future"):
        Database(url)
    foreign = server_db_url()
    pg.execute_in(foreign, "CREATE TABLE something_else (id int)")
    with pytest.raises(DatabaseError, match="не является базой данных этой программы"):
        Database(foreign)


def run(*args: str, lang: str = "ru") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--lang", lang, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_the_command_line_on_a_server(server_db_url, workdir):
    url = server_db_url()
    made = run("demo", "--db", url)
    assert made.returncode == 0, made.stderr
    assert "postgresql://" in made.stdout
    again = run("demo", "--db", url)
    assert again.returncode == 2 and "уже" in again.stderr
    check = run("check", "--db", url)
    assert check.returncode == 0 and "ok" in check.stdout
    workbook = workdir / "обмен.xlsx"
    exported = run("export", "--db", url, "--out", str(workbook))
    assert exported.returncode == 0, exported.stderr
    plan = run("import", "--db", url, str(workbook), "--dry-run", "--json")
    assert plan.returncode == 0, plan.stderr
    assert json.loads(plan.stdout)["own_file"] is True
    history = run("history", "--db", url, "--json", "--record", "UZ-P-001")
    assert history.returncode == 0 and json.loads(history.stdout)
    pdf = workdir / "повестка.pdf"
    agenda = run("agenda", "--db", url, "--meeting", "UZ-M-001", "--pdf", str(pdf))
    assert agenda.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    backup = workdir / "копия сервера.sqlite"
    saved = run("backup", "--db", url, "--out", str(backup))
    assert saved.returncode == 0, saved.stderr
    opened = run("check", "--db", str(backup))  # the backup is a database the program opens
    assert opened.returncode == 0 and "Проекты: 13" in opened.stdout
    with Database(url) as db, db.transaction() as s:
        Store(s).delete(s.scalars(select(Project).where(Project.code == "UZ-P-013")).one())
    restored = run("restore", "--db", url, str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "Проекты: 13" in run("check", "--db", url).stdout


def test_a_database_the_server_does_not_have_and_a_server_that_does_not_answer(workdir):
    if not pg.server_url():
        pytest.skip(f"no PostgreSQL server: set {pg.ENV}")
    missing = run("check", "--db", pg.url_of("secretariat_no_such_database"))
    assert missing.returncode == 2
    assert "нет такой базы данных" in missing.stderr.lower(), missing.stderr
    assert "Traceback" not in missing.stderr
    nobody = run("check", "--db", "postgresql://someone@127.0.0.1:1/secretariat")
    assert nobody.returncode == 2
    assert "сервер базы данных недоступен" in nobody.stderr.lower(), nobody.stderr
    assert "Traceback" not in nobody.stderr
    assert run("check", "--db", "postgresql://someone@server/").returncode == 2
