"""One open database: its file, engine and sessions, prepared (checked, migrated) on open."""

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .backup import backup_database, clean_leftover_parts, has_backup_today
from .schema import OpenReport, prepare_database

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker


class Database:
    def __init__(
        self,
        path: Path | str,
        *,
        readonly: bool = False,
        daily_backup: bool = False,
        now: datetime | None = None,
    ):
        self.path = Path(path)
        self.readonly = readonly
        self.report: OpenReport = prepare_database(self.path, readonly=readonly, now=now)
        if not readonly:
            clean_leftover_parts(self.path)  # of a backup killed half-way last time
        if daily_backup and not readonly and not self.report.created and not has_backup_today(self.path, now):
            self.report.backup = self.report.backup or backup_database(self.path, "daily", now=now)
        # SQLAlchemy loads with the first session, not on open: the main window reads its first
        # page with `reader()` and is painted before the ORM's half second of imports.
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None

    @property
    def engine(self) -> "Engine":
        if self._engine is None:
            from .db import make_engine

            self._engine = make_engine(self.path, readonly=self.readonly)
        return self._engine

    @property
    def sessions(self) -> "sessionmaker[Session]":
        if self._sessions is None:
            from .db import make_sessionmaker

            self._sessions = make_sessionmaker(self.engine)
        return self._sessions

    def session(self) -> "Session":
        return self.sessions()

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """A plain sqlite3 connection that cannot write, for reads that must not wait for SQLAlchemy.
        It sees what is committed, as a new session does."""
        with closing(sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            yield conn

    @contextmanager
    def transaction(self) -> Iterator["Session"]:
        """A session whose work is committed together, or not at all."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
