"""A laptop loses power in the middle of an import, an export or a restore: the program's process is
killed at random moments, again and again. Each time the database passes SQLite's integrity check
and holds either all of the work or none of it, and no half-written file is left under the name the
export was asked for."""

import hashlib
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.services.database import Database
from app.services.settings import SIDE, set_setting

ROOT = Path(__file__).resolve().parent.parent
RUNS = 10
EXPORT_RUNS = 6  # an export run costs more; six still land in the start, the writing and the move


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


def run_main(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def run_import(db: Path, workbook: Path) -> subprocess.Popen:
    return run_main("import", "--db", str(db), str(workbook))


def killed_at(process: subprocess.Popen, moment: float) -> None:
    time.sleep(moment)
    process.kill()  # SIGKILL: no clean-up, like a power cut for the process
    process.wait()


def timed(process: subprocess.Popen) -> float:
    started = time.monotonic()
    assert process.wait(timeout=300) == 0
    return time.monotonic() - started


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


def recorded_exports(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [r[0] for r in conn.execute("SELECT sha256 FROM exchange WHERE direction = 'export'")]
    finally:
        conn.close()


def test_killed_exports_leave_a_whole_workbook_or_none(setup, tmp_path):
    template = setup / "uz.sqlite"  # one export recorded already, by the fixture
    db = tmp_path / "full.sqlite"
    shutil.copy(template, db)
    duration = timed(run_main("export", "--db", str(db), "--out", str(tmp_path / "full.xlsx")))
    rng = random.Random(2027)
    outcomes = []
    for n in range(EXPORT_RUNS):
        db, out = tmp_path / f"uz-{n}.sqlite", tmp_path / f"обмен-{n}.xlsx"
        shutil.copy(template, db)
        killed_at(run_main("export", "--db", str(db), "--out", str(out)), rng.uniform(0.1, duration * 1.05))
        recorded = recorded_exports(db)
        assert len(recorded) in (1, 2), n
        if out.exists():  # only ever the whole workbook, moved into place in one step
            with zipfile.ZipFile(out) as workbook:
                assert workbook.testzip() is None
        if len(recorded) == 2:  # recorded: the file is there, and it is the one recorded
            assert hashlib.sha256(out.read_bytes()).hexdigest() == recorded[1]
        outcomes.append(len(recorded) == 2)
        assert main(["check", "--db", str(db)]) == 0
    assert not all(outcomes), "every kill came too late to test anything"


def test_killed_restores_leave_the_old_data_or_the_new(setup, tmp_path):
    backup = tmp_path / "копия.sqlite"
    assert main(["backup", "--db", str(setup / "uz.sqlite"), "--out", str(backup)]) == 0
    template = setup / "kz.sqlite"  # no records: the restore brings all of them
    db = tmp_path / "full.sqlite"
    shutil.copy(template, db)
    duration = timed(run_main("restore", "--db", str(db), str(backup)))
    complete = counts(db)[1]
    assert complete > 1000
    rng = random.Random(2028)
    for n in range(RUNS):
        db = tmp_path / f"kz-{n}.sqlite"
        shutil.copy(template, db)
        # The first half is Python starting; the restore writes in the last moments.
        killed_at(
            run_main("restore", "--db", str(db), str(backup)), rng.uniform(duration * 0.4, duration * 1.1)
        )
        integrity, records, _imports = counts(db)
        assert integrity == "ok"
        assert records in (0, complete), (n, records)
        assert main(["check", "--db", str(db)]) == 0
