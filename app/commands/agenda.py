"""save a meeting's agenda sheet or minutes as PDF"""

import argparse

from ..i18n import N_, _
from .common import add_db, db_file, existing_db_path, open_db

N_("save a meeting's agenda sheet or minutes as PDF")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument(
        "--meeting", required=True, metavar="ID", help=_("the meeting: its code (UZ-M-001), number or UUID")
    )
    add_pdf_arguments(parser)
    parser.add_argument(
        "--document",
        choices=("agenda", "minutes"),
        default="agenda",
        help=_("which document (default: agenda)"),
    )


def add_pdf_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pdf", required=True, metavar="OUT.pdf", help=_("the PDF file to write"))
    # Not the program's --lang: a document may be bilingual; its first language also speaks the messages.
    parser.add_argument(
        "--lang",
        dest="doc_lang",
        metavar="LANG",
        help=_("language of the document: ru, uz, kk, or two side by side: ru+uz, ru+kk, uz+kk"),
    )


def run(args: argparse.Namespace) -> int:
    return write_pdf(args, args.document, args.meeting)


def write_pdf(args: argparse.Namespace, kind: str, meeting: str | None) -> int:
    from pathlib import Path

    from ..i18n import current_language
    from ..services.documents import build_document, parse_languages
    from ..services.errors import UserError
    from ..services.outputs import check_output_target

    langs = parse_languages(args.doc_lang or current_language())
    path = existing_db_path(args)  # printing never creates a database
    out = Path(args.pdf)
    if not out.parent.is_dir():
        raise UserError(_("Folder not found: {path}").format(path=out.parent))
    check_output_target(out, db_file(path))
    with open_db(args, write=False) as db, db.session() as session:
        document = build_document(session, kind, langs, meeting)

    from ..ui.pdf_render import render_pdf  # Qt only once there is something to render

    try:
        pages = render_pdf(document.html, out)
    except OSError as exc:
        raise UserError(
            _("The PDF could not be written to {path}: {error}").format(path=out, error=exc)
        ) from exc
    print(_("PDF written: {path} ({pages} pages)").format(path=out, pages=pages))
    return 0
