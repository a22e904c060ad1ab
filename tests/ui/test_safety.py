"""Nothing lost, nobody fooled, in the window: a second copy on the same file, a damaged file, an
unexpected error, the backups window."""

import os
import sqlite3

from PySide6.QtWidgets import QMessageBox, QPushButton

from app.services.backup import backup_database, list_backups
from app.services.schema import quick_check
from app.ui import errors
from app.ui.application import open_database
from app.ui.backup_dialog import BackupsDialog
from app.ui.lock import DatabaseLocked, lock_database

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
    first = lock_database(demo_path)
    try:
        try:
            lock_database(demo_path)
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
        first.unlock()


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
        lock.unlock()


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

    from PySide6.QtCore import QSysInfo

    # What QLockFile writes: pid, program, host. No process has this pid: the program crashed.
    host = QSysInfo.machineHostName() or socket.gethostname()
    (demo_path.parent / (demo_path.name + ".lock")).write_text(f"999999\nSecretariatDesk\n{host}\n")
    lock = lock_database(demo_path)
    assert lock.isLocked()
    lock.unlock()
