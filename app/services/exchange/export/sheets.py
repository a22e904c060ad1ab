"""Writes the exchange workbook from a snapshot (layout: see layout.py).

Loads XlsxWriter: import it only inside the export functions. The workbook is written with
XlsxWriter's public API in its constant-memory mode: each row goes to disk once the next one
starts, so memory stays flat at any size. A row's height and every column's width and format
must be set before its cells, so each sheet's cells are prepared first, a column at a time.
Cells take their column's format; only sections, sub-items and texts that look like formulas
(written with Excel's quote prefix) carry their own.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from xlsxwriter.format import Format
from xlsxwriter.utility import quote_sheetname, xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .... import __version__
from ....i18n import N_, translate_in
from ....models import RoadmapKind, RoadmapStatus, Side, pick_text
from ....models.plain import quarter_end
from ...fields import ENTITIES, LONGTEXT, REF, REFS, Field
from ...formatting import format_date
from ...kinds import handler
from ...labels import label
from ...roadmap_table import hierarchy_order
from ..workbook.layout import (
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
    formula_like,
    looks_like_formula,
    ref_labels,
    sheet_title,
)
from ..workbook.rowcheck import CHECKS, encode_checks, key_order, row_checks
from ..workbook.sizes import chars_per_line, fit_width, lines_height, plain_text, row_height, text_lines
from ..workbook.snapshot import Snapshot
from .instructions import ABOUT, TITLE, instruction_blocks
from .xlsx_style import (
    MAX_ROW,
    TEXTS_AS_TEXTS,
    Styles,
    close,
    done,
    set_height,
    set_width,
    setup_print,
    temporary_folder,
    write_cells,
    write_text,
    written,
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
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's serial dates (1900 system, after 1900-03-01)


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
    with temporary_folder() as rows_folder:
        wb = Workbook(str(path), {"constant_memory": True, "tmpdir": rows_folder, **TEXTS_AS_TEXTS})
        styles = Styles(wb)
        labels = ref_labels(snap.records, lang)
        titles = _titles(lang)
        lists = _lists(snap, labels, lang)
        names = _define_lists(wb, lists, titles[LISTS])
        _write_instructions(wb, styles, meta, titles[INSTRUCTIONS])
        roadmap = _roadmap_order(snap)
        checks: dict[str, str] = {}
        for entity_key in ENTITY_SHEETS:
            rows = _ordered(entity_key, snap, lang, roadmap)
            _write_entity(wb, styles, entity_key, rows, labels, names, lang, titles[entity_key], checks)
        _write_lists(wb, styles, lists, lang, titles[LISTS])
        _write_meta(wb, styles, meta, chunks, encode_checks(checks), titles)
        close(wb)


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

        def when(uuid: str | None) -> tuple[str, str]:
            if uuid is None:  # the backlog's questions after every meeting's agenda
                return ("~", "")
            m = meetings.get(uuid, {})
            return (m.get("meeting_date") or "", m.get("code") or "")

        items.sort(key=lambda p: (when(p[1]["meeting"]), p[1]["position"] or 0, p[0]))
    elif entity_key == "meeting":
        items.sort(key=lambda p: (p[1]["meeting_date"] or "", p[1]["code"] or "", p[0]))
    elif entity_key == "project":
        items.sort(key=lambda p: (p[1]["code"] or "", p[0]))
    else:  # reference lists: by side, then by name in the workbook's language
        group = "full_name" if entity_key == "person" else "name"

        def name(rec: dict[str, Any]) -> str:
            return pick_text({c: rec.get(f"{group}_{c}") for c in ("ru", "uz", "kk")}, lang).casefold()

        items.sort(key=lambda p: (p[1].get("side") or "", name(p[1]), p[0]))
    return [(u, r, 0) for u, r in items]


def _roadmap_order(snap: Snapshot) -> list[tuple[str, int]]:
    rows = snap.records["roadmap_item"]
    return hierarchy_order(rows, lambda u: u, lambda u: rows[u]["parent"], lambda u: rows[u]["number"])


# ---- reference lists --------------------------------------------------------------------------


def list_key(f: Field) -> str | None:
    """The list of the lists sheet that a field's drop-down offers."""
    return handler(f).choices_key(f)


def _lists(
    snap: Snapshot, labels: dict[str, dict[str, str]], lang: str
) -> dict[str, tuple[str, list[tuple[str, Any]]]]:
    """list key → (header, [(label, value)]): the drop-downs' contents and the way back to values."""
    out: dict[str, tuple[str, list[tuple[str, Any]]]] = {}
    for entity_key in ENTITY_SHEETS:
        for f in ENTITIES[entity_key].fields:
            key = list_key(f)
            if key is not None and key not in out:
                header, pairs = handler(f).choices(f, snap.records, labels, lang)
                out[key] = (header, pairs)
    return out


def _define_lists(
    wb: Workbook, lists: dict[str, tuple[str, list[tuple[str, Any]]]], title: str
) -> dict[str, str]:
    """A workbook name per list (`SD_enum_Side` …) for the validations: Excel caps a list written
    inline at 255 characters, and a name also reads well in Excel's dialogs."""
    names = {}
    sheet = quote_sheetname(title)
    for i, (key, (_header, pairs)) in enumerate(lists.items()):
        column = xl_col_to_name(2 * i)
        last = FIRST_ROW + max(len(pairs), 1) - 1
        name = "SD_" + key.replace(":", "_")
        done(wb.define_name(name, f"={sheet}!${column}${FIRST_ROW}:${column}${last}"))
        names[key] = name
    return names


def _write_lists(
    wb: Workbook, styles: Styles, lists: dict[str, tuple[str, list[tuple[str, Any]]]], lang: str, title: str
) -> None:
    ws = wb.add_worksheet(title)
    ws.set_vba_name(LISTS)
    ws.hide()
    value_header = translate_in(lang, VALUE)
    for i, (_key, (header_text, pairs)) in enumerate(lists.items()):
        set_width(ws, 2 * i, fit_width([p[0] for p in pairs], header_text))
        set_width(ws, 2 * i + 1, 12)
    set_height(ws, KEY_ROW - 1, None, hidden=True)
    keys = [part for key in lists for part in (key, f"{key}:value")]
    write_cells(ws, KEY_ROW - 1, 0, keys)
    for i, text in enumerate(text for _k, (h, _p) in lists.items() for text in (h, value_header)):
        write_text(ws, HEADER_ROW - 1, i, text, styles.get("header", quoted=looks_like_formula(text)))
    # Locked, in the plain format (the workbook's default: no format of their own), but for the
    # labels that look like formulas (found a column at a time). The lists differ in length: each
    # row is written as the runs of columns whose lists reach it.
    cells = [[pair[side] for pair in pairs] for _header, pairs in lists.values() for side in (0, 1)]
    quoted = styles.get("default", quoted=True)
    care = _formula_like(cells)
    lengths = [len(column) for column in cells]
    for start, stop in pairwise(sorted({0, *lengths})):  # rows start … stop - 1 have the same runs
        runs = _runs([length > start for length in lengths])
        for r in range(start, stop):
            row = FIRST_ROW - 1 + r
            for first, last in runs:
                write_cells(ws, row, first, [cells[i][r] for i in range(first, last)])
            for i in care.get(r, ()):
                write_text(ws, row, i, cells[i][r], quoted)
    ws.protect("", DRAWINGS)


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(first, past the last) of each run of True in `flags`."""
    runs: list[tuple[int, int]] = []
    for i, flag in enumerate(flags):
        if flag and runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        elif flag:
            runs.append((i, i + 1))
    return runs


def _formula_like(columns: list[list[Any]]) -> dict[int, list[int]]:
    """Row → the columns whose text there looks like a formula, found a column at a time."""
    found: dict[int, list[int]] = {}
    for i, column in enumerate(columns):
        for r in formula_like(column):
            found.setdefault(r, []).append(i)
    return found


# ---- entity sheets ----------------------------------------------------------------------------


def _write_entity(
    wb: Workbook,
    styles: Styles,
    entity_key: str,
    rows: list[tuple[str, dict[str, Any], int]],
    labels: dict[str, dict[str, str]],
    names: dict[str, str],
    lang: str,
    title: str,
    checks: dict[str, str],
) -> None:
    cols = columns(entity_key, lang)
    letters = {c.key: xl_col_to_name(i) for i, c in enumerate(cols)}
    values = entity_cells(cols, rows, labels, lang, checks)
    ws = wb.add_worksheet(title)
    ws.set_vba_name(entity_key)
    kinds = [handler(c.field).look if c.field else "uuid" if c.key == UUID else "date" for c in cols]
    widths = _size_columns(ws, styles, cols, values, kinds)
    wrapped = [i for i, c in enumerate(cols) if c.field and kinds[i] in ("text", "deadline")]
    indented = {i for i, c in enumerate(cols) if c.field and c.field.group == "measure"}
    uuid_at = next(i for i, c in enumerate(cols) if c.key == UUID)
    due_at = next((i for i, c in enumerate(cols) if c.key == DUE), None)
    ws.freeze_panes(FIRST_ROW - 1, FROZEN_COLUMNS.get(entity_key, 0))
    last_row = max(FIRST_ROW, FIRST_ROW + len(rows) - 1)
    done(ws.autofilter(HEADER_ROW - 1, 0, last_row - 1, uuid_at))
    _protect(ws)
    # Numbers kept as texts (an item's number "1.10", a code) would each carry Excel's green mark,
    # whose "Convert to number" turns "1.10" into 1.1 — another item's number.
    done(ws.ignore_errors({"number_stored_as_text": "A1:XFD1048576"}))  # and rows a person adds
    setup_print(ws, translate_in(lang, PAGE), (HEADER_ROW - 1, HEADER_ROW - 1))
    _validations(ws, cols, names, lang)
    if entity_key == "roadmap_item":
        _overdue_rule(ws, styles, letters, lang, uuid_at)

    set_height(ws, KEY_ROW - 1, None, hidden=True)
    write_cells(ws, KEY_ROW - 1, 0, [c.key for c in cols], styles.get("default"))
    set_height(ws, HEADER_ROW - 1, row_height([(c.header, widths[i]) for i, c in enumerate(cols)]))
    for i, c in enumerate(cols):
        write_text(ws, HEADER_ROW - 1, i, c.header, styles.get("header", quoted=looks_like_formula(c.header)))
    fields = [i for i in range(len(cols)) if i not in (uuid_at, due_at)]
    for (uuid, _rec, _depth), out in zip(rows, values, strict=True):
        out[uuid_at] = uuid
    # Most cells go as they are and take their column's format; a loop over the cells of each
    # row would cost more than writing them. Only sections, sub-items and texts that look like
    # formulas get formats of their own, found a column at a time, and are written on their own.
    care = _formula_like([[row[i] for row in values] if i != due_at else [] for i in range(len(cols))])
    special = _special_formats(styles, rows, kinds, fields, indented)
    heights = _row_heights(rows, values, widths, wrapped, indented)
    for index, ((_uuid, rec, _depth), out) in enumerate(zip(rows, values, strict=True)):
        r = FIRST_ROW - 1 + index
        if heights[index]:
            set_height(ws, r, heights[index])
        _write_row(ws, styles, r, out, special.get(index), care.get(index), kinds)
        if due_at is not None:
            due = _due_formula(rec, letters, r + 1, lang)
            if due:
                done(ws.write_formula(r, due_at, *due))


def _write_row(
    ws: Worksheet,
    styles: Styles,
    r: int,
    out: list[Any],
    own: dict[int, Format] | None,
    quoted: list[int] | None,
    kinds: list[str],
) -> None:
    """One row: its cells in their column's format, but for those with a format of their own
    (`own`: a section's, a sub-item's; `quoted`: texts that look like formulas)."""
    if quoted:
        own = dict(own or {})
        for i in quoted:
            own[i] = styles.quoted(own[i]) if i in own else styles.get(kinds[i], quoted=True)
    if not own:
        write_cells(ws, r, 0, out)
        return
    mine = [(i, out[i], fmt) for i, fmt in own.items()]
    for i in own:
        out[i] = None
    write_cells(ws, r, 0, out)
    for i, value, fmt in mine:  # even an empty cell shows a section's fill
        written(ws.write_blank(r, i, None, fmt) if value is None else ws.write(r, i, value, fmt))


def _special_formats(
    styles: Styles,
    rows: list[tuple[str, dict[str, Any], int]],
    kinds: list[str],
    fields: list[int],
    indented: set[int],
) -> dict[int, dict[int, Format]]:
    """Row index → {column: format} of the cells whose format is not their column's: every cell
    of a section (bold, filled), the indented cells of a sub-item. Rows of one look share it."""
    section_kind = RoadmapKind.SECTION.value
    looks: dict[tuple[bool, int], dict[int, Format]] = {}

    def look(section: bool, indent: int) -> dict[int, Format]:
        if (section, indent) not in looks:
            looks[section, indent] = {
                i: styles.get(kinds[i], section=section, indent=indent if i in indented else 0)
                for i in (fields if section else sorted(indented))
            }
        return looks[section, indent]

    out: dict[int, dict[int, Format]] = {}
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


def _size_columns(
    ws: Worksheet, styles: Styles, cols: list[Column], values: list[list[Any]], kinds: list[str]
) -> list[float]:
    """Each column's width and format (what cells typed into empty rows get: unlocked, a date's
    format …); the widths."""
    widths: list[float] = []
    width: float
    for i, c in enumerate(cols):
        if c.field is None:
            width = 30 if c.key == UUID else 11
        else:
            texts = [
                v if v.__class__ is str else plain_text(v) for row in values if (v := row[i]) is not None
            ]
            width = fit_width(texts, c.header, cap=WIDTH_CAPS.get(c.field.kind, 40))
        set_width(ws, i, width, styles.get(kinds[i]), hidden=c.hidden)
        widths.append(width)
    return widths


# What a protected sheet still allows (XlsxWriter's `protect` options; the rest stays protected).
DRAWINGS = {"objects": True, "scenarios": True}
EDITING = {
    **DRAWINGS,
    **dict.fromkeys(
        ("format_cells", "format_columns", "format_rows", "insert_rows", "insert_hyperlinks"), True
    ),
    "sort": True,
    "autofilter": True,
}


def _protect(ws: Worksheet) -> None:
    """Protected without a password so that the uuid column stays as it is; a person may still
    format, filter, sort and insert rows."""
    ws.protect("", EDITING)


def _validations(ws: Worksheet, cols: list[Column], names: dict[str, str], lang: str) -> None:
    for i, c in enumerate(cols):
        key = list_key(c.field) if c.field else None
        if key is None:
            continue
        assert c.field is not None  # list_key gave a key
        options: dict[str, Any] = {
            "validate": "list",
            "source": f"={names[key]}",
            "ignore_blank": True,
            "show_input": False,
            "error_title": translate_in(lang, WRONG_VALUE),
        }
        if c.field.kind in (REF, REFS):
            # A new record a person adds on its sheet is not in the list yet; several refs in a cell
            # are not one list item: the list only helps, it does not refuse.
            options |= {
                "show_error": c.field.kind == REF,
                "error_type": "information",
                "error_message": translate_in(lang, NOT_IN_LIST),
            }
        else:
            options |= {
                "show_error": True,
                "error_type": "stop",
                "error_message": translate_in(lang, CHOOSE_FROM_LIST),
            }
        done(ws.data_validation(FIRST_ROW - 1, i, MAX_ROW - 1, i, options))


def _excel_text(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _overdue_rule(
    ws: Worksheet, styles: Styles, letters: dict[str, str], lang: str, last_column: int
) -> None:
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
    rule = {"type": "formula", "criteria": formula, "format": styles.overdue_highlight()}
    done(ws.conditional_format(FIRST_ROW - 1, 0, MAX_ROW - 1, last_column, rule))


def _due_formula(
    rec: dict[str, Any], letters: dict[str, str], r: int, lang: str
) -> tuple[str, None, int] | None:
    """The last day of a quarter deadline, as long as the deadline cell still names that quarter:
    the formula, and its value in the file (Excel's serial date) for programs that show the values
    they find rather than calculate."""
    plain = rec.get("deadline")
    if not plain or "-Q" not in plain:
        return None
    year, quarter = (int(x) for x in plain.split("-Q"))
    end = quarter_end(year, quarter)
    text = _excel_text(cast(str, deadline_cell(plain, lang)))  # a quarter: its text
    formula = f'=IF({letters["deadline"]}{r}={text},DATE({end.year},{end.month},{end.day}),"")'
    return formula, None, (end - EXCEL_EPOCH).days


# ---- instructions and metadata ----------------------------------------------------------------


def _write_instructions(wb: Workbook, styles: Styles, meta: ExportMeta, title: str) -> None:
    lang = meta.lang
    ws = wb.add_worksheet(title)
    ws.set_vba_name(INSTRUCTIONS)
    set_width(ws, 0, TEXT_WIDTHS[0])
    set_width(ws, 1, TEXT_WIDTHS[1])
    ws.hide_gridlines(2)
    setup_print(ws, translate_in(lang, PAGE), None, portrait=True)
    heading, head_cell, note = styles.get("heading"), styles.get("note", bold=True), styles.get("note")
    set_height(ws, 0, 24)
    write_text(ws, 0, 0, translate_in(lang, TITLE), styles.get("title"))
    about = translate_in(lang, ABOUT).format(
        side=label(meta.sender_side, lang),
        date=format_date(meta.exported_at.date(), lang),
        sequence=meta.sequence,
        version=__version__,
    )
    write_text(ws, 1, 0, about, styles.get("plain"))
    row = 2
    for language, paragraphs in instruction_blocks(lang):
        row += 1  # an empty row before each language
        write_text(ws, row, 0, language, heading)
        done(ws.write_blank(row, 1, None, heading))
        for head, text in paragraphs:
            row += 1
            set_height(ws, row, row_height([(head, TEXT_WIDTHS[0]), (text, TEXT_WIDTHS[1])]))
            write_text(ws, row, 0, head, head_cell)
            write_text(ws, row, 1, text, note)
        row += 1


def _write_meta(
    wb: Workbook,
    styles: Styles,
    meta: ExportMeta,
    chunks: list[str],
    checks: list[str],
    titles: dict[str, str],
) -> None:
    ws = wb.add_worksheet(titles[META])
    ws.set_vba_name(META)
    ws.very_hidden()
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
    quoted = styles.get("default", quoted=True)
    for r, row in enumerate(rows):
        write_cells(ws, r, 0, list(row))  # the plain format: the workbook's default, no format of their own
        for i, value in enumerate(row):
            if value.__class__ is str and looks_like_formula(value):  # base64 may start with "+"
                write_text(ws, r, i, value, quoted)
