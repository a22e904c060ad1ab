"""What the sub-commands share: the --db argument (a file, or a server's URL), and opening the
database — an existing one only, and, for a command that writes to a file, under the lock the
window takes too (one writer at a time). A server database has many writers at once: its records'
versions and advisory locks keep them apart (concurrency.py, Database.exclusive)."""

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..i18n import _
from ..services.errors import UserError

if TYPE_CHECKING:
    from ..services.database import Database


def add_db(parser: argparse.ArgumentParser) -> None:
    # Accepted after the command too (`main.py check --db x`), as the design's contract writes it.
    parser.add_argument(
        "--db", dest="sub_db", metavar="PATH", help=_("database file, or postgresql://user@server/database")
    )


def db_path(args: argparse.Namespace) -> "Path | str":
    """The file's path, or the server's URL (checked: it names a database)."""
    from ..services.database.location import checked_url, is_server

    location = getattr(args, "sub_db", None) or args.db
    if not location:
        raise UserError(_("Give the database file with --db PATH."))
    return checked_url(location) if is_server(location) else Path(location)


def db_file(location: "Path | str") -> Path | None:
    """The database's file, which outputs must not overwrite (None on a server)."""
    from ..services.database.location import is_server

    return None if is_server(location) else Path(location)


def shown(location: "Path | str") -> str:
    """The location as messages show it: a path, or the URL without its password."""
    from ..services.database.location import is_server
    from ..services.database.location import shown as shown_url

    return shown_url(location) if is_server(location) else str(location)


def existing_db_path(args: argparse.Namespace) -> "Path | str":
    """The database the command works on; only `demo` (and the window) create one, so a path
    with no file, or an empty file — or a server database without our schema — is a mistake,
    refused before anything is written."""
    from ..services.database.location import is_server

    path = db_path(args)
    if is_server(path):
        from ..services.database.server import exists

        if not exists(path):
            raise UserError(_("No database at {path}.").format(path=shown(path)))
        return path
    assert isinstance(path, Path)  # db_path gives a file's location as a Path
    try:
        missing = not path.is_file() or path.stat().st_size == 0
    except OSError:
        missing = True
    if missing:
        raise UserError(_("No database at {path}.").format(path=path))
    return path


@contextmanager
def open_db(args: argparse.Namespace, *, write: bool, **kwargs) -> Iterator["Database"]:
    """The existing database. A command that writes holds the lock while it works; one that only
    reads opens the file read-only and takes no lock (the window may stay open), unless the
    database must first be brought up to date."""
    from ..services.database import Database

    path = existing_db_path(args)
    if getattr(args, "readonly", False):
        write = False
    elif not write:
        write = needs_update(path)
    if not write:
        with Database(path, readonly=True, **kwargs) as db:
            yield db
        return
    with writer_lock(path), Database(path, **kwargs) as db:
        yield db


def needs_update(path: "Path | str") -> bool:
    from ..models import SCHEMA_REVISION
    from ..services.database.location import is_server

    if is_server(path):
        from ..services.database.server import revision_of

        return revision_of(path) != SCHEMA_REVISION
    from ..services.database.schema import inspect_file

    return inspect_file(cast(Path, path))[0] != SCHEMA_REVISION


@contextmanager
def writer_lock(path: "Path | str") -> Iterator[None]:
    """The database's lock for a command: refused when the window holds it or the file cannot be
    written; another command is waited for, with a word on stderr. A server takes no such lock:
    several people write at once there."""
    from ..services.database.location import is_server
    from ..services.database.writer_lock import COMMAND_LINE, wait_for_database, waiting_message
    from ..services.failures import NO_SPACE, no_space_message, read_only_problem

    if is_server(path):
        yield
        return
    path = cast(Path, path)  # a file: the callers pass db_path's Path

    problem = read_only_problem(path)
    if problem:
        raise UserError(problem)

    def tell(holder) -> None:
        print(waiting_message(path, holder), file=sys.stderr, flush=True)

    try:
        lock = wait_for_database(path, COMMAND_LINE, on_wait=tell)
    except OSError as exc:  # the lock file cannot be made beside the database
        if exc.errno in NO_SPACE:
            raise UserError(no_space_message()) from None
        raise UserError(
            _("Cannot lock {path}: {error}").format(path=path, error=exc.strerror or exc)
        ) from None
    with lock:
        yield
