"""One open database: its file, engine and sessions, prepared (checked, migrated) on open."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from .backup import backup_database, has_backup_today
from .db import make_engine, make_sessionmaker
from .schema import OpenReport, prepare_database


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
        if daily_backup and not readonly and not self.report.created and not has_backup_today(self.path, now):
            self.report.backup = self.report.backup or backup_database(self.path, "daily", now=now)
        self.engine = make_engine(self.path, readonly=readonly)
        self.sessions = make_sessionmaker(self.engine)

    def session(self) -> Session:
        return self.sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
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
        self.engine.dispose()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
