"""print who changed what and when (the change history)"""

import argparse
import json
import sys

from ..i18n import LANGUAGES, N_, _
from .common import add_db, open_db

N_("print who changed what and when (the change history)")

SHOWN_LENGTH = 300  # a whole record's values on one line: a page of minutes is cut


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    # Also after the command (main.py reads it from anywhere in the line): the language of the text.
    parser.add_argument("--lang", dest="sub_lang", choices=LANGUAGES, help=_("language of the program"))
    parser.add_argument("--json", action="store_true", help=_("print the changes as JSON"))
    parser.add_argument(
        "--since", metavar="DATE", help=_("only changes made on this day or later (2026-11-24 or 24.11.2026)")
    )
    parser.add_argument(
        "--record", metavar="CODE", help=_("only the changes of one record: its code (UZ-P-014) or UUID")
    )


def run(args: argparse.Namespace) -> int:
    from ..i18n import current_language
    from ..services.history import find_record, history

    since = _day(args.since) if args.since else None
    lang = current_language()
    with open_db(args, write=False) as db, db.session() as session:
        entity = uuid = None
        if args.record:
            entity, uuid = find_record(session, args.record)
        rows = history(session, lang, entity=entity, uuid=uuid, since=since)
        if args.json:
            # Not indented: Python's indenting encoder is ten times slower, and a history is long.
            json.dump([row.to_json() for row in rows], sys.stdout, ensure_ascii=False)
            print()
            return 0
        for row in rows:
            print(f"{row.when} · {row.who} · {row.side_text} · {row.source_text}")
            print(f"  {row.action_text}: {row.record_text}")
            if row.field:
                print(f"  {row.field}: {_cut(row.old)} → {_cut(row.new)}")
            elif row.new or row.old:
                print(f"  {_cut(row.new or row.old)}")
        if not rows:
            print(_("No changes."))
    return 0


def _day(text: str):
    from ..services.errors import UserError
    from ..services.exchange.workbook.values import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UserError(_("--since: {error}").format(error=exc)) from None


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"
