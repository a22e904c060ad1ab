"""export the exchange workbook (or the roadmap table) to Excel"""

import argparse

from ..i18n import LANGUAGES, N_, _, current_language
from .common import add_db, open_db

N_("export the exchange workbook (or the roadmap table) to Excel")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument("--out", metavar="FILE.xlsx", required=True, help=_("the workbook to write"))
    parser.add_argument(
        "--lang", dest="sub_lang", choices=LANGUAGES, help=_("language of the headers and lists")
    )
    parser.add_argument(
        "--roadmap-table",
        action="store_true",
        help=_("write the roadmap as the official document table instead of the exchange workbook"),
    )


def run(args: argparse.Namespace) -> int:
    from datetime import date
    from pathlib import Path

    from ..services.exchange.export.exporter import export_roadmap_table, export_to_file
    from ..services.outputs import check_output_target
    from .common import db_file, existing_db_path

    path = existing_db_path(args)
    lang = args.sub_lang or args.lang or current_language()
    out = Path(args.out)
    check_output_target(out, db_file(path))
    # The exchange workbook is recorded in the database (its number, its snapshot): a write.
    with open_db(args, write=not args.roadmap_table) as db:
        if args.roadmap_table:
            with db.session() as session:
                export_roadmap_table(session, out, lang, date.today())
            print(_("Roadmap table written: {path}").format(path=out))
            return 0
        result = export_to_file(db, out, lang)
    print(
        _("Exchange workbook No. {sequence} written: {path} ({count} records).").format(
            sequence=result.sequence, path=out, count=result.records
        )
    )
    return 0
