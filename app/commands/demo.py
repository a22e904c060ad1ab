"""create a database filled with demo data"""

import argparse
from pathlib import Path

from ..i18n import N_, _
from .common import add_db, db_file, db_path, shown, writer_lock

N_("create a database filled with demo data")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument("--scale", type=int, metavar="N", help=_("number of roadmap items (for benchmarks)"))
    parser.add_argument("--side", choices=("UZ", "KZ"), default="UZ", help=_("the side of this copy"))


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from ..models import Organization, Side
    from ..services.database import Database
    from ..services.demo import build_demo
    from ..services.errors import UserError

    if args.scale is not None and args.scale < 10:
        raise UserError(_("--scale must be at least 10."))
    path = db_path(args)  # the one command that creates a database (its schema, on a server)
    if db_file(path) is not None:
        assert isinstance(path, Path)  # a file: db_path gives it as a Path
        path.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(path), Database(path) as db, db.exclusive("demo"), db.transaction() as session:
        if session.scalar(select(func.count()).select_from(Organization)):
            raise UserError(
                _("{path} already contains data; demo data goes into a new database.").format(
                    path=shown(path)
                )
            )
        counts = build_demo(session, scale=args.scale, side=Side(args.side))
    print(
        _(
            "Demo data written to {path}: {projects} projects, {items} roadmap items, {meetings} meetings."
        ).format(
            path=shown(path),
            projects=counts["projects"],
            items=counts["roadmap_items"],
            meetings=counts["meetings"],
        )
    )
    return 0
