"""copy a whole database: a laptop's file onto a server, or a server into a file"""

import argparse
from typing import cast

from ..i18n import N_, _

N_("copy a whole database: a laptop's file onto a server, or a server into a file")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="DB",
        help=_("the database to copy: a file, or postgresql://user@server/database"),
    )
    parser.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="DB",
        help=_("where to: a new file, or an empty database on a server"),
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..services.database.location import checked_url, is_server
    from ..services.database.transfer import copy_database
    from ..services.errors import UserError
    from ..services.outputs import same_file
    from .common import open_db, shown

    source = checked_url(args.source) if is_server(args.source) else Path(args.source)
    target = checked_url(args.target) if is_server(args.target) else Path(args.target)
    if str(source) == str(target) or (
        not is_server(source) and not is_server(target) and same_file(cast(Path, source), cast(Path, target))
    ):
        raise UserError(_("The source and the target are the same database."))
    # The source as the other commands open it: an existing database, brought up to date first if
    # an older program made it (under its lock, after a backup); only read otherwise.
    with open_db(argparse.Namespace(sub_db=str(args.source), db=None), write=False) as db:
        counts = copy_database(db, target)
    print(
        _("Copied {source} into {target}: {records} records, {changes} changes in the history.").format(
            source=shown(source),
            target=shown(target),
            records=counts["records"],
            changes=counts["change_log"],
        )
    )
    return 0
