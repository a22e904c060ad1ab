"""The command line cannot damage the data: one writer at a time (the same lock as the window),
outputs never over the database, no database made up from a mistyped path, and every failure of
the machine a message with exit code 2 — never a traceback."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main
from app.services.database import Database
from app.services.database.backup import backups_dir, list_backups
from app.services.database.writer_lock import COMMAND_LINE, WINDOW, lock_database
from app.services.settings import SIDE, set_setting
from tests import main_process
from tests.readonly import read_only

ROOT = Path(__file__).resolve().parent.parent
POSIX = pytest.mark.skipif(os.name == "nt", reason="limits and signals of POSIX processes")


def run_main(*args: str, wait: float | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ}
    if wait is not None:
        env["SECRETARIAT_LOCK_WAIT"] = str(wait)
    return main_process.run_main(*args, env=env, **kwargs)


def start_main(*args: str, wait: float | None = None) -> subprocess.Popen:
    env = {**os.environ}
    if wait is not None:
        env["SECRETARIAT_LOCK_WAIT"] = str(wait)
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )


def state(path: Path) -> tuple:
    """What a command must not change: the file's bytes and the folder's names."""
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


def imports(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM exchange WHERE direction = 'import'").fetchone()[0]
    finally:
        conn.close()


def exports(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM exchange WHERE direction = 'export'").fetchone()[0]
    finally:
        conn.close()


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr and "[SQL:" not in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) <= 3, result.stderr


@pytest.fixture(scope="module")
def exchange(tmp_path_factory):
    """An exchange workbook of the UZ demo data, and an empty KZ copy to import it into."""
    folder = tmp_path_factory.mktemp("обмен")
    assert main(["demo", "--db", str(folder / "uz.sqlite")]) == 0
    assert main(["export", "--db", str(folder / "uz.sqlite"), "--out", str(folder / "обмен.xlsx")]) == 0
    with Database(folder / "kz.sqlite") as kz, kz.transaction() as s:
        set_setting(s, SIDE, "KZ")
    return folder / "kz.sqlite", folder / "обмен.xlsx"


@pytest.fixture
def kz(exchange, workdir) -> Path:
    path = workdir / "kz копия.sqlite"
    shutil.copy(exchange[0], path)
    return path


# ---- 3. one writer at a time ------------------------------------------------------------------


def test_writing_commands_are_refused_while_the_window_holds_the_database(
    demo_path, exchange, workdir, capsys
):
    workbook = exchange[1]
    backup = workdir / "копия.sqlite"
    assert main(["backup", "--db", str(demo_path), "--out", str(backup)]) == 0  # reading: no lock needed
    out = workdir / "обмен.xlsx"
    with lock_database(demo_path, WINDOW):  # what the window takes when it opens the file
        before = state(demo_path)
        for command in (
            ["import", "--db", str(demo_path), str(workbook), "--on-conflict", "theirs"],
            ["restore", "--db", str(demo_path), str(backup)],
            ["demo", "--db", str(demo_path)],
            ["export", "--db", str(demo_path), "--out", str(out)],
            ["check", "--db", str(demo_path)],
        ):
            assert main(command) == 2, command
            err = capsys.readouterr().err
            assert "открыта в программе на компьютере" in err and "закройте её там" in err, (command, err)
        assert state(demo_path) == before
        assert not out.exists()
        # Reading needs no lock: the agenda prints while the window is open.
        assert (
            main(["agenda", "--db", str(demo_path), "--meeting", "1", "--pdf", str(workdir / "п.pdf")]) == 0
        )
        # The real command line, in a process of its own, says whose window it is.
        result = run_main("import", "--db", str(demo_path), str(workbook))
        assert result.returncode == 2
        assert f"на компьютере {os.uname().nodename}" in result.stderr
        no_traceback(result)
    assert main(["check", "--db", str(demo_path)]) == 0  # closed: free again


def test_a_command_waits_for_another_then_gives_up_with_a_message(demo_path):
    with lock_database(demo_path, COMMAND_LINE):
        started = time.monotonic()
        result = run_main("check", "--db", str(demo_path), wait=0.5)
        assert time.monotonic() - started < 30
    assert result.returncode == 2
    assert result.stderr.count("Ожидание завершения другой команды") == 1
    assert "всё ещё изменяется другой командой" in result.stderr
    no_traceback(result)


def test_two_imports_at_once_run_one_after_the_other(kz, exchange):
    workbook = exchange[1]
    held = lock_database(kz, COMMAND_LINE)  # both start while a third command works
    first = start_main("import", "--db", str(kz), str(workbook), wait=60)
    second = start_main("import", "--db", str(kz), str(workbook), wait=60)
    told = [p.stderr.readline() for p in (first, second)]  # both are waiting now
    held.release()
    results = [(p.wait(timeout=120), *p.communicate()) for p in (first, second)]
    assert all("Ожидание завершения другой команды" in line for line in told), told
    for code, _out, err in results:
        assert code == 0, err
    conn = sqlite3.connect(kz)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM roadmap_item").fetchone()[0] == 55
    conn.close()


def test_sqlite_busy_is_a_message_and_the_export_leaves_no_file(demo_path, workdir):
    """A program that writes without our lock (an older version, a database browser) holds SQLite's
    write lock: the export waits SQLite's time, then says so. No file, no number used up."""
    out = workdir / "обмен.xlsx"
    other = sqlite3.connect(demo_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        result = run_main("--lang", "kk", "export", "--db", str(demo_path), "--out", str(out), wait=0.3)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.returncode == 2
    assert "Дерекқор бос емес" in result.stderr
    no_traceback(result)
    assert not out.exists() and not [p for p in workdir.iterdir() if p.name.startswith(".~export-")]
    assert exports(demo_path) == 0
    result = run_main("export", "--db", str(demo_path), "--out", str(out))
    assert result.returncode == 0 and "№ 1 " in result.stdout


def test_json_errors_are_json_on_stdout(kz, exchange, workdir):
    missing = workdir / "нет.sqlite"
    result = run_main("import", "--db", str(missing), str(exchange[1]), "--json")
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert document["exit_code"] == 2 and str(missing) in document["error"]
    with lock_database(kz, WINDOW):
        result = run_main("import", "--db", str(kz), str(exchange[1]), "--json")
    assert result.returncode == 2
    assert "открыта в программе" in json.loads(result.stdout)["error"]


# ---- 5. outputs ----------------------------------------------------------------------------------


def test_no_output_replaces_the_database_its_files_its_backups_or_another_database(
    demo_path, workdir, capsys
):
    assert main(["backup", "--db", str(demo_path)]) == 0
    backup = list_backups(demo_path)[0].path
    other_db = workdir / "другая.sqlite"
    shutil.copy(demo_path, other_db)
    link = workdir / "ссылка.xlsx"
    link.symlink_to(demo_path)
    wal = Path(str(demo_path) + "-wal")
    wal.write_bytes(b"")
    db, pdf = str(demo_path), ["--meeting", "1", "--pdf"]
    targets = {
        "export": (["export", "--db", db, "--out"], [demo_path, wal, backup, other_db, link]),
        "roadmap table": (["export", "--db", db, "--roadmap-table", "--out"], [demo_path, backup]),
        "agenda": (["agenda", "--db", db, *pdf], [demo_path, Path(db + ".lock"), other_db]),
        "roadmap PDF": (["roadmap-pdf", "--db", db, "--pdf"], [demo_path, backup]),
        "backup": (
            ["backup", "--db", db, "--out"],
            [demo_path, backup, other_db, backups_dir(demo_path) / "n"],
        ),
    }
    kept = {p: p.read_bytes() for p in (demo_path, backup, other_db)}
    for name, (command, paths) in targets.items():
        for target in paths:
            assert main([*command, str(target)]) == 2, (name, target)
            assert "Выберите другой файл" in capsys.readouterr().err, (name, target)
    assert {p: p.read_bytes() for p in kept} == kept
    assert not Path(db + ".lock").exists() and not (backups_dir(demo_path) / "n").exists()
    assert exports(demo_path) == 0


def test_a_failed_move_uses_up_no_number_and_leaves_no_file(demo_path, workdir, capsys):
    target = workdir / "обмен.xlsx"
    target.mkdir()  # the move into place fails after the export was recorded and flushed
    assert main(["export", "--db", str(demo_path), "--out", str(target)]) == 2
    assert [p.name for p in workdir.iterdir() if p.name.startswith(".~export-")] == []
    assert exports(demo_path) == 0
    target.rmdir()
    assert main(["export", "--db", str(demo_path), "--out", str(target)]) == 0
    assert "№ 1 " in capsys.readouterr().out


@POSIX
def test_an_export_gets_the_users_usual_permissions(demo_path, workdir):
    out = workdir / "обмен.xlsx"
    mask = os.umask(0o022)
    try:
        assert main(["export", "--db", str(demo_path), "--out", str(out)]) == 0
        assert (
            main(["export", "--db", str(demo_path), "--roadmap-table", "--out", str(workdir / "т.xlsx")]) == 0
        )
    finally:
        os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o644
    assert (workdir / "т.xlsx").stat().st_mode & 0o777 == 0o644


# ---- 6. commands do not invent databases ----------------------------------------------------


def test_commands_refuse_a_missing_or_empty_database_and_make_nothing(exchange, workdir, capsys):
    empty = workdir / "пустая.sqlite"
    empty.write_bytes(b"")
    for path in (workdir / "нет такой.sqlite", empty):
        db = str(path)
        before = sorted(p.name for p in workdir.iterdir())
        for command in (
            ["import", "--db", db, str(exchange[1])],
            ["import", "--db", db, str(exchange[1]), "--dry-run"],
            ["export", "--db", db, "--out", str(workdir / "x.xlsx")],
            ["export", "--db", db, "--roadmap-table", "--out", str(workdir / "x.xlsx")],
            ["check", "--db", db],
            ["--db", db, "check"],
            ["agenda", "--db", db, "--meeting", "1", "--pdf", str(workdir / "x.pdf")],
            ["roadmap-pdf", "--db", db, "--pdf", str(workdir / "x.pdf")],
            ["backup", "--db", db],
        ):
            assert main(command) == 2, command
            assert f"Нет базы данных: {db}" in capsys.readouterr().err, command
        assert sorted(p.name for p in workdir.iterdir()) == before
        assert not path.exists() or path.stat().st_size == 0


def test_restore_makes_a_database_at_a_new_path_but_not_a_new_folder(demo_path, workdir, capsys):
    assert main(["backup", "--db", str(demo_path)]) == 0
    backup = list_backups(demo_path)[0].path
    new = workdir / "новый ноутбук.sqlite"
    assert main(["restore", "--db", str(new), str(backup)]) == 0
    assert "создана из копии" in capsys.readouterr().out
    assert main(["check", "--db", str(new)]) == 0
    assert "Проекты: 13" in capsys.readouterr().out
    nowhere = workdir / "нет папки" / "x.sqlite"
    assert main(["restore", "--db", str(nowhere), str(backup)]) == 2
    assert not nowhere.parent.exists()


# ---- 8. every failure is a message ------------------------------------------------------------


def test_restore_refuses_a_backup_of_a_newer_program_before_replacing_anything(demo_path, workdir):
    newer = workdir / "из будущего.sqlite"
    shutil.copy(demo_path, newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_newer'")
    conn.commit()
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    before = state(demo_path)
    result = run_main("--lang", "uz", "restore", "--db", str(demo_path), str(newer))
    assert result.returncode == 2
    assert "yangiroq versiyasi" in result.stderr and "Hech narsa almashtirilmadi" in result.stderr
    no_traceback(result)
    assert state(demo_path) == before  # not even a backup of the state before


def test_a_read_only_database_is_read_only_not_damaged(kz, exchange, capsys):
    with read_only(kz):
        before = state(kz)
        assert main(["import", "--db", str(kz), str(exchange[1])]) == 2
        err = capsys.readouterr().err
        assert "только для чтения" in err and "повреждена" not in err
        assert main(["check", "--db", str(kz)]) == 0  # checked all the same, without writing
        assert "только для чтения" in capsys.readouterr().err
        assert state(kz)[0] == before[0]
    assert imports(kz) == 0


def test_a_read_only_folder_is_read_only_not_damaged(kz, exchange, capsys):
    with read_only(kz.parent):
        for command in (["import", "--db", str(kz), str(exchange[1])], ["check", "--db", str(kz)]):
            assert main(command) == 2, command
            err = capsys.readouterr().err
            assert "только для чтения" in err and "повреждена" not in err, err
    assert imports(kz) == 0


@POSIX
def test_a_disk_that_refuses_to_grow_stops_the_import_with_a_message(kz, exchange):
    """The process may write files up to 400 kB (RLIMIT_FSIZE): the backup before the import fits,
    the import's writes do not. Works for any user, in any CI."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, 400_000))

    before = kz.read_bytes()
    result = run_main("import", "--db", str(kz), str(exchange[1]), "--json", preexec_fn=limit)
    assert result.returncode == 2
    assert "Ничего не изменено" in result.stderr
    no_traceback(result)
    # The plan was made, then the apply failed: stdout is one document, the error, not the plan.
    assert json.loads(result.stdout) == {"error": result.stderr.strip()[len("Ошибка: ") :], "exit_code": 2}
    assert imports(kz) == 0 and kz.read_bytes() == before


@POSIX
def test_a_full_disk_is_said_so(exchange, tmp_path):
    """A real full disk: a tmpfs of 700 kB. Mounting needs root (as in CI); otherwise skipped."""
    disk = tmp_path / "маленький диск"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=700k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root: " + mounted.stderr.decode(errors="replace"))
    try:
        kz = disk / "kz.sqlite"
        shutil.copy(exchange[0], kz)
        result = run_main("import", "--db", str(kz), str(exchange[1]))
        assert result.returncode == 2
        assert "Диск заполнен" in result.stderr
        no_traceback(result)
        assert imports(kz) == 0
        filler, reserve = disk / "заполнитель", disk / "запас"
        reserve.write_bytes(b"\0" * 65536)  # room for the lock and SQLite's -shm, not for the workbook
        out = disk / "обмен.xlsx"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # leave the export no room
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        reserve.unlink()
        result = run_main("export", "--db", str(kz), "--out", str(out))
        assert result.returncode == 2 and "Диск заполнен" in result.stderr, result.stderr
        no_traceback(result)
        assert not out.exists() and exports(kz) == 0
    finally:
        subprocess.run(["umount", str(disk)], check=True)


@POSIX
def test_output_closed_early_is_a_message_not_a_traceback(demo_path):
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "check", "--db", str(demo_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # `| head -1` that has already gone
    err = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 2
    assert "Вывод закрыт" in err and "Traceback" not in err and "Exception ignored" not in err, err


def test_leftover_parts_of_backups_are_cleaned_but_not_one_being_written(demo_path):
    from app.services.database.backup import writing_part

    folder = backups_dir(demo_path)
    folder.mkdir()
    old = time.time() - 3600
    crashed, fresh, busy = (folder / f"{n}.sqlite.part" for n in ("crashed", "fresh", "busy"))
    for part in (crashed, fresh, busy):
        part.write_bytes(b"half a backup")
    with writing_part(busy):  # another program's backup, still being written
        for part in (crashed, busy):
            os.utime(part, (old, old))
        Database(demo_path).close()
        assert not crashed.exists()
        assert fresh.exists()  # perhaps a backup starting this very moment
        assert busy.exists()


def test_a_backup_is_on_the_disk_before_the_import_writes(demo_path, workdir, monkeypatch):
    """The backup before an import is flushed to the disk (fsync), so that a power cut during the
    import cannot leave both the database and its backup half-written."""
    from app.services.database.backup import backup_database

    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else str(fd))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    out = backup_database(demo_path, "import")
    assert synced and any(s.endswith(".part") or s.endswith(out.name) for s in synced), synced
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
