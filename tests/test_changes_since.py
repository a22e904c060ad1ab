"""What changed here since the last file sent, and the list of every exchange: what the secretariat
checks before writing the covering letter."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import ProgressReport, Project, RoadmapItem
from app.services.exchange.since import changes_since_last_export, exchange_log
from app.services.store import Store

from .exchange_files import export_file, import_file

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given

ROOT = Path(__file__).resolve().parent.parent


def edit(db, code: str, values: dict) -> None:
    with db.transaction() as s:
        Store(s).update(s.scalars(select(Project).where(Project.code == code)).one(), values)


def test_what_is_new_for_them_and_who_has_what(pair_dbs, workdir):
    uz, kz = pair_dbs
    sent = export_file(uz, workdir)
    import_file(kz, sent)
    edit(kz, "UZ-P-002", {"jobs": 77})  # theirs: they have it already, it is not new for them
    edit(uz, "UZ-P-001", {"jobs": 1234})  # ours, after the file was sent
    with uz.transaction() as s:
        store = Store(s)
        parent = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "13")).one()
        store.create("roadmap_item", {"number": "13.3", "measure_ru": "Новая мера", "parent": parent.uuid})
        store.delete(s.scalars(select(ProgressReport).order_by(ProgressReport.id)).first())
    import_file(uz, export_file(kz, workdir))
    with uz.session() as s:
        changes = changes_since_last_export(s)
        log = exchange_log(s)
    found = {(r.entity, r.action) for r in changes.records}
    assert found == {("project", "changed"), ("roadmap_item", "created"), ("progress_report", "deleted")}
    [project] = [r for r in changes.records if r.entity == "project"]
    assert [(f.key, f.old, f.new) for f in project.fields] == [("jobs", 450, 1234)]
    received, ours = log  # newest first
    assert received.direction.value == "import" and ours.acknowledged_by == received.file_name
    assert changes.since.file_name == sent.name


def test_the_command_line_lists_them(demo_path, workdir):
    def run(*args):
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=workdir
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert json.loads(run("changes", "--db", str(demo_path), "--json"))["since"] is None
    run("export", "--db", str(demo_path), "--out", str(workdir / "обмен.xlsx"))
    conn_edit = ["UPDATE project SET jobs = 5 WHERE code = 'UZ-P-001'"]
    import sqlite3

    conn = sqlite3.connect(demo_path)
    conn.execute(conn_edit[0])
    conn.commit()
    conn.close()
    plan = json.loads(run("changes", "--db", str(demo_path), "--since-last-export", "--json"))
    assert plan["since"]["file"] == "обмен.xlsx" and plan["exchanges"][0]["acknowledged_at"] is None
    assert [(r["action"], r["fields"][0]["field"], r["fields"][0]["new"]) for r in plan["records"]] == [
        ("changed", "jobs", 5)
    ]
    text = run("--lang", "kk", "changes", "--db", str(demo_path))
    assert "обмен.xlsx" in text and "Құрылатын жұмыс орындары: 450 → 5" in text
