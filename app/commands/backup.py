"""write a backup copy of the database"""

import argparse
from pathlib import Path

from ..i18n import N_, _
from .common import add_db, db_path

N_("write a backup copy of the database")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument(
        "--out", metavar="FILE", help=_("where to write the backup (default: the backups folder)")
    )


def run(args: argparse.Namespace) -> int:
    from ..services.backup import backup_database
    from ..services.errors import UserError
    from ..services.schema import inspect_file

    path = db_path(args)
    _revision, exists = inspect_file(path)
    if not exists:
        raise UserError(_("File not found: {path}").format(path=path))
    out = backup_database(path, "manual", out=Path(args.out) if args.out else None)
    print(_("Backup written: {path}").format(path=out))
    return 0
