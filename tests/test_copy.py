"""`main.py copy`: a laptop's database onto a server and back, as real processes, losing nothing —
every row of every table, value for value: UUIDs, codes, versions, the change history, the
exchanges with their snapshots, the settings and the database's identity."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.database import Database
from app.services.store import Store

from . import pg
from .exchange_files import export_file, import_file

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--lang", "ru", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def everything(path: Path) -> dict[str, list[tuple]]:
    """Every table of a SQLite file, every row as stored."""
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        tables = {}
        for name in names:
            width = len(conn.execute(f"SELECT * FROM {name} LIMIT 0").description)
            order = ", ".join(str(i) for i in range(1, width + 1))
            tables[name] = conn.execute(f"SELECT * FROM {name} ORDER BY {order}").fetchall()
        return tables
    finally:
        conn.close()


@pytest.fixture
def laptop(pair_dbs, workdir) -> Path:
    """The UZ laptop after a round of exchange with the other side: history, exchanges, snapshots."""
    uz, kz = pair_dbs
    import_file(kz, export_file(uz, workdir))
    with kz.transaction() as s:
        store = Store(s)
        store.update(store.require("project", _uuid(uz, "UZ-P-001")), {"jobs": 4321, "notes": "Ответ"})
    import_file(uz, export_file(kz, workdir))
    with uz.transaction() as s:
        store = Store(s)
        store.delete(store.require("project", _uuid(uz, "UZ-P-013")))
    uz.close()
    return uz.path


def _uuid(db, code: str) -> str:
    from sqlalchemy import select

    from app.models import Project

    with db.session() as s:
        return s.scalar(select(Project.uuid).where(Project.code == code))


def test_a_file_into_a_new_file_is_the_same_file_content(laptop, workdir):
    copy = workdir / "копия.sqlite"
    done = run("copy", "--from", str(laptop), "--to", str(copy))
    assert done.returncode == 0, done.stderr
    assert everything(copy) == everything(laptop)
    refused = run("copy", "--from", str(laptop), "--to", str(copy))  # never over an existing file
    assert refused.returncode == 2 and "уже существует" in refused.stderr
    same = run("copy", "--from", str(laptop), "--to", str(laptop))
    assert same.returncode == 2 and "одна и та же" in same.stderr
    missing = run("copy", "--from", str(workdir / "нет.sqlite"), "--to", str(workdir / "x.sqlite"))
    assert missing.returncode == 2 and not (workdir / "x.sqlite").exists()


def test_a_laptop_onto_a_server_and_back_loses_nothing(laptop, workdir, server_db_url):
    if not pg.server_url():
        pytest.skip(f"no PostgreSQL server: set {pg.ENV}")
    server = server_db_url()  # an empty database the IT department made
    up = run("copy", "--from", str(laptop), "--to", server)
    assert up.returncode == 0, up.stderr
    assert "скопирована" in up.stdout
    again = run("copy", "--from", str(laptop), "--to", server)  # the server now holds data
    assert again.returncode == 2 and "уже есть данные" in again.stderr
    back = workdir / "снова на ноутбуке.sqlite"
    down = run("copy", "--from", server, "--to", str(back))
    assert down.returncode == 0, down.stderr
    assert everything(back) == everything(laptop)
    # On the server the program goes on where the laptop stopped: the same history, the next number
    # of the exchange series, and the laptop's identity in the file it sends.
    from sqlalchemy import select

    from app.models import Exchange, ExchangeDirection
    from app.services.exchange.export.exporter import export_to_file
    from app.services.history import history
    from app.services.settings import copy_id

    with Database(server) as db, Database(laptop) as original:
        with db.session() as s, original.session() as o:
            assert [(r.id, r.who, r.field) for r in history(s, "ru")] == [
                (r.id, r.who, r.field) for r in history(o, "ru")
            ]
            assert copy_id(s) == copy_id(o)
            sent = o.scalar(select(Exchange.sequence).where(Exchange.direction == ExchangeDirection.EXPORT))
        assert export_to_file(db, workdir / "с сервера.xlsx", "ru").sequence == sent + 1
