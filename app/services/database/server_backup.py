"""Backups of a server database: a consistent snapshot in a portable SQLite file, which the program
opens like any database or restores from — into the server, or onto a laptop. They are kept in
this computer's data folder (`servers/backups`), named after the server and the database, and
rotated like a file's backups. The IT department's pg_dump stays the server's real backup; these
are the secretariat's own, before an import or an upgrade and whenever someone asks.
"""

import tempfile
from datetime import datetime
from pathlib import Path

from ...paths import user_data_dir
from .location import backup_stem


def backup_key(url: str) -> Path:
    """A path whose folder and name the backups of the server database take (backup.py's rules).
    No file is ever made at this path itself."""
    return user_data_dir() / "servers" / f"{backup_stem(url)}.sqlite"


def backup_server(url: str, reason: str, out: Path | None = None, now: datetime | None = None) -> Path:
    """Write a snapshot of the server database into a new SQLite file (in the backups folder, or
    `out`); returns its path."""
    from .backup import backup_database

    return backup_database(
        backup_key(url), reason, out=out, now=now, copier=lambda _key, part: snapshot(url, part)
    )


def snapshot(url: str, target: Path) -> None:
    """The server database, as one moment of it, into the new SQLite file `target`, at the
    server's own schema revision (a backup before an upgrade is of the version before it)."""
    from .copying import copy_rows, new_file, reading
    from .server import read_revision
    from .sqlite import make_engine

    with reading(url) as source:
        revision = read_revision(source)[0]
        assert revision is not None  # every caller opened (or made) the schema first
        new_file(target, revision)
        engine = make_engine(target)
        try:
            with engine.begin() as conn:
                copy_rows(source, conn)
                # One self-contained file to copy or mail, like a file's backups.
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
        finally:
            engine.dispose()


def restore_server(url: str, backup_file: Path, now: datetime | None = None) -> Path:
    """Replace the server database's content with a backup (a file of any earlier version is brought
    up to date first), in one transaction: the others see the old data until it commits, then the
    restored. The current state is backed up first; returns that backup.

    Every record's version is counted past any version it had here, so that a form someone has
    open on the data before the restore cannot save over the restored record unasked."""
    from sqlalchemy import func, select, update

    from .backup import copy_database, verify_backup_file
    from .copying import copy_rows, reflect, tables_of
    from .notices import announce
    from .schema import prepare_database
    from .server import current_login, make_engine
    from .sqlite import make_engine as file_engine

    verify_backup_file(backup_file)
    with tempfile.TemporaryDirectory(prefix="secretariat-restore-") as folder:
        current = Path(folder) / "restore.sqlite"
        copy_database(Path(backup_file), current)
        prepare_database(current)  # to this version's schema
        before = backup_server(url, "before-restore", now=now)
        source_engine, engine = file_engine(current, readonly=True), make_engine(url)
        try:
            with source_engine.connect() as source, engine.begin() as target:
                versioned = [t for t in tables_of(reflect(target)) if "version" in t.c]
                offset = max(
                    (target.execute(select(func.max(t.c.version))).scalar() or 0 for t in versioned),
                    default=0,
                )
                copy_rows(source, target, replace=True)
                for table in versioned:
                    target.execute(update(table).values(version=table.c.version + offset))
                announce(target, current_login(target))
        finally:
            source_engine.dispose()
            engine.dispose()
    return before
