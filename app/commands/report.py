"""save the monthly report on the roadmap as PDF or XLSX"""

import argparse

from ..i18n import N_, _
from .common import add_db, db_file, existing_db_path, open_db

N_("save the monthly report on the roadmap as PDF or XLSX")

FORMATS = (".pdf", ".xlsx")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument(
        "--month", required=True, metavar="YYYY-MM", help=_("the month of the report, e.g. 2026-11")
    )
    parser.add_argument("--out", required=True, metavar="FILE", help=_("the file to write: .pdf or .xlsx"))
    # Not the program's --lang: a report may be bilingual; its first language also speaks the messages.
    parser.add_argument(
        "--lang",
        dest="doc_lang",
        metavar="LANG",
        help=_("language of the document: ru, uz, kk, or two side by side: ru+uz, ru+kk, uz+kk"),
    )
    parser.add_argument(
        "--side",
        type=str.upper,
        choices=("UZ", "KZ"),
        help=_("only the executors of this side (default: both sides)"),
    )


def run(args: argparse.Namespace) -> int:
    from datetime import date
    from pathlib import Path

    from ..i18n import current_language
    from ..models import Side
    from ..services.documents import parse_languages
    from ..services.errors import UserError
    from ..services.outputs import check_output_target
    from ..services.reports.monthly import monthly_report, parse_month

    # Everything the arguments can get wrong is refused before the database is opened.
    month = parse_month(args.month)
    langs = parse_languages(args.doc_lang or current_language())
    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        raise UserError(_("Give the report's file as .pdf or .xlsx: {path}").format(path=out))
    path = existing_db_path(args)  # a report never creates a database
    if not out.parent.is_dir():
        raise UserError(_("Folder not found: {path}").format(path=out.parent))
    check_output_target(out, db_file(path))
    with open_db(args, write=False) as db, db.session() as session:
        sides = (Side(args.side),) if args.side else None
        report = monthly_report(session, month, date.today(), sides, langs[0])
    try:
        if out.suffix.lower() == ".xlsx":
            return _write_xlsx(out, report, langs)
        return _write_pdf(out, report, langs)
    except OSError as exc:
        raise UserError(
            _("The report could not be written to {path}: {error}").format(path=out, error=exc)
        ) from exc


def _write_xlsx(out, report, langs) -> int:
    from ..services.reports.monthly_xlsx import write_monthly_xlsx

    write_monthly_xlsx(out, report, langs)
    print(_("Report written: {path}").format(path=out))
    return 0


def _write_pdf(out, report, langs) -> int:
    from ..services.documents.monthly import monthly_document
    from ..ui.pdf_render import render_pdf  # Qt only once there is something to render

    pages = render_pdf(monthly_document(report, langs).html, out)
    print(_("PDF written: {path} ({pages} pages)").format(path=out, pages=pages))
    return 0
