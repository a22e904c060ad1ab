"""A laptop loses power in the middle of an import: the program's process is killed at random
moments, again and again. Each time the database passes SQLite's integrity check and holds either
all of the import or none of it."""

import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main
from app.services.database import Database
from app.services.settings import SIDE, set_setting

ROOT = Path(__file__).resolve().parent.parent
RUNS = 10


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("питание")
    assert main(["demo", "--db", str(folder / "uz.sqlite"), "--scale", "600"]) == 0
    assert main(["export", "--db", str(folder / "uz.sqlite"), "--out", str(folder / "обмен.xlsx")]) == 0
    with Database(folder / "kz.sqlite") as kz, kz.transaction() as s:
        set_setting(s, SIDE, "KZ")
    return folder


def counts(path: Path) -> tuple[str, int, int]:
    conn = sqlite3.connect(path)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        records = sum(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("project", "roadmap_item", "meeting", "organization", "progress_report")
        )
        imports = conn.execute("SELECT count(*) FROM exchange WHERE direction = 'import'").fetchone()[0]
    finally:
        conn.close()
    return integrity, records, imports


def run_import(db: Path, workbook: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "import", "--db", str(db), str(workbook)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killed_imports_leave_all_or_nothing(setup, tmp_path):
    template = setup / "kz.sqlite"
    full_db = tmp_path / "full.sqlite"
    shutil.copy(template, full_db)
    started = time.monotonic()
    assert run_import(full_db, setup / "обмен.xlsx").wait(timeout=300) == 0
    duration = time.monotonic() - started
    ok, complete, _ = counts(full_db)
    assert ok == "ok" and complete > 1000
    rng = random.Random(2026)
    outcomes = []
    for n in range(RUNS):
        db = tmp_path / f"kz-{n}.sqlite"
        shutil.copy(template, db)
        process = run_import(db, setup / "обмен.xlsx")
        time.sleep(rng.uniform(0.1, duration * 1.05))
        process.kill()  # SIGKILL: no clean-up, like a power cut for the process
        process.wait()
        integrity, records, imports = counts(db)
        assert integrity == "ok"
        assert (records, imports) in ((0, 0), (complete, 1)), (n, records, imports)
        outcomes.append(records == complete)
        # and the program opens it afterwards as if nothing happened
        assert main(["check", "--db", str(db)]) == 0
    assert not all(outcomes), "every kill came too late to test anything: the import got faster?"
