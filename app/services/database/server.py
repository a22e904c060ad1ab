"""A PostgreSQL database on a server: its engine (psycopg 3), opening it (recognise, create or
upgrade the schema with the same migrations as a file), the person's login, advisory locks, and
the server's failures said in a sentence. Everything here is PostgreSQL's own; the services above
use SQLAlchemy portably and ask this module only through `Database`.
"""

import contextlib
import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from ...i18n import _
from ...models import SCHEMA_REVISION
from ..errors import DatabaseError
from .location import checked_url, engine_url, shown

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from .schema import OpenReport

APPLICATION_NAME = "Secretariat desk"
CONNECT_TIMEOUT = 10  # seconds: a server that does not answer is said so, not waited for
# A migration waits this long for the tables: another person's window keeps them in use, and an
# upgrade must not hang behind it (nor hold everyone else up while it waits).
MIGRATION_LOCK_TIMEOUT = "10s"


def make_engine(url: str, *, readonly: bool = False) -> "Engine":
    from sqlalchemy import create_engine

    options = "-c default_transaction_read_only=on" if readonly else ""
    return create_engine(
        engine_url(url),
        # A connection the server or the network dropped (a laptop that slept) is noticed when it
        # is taken from the pool, not in the middle of someone's save.
        pool_pre_ping=True,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT,
            "application_name": APPLICATION_NAME,
            "options": options,
        },
    )


def lock_key(name: str) -> int:
    """A stable 32-bit key for a named advisory lock of this program."""
    return zlib.crc32(f"secretariat-desk:{name}".encode())


@contextlib.contextmanager
def advisory_lock(engine: "Engine", name: str) -> Iterator[None]:
    """One holder at a time across every program working on the database (session-level: held on
    a connection of its own around the caller's transactions, released when done or when the
    program dies and its connection closes)."""
    from sqlalchemy import text

    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": lock_key(name)})
        conn.commit()
        try:
            yield
        finally:
            with contextlib.suppress(Exception):  # a lost connection released it already
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key(name)})
                conn.commit()


def transaction_lock(session, name: str) -> None:
    """An advisory lock held until the session's transaction ends: two people taking the next code
    of one series wait for each other instead of both taking it."""
    from sqlalchemy import text

    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})


def current_login(conn: "Connection") -> str:
    from sqlalchemy import text

    return conn.execute(text("SELECT session_user")).scalar_one()


def read_revision(conn: "Connection") -> tuple[str | None, bool]:
    """(revision, has_tables) of the database's current schema."""
    from sqlalchemy import text

    tables = conn.execute(
        text("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
    ).scalar_one()
    if not conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar_one():
        return None, bool(tables)
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return (row[0] if row else None), True


def reset_sequences(conn: "Connection", tables) -> None:
    """After rows were written with their ids (a copy, a restore), new rows continue after them."""
    from sqlalchemy import text

    for table in tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {table.name}"
            )
        )


def prepare_server(url: str, *, readonly: bool = False, now: datetime | None = None) -> "OpenReport":
    """Make the server database ready: create the schema in an empty database, or upgrade it after
    a backup. A database of a newer program, or one that is not ours, is refused untouched."""
    from .schema import OpenReport, known_revisions

    url = checked_url(url)
    report = OpenReport()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            revision, has_tables = read_revision(conn)
        if revision == SCHEMA_REVISION:
            return report
        _refuse_foreign(url, revision, has_tables, known_revisions)
        if readonly:
            raise DatabaseError(
                _("{path} needs an update and cannot be opened read-only.").format(path=shown(url))
            )
        # Two programs starting at once: one upgrades, the other waits and finds it done.
        with advisory_lock(engine, "schema"):
            with engine.connect() as conn:
                revision, has_tables = read_revision(conn)
            if revision == SCHEMA_REVISION:
                return report
            _refuse_foreign(url, revision, has_tables, known_revisions)
            if revision is not None:
                from .server_backup import backup_server

                report.backup = backup_server(url, "migration", now=now)
                report.migrated_from = revision
            else:
                report.created = True
            try:
                _upgrade(engine)
            except Exception as exc:
                if _sqlstate(exc) == "55P03":  # lock_not_available
                    raise DatabaseError(
                        _(
                            "The database {path} needs an update, but other people have it open. Ask them "
                            "to close the program, then start it again; nothing was changed."
                        ).format(path=shown(url))
                    ) from exc
                raise
    finally:
        engine.dispose()
    return report


def _upgrade(engine: "Engine") -> None:
    """The migrations, in one transaction (PostgreSQL changes its schema transactionally: an upgrade
    that fails half-way leaves the database as it was)."""
    from alembic import command
    from sqlalchemy import text

    from .schema import alembic_config

    with engine.begin() as conn:
        conn.execute(text(f"SET LOCAL lock_timeout = '{MIGRATION_LOCK_TIMEOUT}'"))
        command.upgrade(alembic_config(conn), "head")


def _refuse_foreign(url: str, revision: str | None, has_tables: bool, known_revisions) -> None:
    if revision is None and has_tables:
        raise DatabaseError(_("{path} is not a database of this program.").format(path=shown(url)))
    if revision is not None and revision not in known_revisions():
        raise DatabaseError(
            _(
                "{path} was written by a newer version of the program (schema {revision}). "
                "Install the newer version to open it; the file was not changed."
            ).format(path=shown(url), revision=revision)
        )


def exists(url: str) -> bool:
    """Whether the server database holds a database of this program (for the commands that must not
    make one up). Failures to connect are raised: they say more than "no database"."""
    engine = make_engine(url, readonly=True)
    try:
        with engine.connect() as conn:
            revision, _tables = read_revision(conn)
    finally:
        engine.dispose()
    return revision is not None


def revision_of(url: str) -> str | None:
    engine = make_engine(url, readonly=True)
    try:
        with engine.connect() as conn:
            return read_revision(conn)[0]
    finally:
        engine.dispose()


def integrity_check(session) -> str:
    """'ok' when every constraint of the schema is validated (PostgreSQL checks its pages itself)."""
    from sqlalchemy import text

    pending = (
        session.execute(
            text(
                "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                "WHERE n.nspname = current_schema() AND NOT c.convalidated"
            )
        )
        .scalars()
        .all()
    )
    return "ok" if not pending else ", ".join(pending)


class Reader:
    """What `Database.reader()` gives on a server: `execute(sql, params)` with SQLite's `?` marks,
    as the start-up's plain reads are written, over a pooled psycopg connection."""

    def __init__(self, dbapi_connection):
        self.dbapi = dbapi_connection

    def execute(self, sql: str, params=()):
        return self.dbapi.cursor().execute(sql.replace("?", "%s"), tuple(params))


# ---- failures --------------------------------------------------------------------------------


def _sqlstate(error: BaseException) -> str | None:
    current = getattr(error, "orig", None) or error
    return getattr(current, "sqlstate", None)


def server_message(error: BaseException) -> str | None:
    """The sentence for a failure of the server, the network or the person's rights; None for
    anything else (a bug)."""
    state = getattr(error, "sqlstate", None) or ""
    text = str(error)
    lowered = text.lower()
    detail = _detail(text)
    if "no password supplied" in lowered:
        return _(
            "The server asks for a password. Give it in the window, or keep it in the PostgreSQL "
            "password file (pgpass) of this computer."
        )
    if (
        state in ("28P01", "28000")
        or "authentication failed" in lowered
        or "pg_hba.conf" in lowered
        or ("role" in lowered and "does not exist" in lowered)
    ):
        return _(
            "The server refused the login: the name or the password is wrong, or this login may not "
            "connect ({detail})."
        ).format(detail=detail)
    if state == "3D000" or ("database" in lowered and "does not exist" in lowered):
        return _(
            "There is no such database on the server ({detail}). Ask the IT department to create it."
        ).format(detail=detail)
    if state == "42501":
        return _(
            "Your login has no right to do this in the database ({detail}). Ask the IT department "
            "to grant it; nothing was changed."
        ).format(detail=detail)
    if state == "25006":
        return _("The database is open read-only, so nothing was changed.")
    # A serialization failure, a deadlock, a lock not had in time, or two people creating the
    # same thing at the same moment (a unique key): the other one's work stands.
    if state in ("40001", "40P01", "55P03", "57014", "23505"):
        return _(
            "Someone else is changing the same data at this moment; nothing was changed. "
            "Try again in a moment."
        )
    if (state.startswith(("57P", "08")) or not state) and any(
        word in lowered for word in ("connection", "server", "timeout", "host")
    ):
        return _(
            "The database server cannot be reached ({detail}). Check the network and the address, "
            "or ask the IT department; nothing was changed."
        ).format(detail=detail)
    return None


def _detail(text: str) -> str:
    """The server's own words worth showing: its first line, without the driver's preamble."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    if "FATAL:" in line:
        line = line.rsplit("FATAL:", 1)[1]
    return line.removeprefix("connection failed:").strip()
