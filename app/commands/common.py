"""What the sub-commands share: the --db argument, and opening the database — an existing one only,
and, for a command that writes, under the lock the window takes too (one writer at a time)."""

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _
from ..services.errors import UserError

if TYPE_CHECKING:
    from ..services.database import Database


def add_db(parser: argparse.ArgumentParser) -> None:
    # Accepted after the command too (`main.py check --db x`), as the design's contract writes it.
    parser.add_argument("--db", dest="sub_db", metavar="PATH", help=_("database file"))


def db_path(args: argparse.Namespace) -> Path:
    path = getattr(args, "sub_db", None) or args.db
    if not path:
        raise UserError(_("Give the database file with --db PATH."))
    return Path(path)


def existing_db_path(args: argparse.Namespace) -> Path:
    """The database the command works on; only `demo` (and the window) create one, so a path
    with no file, or an empty file, is a mistake, refused before anything is written."""
    path = db_path(args)
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


def needs_update(path: Path) -> bool:
    from ..models import SCHEMA_REVISION
    from ..services.schema import inspect_file

    return inspect_file(path)[0] != SCHEMA_REVISION


@contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """The database's lock for a command: refused when the window holds it or the file cannot be
    written; another command is waited for, with a word on stderr."""
    from ..services.dblock import COMMAND_LINE, wait_for_database, waiting_message
    from ..services.failures import NO_SPACE, no_space_message, read_only_problem

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
