"""Opening a database file: recognise it, check it, bring its schema up to date.

The common case (the schema is current) is answered with one read-only query, without importing
Alembic: start-up stays light. Alembic is loaded only to create or upgrade a database.
"""

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ...i18n import _
from ...models import SCHEMA_REVISION
from ...paths import migrations_dir
from ..errors import DatabaseError
from .backup import backup_database

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass
class OpenReport:
    created: bool = False
    migrated_from: str | None = None
    backup: Path | None = None


def read_revision(db_path: Path) -> tuple[str | None, bool]:
    """(revision, has_tables) read without writing a byte to the file."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            return None, bool(tables)
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return (row[0] if row else None), True
    finally:
        conn.close()


def alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    # configparser would read '%' in a folder name as interpolation.
    cfg.set_main_option("script_location", str(migrations_dir()).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def upgrade(engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine, revision: str = "base") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)


def inspect_file(db_path: Path) -> tuple[str | None, bool]:
    """Refuse what is not ours before anything touches it. Returns (revision, exists)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None, False
    try:
        with db_path.open("rb") as f:
            header = f.read(16)
    except OSError as exc:
        raise DatabaseError(_("Cannot read {path}: {error}").format(path=db_path, error=exc)) from exc
    if header != SQLITE_HEADER:
        raise DatabaseError(_("{path} is not a database of this program.").format(path=db_path.name))
    try:
        revision, has_tables = read_revision(db_path)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(_cannot_read(db_path, str(exc))) from exc
    if revision is None and has_tables:
        raise DatabaseError(_("{path} is not a database of this program.").format(path=db_path.name))
    return revision, has_tables


def _cannot_read(db_path: Path, error: str) -> str:
    """Damaged — unless the machine is to blame: a database in WAL mode needs to write its -shm
    file beside it even to be read, which a read-only folder or a full disk refuses; that is no
    damage, and must not be treated as such (the window would offer to replace the file)."""
    from ..failures import read_only_problem, sqlite_message

    problem = sqlite_message(error)
    if problem:
        return read_only_problem(db_path) or problem
    return _("The database {path} is damaged: {error}").format(path=db_path.name, error=error)


_early: dict[str, tuple] = {}  # resolved path → (thread, result holder) of a check started early


def check_early(db_path: Path) -> None:
    """Start `quick_check` of an existing database on another thread. SQLite lets go of Python's
    lock while it reads, so the check of a large file (a fifth of a second at 45 MB) runs while Qt
    loads; `prepare_database` then takes its result instead of reading the file again."""
    import threading

    path = Path(db_path)
    if not path.is_file():
        return
    holder: dict[str, str] = {}
    thread = threading.Thread(target=lambda: holder.update(result=quick_check(path)), daemon=True)
    _early[str(path.resolve())] = (thread, holder)
    thread.start()


def _checked(db_path: Path) -> str:
    started = _early.pop(str(db_path.resolve()), None)
    if started is not None:
        thread, holder = started
        thread.join()
        if "result" in holder:
            return holder["result"]
    return quick_check(db_path)  # not started early, or it failed there: here it raises properly


def quick_check(db_path: Path) -> str:
    """'ok' or SQLite's description of the damage. Read-only."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    return "; ".join(r[0] for r in rows[:5])


def prepare_database(db_path: Path, *, readonly: bool = False, now: datetime | None = None) -> OpenReport:
    """Make `db_path` ready for use: create it, or check it and migrate it after a backup.

    A file of a newer program, a file that is not ours or a damaged file raises DatabaseError and
    is left exactly as it was.
    """
    db_path = Path(db_path)
    report = OpenReport()
    revision, exists = inspect_file(db_path)
    if exists:
        result = _checked(db_path)
        if result != "ok":
            raise DatabaseError(_cannot_read(db_path, result))
    if revision == SCHEMA_REVISION:
        return report
    if exists and revision not in known_revisions():
        raise DatabaseError(
            _(
                "{path} was written by a newer version of the program (schema {revision}). "
                "Install the newer version to open it; the file was not changed."
            ).format(path=db_path.name, revision=revision)
        )
    if readonly:
        raise DatabaseError(
            _("{path} needs an update and cannot be opened read-only.").format(path=db_path.name)
        )
    if exists:
        report.backup = backup_database(db_path, "migration", now=now)
        report.migrated_from = revision
    else:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        report.created = True
    from .sqlite import make_engine  # SQLAlchemy, like Alembic, only when the schema must change

    engine = make_engine(db_path)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return report
