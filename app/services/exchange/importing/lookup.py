"""Names a workbook cites that no record of the file answers to: a sheet made by hand names the
organisations, sectors, projects, people and meetings we already have — by code, or by name or
short name in any of the three languages, ignoring case, spaces and the Uzbek apostrophe's
variants. They are looked up in our database; an unknown or ambiguous name is an error at its
cell that names the candidates."""

from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from ....i18n import _, current_language
from ...fields import ENTITIES, REFS
from ..workbook.layout import header_text
from ..workbook.snapshot import RecordTable, read_tables
from .merge import Issue
from .refs import NotFound, Resolver, named_in_list

if TYPE_CHECKING:
    from .importer import Incoming


def resolve_in_database(session: Session, incoming: "Incoming") -> None:
    """Fill in the references the reader could not resolve (`incoming.unresolved`), or add an
    error for each that our database cannot answer either."""
    if not incoming.unresolved:
        return
    kinds = {u.ref for u in incoming.unresolved}
    if "decision" in kinds:
        kinds.add("meeting")  # a decision is cited by its meeting's code and its number there
    theirs = {key: incoming.theirs.records.get(key, RecordTable()) for key in kinds}
    resolver = Resolver(theirs, read_tables(session, kinds))
    refused: list[tuple[dict[str, Any], str]] = []  # (a record's values, its field) with an error
    for u in incoming.unresolved:
        values = incoming.theirs.records.get(u.entity, RecordTable()).get(u.uuid)
        if values is None:
            continue
        f = ENTITIES[u.entity].field(u.key)
        try:
            resolve = partial(resolver.resolve, u.ref)
            targets = named_in_list(resolve, u.text) if f.kind == REFS else [resolve(u.text)]
        except NotFound as exc:
            message = str(exc)
            if u.key == "parent":
                column = header_text(f, current_language())
                message = _(
                    "There is no item {number} to put this item under: write the number of its section "
                    "or item in the column “{column}”."
                ).format(number=u.text, column=column)
            incoming.errors.append(Issue(message, u.sheet, u.row, u.column, u.text, u.entity, u.uuid, u.key))
            refused.append((values, u.key))
            continue
        other = next(
            (
                t
                for t in targets
                if f.side is not None and resolver.side_of(u.ref, t) not in (None, f.side.value)
            ),
            None,
        )
        if other is not None:
            message = _("{name} belongs to the other side.").format(name=resolver.name_of(u.ref, other))
            incoming.errors.append(Issue(message, u.sheet, u.row, u.column, u.text, u.entity, u.uuid, u.key))
            refused.append((values, u.key))
            continue
        if f.kind == REFS:
            values[u.key] = sorted({*(values.get(u.key) or []), *targets})
        else:
            values[u.key] = targets[0]
    # A field with an error is left out, as every refused cell is: the plan must not show it emptied
    # (or a list without the name it could not find).
    for values, key in refused:
        values.pop(key, None)
