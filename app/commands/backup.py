"""write a backup copy of the database"""

import argparse
from pathlib import Path

from ..i18n import N_, _
from .common import add_db, existing_db_path

N_("write a backup copy of the database")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument(
        "--out", metavar="FILE", help=_("where to write the backup (default: the backups folder)")
    )


def run(args: argparse.Namespace) -> int:
    from ..services.backup import backup_database
    from ..services.outputs import check_output_target
    from ..services.schema import inspect_file

    # No lock: a backup only reads (SQLite's backup API gives a consistent copy while the window
    # or another command writes), so a nightly script may run while the program is open.
    path = existing_db_path(args)
    inspect_file(path)  # ours, and readable
    out = Path(args.out) if args.out else None
    if out is not None:
        check_output_target(out, path)
    out = backup_database(path, "manual", out=out)
    print(_("Backup written: {path}").format(path=out))
    return 0
