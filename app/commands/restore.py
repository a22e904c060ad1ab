"""replace the database with a backup (the current state is backed up first)"""

import argparse
from pathlib import Path

from ..i18n import N_, _
from .common import add_db, db_path

N_("replace the database with a backup (the current state is backed up first)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument("file", metavar="FILE", help=_("the backup to restore"))


def run(args: argparse.Namespace) -> int:
    from ..services.backup import restore_database
    from ..services.schema import prepare_database

    path = db_path(args)
    before = restore_database(path, Path(args.file))
    prepare_database(path)  # a backup from an older version is brought up to date
    print(_("Restored {file} into {path}.").format(file=args.file, path=path))
    if before:
        print(_("The previous state was saved as {path}.").format(path=before))
    return 0
