"""migrate if needed, check integrity, print counts"""

import argparse

from ..i18n import N_, _
from .common import add_db, db_path, open_db

N_("migrate if needed, check integrity, print counts")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)


def run(args: argparse.Namespace) -> int:
    from ..services.stats import record_counts

    path = db_path(args)
    with open_db(args) as db:
        report = db.report
        if report.created:
            print(_("Created a new database: {path}").format(path=path))
        elif report.migrated_from:
            print(
                _("Updated the database from schema {old}; backup: {backup}").format(
                    old=report.migrated_from, backup=report.backup
                )
            )
        with db.session() as session:
            integrity = session.connection().exec_driver_sql("PRAGMA integrity_check").scalar()
            counts = record_counts(session)
    print(_("Integrity: {result}").format(result=integrity))
    for label, count in counts:
        print(f"{label}: {count}")
    return 0 if integrity == "ok" else 2
