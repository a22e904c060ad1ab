"""One program per database file: a lock file beside it (QLockFile removes a stale one)."""

from pathlib import Path

from PySide6.QtCore import QLockFile

from ..i18n import _
from ..services.errors import UserError


def lock_database(path: Path) -> QLockFile:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(Path(path)) + ".lock")
    lock.setStaleLockTime(0)
    if not lock.tryLock(200):
        raise UserError(
            _("{path} is already open in another window of the program.").format(path=Path(path).name)
        )
    return lock
