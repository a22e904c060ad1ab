"""Whom the changes an imported file brings are credited to in the change log.

What the file holds was typed on the other side: the changes are theirs, whoever imports them.
- a file of their program: their side and the operator it names (files of earlier versions name
  none: "operator of the other side");
- our own workbook returned edited, or a sheet made by hand: typed by the other side's people in
  Excel — their side, the person unknown (the operator our returned file names is ours).
The source is the file's name and number (sources.py), so that the history says where from.
A deletion arriving in the file is theirs too: its tombstone carries their side.
"""

from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from ....models import ExchangeOrigin, Side
from ...settings import OPERATOR_LENGTH
from ...sources import UNKNOWN_OPERATOR, import_source
from ...store import Store

if TYPE_CHECKING:
    from .importer import Incoming


def credited_store(session: Session, incoming: "Incoming", origin: ExchangeOrigin, our_side: Side) -> Store:
    """The store that writes an import's changes (`incoming`: an importer.Incoming)."""
    other = Side.KZ if our_side == Side.UZ else Side.UZ
    if origin == ExchangeOrigin.PROGRAM:
        side = incoming.sender or other
        operator = file_operator(incoming.operator)
    else:
        side, operator = other, UNKNOWN_OPERATOR
    sequence = incoming.sequence if origin != ExchangeOrigin.HAND else None
    source = import_source(_file_name(incoming.file_name), sequence, origin)
    return Store(session, source=source, operator=operator, side=side)


def file_operator(value: Any) -> str:
    """The operator's name as a file gives it: a text cell, trimmed; anything else names nobody."""
    if not isinstance(value, str):
        return UNKNOWN_OPERATOR
    return " ".join(value.split())[:OPERATOR_LENGTH]


def _file_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]
