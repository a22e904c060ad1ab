"""One program per database file: a lock file beside it. QLockFile recognises a lock left by a
program that crashed (its process is gone) and takes it over."""

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile


@dataclass
class Holder:
    """Who holds the lock: process id, computer, program."""

    pid: int
    host: str
    app: str


class DatabaseLocked(Exception):
    def __init__(self, holder: Holder | None):
        super().__init__("locked")
        self.holder = holder


def lock_database(path: Path) -> QLockFile:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(Path(path)) + ".lock")
    lock.setStaleLockTime(0)  # only a dead owner makes a lock stale, never its age
    if not lock.tryLock(200):
        info = lock.getLockInfo()  # PySide6 answers (pid, host, app); older bindings put ok first
        pid, host, app = info[-3:] if isinstance(info, tuple) and len(info) >= 3 else (0, "", "")
        raise DatabaseLocked(Holder(pid, host, app) if pid else None)
    return lock
