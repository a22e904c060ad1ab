"""save the roadmap table as PDF"""

import argparse

from ..i18n import N_
from .agenda import add_pdf_arguments, write_pdf
from .common import add_db

N_("save the roadmap table as PDF")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    add_pdf_arguments(parser)


def run(args: argparse.Namespace) -> int:
    return write_pdf(args, "roadmap", None)
