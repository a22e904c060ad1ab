"""write a backup copy of the database"""

import argparse
from pathlib import Path

from ..i18n import N_, _
from .common import add_db, db_file, existing_db_path

N_("write a backup copy of the database")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument(
        "--out", metavar="FILE", help=_("where to write the backup (default: the backups folder)")
    )


def run(args: argparse.Namespace) -> int:
    from ..services.database.backup import backup_database
    from ..services.database.location import is_server
    from ..services.database.schema import inspect_file
    from ..services.outputs import check_output_target

    # No lock: a backup only reads (SQLite's backup API, or a server's REPEATABLE READ snapshot,
    # gives a consistent copy while the window or another command writes), so a nightly script
    # may run while the program is open.
    path = existing_db_path(args)
    out = Path(args.out) if args.out else None
    if out is not None:
        check_output_target(out, db_file(path))
    if is_server(path):
        from ..services.database.server_backup import backup_server

        out = backup_server(path, "manual", out=out)
    else:
        assert isinstance(path, Path)  # existing_db_path gives a file's location as a Path
        inspect_file(path)  # ours, and readable
        out = backup_database(path, "manual", out=out)
    print(_("Backup written: {path}").format(path=out))
    return 0
