"""replace the database with a backup (the current state is backed up first)"""

import argparse
from pathlib import Path

from ..i18n import N_, _
from .common import add_db, db_path, writer_lock

N_("replace the database with a backup (the current state is backed up first)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument("file", metavar="FILE", help=_("the backup to restore"))


def run(args: argparse.Namespace) -> int:
    from ..services.database.backup import restore_database, verify_backup_file
    from ..services.database.location import is_server
    from ..services.database.schema import prepare_database
    from ..services.errors import UserError

    path = db_path(args)
    backup = Path(args.file)
    verify_backup_file(backup)  # before anything is locked or replaced
    if is_server(path):
        return _into_server(path, backup)
    assert isinstance(path, Path)  # db_path gives a file's location as a Path
    # Restoring to a path with no database is allowed: it is how a backup is put on a new
    # computer. The folder must exist, though: a mistyped folder is not made up.
    if not path.parent.is_dir():
        raise UserError(_("Folder not found: {path}").format(path=path.parent))
    existed = path.is_file() and path.stat().st_size > 0
    with writer_lock(path):
        before = restore_database(path, backup)
        prepare_database(path)  # a backup from an older version is brought up to date, and checked
    print(_("Restored {file} into {path}.").format(file=args.file, path=path))
    if before:
        print(_("The previous state was saved as {path}.").format(path=before))
    elif not existed:
        print(_("There was no database at {path}; it was made from the backup.").format(path=path))
    return 0


def _into_server(url: str, backup: Path) -> int:
    """Into a server database (made there if it has none: how a backup is put on a new server).
    The others working on it see the restored data when it is done, in one step."""
    from ..services.database import Database
    from ..services.database.server_backup import restore_server
    from .common import shown

    Database(url).close()  # the schema made, or brought up to date and checked
    before = restore_server(url, backup)
    print(_("Restored {file} into {path}.").format(file=backup, path=shown(url)))
    print(_("The previous state was saved as {path}.").format(path=before))
    return 0
