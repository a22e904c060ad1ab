"""What the sub-commands share: the --db argument and opening the database."""

import argparse
from pathlib import Path

from ..i18n import _
from ..services.errors import UserError


def add_db(parser: argparse.ArgumentParser) -> None:
    # Accepted after the command too (`main.py check --db x`), as the design's contract writes it.
    parser.add_argument("--db", dest="sub_db", metavar="PATH", help=_("database file"))


def db_path(args: argparse.Namespace) -> Path:
    path = getattr(args, "sub_db", None) or args.db
    if not path:
        raise UserError(_("Give the database file with --db PATH."))
    return Path(path)


def open_db(args: argparse.Namespace, **kwargs):
    from ..services.database import Database

    return Database(db_path(args), readonly=getattr(args, "readonly", False), **kwargs)
