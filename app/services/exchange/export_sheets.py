"""Writes the exchange workbook from a snapshot (layout: see layout.py).

Loads openpyxl: import it only inside the export functions. The workbook is written in openpyxl's
write-only mode: rows stream to disk, so memory stays flat at any size, and everything the file
needs (validation, protection, conditional formats, print setup, merged cells) is a worksheet
property there; only column and row settings must come before the first row, so each sheet's
cells are prepared first.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from ... import __version__
from ...i18n import N_, translate_in
from ...models import CURRENCIES, TIMEZONES, RoadmapKind, RoadmapStatus, Side, pick_text
from ...models.plain import quarter_end
from ..fields import CURRENCY, ENTITIES, ENUM, LONGTEXT, REF, REFS, TZ, Field
from ..formatting import format_date
from ..labels import label
from ..roadmap_table import hierarchy_order
from .export_instructions import ABOUT, TITLE, instruction_blocks
from .layout import (
    DUE,
    ENTITY_SHEETS,
    FIRST_ROW,
    FORMAT_VERSION,
    HEADER_ROW,
    INSTRUCTIONS,
    KEY_ROW,
    LISTS,
    META,
    UUID,
    Column,
    column_cells,
    columns,
    deadline_cell,
    needing_care,
    ref_labels,
    sheet_title,
)
from .rowcheck import CHECKS, encode_checks, key_order, row_checks
from .snapshot import Snapshot
from .xlsx_style import (
    MAX_ROW,
    OVERDUE_FILL,
    OVERDUE_FONT,
    CellSlots,
    StyleBook,
    chars_per_line,
    column_kind,
    declare_size,
    fit_width,
    lines_height,
    plain_text,
    row_height,
    set_height,
    setup_print,
    text_lines,
)

INSTRUCTIONS_TITLE = N_("Instructions")
LISTS_TITLE = N_("Lists")
VALUE = N_("Value")
PAGE = N_("Page &P of &N")
CHOOSE_FROM_LIST = N_("Choose a value from the list.")
NOT_IN_LIST = N_(
    "This name is not in the list. Keep it only if the record is on its own sheet, written the same way."
)
WRONG_VALUE = N_("Wrong value")
# Columns kept in view while scrolling right: the ones that say which record a row is.
FROZEN_COLUMNS = {"project": 1, "roadmap_item": 2, "meeting": 1}
WIDTH_CAPS = {LONGTEXT: 60, REFS: 45}
TEXT_WIDTHS = (28, 100)  # instructions: headings, paragraphs


@dataclass(frozen=True)
class ExportMeta:
    exchange_uuid: str
    sender_side: Side
    counterpart_side: Side
    sequence: int
    exported_at: datetime  # UTC
    lang: str
    acknowledges: str | None
    database_id: str | None = None
    operator: str | None = None  # who exported it: their history credits our changes to this name


def write_exchange_workbook(path: Path, snap: Snapshot, chunks: list[str], meta: ExportMeta) -> None:
    """`chunks`: the snapshot as `Snapshot.to_text_chunks()` gives it, for the metadata sheet."""
    lang = meta.lang
    wb = Workbook(write_only=True)
    book = StyleBook(wb, default="text")  # most cells are text: they need no style of their own
    labels = ref_labels(snap.records, lang)
    titles = _titles(lang)
    lists = _lists(snap, labels, lang)
    names = _define_lists(wb, lists, titles[LISTS])
    _write_instructions(wb, book, meta, titles[INSTRUCTIONS])
    roadmap = _roadmap_order(snap)
    checks: dict[str, str] = {}
    for entity_key in ENTITY_SHEETS:
        rows = _ordered(entity_key, snap, lang, roadmap)
        _write_entity(wb, book, entity_key, rows, labels, names, lang, titles[entity_key], checks)
    _write_lists(wb, book, lists, lang, titles[LISTS])
    _write_meta(wb, book, meta, chunks, encode_checks(checks), titles)
    wb.save(path)


def _titles(lang: str) -> dict[str, str]:
    titles: dict[str, str] = {}
    titles[INSTRUCTIONS] = sheet_title(translate_in(lang, INSTRUCTIONS_TITLE))
    for key in ENTITY_SHEETS:
        titles[key] = sheet_title(translate_in(lang, ENTITIES[key].plural), titles.values())
    titles[LISTS] = sheet_title(translate_in(lang, LISTS_TITLE), titles.values())
    titles[META] = sheet_title(META, titles.values())
    return titles


# ---- record order -----------------------------------------------------------------------------


def _ordered(
    entity_key: str, snap: Snapshot, lang: str, roadmap: list[tuple[str, int]]
) -> list[tuple[str, dict[str, Any], int]]:
    """(uuid, record, depth) in the order people expect on the sheet; `roadmap` is the roadmap's
    order (depth first)."""
    rows = snap.records[entity_key]
    if entity_key == "roadmap_item":
        return [(u, rows[u], d) for u, d in roadmap]
    items = list(rows.items())
    if entity_key == "progress_report":
        place = {u: i for i, (u, _d) in enumerate(roadmap)}
        items.sort(key=lambda p: (place.get(p[1]["item"], -1), p[1]["report_date"] or "", p[0]))
    elif entity_key in ("agenda_item", "decision"):
        meetings = snap.records["meeting"]

        def when(uuid: str) -> tuple:
            m = meetings.get(uuid, {})
            return (m.get("meeting_date") or "", m.get("code") or "")

        items.sort(key=lambda p: (when(p[1]["meeting"]), p[1]["position"] or 0, p[0]))
    elif entity_key == "meeting":
        items.sort(key=lambda p: (p[1]["meeting_date"] or "", p[1]["code"] or "", p[0]))
    elif entity_key == "project":
        items.sort(key=lambda p: (p[1]["code"] or "", p[0]))
    else:  # reference lists: by side, then by name in the workbook's language
        group = "full_name" if entity_key == "person" else "name"

        def name(rec: dict) -> str:
            return pick_text({c: rec.get(f"{group}_{c}") for c in ("ru", "uz", "kk")}, lang).casefold()

        items.sort(key=lambda p: (p[1].get("side") or "", name(p[1]), p[0]))
    return [(u, r, 0) for u, r in items]


def _roadmap_order(snap: Snapshot) -> list[tuple[str, int]]:
    rows = snap.records["roadmap_item"]
    return hierarchy_order(rows, lambda u: u, lambda u: rows[u]["parent"], lambda u: rows[u]["number"])


# ---- reference lists --------------------------------------------------------------------------


def list_key(f: Field) -> str | None:
    """The list of the lists sheet that a field's drop-down offers."""
    if f.kind == ENUM:
        return f"enum:{f.enum.__name__}"
    if f.kind == CURRENCY:
        return "currency"
    if f.kind == TZ:
        return "timezone"
    if f.kind in (REF, REFS):
        return f"ref:{f.ref}" + (f":{f.side.value}" if f.side else "")
    return None


def _lists(snap: Snapshot, labels: dict[str, dict[str, str]], lang: str) -> dict[str, tuple[str, list]]:
    """list key → (header, [(label, value)]): the drop-downs' contents and the way back to values."""
    out: dict[str, tuple[str, list]] = {}
    for entity_key in ENTITY_SHEETS:
        entity = ENTITIES[entity_key]
        for f in entity.fields:
            key = list_key(f)
            if key is None or key in out:
                continue
            if f.kind == ENUM:
                header = f"{translate_in(lang, entity.label)}: {translate_in(lang, f.label)}"
                out[key] = (header, [(label(m, lang), m.value) for m in f.enum])
            elif f.kind == CURRENCY:
                out[key] = (translate_in(lang, f.label), [(c, c) for c in CURRENCIES])
            elif f.kind == TZ:
                out[key] = (translate_in(lang, f.label), [(t, t) for t in TIMEZONES])
            else:
                target = snap.records[f.ref]
                header = translate_in(lang, ENTITIES[f.ref].plural)
                if f.side:
                    header += f" ({label(f.side, lang)})"
                pairs = [
                    (labels[f.ref][u], u)
                    for u, rec in target.items()
                    if f.side is None or rec.get("side") == f.side.value
                ]
                pairs.sort(key=lambda p: (p[0].casefold(), p[1]))
                out[key] = (header, pairs)
    return out


def _define_lists(wb: Workbook, lists: dict[str, tuple[str, list]], title: str) -> dict[str, str]:
    """A workbook name per list (`SD_enum_Side` …) for the validations: Excel caps a list written
    inline at 255 characters, and a name also reads well in Excel's dialogs."""
    names = {}
    for i, (key, (_header, pairs)) in enumerate(lists.items()):
        column = get_column_letter(2 * i + 1)
        last = FIRST_ROW + max(len(pairs), 1) - 1
        name = "SD_" + key.replace(":", "_")
        ref = f"{quote_sheetname(title)}!${column}${FIRST_ROW}:${column}${last}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
        names[key] = name
    return names


def _write_lists(wb: Workbook, book: StyleBook, lists: dict, lang: str, title: str) -> None:
    ws = wb.create_sheet(title)
    ws.sheet_properties.codeName = LISTS
    ws.sheet_state = "hidden"
    header_style = book.name("header")
    value_header = translate_in(lang, VALUE)
    longest = max((len(pairs) for _h, pairs in lists.values()), default=0)
    declare_size(ws, FIRST_ROW + longest - 1, 2 * len(lists))
    book.prepare_sheet(ws, 2 * len(lists))
    for i, (_key, (header, pairs)) in enumerate(lists.items()):
        ws.column_dimensions[get_column_letter(2 * i + 1)].width = fit_width([p[0] for p in pairs], header)
        ws.column_dimensions[get_column_letter(2 * i + 2)].width = 12
    ws.row_dimensions[KEY_ROW].hidden = True
    slots = CellSlots(book, ws)
    keys = [part for key in lists for part in (key, f"{key}:value")]
    ws.append([slots.plain(i, key) for i, key in enumerate(keys)])
    ws.append(
        [book.cell(ws, text, header_style) for _k, (h, _p) in lists.items() for text in (h, value_header)]
    )
    # Locked, in the plain format: every column's values go as they are in their column's slot,
    # but for the labels to escape (found a column at a time).
    slots.style_columns(dict.fromkeys(range(2 * len(lists))))
    cells = [
        [pair[side] for pair in pairs] + [None] * (longest - len(pairs))
        for _header, pairs in lists.values()
        for side in (0, 1)
    ]
    for column in cells:
        for r in needing_care(column):
            column[r] = book.cell(ws, column[r], None)
    for row in zip(*cells, strict=True):
        ws.append(row)
    ws.protection.sheet = True


# ---- entity sheets ----------------------------------------------------------------------------


def _write_entity(
    wb: Workbook,
    book: StyleBook,
    entity_key: str,
    rows: list[tuple[str, dict[str, Any], int]],
    labels: dict[str, dict[str, str]],
    names: dict[str, str],
    lang: str,
    title: str,
    checks: dict[str, str],
) -> None:
    cols = columns(entity_key, lang)
    letters = {c.key: get_column_letter(i) for i, c in enumerate(cols, start=1)}
    values = entity_cells(cols, rows, labels, lang, checks)
    ws = wb.create_sheet(title)
    ws.sheet_properties.codeName = entity_key
    declare_size(ws, FIRST_ROW + len(rows) - 1, len(cols))
    book.prepare_sheet(ws, len(cols))
    widths = _size_columns(ws, book, cols, values)
    wrapped = [i for i, c in enumerate(cols) if c.field and column_kind(c.field.kind) in ("text", "deadline")]
    indented = {i for i, c in enumerate(cols) if c.field and c.field.group == "measure"}
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.freeze_panes = f"{get_column_letter(FROZEN_COLUMNS.get(entity_key, 0) + 1)}{FIRST_ROW}"
    last_row = max(FIRST_ROW, FIRST_ROW + len(rows) - 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{letters[UUID]}{last_row}"
    _protect(ws)
    setup_print(ws, translate_in(lang, PAGE), f"{HEADER_ROW}:{HEADER_ROW}")
    _validations(ws, cols, letters, names, lang)
    if entity_key == "roadmap_item":
        _overdue_rule(ws, letters, lang)

    slots = CellSlots(book, ws)
    ws.append([slots.plain(i, c.key) for i, c in enumerate(cols)])
    header = book.name("header")
    ws.row_dimensions[HEADER_ROW].height = row_height([(c.header, widths[i]) for i, c in enumerate(cols)])
    ws.append([book.cell(ws, c.header, header) for c in cols])
    kinds = [column_kind(c.field.kind) if c.field else "uuid" for c in cols]
    uuid_at = next(i for i, c in enumerate(cols) if c.key == UUID)
    due_at = next((i for i, c in enumerate(cols) if c.key == DUE), None)
    fields = [i for i in range(len(cols)) if i not in (uuid_at, due_at)]
    # Most cells go as they are, in their column's style; a loop over the cells of each row would
    # cost more than writing them. Only sections, sub-items and texts to escape get cells of
    # their own, found a column at a time.
    slots.style_columns({i: book.name("date" if i == due_at else kinds[i]) for i in range(len(cols))})
    for (uuid, _rec, _depth), out in zip(rows, values, strict=True):
        out[uuid_at] = uuid
    care: dict[int, list[int]] = {}
    for i in [*fields, uuid_at]:
        for r in needing_care([row[i] for row in values]):
            care.setdefault(r, []).append(i)
    special = _special_styles(book, rows, kinds, fields, indented)
    heights = _row_heights(rows, values, widths, wrapped, indented)
    for index, ((_uuid, rec, _depth), out) in enumerate(zip(rows, values, strict=True)):
        if heights[index]:
            set_height(ws, FIRST_ROW + index, heights[index])
        if due_at is not None:
            out[due_at] = _due_formula(rec, letters, FIRST_ROW + index, lang)
        restyled = special.get(index)
        if restyled:  # even an empty cell shows a section's fill
            for i, style in restyled:
                out[i] = slots.cell(i, out[i], style)
        for i in care.get(index, ()):
            if not restyled or all(i != j for j, _style in restyled):
                out[i] = book.cell(ws, out[i], book.name(kinds[i]))
        ws.append(out)


def _special_styles(
    book: StyleBook,
    rows: list[tuple[str, dict[str, Any], int]],
    kinds: list[str],
    fields: list[int],
    indented: set[int],
) -> dict[int, list[tuple[int, str]]]:
    """Row index → (column, style) of the cells whose style is not their column's: every cell of a
    section (bold, filled), the indented cells of a sub-item."""
    section_kind = RoadmapKind.SECTION.value
    looks: dict[tuple[bool, int], list[tuple[int, str]]] = {}  # (section, indent) → the row's cells

    def look(section: bool, indent: int) -> list[tuple[int, str]]:
        if (section, indent) not in looks:
            looks[section, indent] = [
                (i, book.name(kinds[i], section=section, indent=indent if i in indented else 0))
                for i in (fields if section else sorted(indented))
            ]
        return looks[section, indent]

    out: dict[int, list[tuple[int, str]]] = {}
    for index, (_uuid, rec, depth) in enumerate(rows):
        if rec.get("kind") == section_kind:
            out[index] = look(True, min(depth, 4))
        elif depth and indented:
            out[index] = look(False, min(depth, 4))
    return out


def entity_cells(
    cols: list[Column],
    rows: list[tuple[str, dict[str, Any], int]],
    labels: dict[str, dict[str, str]],
    lang: str,
    checks: dict[str, str],
) -> list[list[Any]]:
    """The cells of an entity sheet's rows (None in the uuid and helper columns), and into
    `checks` each row's checksum (rowcheck.py). Worked out a column at a time."""
    records = [rec for _uuid, rec, _depth in rows]
    empty = [None] * len(rows)
    columns = [
        column_cells(c.field, labels, lang, list(map(itemgetter(c.key), records))) if c.field else empty
        for c in cols
    ]
    order = key_order({i: c.key for i, c in enumerate(cols) if c.field})
    checks.update(row_checks([uuid for uuid, _rec, _depth in rows], [columns[i] for i in order]))
    return [list(cells) for cells in zip(*columns, strict=True)]


def _row_heights(
    rows: list[tuple[str, dict[str, Any], int]],
    values: list[list[Any]],
    widths: list[float],
    wrapped: list[int],
    indented: set[int],
) -> list[float | None]:
    """`row_height` of each row's wrapped texts (an indented text has its depth less room), worked
    out a column at a time."""
    lines = [1] * len(values)
    deepest = max((depth for _uuid, _rec, depth in rows), default=0)
    for i in wrapped:
        shift = i in indented
        least = chars_per_line(widths[i] - (deepest if shift else 0))  # the least room a row has
        column = [cells[i] for cells in values]
        # Most texts fit a line even in the least room: only the others are measured.
        for r in [
            r
            for r, text in enumerate(column)
            if text.__class__ is str and (len(text) > least or "\n" in text)
        ]:
            depth = rows[r][2] if shift else 0
            lines[r] = max(lines[r], text_lines(column[r], widths[i] - depth))
    return [lines_height(n) for n in lines]


def _size_columns(ws, book: StyleBook, cols: list[Column], values: list[list[Any]]) -> list[float]:
    widths = []
    for i, c in enumerate(cols):
        dim = ws.column_dimensions[get_column_letter(i + 1)]
        if c.field is None:
            dim.width = 30 if c.key == UUID else 11
            dim.hidden = c.hidden
            book.style_column(dim, "uuid" if c.key == UUID else "date")
        else:
            texts = [
                v if v.__class__ is str else plain_text(v) for row in values if (v := row[i]) is not None
            ]
            dim.width = fit_width(texts, c.header, cap=WIDTH_CAPS.get(c.field.kind, 40))
            book.style_column(dim, column_kind(c.field.kind))
        widths.append(dim.width)
    return widths


def _protect(ws) -> None:
    """Protected without a password so that the uuid column stays as it is; a person may still
    format, filter and insert rows (False = allowed, in openpyxl's terms)."""
    p = ws.protection
    p.sheet = True
    p.formatCells = p.formatColumns = p.formatRows = False
    p.insertRows = p.insertHyperlinks = p.sort = p.autoFilter = False
    p.selectLockedCells = p.selectUnlockedCells = False


def _validations(ws, cols: list[Column], letters: dict[str, str], names: dict[str, str], lang: str) -> None:
    for c in cols:
        key = list_key(c.field) if c.field else None
        if key is None:
            continue
        span = f"{letters[c.key]}{FIRST_ROW}:{letters[c.key]}{MAX_ROW}"
        if c.field.kind in (REF, REFS):
            # A new record a person adds on its sheet is not in the list yet; several refs in a cell
            # are not one list item: the list only helps, it does not refuse.
            dv = DataValidation(
                type="list",
                formula1=names[key],
                allow_blank=True,
                showErrorMessage=c.field.kind == REF,
                errorStyle="information",
                errorTitle=translate_in(lang, WRONG_VALUE),
                error=translate_in(lang, NOT_IN_LIST),
            )
        else:
            dv = DataValidation(
                type="list",
                formula1=names[key],
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop",
                errorTitle=translate_in(lang, WRONG_VALUE),
                error=translate_in(lang, CHOOSE_FROM_LIST),
            )
        dv.add(span)
        ws.data_validations.append(dv)


def _excel_text(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _overdue_rule(ws, letters: dict[str, str], lang: str) -> None:
    """Open measures past their due date, red: a formula on today's date, so the highlight stays
    right as days pass. A date deadline is read from its cell; a quarter's last day comes from the
    hidden helper column."""
    r = FIRST_ROW
    status, deadline, due, kind = (f"${letters[k]}{r}" for k in ("status", "deadline", DUE, "kind"))
    open_ = ",".join(
        f"{status}={_excel_text(label(s, lang))}"
        for s in (RoadmapStatus.NOT_STARTED, RoadmapStatus.IN_PROGRESS)
    )
    formula = (
        f"AND({kind}<>{_excel_text(label(RoadmapKind.SECTION, lang))},OR({open_}),"
        f"OR(AND(ISNUMBER({deadline}),{deadline}<TODAY()),AND(ISNUMBER({due}),{due}<TODAY())))"
    )
    rule = FormulaRule(
        formula=[formula],
        fill=PatternFill("solid", start_color=OVERDUE_FILL, end_color=OVERDUE_FILL),
        font=Font(color=OVERDUE_FONT),
    )
    ws.conditional_formatting.add(f"A{FIRST_ROW}:{letters[UUID]}{MAX_ROW}", rule)


def _due_formula(rec: dict, letters: dict[str, str], r: int, lang: str) -> str | None:
    """The last day of a quarter deadline, as long as the deadline cell still names that quarter."""
    plain = rec.get("deadline")
    if not plain or "-Q" not in plain:
        return None
    year, quarter = (int(x) for x in plain.split("-Q"))
    end = quarter_end(year, quarter)
    text = _excel_text(deadline_cell(plain, lang))
    return f'=IF({letters["deadline"]}{r}={text},DATE({end.year},{end.month},{end.day}),"")'


# ---- instructions and metadata ----------------------------------------------------------------


def _write_instructions(wb: Workbook, book: StyleBook, meta: ExportMeta, title: str) -> None:
    lang = meta.lang
    ws = wb.create_sheet(title)
    ws.sheet_properties.codeName = INSTRUCTIONS
    book.prepare_sheet(ws, len(TEXT_WIDTHS))
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = TEXT_WIDTHS
    ws.sheet_view.showGridLines = False
    setup_print(ws, translate_in(lang, PAGE), None)
    ws.page_setup.orientation = "portrait"
    title_style, note, heading = book.name("title"), book.name("note"), book.name("heading")
    head_cell = book.name("note", bold=True)
    blocks = instruction_blocks(lang)
    declare_size(ws, 2 + sum(2 + len(paragraphs) for _name, paragraphs in blocks), 2)
    ws.row_dimensions[1].height = 24
    ws.append([book.cell(ws, translate_in(lang, TITLE), title_style)])
    about = translate_in(lang, ABOUT).format(
        side=label(meta.sender_side, lang),
        date=format_date(meta.exported_at.date(), lang),
        sequence=meta.sequence,
        version=__version__,
    )
    ws.append([book.cell(ws, about, book.name("plain"))])
    row = 2
    for language, paragraphs in blocks:
        ws.append([])
        ws.append([book.cell(ws, language, heading), book.cell(ws, None, heading)])
        row += 2
        for head, text in paragraphs:
            row += 1
            ws.row_dimensions[row].height = row_height([(head, TEXT_WIDTHS[0]), (text, TEXT_WIDTHS[1])])
            ws.append([book.cell(ws, head, head_cell), book.cell(ws, text, note)])


def _write_meta(
    wb: Workbook, book: StyleBook, meta: ExportMeta, chunks: list[str], checks: list[str], titles: dict
) -> None:
    ws = wb.create_sheet(titles[META])
    ws.sheet_properties.codeName = META
    ws.sheet_state = "veryHidden"
    rows: list[Iterable[Any]] = [
        ("format_version", FORMAT_VERSION),
        ("exchange_uuid", meta.exchange_uuid),
        ("sender_side", meta.sender_side.value),
        ("counterpart_side", meta.counterpart_side.value),
        ("sequence", meta.sequence),
        ("exported_at", meta.exported_at.isoformat()),
        ("program_version", __version__),
        ("language", meta.lang),
        ("acknowledges", meta.acknowledges),
        ("database_id", meta.database_id),
        ("operator", meta.operator),
    ]
    rows += [("sheet", key, title) for key, title in titles.items()]
    rows += [("snapshot", chunk) for chunk in chunks]
    rows += [(CHECKS, chunk) for chunk in checks]
    declare_size(ws, len(rows), 3)
    book.prepare_sheet(ws, 0)
    slots = CellSlots(book, ws)
    for row in rows:
        ws.append([slots.plain(i, value) for i, value in enumerate(row)])
