"""One open database — a SQLite file, or a PostgreSQL database on a server (location.py) — its
engine and sessions, prepared (checked, migrated) on open."""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .backup import backup_database, clean_leftover_parts, has_backup_today
from .location import is_server, short_name, shown
from .schema import OpenReport, prepare_database

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker


class Database:
    """`location`: a file's path, or a server's URL. `path` is the file (None on a server), `url`
    the server's address (None for a file)."""

    def __init__(
        self,
        location: Path | str,
        *,
        readonly: bool = False,
        daily_backup: bool = False,
        now: datetime | None = None,
    ):
        self.readonly = readonly
        self.url: str | None = str(location).strip() if is_server(location) else None
        self.path: Path | None = None if self.url else Path(location)
        if self.url:
            from .server import prepare_server

            # No daily copy of a server: its backups are the IT department's (pg_dump), and every
            # person's window would otherwise copy the whole database each morning.
            self.report: OpenReport = prepare_server(self.url, readonly=readonly, now=now)
        else:
            assert self.path is not None  # a file when there is no url
            self.report = prepare_database(self.path, readonly=readonly, now=now)
            if not readonly:
                clean_leftover_parts(self.path)  # of a backup killed half-way last time
            if (
                daily_backup
                and not readonly
                and not self.report.created
                and not has_backup_today(self.path, now)
            ):
                self.report.backup = self.report.backup or backup_database(self.path, "daily", now=now)
        # SQLAlchemy loads with the first session, not on open: the main window reads its first
        # page with `reader()` and is painted before the ORM's half second of imports.
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._consistent: sessionmaker[Session] | None = None
        self._login: str | None = None
        # What its commits are announced as (notices.py): random, as a UUID's 122 bits are, without
        # the uuid module's imports at start-up.
        self.client = os.urandom(16).hex()

    # ---- what it is --------------------------------------------------------------------------

    @property
    def is_server(self) -> bool:
        return self.url is not None

    @property
    def location(self) -> str:
        """What --db takes to open it again."""
        return self.url if self.url else str(self.path)

    @property
    def name(self) -> str:
        """The file's name, or `database @ server`: the window's title."""
        return short_name(self.location)

    @property
    def shown(self) -> str:
        """The full path, or the URL without a password: the status bar, messages."""
        return shown(self.url) if self.url else str(self.path)

    @property
    def backup_key(self) -> Path:
        """The path whose `backups` folder and name the backups of this database take: the file
        itself, or for a server a name in this computer's data folder (server_backup.py)."""
        if self.url:
            from .server_backup import backup_key

            return backup_key(self.url)
        assert self.path is not None  # a file when there is no url
        return self.path

    @property
    def login(self) -> str | None:
        """The person's login on the server (None for a file: a file has one operator at a time)."""
        if self.url and self._login is None:
            from .server import current_login

            with self.engine.connect() as conn:
                self._login = current_login(conn)
        return self._login

    # ---- engine and sessions -----------------------------------------------------------------

    @property
    def engine(self) -> "Engine":
        if self._engine is None:
            if self.url:
                from .server import make_engine

                self._engine = make_engine(self.url, readonly=self.readonly)
            else:
                from .sqlite import make_engine as file_engine

                assert self.path is not None  # a file when there is no url
                self._engine = file_engine(self.path, readonly=self.readonly)
        return self._engine

    @property
    def sessions(self) -> "sessionmaker[Session]":
        if self._sessions is None:
            from .sqlite import make_sessionmaker

            self._sessions = make_sessionmaker(self.engine)
            if self.url:
                from .notices import announce_commits

                announce_commits(self._sessions, self.client)
        return self._sessions

    def session(self) -> "Session":
        return self.sessions()

    def consistent_session(self) -> "Session":
        """A session whose reads all see one moment of the data, even while others write: an export's
        snapshot, an import's preview. (A file has one writer at a time: its sessions are so anyway.)"""
        if not self.url:
            return self.sessions()
        if self._consistent is None:
            from .notices import announce_commits
            from .sqlite import make_sessionmaker

            self._consistent = make_sessionmaker(
                self.engine.execution_options(isolation_level="REPEATABLE READ")
            )
            announce_commits(self._consistent, self.client)
        return self._consistent()

    @contextmanager
    def reader(self) -> Iterator[Any]:
        """A connection for plain reads that must not wait for the ORM (`execute(sql, params)`, with
        `?` marks). On a file: sqlite3, read-only, before SQLAlchemy loads. On a server: a pooled
        psycopg connection. It sees what is committed, as a new session does."""
        if self.url:
            from .server import Reader

            raw = self.engine.raw_connection()
            try:
                yield Reader(raw.dbapi_connection)
            finally:
                raw.rollback()
                raw.close()
            return
        assert self.path is not None  # a file when there is no url
        with closing(sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            yield conn

    @contextmanager
    def transaction(self, *, consistent: bool = False) -> Iterator["Session"]:
        """A session whose work is committed together, or not at all (`consistent`: its reads see
        one moment of the data)."""
        session = self.consistent_session() if consistent else self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def exclusive(self, name: str):
        """Held around work that only one program may do at a time — numbering and recording an
        exchange. On a server, an advisory lock; a file has one writer at a time already."""
        if not self.url:
            return nullcontext()
        from .server import advisory_lock

        return advisory_lock(self.engine, name)

    def backup(self, reason: str, out: Path | None = None, now: datetime | None = None) -> Path:
        """A backup now (before an import, by hand): a copy of the file, or a snapshot of the server
        database in a SQLite file (server_backup.py)."""
        if self.url:
            from .server_backup import backup_server

            return backup_server(self.url, reason, out=out, now=now)
        assert self.path is not None  # a file when there is no url
        return backup_database(self.path, reason, out=out, now=now)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
