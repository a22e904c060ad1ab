"""One writer per database: the window and the command line take the same lock, `<database>.lock`
beside the file.

The lock itself is the operating system's (os_lock.py), so it dies with its process: a program
that crashed leaves the file, never the lock, and the next one simply takes it. The file's text
says who holds it, for the message the next one sees — one line of JSON:

    {"pid": 4120, "host": "SECRETARIAT-01", "user": "aliyev", "program": "window",
     "since": "2026-11-24T09:15:02+05:00"}

A file in the older format of QLockFile ("pid\\napp\\nhost") is read too, and taken over when no
process holds it. No Qt here: the command line starts without it.
"""

import contextlib
import getpass
import json
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ...i18n import _
from ..errors import UserError
from . import os_lock

WINDOW = "window"
COMMAND_LINE = "command line"
WAIT_ENV = "SECRETARIAT_LOCK_WAIT"  # seconds a command waits for another command; tests shorten it
DEFAULT_WAIT = 60.0


@dataclass(frozen=True)
class Holder:
    """Who holds a database: process, computer, user, which program, since when."""

    pid: int
    host: str
    user: str
    program: str  # WINDOW or COMMAND_LINE
    since: datetime | None = None


class DatabaseLocked(UserError):
    """Someone else holds the database. The message is the command line's; the window asks."""

    def __init__(self, path: Path, holder: Holder | None, message: str | None = None):
        super().__init__(message or locked_message(path, holder))
        self.path = path
        self.holder = holder


def lock_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".lock")


def lock_wait() -> float:
    """How long a command waits for another writer (our lock, and SQLite's busy timeout)."""
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


class DatabaseLock:
    """A held lock; `release()` (or the end of a `with`) lets go of it."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd: int | None = fd

    def is_locked(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if os.name == "nt":  # an open file cannot be removed there: close first, then try
            os_lock.unlock(fd)
            os.close(fd)
            _remove(self.path)
        else:  # removed while still held, so that nobody takes a lock on a file about to go
            _remove(self.path)
            os_lock.unlock(fd)
            os.close(fd)

    def __enter__(self) -> "DatabaseLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def __del__(self) -> None:
        if self._fd is not None:
            os.close(self._fd)


def _remove(path: Path) -> None:
    # Refused when another process has it open (Windows): it is theirs now.
    with contextlib.suppress(OSError):
        path.unlink()


def lock_database(db_path: Path, program: str) -> DatabaseLock:
    """Take the database's lock now, or raise DatabaseLocked saying who holds it.
    An OSError (a read-only folder, say) is left to the caller."""
    path = lock_path(Path(db_path))
    for _attempt in range(20):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        except PermissionError:
            if path.exists() and os.name == "nt":  # an older program's QLockFile opens it exclusively
                raise DatabaseLocked(Path(db_path), read_holder(db_path)) from None
            raise
        if not os_lock.try_lock(fd):
            os.close(fd)
            raise DatabaseLocked(Path(db_path), read_holder(db_path))
        if _is_current(fd, path):
            lock = DatabaseLock(path, fd)
            try:
                _write_holder(fd, program)
            except OSError:  # a full disk: nobody would learn who holds it, so nobody does
                lock.release()
                raise
            return lock
        # We locked a file its holder removed on letting go; the lock is on the new one, if any.
        os_lock.unlock(fd)
        os.close(fd)
    raise DatabaseLocked(Path(db_path), None)


def _is_current(fd: int, path: Path) -> bool:
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)


def _write_holder(fd: int, program: str) -> None:
    try:
        user = getpass.getuser()
    except Exception:  # no login name in the environment nor in the user database
        user = ""
    text = json.dumps(
        {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": user,
            "program": program,
            "since": datetime.now().astimezone().isoformat(timespec="seconds"),
        },
        ensure_ascii=False,
    )
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, (text + "\n").encode("utf-8"))


def read_holder(db_path: Path) -> Holder | None:
    """Who holds the database, as its lock file says (None when it does not say)."""
    path = lock_path(Path(db_path))
    for _attempt in range(5):  # the holder may be writing its text this very moment
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        holder = _parse(text)
        if holder is not None:
            return holder
        time.sleep(0.02)
    return None


def _parse(text: str) -> Holder | None:
    text = text.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
            since = data.get("since")
            return Holder(
                pid=int(data["pid"]),
                host=str(data.get("host") or ""),
                user=str(data.get("user") or ""),
                program=str(data.get("program") or WINDOW),
                since=datetime.fromisoformat(since) if since else None,
            )
        except (ValueError, KeyError, TypeError):
            return None
    lines = text.splitlines()  # QLockFile: pid, application, host
    if lines and lines[0].strip().isdigit():
        host = lines[2].strip() if len(lines) > 2 else ""
        return Holder(pid=int(lines[0]), host=host, user="", program=WINDOW)
    return None


def wait_for_database(
    db_path: Path,
    program: str = COMMAND_LINE,
    timeout: float | None = None,
    on_wait: Callable[[Holder | None], None] | None = None,
) -> DatabaseLock:
    """Take the lock, waiting while another command holds it (commands are short): up to
    `timeout` seconds (default: lock_wait()), telling `on_wait` once. The window is not waited
    for — a person may keep it open all day — nor is a holder that does not say who it is."""
    timeout = lock_wait() if timeout is None else timeout
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            return lock_database(db_path, program)
        except DatabaseLocked as exc:
            holder = exc.holder
            if holder is None or holder.program != COMMAND_LINE:
                raise
            if time.monotonic() >= deadline:
                raise DatabaseLocked(
                    Path(db_path),
                    holder,
                    _(
                        "{path} is still being changed by another command (process {pid} on {host}, "
                        "user {user}); nothing was done. Try again when it has finished."
                    ).format(path=db_path, pid=holder.pid, host=holder.host or "?", user=holder.user or "?"),
                ) from None
            if not told and on_wait is not None:
                on_wait(holder)
                told = True
            time.sleep(0.1)


def locked_message(path: Path, holder: Holder | None) -> str:
    if holder is None:
        return _("{path} is in use by another program; nothing was done.").format(path=path)
    if holder.program == COMMAND_LINE:
        return _(
            "{path} is being changed by a command (process {pid} on {host}, user {user}); nothing was done."
        ).format(path=path, pid=holder.pid, host=holder.host or "?", user=holder.user or "?")
    return _("{path} is open in the program on {host} by {user}; close it there first.").format(
        path=path, host=holder.host or "?", user=holder.user or "?"
    )


def waiting_message(path: Path, holder: Holder) -> str:
    return _(
        "Waiting for another command to finish with {path} (process {pid} on {host}, user {user})…"
    ).format(path=path, pid=holder.pid, host=holder.host or "?", user=holder.user or "?")
