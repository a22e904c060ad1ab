"""Nothing lost, nobody fooled, in the window: a second copy on the same file, a damaged file, an
unexpected error, the backups window."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.services.database.backup import backup_database, list_backups
from app.services.database.schema import quick_check
from app.services.database.writer_lock import WINDOW, DatabaseLocked, lock_database
from app.ui import errors
from app.ui.application import open_database
from app.ui.backup_dialog import BackupsDialog
from tests.readonly import read_only

from .conftest import on_modal


def click(text_part: str):
    def action(box):
        for button in box.findChildren(QPushButton):
            if text_part in button.text().replace("&", ""):
                button.click()
                return
        raise AssertionError(
            f"no button {text_part!r} in {[b.text() for b in box.findChildren(QPushButton)]}"
        )

    return action


def test_second_copy_is_told_who_holds_the_file_and_may_read(demo_path, qapp):
    first = lock_database(demo_path, WINDOW)
    try:
        try:
            lock_database(demo_path, WINDOW)
        except DatabaseLocked as exc:
            assert exc.holder.pid == os.getpid()
        else:
            raise AssertionError("the second lock was granted")
        texts = []
        on_modal(lambda box: (texts.append(box.text()), click("только для чтения")(box)))
        db, lock = open_database(demo_path, readonly=False)
        assert db.readonly and lock is None
        assert str(os.getpid()) in texts[0]
        db.close()
        on_modal(click("Выйти"))
        assert open_database(demo_path, readonly=False) is None
    finally:
        first.release()


def corrupt(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    page = len(data) // pages
    for n in range(2, min(pages, 12)):  # scribble over the b-tree pages after the schema
        data[n * page : n * page + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    assert quick_check(path) != "ok"


def test_damaged_database_offers_the_newest_good_backup(demo_path, qapp):
    backup_database(demo_path, "daily")
    corrupt(demo_path)
    damaged = demo_path.read_bytes()
    on_modal(
        lambda box: (
            click("Восстановить копию")(box),
            on_modal(lambda info: info.button(QMessageBox.StandardButton.Ok).click()),
        )
    )
    db, lock = open_database(demo_path, readonly=False)
    try:
        assert quick_check(demo_path) == "ok"
        aside = [p for p in demo_path.parent.iterdir() if ".damaged-" in p.name and p.suffix == ".sqlite"]
        assert len(aside) == 1 and aside[0].read_bytes() == damaged  # kept, never written to
        with db.session() as s:
            assert s.connection().exec_driver_sql("SELECT count(*) FROM project").scalar() == 13
    finally:
        db.close()
        lock.release()


def test_unexpected_error_shows_a_message_and_is_logged(tmp_path, qapp, qtbot, monkeypatch):
    import logging
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the program's hook must not outlive the test
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    log = errors.install(tmp_path / "logs")
    seen = {}

    def look(box):
        seen["text"] = box.text()
        seen["copy"] = any("Копировать" in b.text() for b in box.findChildren(QPushButton))
        box.done(0)

    on_modal(look)
    try:
        raise ZeroDivisionError("деление на ноль")
    except ZeroDivisionError as exc:
        errors.report(exc)
    assert "деление на ноль" in seen["text"] and seen["copy"]
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")


def test_a_full_disk_in_the_window_is_said_in_a_sentence(tmp_path, qapp, monkeypatch):
    import logging

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    errors.install(tmp_path / "logs")
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 2")  # SQLite's own "database or disk is full", for real
    seen = []
    on_modal(lambda box: (seen.append(box.text()), box.done(0)))
    try:
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 100)
    except sqlite3.OperationalError as exc:
        errors.report(exc)
    assert seen and seen[0].startswith("Диск заполнен")


def test_backups_window_backs_up_and_restores(window, qtbot):
    dialog = BackupsDialog(window)
    qtbot.addWidget(dialog)
    dialog.make_backup()
    assert dialog.table.rowCount() == 1 and len(list_backups(window.ctx.db.path)) == 1
    with window.ctx.db.transaction() as s:
        s.connection().exec_driver_sql("DELETE FROM progress_report")
    dialog.table.selectRow(0)
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert dialog.restore_selected()
    with window.ctx.db.session() as s:
        assert s.connection().exec_driver_sql("SELECT count(*) FROM progress_report").scalar() > 0
    reasons = sorted(b.reason for b in list_backups(window.ctx.db.path))
    assert reasons == ["before-restore", "manual"]


def test_a_lock_left_by_a_crashed_program_is_taken_over(demo_path, qapp):
    import socket

    # What QLockFile of the earlier versions wrote: pid, program, host. Nobody holds it: it crashed.
    lock_file = demo_path.parent / (demo_path.name + ".lock")
    lock_file.write_text(f"999999\nSecretariatDesk\n{socket.gethostname()}\n")
    db, lock = open_database(demo_path, readonly=False)  # no question asked
    try:
        assert not db.readonly and lock.is_locked()
        assert json.loads(lock_file.read_text(encoding="utf-8"))["program"] == "window"
    finally:
        db.close()
        lock.release()
    assert not lock_file.exists()  # let go of, and tidied away


def test_a_program_killed_while_holding_the_lock_leaves_none(demo_path, qapp):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(demo_path), "window"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(DatabaseLocked) as refused:
        lock_database(demo_path, WINDOW)
    assert refused.value.holder.pid == holder.pid and refused.value.holder.program == "window"
    holder.kill()  # SIGKILL: no clean-up; the file stays, the operating system's lock goes
    holder.wait()
    assert (demo_path.parent / (demo_path.name + ".lock")).exists()
    lock_database(demo_path, WINDOW).release()


def test_a_running_command_is_named_and_the_data_may_be_read(demo_path, qapp):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(demo_path), "command line"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        texts = []
        on_modal(lambda box: (texts.append(box.text()), click("только для чтения")(box)))
        db, lock = open_database(demo_path, readonly=False)
        db.close()
        assert db.readonly and lock is None
        assert "изменяется командой" in texts[0] and str(holder.pid) in texts[0]
    finally:
        holder.kill()
        holder.wait()


# A process of its own that takes a database's lock and keeps it until it is killed.
HOLD = """
import sys, time
from pathlib import Path
from app.services.database.writer_lock import lock_database
lock = lock_database(Path(sys.argv[1]), sys.argv[2])
print("held", flush=True)
time.sleep(120)
"""


def test_a_read_only_database_opens_read_only_with_a_word_why(demo_path, qapp):
    texts = []
    with read_only(demo_path):
        on_modal(lambda box: (texts.append(box.text()), box.button(QMessageBox.StandardButton.Ok).click()))
        db, lock = open_database(demo_path, readonly=False)
        db.close()
    assert db.readonly and lock is None
    assert "только для чтения" in texts[0] and "повреждена" not in texts[0]


def test_the_first_start_makes_its_data_folder(workdir, qapp):
    path = workdir / "новая папка" / "данные.sqlite"
    db, lock = open_database(path, readonly=False)
    try:
        assert path.is_file() and lock.is_locked() and not db.readonly
    finally:
        db.close()
        lock.release()
