"""migrate if needed, check integrity, print counts"""

import argparse
import sys

from ..i18n import N_, _
from .common import add_db, db_file, existing_db_path, open_db

N_("migrate if needed, check integrity, print counts")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)


def run(args: argparse.Namespace) -> int:
    from ..services.failures import read_only_problem
    from ..services.stats import integrity_check, record_counts

    # It may bring the schema up to date: a write, under the lock. A database that cannot be
    # written is still checked, read-only (unless it needs that update).
    path = existing_db_path(args)
    read_only = read_only_problem(path) if db_file(path) is not None else None
    if read_only:
        print(read_only, file=sys.stderr)
    with open_db(args, write=not read_only) as db:
        report = db.report
        if report.migrated_from:
            print(
                _("Updated the database from schema {old}; backup: {backup}").format(
                    old=report.migrated_from, backup=report.backup
                )
            )
        with db.session() as session:
            integrity = integrity_check(session)
            counts = record_counts(session)
    print(_("Integrity: {result}").format(result=integrity))
    for label, count in counts:
        print(f"{label}: {count}")
    return 0 if integrity == "ok" else 2
