"""Engines and sessions on a SQLite file, with the pragmas that keep the data safe: the module of
SQLite's own SQL (the backup API is backup.py's)."""

import sqlite3
from pathlib import Path
from typing import cast

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from .writer_lock import lock_wait


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record) -> None:
    cur = dbapi_conn.cursor()
    # Constraints live in the schema; SQLite only enforces foreign keys when asked, per connection.
    cur.execute("PRAGMA foreign_keys=ON")
    # WAL: readers never block the writer and a crash mid-write leaves the last commit intact.
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL (not NORMAL) syncs the WAL at every commit: in WAL mode NORMAL may lose the last
    # transactions on power loss, and a secretariat laptop does lose power. Commits are rare, so
    # the extra fsync costs nothing a user notices.
    cur.execute("PRAGMA synchronous=FULL")
    # A second process (a backup, a read-only viewer) may hold a read lock for a moment.
    cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
    cur.close()


def busy_timeout_ms() -> int:
    """SQLite waits this long for another writer: 5 s, or less when commands are told to wait less."""
    return int(min(5.0, lock_wait()) * 1000)


def make_engine(path: Path | str, *, readonly: bool = False) -> Engine:
    path = Path(path)
    if readonly:
        url = "sqlite://"
        uri = path.resolve().as_uri() + "?mode=ro"
        engine = create_engine(url, creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas if not readonly else _readonly_pragmas)
    return engine


def _readonly_pragmas(dbapi_conn: sqlite3.Connection, _record) -> None:
    dbapi_conn.execute("PRAGMA foreign_keys=ON")
    dbapi_conn.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def integrity_check(session: Session) -> str:
    return cast(str, session.connection().exec_driver_sql("PRAGMA integrity_check").scalar())


def hours_and_minutes(column: str) -> str:
    """SQL for a time column's HH:MM (SQLite keeps times as text HH:MM:SS.ffffff)."""
    return f"substr({column}, 1, 5)"
