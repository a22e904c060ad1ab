"""Failures of the machine rather than of the program — a full disk, a read-only file or folder,
another program writing, a removed drive, a server that does not answer or refuses the login —
said in a sentence a person can act on, instead of a traceback or SQLAlchemy's dump of the
statement and its parameters."""

import errno
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..i18n import _

NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, what SQLAlchemy wrapped (`.orig`), and its causes."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [getattr(current, "orig", None), current.__cause__, current.__context__]


def describe_failure(error: BaseException) -> str | None:
    """A message in the user's language for a failure of the disk, the file or another program;
    None when the error is none of these (a bug: its details belong in the log)."""
    for current in _chain(error):
        if type(current).__module__.split(".")[0] == "psycopg":  # a server's (loaded only for one)
            from .database.server import server_message

            message = server_message(current)
            if message:
                return message
        elif isinstance(current, sqlite3.Error):
            message = sqlite_message(str(current), getattr(current, "sqlite_errorname", ""))
            if message:
                return message
        elif isinstance(current, OSError) and not isinstance(current, (BrokenPipeError, TimeoutError)):
            return _os_message(current)
    return None


def sqlite_message(error: str, name: str = "") -> str | None:
    """The message for SQLite's error (its text, and its code's name when known) when the machine
    is to blame — busy, full, read-only, failing disk —; None for anything else (damage, a bug)."""
    name = name or ""
    text = error.lower()
    if name.startswith("SQLITE_BUSY") or "database is locked" in text:
        return _(
            "The database is busy: another program is writing to it and did not finish in time. "
            "Nothing was changed; try again in a moment."
        )
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return no_space_message()
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return _(
            "The database is read-only, so nothing was changed. Make the file and its folder "
            "writable, or copy the database to a folder you can write to."
        )
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return _(
            "The disk could not be written to or read (is it full, removed or failing?). Nothing was changed."
        )
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database file" in text:
        return _("The database file could not be opened: its folder may be read-only, or the drive removed.")
    return None


def no_space_message() -> str:
    return _(
        "The disk is full: there is no room to write. Nothing was changed; free some space and try again."
    )


def _os_message(error: OSError) -> str:
    where = error.filename if error.filename is not None else ""
    if error.errno in NO_SPACE:
        return no_space_message()
    if error.errno in _READ_ONLY:
        return _("{path} cannot be written: access denied or read-only.").format(path=where)
    return _("{path}: {error}").format(path=where, error=error.strerror or error) if where else str(error)


def read_only_problem(db_path: Path | str) -> str | None:
    """Why the database cannot be changed where it is (the file or its folder is read-only), or None.

    SQLite needs to write into the folder too (its -wal and -shm files beside the database)."""
    db_path = Path(db_path)
    folder = db_path.resolve().parent
    if db_path.exists() and not os.access(db_path, os.W_OK):
        return _(
            "{path} is read-only: the database cannot be changed. Make the file writable (in its "
            "properties) or copy it to a folder you can write to."
        ).format(path=db_path)
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return _(
            "The folder {folder} is read-only: the database in it cannot be changed. Copy the database "
            "to a folder you can write to."
        ).format(folder=folder)
    return None
