"""Backups through SQLite's online backup API: consistent even while the database is open."""

import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ...i18n import _
from ..errors import UserError

PART_AGE = 5 * 60  # seconds: a .part untouched that long is no backup in progress
KEEP_RECENT = 10  # the last ten backups, whatever their age ...
# ... plus the newest of every month, so that a problem noticed late can still be undone.

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z-]+)\.sqlite$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def copy_database(source: Path, target: Path) -> None:
    """Copy one SQLite database into another file with the backup API, then fsync it."""
    src = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # A backup is a plain rollback-journal file: one self-contained file to copy or mail.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    # On the disk before the import that follows writes: a power cut must not take both.
    fd = os.open(target, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_database(
    db_path: Path,
    reason: str,
    out: Path | None = None,
    now: datetime | None = None,
    copier: Callable[[Path, Path], None] = copy_database,
) -> Path:
    """Write a backup of `db_path`; automatic ones go to the backups folder and are rotated.
    `copier(db_path, part)` writes it (a server's backups: server_backup.py, under a name in the
    data folder instead of a file's)."""
    db_path = Path(db_path)
    now = now or datetime.now()
    if out is None:
        folder = backups_dir(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = now.strftime("%Y%m%d-%H%M%S")
        out = folder / f"{db_path.stem}-{stamp}-{reason}.sqlite"
        n = 1
        while out.exists() or Path(str(out) + ".part").exists():  # another backup this second
            n += 1
            out = folder / f"{db_path.stem}-{stamp}-{n}-{reason}.sqlite"
    tmp = Path(str(out) + ".part")
    try:
        with writing_part(tmp):
            copier(db_path, tmp)
        tmp.replace(out)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(_("Could not write the backup {path}: {error}").format(path=out, error=exc)) from exc
    except BaseException:  # the server's failures are said by the caller's handler
        tmp.unlink(missing_ok=True)
        raise
    rotate_backups(db_path)
    return out


@contextmanager
def writing_part(tmp: Path) -> Iterator[None]:
    """A backup being written into `tmp` holds it locked (POSIX) or open (which keeps Windows from
    deleting it), so that another program cleaning the backups folder leaves it alone."""
    from .os_lock import try_lock

    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
    try:
        if os.name != "nt":
            try_lock(fd)
        yield
    finally:
        os.close(fd)


def clean_leftover_parts(db_path: Path, now: float | None = None) -> list[Path]:
    """Remove the `.part` files a backup left in the backups folder when its program was killed
    or its disk was full. One that another program is still writing is locked, or was touched in
    the last minutes: it stays."""
    from .os_lock import try_lock

    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    now = time.time() if now is None else now
    removed = []
    for part in folder.glob("*.part"):
        try:
            if now - part.stat().st_mtime < PART_AGE:
                continue
            if os.name != "nt":
                fd = os.open(part, os.O_RDONLY)
                try:
                    if not try_lock(fd):
                        continue
                    part.unlink()
                finally:
                    os.close(fd)
            else:
                part.unlink()  # refused while its writer has it open
            removed.append(part)
        except OSError:
            continue
    return removed


def list_backups(db_path: Path) -> list[BackupInfo]:
    """This database's automatic backups, newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"{Path(db_path).stem}-*.sqlite"):
        match = _NAME.match(path.name)
        if not match or match["stem"] != Path(db_path).stem:
            continue
        taken = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        found.append(BackupInfo(path, taken, match["reason"], path.stat().st_size))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def rotate_backups(db_path: Path) -> list[Path]:
    backups = list_backups(db_path)
    keep = {b.path for b in backups[:KEEP_RECENT]}
    months: set[tuple[int, int]] = set()
    for b in backups:  # newest first: the first seen of a month is its newest
        month = (b.taken_at.year, b.taken_at.month)
        if month not in months:
            months.add(month)
            keep.add(b.path)
    removed = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                pass  # held open by another program: try again next time
    return removed


def has_backup_today(db_path: Path, today: datetime | None = None) -> bool:
    today_date = (today or datetime.now()).date()
    return any(b.taken_at.date() == today_date for b in list_backups(db_path))


def verify_backup_file(path: Path) -> None:
    """A file we are asked to restore must be a sound SQLite database of this program."""
    path = Path(path)
    if not path.is_file():
        raise UserError(_("File not found: {path}").format(path=path))
    with path.open("rb") as f:
        header = f.read(16)
    if header != b"SQLite format 3\x00":
        raise UserError(_("{path} is not a database of this program.").format(path=path.name))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise UserError(_("{path} cannot be read: {error}").format(path=path.name, error=exc)) from exc
    if result != "ok":
        raise UserError(_("{path} is damaged and cannot be restored.").format(path=path.name))
    if "alembic_version" not in tables or "roadmap_item" not in tables:
        raise UserError(_("{path} is not a database of this program.").format(path=path.name))
    if not _known_revision(revision):
        raise UserError(
            _(
                "{path} was made by a newer version of the program (schema {revision}); this version "
                "cannot use it. Nothing was replaced."
            ).format(path=path.name, revision=revision)
        )


def _known_revision(revision: str | None) -> bool:
    from ...models import SCHEMA_REVISION

    if revision == SCHEMA_REVISION:
        return True
    from .schema import known_revisions  # Alembic, only for a backup of another version

    return revision in known_revisions()


def restore_database(db_path: Path, backup_file: Path) -> Path | None:
    """Replace the database's content with a backup. The current state is backed up first.

    Returns the backup of the state before the restore (None when there was no database)."""
    from ..outputs import same_file

    db_path = Path(db_path)
    backup_file = Path(backup_file)
    verify_backup_file(backup_file)
    if same_file(db_path, backup_file):
        raise UserError(_("{path} is the database itself, not a backup of it.").format(path=backup_file.name))
    before = None
    if db_path.exists() and db_path.stat().st_size > 0:
        before = backup_database(db_path, "before-restore")
    src = sqlite3.connect(f"{backup_file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(db_path)
        try:
            # The backup API writes the whole content in one step under the target's lock.
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise UserError(
            _("Could not restore {path}: {error}").format(path=backup_file.name, error=exc)
        ) from exc
    finally:
        src.close()
    return before


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that passes SQLite's check: what to offer when the database is damaged."""
    for info in list_backups(db_path):
        try:
            verify_backup_file(info.path)
        except UserError:
            continue
        return info
    return None


def replace_damaged(db_path: Path, backup_file: Path, now: datetime | None = None) -> Path:
    """Put a good backup in place of a damaged database. The damaged file is never written to:
    it is moved aside (with its -wal and -shm) for whoever wants to look at it, and returned."""
    db_path = Path(db_path)
    verify_backup_file(backup_file)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    try:
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(db_path) + suffix)
            if part.exists():
                part.replace(Path(str(aside) + suffix))
        copy_database(backup_file, db_path)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(
            _("Could not restore {path}: {error}").format(path=backup_file.name, error=exc)
        ) from exc
    return aside
