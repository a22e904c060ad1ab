"""Where a command or a dialog may write a file: never over the database, its companions, its
backups, another database or the file being read. One rule for every output of the program."""

import os
from pathlib import Path

from ..i18n import _
from .errors import UserError

SQLITE_HEADER = b"SQLite format 3\x00"
COMPANIONS = ("-wal", "-shm", "-journal", ".lock")  # SQLite's files beside the database, and ours


def _key(path: Path) -> str:
    # Windows and macOS file names ignore case: DB.SQLITE is db.sqlite there.
    return os.path.normcase(os.path.realpath(path))


def same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)  # also through hard links and other spellings
    except OSError:
        pass
    return _key(a) == _key(b)


def _inside(path: Path, folder: Path) -> bool:
    inner, outer = _key(path), _key(folder)
    return inner.startswith(outer.rstrip(os.sep) + os.sep)


def is_sqlite_file(path: Path) -> bool:
    try:
        with Path(path).open("rb") as f:
            return f.read(16) == SQLITE_HEADER
    except OSError:
        return False


def check_output_target(target: Path | str, db_path: Path | str | None, inputs=()) -> None:
    """Raise UserError when writing `target` would destroy something: the open database or one of
    its companion files, anything in its backups folder, any SQLite database, one of `inputs`."""
    from .database.backup import backups_dir

    target = Path(target)
    refuse = _("{path} cannot be written: {reason}. Choose another file.")
    if db_path is not None:
        db_path = Path(db_path)
        for suffix in ("", *COMPANIONS):
            if same_file(target, Path(str(db_path) + suffix)):
                reason = _("it is the database") if not suffix else _("it belongs to the database")
                raise UserError(refuse.format(path=target, reason=reason))
        if _inside(target, backups_dir(db_path)):
            raise UserError(
                refuse.format(path=target, reason=_("it is in the folder of the database's backups"))
            )
    for source in inputs:
        if same_file(target, Path(source)):
            raise UserError(refuse.format(path=target, reason=_("it is the file being read")))
    if target.is_file() and is_sqlite_file(target):
        raise UserError(refuse.format(path=target, reason=_("it is a database")))
