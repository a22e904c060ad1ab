"""A column sorted on its own in Excel. Told to sort one selected column, Excel asks whether to
expand the selection; on our protected sheets expanding is refused (the UUID column is locked), and
"Continue with the current selection" sorts that column alone: every value goes to another
record's row. Read as it stands, the file would move deadlines, statuses or sums between records
without a word — each a plausible value. What gives it away: in one column, several records took
each other's values (the same values, only moved), and the rows they span now read in order. Those
cells are errors, found while planning; the rest of the file may still be applied."""

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ....i18n import LANGUAGES, _
from ...fields import DATE, DEADLINE, DECIMAL, ENTITIES, MONEY, REFS
from ...history import readable
from .merge import DELETED, FieldChange, Kind, Plan, RecordPlan
from .plan_checks import add_error
from .present import Namer

if TYPE_CHECKING:
    from ...fields import Field
    from .importer import Incoming

# Fewer records that took each other's values may be a person's edits: statuses changed both ways
# in a month are the same values moved, and four of them read in order by chance often enough.
MIN_MOVED = 5
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BLANKS: tuple[Any, ...] = (None, "", [])


def sorted_alone_message(sent: str) -> str:
    return _(
        "The values of this column were moved between rows: it looks sorted on its own, apart from "
        "the rest of its rows (in Excel, a sort told to “Continue with the current selection”). This "
        "row's record had «{value}» when the file was sent."
    ).format(value=sent)


def check_sorted_columns(plan: Plan, incoming: "Incoming") -> None:
    """Errors at the cells of each column whose values were moved between records by a sort."""
    namers: list[Namer] | None = None
    for (entity, sheet, key), changed in _changed_columns(plan).items():
        if len(changed) < MIN_MOVED:
            continue
        if Counter(_hashable(c.base) for _r, _rec, c in changed) != Counter(
            _hashable(c.theirs) for _r, _rec, c in changed
        ):
            continue  # new values, not the same ones moved
        if namers is None:
            # Excel sorts texts as the cells show them: in the file's language, or any for a sheet
            # made by hand
            langs = [incoming.language] if incoming.language else LANGUAGES
            namers = [Namer(incoming.theirs.records, lang=lang) for lang in langs]
        if _in_order(entity, key, _column(incoming, entity, sheet, changed), namers):
            f, namer = ENTITIES[entity].field(key), namers[0]
            for _row, record, change in sorted(changed, key=lambda x: x[0]):
                shown = readable(f, change.theirs, namer, namer.lang)
                sent = readable(f, change.base, namer, namer.lang)
                add_error(plan, record, key, sorted_alone_message(sent), shown)


def _changed_columns(plan: Plan) -> dict[tuple[str, str, str], list[tuple[int, RecordPlan, FieldChange]]]:
    """(entity, sheet, field) → (row, record, change) of each record whose value the file changed."""
    changed: dict[tuple[str, str, str], list[tuple[int, RecordPlan, FieldChange]]] = {}
    for record in plan.records:
        if record.kind not in (Kind.UPDATED, Kind.CONFLICT) or record.deletion is not None:
            continue
        sheet, _sep, row = record.where.rpartition("!")
        if not row.isdigit():
            continue
        for change in record.changes:
            if change.key != DELETED and change.theirs != change.base:
                changed.setdefault((record.entity, sheet, change.key), []).append((int(row), record, change))
    return changed


def _column(
    incoming: "Incoming", entity: str, sheet: str, changed: list[tuple[int, RecordPlan, FieldChange]]
) -> list[tuple[int, str]]:
    """(row, UUID) of every record of the sheet in the rows the moved values span, in row order."""
    first = min(r for r, _rec, _c in changed)
    last = max(r for r, _rec, _c in changed)
    rows = []
    for (kind, uuid), where in incoming.where.items():
        place, _sep, row = where.rpartition("!")
        if kind == entity and place == sheet and row.isdigit() and first <= int(row) <= last:
            rows.append((int(row), uuid))
    return sorted(rows)


def _in_order(entity: str, key: str, rows: list[tuple[int, str]], namers: list[Namer]) -> bool:
    """Whether the column reads sorted over `rows`, up or down, its empty cells last (as Excel
    sorts): by the values themselves (dates, numbers) or by their texts in one of the languages."""
    table = namers[0].sources[0].get(entity)
    if table is None:
        return False
    values = [(table.get(uuid) or {}).get(key) for _row, uuid in rows]
    while values and values[-1] in _BLANKS:
        values.pop()
    if len(values) < MIN_MOVED or any(v in _BLANKS for v in values):
        return False
    f = ENTITIES[entity].field(key)
    return any(_monotonic([_cell_key(f, v, namer) for v in values]) for namer in namers)


def _cell_key(f: "Field", value: Any, namer: Namer) -> tuple[int, Any]:
    """Where Excel sorts a cell: numbers and dates (numbers to it) first, by value; then texts as
    the file shows them (in one of the languages), without regard to case; then TRUE and FALSE."""
    if isinstance(value, bool):
        return 2, value
    if isinstance(value, (int, float)):
        return 0, value
    try:
        if isinstance(value, str) and f.kind in (DECIMAL, MONEY):
            return 0, Decimal(value)  # kept as a text ("1500.00"), a number in its cell
        if isinstance(value, str) and f.kind in (DATE, DEADLINE) and _ISO_DATE.fullmatch(value):
            return 0, date.fromisoformat(value).toordinal()  # a day; a quarter is a text in its cell
    except (ValueError, ArithmeticError):
        pass  # not what its column holds: read as the text it shows
    if f.kind == REFS and isinstance(value, list) and f.ref is not None:
        # the cell names them in alphabetical order, as the export writes them
        return 1, "; ".join(sorted(namer.name(f.ref, uuid).casefold() for uuid in value))
    return 1, readable(f, value, namer, namer.lang).casefold()


def _monotonic(keys: list[Any]) -> bool:
    pairs = list(pairwise(keys))
    return all(a <= b for a, b in pairs) or all(a >= b for a, b in pairs)


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value
