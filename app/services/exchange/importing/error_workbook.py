"""The error workbook: the partner's own workbook sent back with every wrong cell highlighted and
given a note (what is wrong, what is expected, with an example), and a first sheet listing the
errors. The partner corrects the cells in place and sends the file back; the reader skips the
list (its hidden cell A1 says what it is), and nothing else of theirs changes: values, formats,
widths, validations, hidden sheets, notes and protection are those of their file.

Written in the language of the file (our export says it in its metadata; a sheet made by hand is
recognised by its headers) or one the caller picks. A workbook that comes back with a list of
ours has it replaced, and the cells it marked get their own look and notes back first.

Loads openpyxl: imported inside the functions that need it.
"""

import json
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ....i18n import LANGUAGES, N_, _, catalog, current_language, translate_in
from ...errors import UserError
from ...fields import ENTITIES
from ...labels import fold
from ...outputs import check_output_target
from ..workbook.expected import Examples, expected_for
from ..workbook.layout import ERRORS, ERRORS_MARK, META, UUID, escape_text, header_text, sheet_title
from .merge import Issue
from .retranslate import retranslate

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ...database import Database
    from .importer import Preview

WARNING_FILL = "FFFF00"  # the highlighter's yellow: no sheet of ours uses it
WARNING_EDGE = "C00000"
HEADER_SEARCH_ROWS = 10  # as the reader
MAX_ROW_CELLS = 60  # a whole row is highlighted up to here when its columns are not known
CHUNK = 30_000  # the restore data, in cells of at most this many characters (Excel's limit: 32 767)

# The columns of the list: (header msgid, width).
COLUMNS = (
    (N_("No."), 5),
    (N_("Sheet"), 24),
    (N_("Row"), 6),
    (N_("Column"), 22),
    (N_("Record"), 32),
    (N_("Value"), 20),
    (N_("What is wrong"), 45),
    (N_("What is expected"), 45),
)
RESTORE_COLUMN = len(COLUMNS) + 2  # hidden, after an empty one: how the marked cells looked before
TITLE_ROW, NOTE_ROW, HEADER_ROW = 2, 3, 5

NOTE = N_(
    "The cells with errors are highlighted in yellow on their sheets; each has a note saying what is "
    "wrong and what is expected. Correct them in place and send the file back. This sheet is not "
    "imported: you may leave it as it is."
)
EXPECTED = N_("Expected: {text}")
SUFFIX = N_("{name} — errors")

# Parts of a workbook that openpyxl does not carry over, and what to call them.
LOST_PARTS = (
    ("xl/media/", N_("pictures")),
    ("xl/vbaProject.bin", N_("macros")),
    ("xl/threadedComments/", N_("comment threads (their notes are kept)")),
    ("xl/slicers/", N_("slicers")),
    ("xl/ctrlProps/", N_("form controls")),
)
LOST_SHAPES = N_("drawn shapes")
LOST_EXTENSIONS = N_("some drop-down lists or conditional formats of newer Excel versions")


@dataclass
class ErrorWorkbook:
    path: Path
    lang: str
    errors: int  # listed on the first sheet
    cells: int  # highlighted
    lost: list[str] = field(default_factory=list)  # what of the partner's file could not be kept


# ---- the file's language ------------------------------------------------------------------------


def file_language(path: Path) -> str | None:
    """The language of a workbook's headers: our export's metadata, or a guess from the texts."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return workbook_language(wb)
    finally:
        wb.close()


def workbook_language(wb: "Workbook") -> str | None:
    """As `file_language`, of an open workbook (read-only or not)."""
    if META in wb.sheetnames:
        for row in wb[META].iter_rows(max_row=40, max_col=2, values_only=True):
            if row and row[0] == "language" and len(row) > 1 and row[1] in LANGUAGES:
                return cast(str, row[1])  # one of LANGUAGES
    votes = dict.fromkeys(LANGUAGES, 0)
    words = _language_words()
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        texts = {fold(ws.title)}
        for row in ws.iter_rows(max_row=HEADER_SEARCH_ROWS, max_col=80, values_only=True):
            texts.update(fold(v) for v in map(_plain, row) if isinstance(v, str) and v.strip())
        for text in texts:
            if text in words:
                votes[words[text]] += 1
    best = max(votes.values())
    if best == 0:
        return None
    winners = [lang for lang, count in votes.items() if count == best]
    return current_language() if current_language() in winners else winners[0]


@cache
def _language_words() -> dict[str, str]:
    """Folded header and sheet texts that belong to one language only → that language."""
    seen: dict[str, set[str]] = {}
    for entity in ENTITIES.values():
        for lang in LANGUAGES:
            texts = [translate_in(lang, entity.plural), translate_in(lang, entity.label)]
            texts += [header_text(f, lang) for f in entity.fields]
            texts += [translate_in(lang, f.label) for f in entity.fields]
            for text in texts:
                seen.setdefault(fold(text), set()).add(lang)
    return {text: next(iter(langs)) for text, langs in seen.items() if len(langs) == 1}


def proposed_name(source: Path, lang: str) -> str:
    """`<their file> — ошибки.xlsx`, in the language of the list; the suffix once, however many
    rounds the file has made."""
    stem = Path(source).stem
    for code in LANGUAGES:
        suffix = translate_in(code, SUFFIX).format(name="")
        if suffix and stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    return translate_in(lang, SUFFIX).format(name=stem) + ".xlsx"


# ---- writing ------------------------------------------------------------------------------------


def save_errors(db: "Database", preview: "Preview", out: Path, lang: str | None = None) -> ErrorWorkbook:
    """The error workbook of an import preview: its file, its errors, examples from our records."""
    from ..workbook.expected import reference_examples

    source = preview.incoming.path
    if source is None:
        raise UserError(_("The workbook read for this preview is not known; import it again."))

    def examples(lang: str) -> Examples:
        with db.session() as session:
            return reference_examples(session, lang)

    return write_error_workbook(
        source,
        preview.plan.errors,
        out,
        lang,
        examples=examples,
        db_path=db.path,
        sha256=preview.incoming.sha256,
    )


def write_error_workbook(
    source: Path,
    issues: Sequence[Issue],
    out: Path,
    lang: str | None = None,
    *,
    examples: Examples | Callable[[str], Examples] | None = None,
    db_path: Path | None = None,
    sha256: str | None = None,
) -> ErrorWorkbook:
    """Write `source` with `issues` marked to `out` (never over `source`, the database or its
    backups), atomically. `lang`: the texts' language (default: the file's own). `sha256`: the
    file as it was read; a file changed since is refused, its rows may no longer be those."""
    import hashlib

    from openpyxl import load_workbook

    from ..export.safe_write import save_atomically
    from .guard import check_workbook_file

    source, out = Path(source), Path(out)
    check_output_target(out, db_path, inputs=[source])
    check_workbook_file(source)
    if sha256 is not None and hashlib.sha256(source.read_bytes()).hexdigest() != sha256:
        raise UserError(
            _("{file} has changed since it was read; import it again to see its errors.").format(
                file=source.name
            )
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wb = load_workbook(source, rich_text=True)  # not read-only: everything of theirs is kept
    lang = lang or workbook_language(wb) or current_language()
    if callable(examples):
        examples = examples(lang)
    _take_back_old_list(wb)
    marked = _mark(wb, issues, lang, examples or {})
    _write_list(wb, source.name, issues, marked, lang, examples or {})
    # openpyxl keeps a formula but not the value the file had for it: Excel calculates it on opening.
    wb.calculation.fullCalcOnLoad = True
    save_atomically(out, wb.save)
    return ErrorWorkbook(out, lang, len(issues), marked.cells, _lost(source, caught))


# ---- the cells ----------------------------------------------------------------------------------


class _Columns:
    """Field key → column (from 1) of one sheet for one kind of record, as the reader finds them:
    by the hidden key row of our export, else by the header texts of a sheet made by hand."""

    def __init__(self, ws: "Worksheet", entity: str) -> None:
        self.entity = entity
        self.keys: dict[str, int] = {}
        self.header_row: int | None = None
        rows = [list(map(_plain, row)) for row in ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
        known = set(ENTITIES[entity].keys) | {UUID}
        first = {
            v: i for i, v in enumerate(rows[0] if rows else (), start=1) if isinstance(v, str) and v in known
        }
        if len(first) >= 2:
            self.keys, self.header_row = first, 2
            return
        table = _header_names()[entity]
        for number, row in enumerate(rows, start=1):
            found: dict[str, int] = {}
            for i, v in enumerate(row, start=1):
                if isinstance(v, str) and v.strip() and (key := table.get(fold(v))) and key not in found:
                    found[key] = i
            if len(found) >= 2:
                self.keys, self.header_row = found, number
                return


@cache
def _header_names() -> dict[str, dict[str, str]]:
    from .reader import _header_names as names

    return names()


@dataclass
class _Marked:
    cells: int = 0
    where: dict[int, tuple[str, str]] = field(default_factory=dict)  # issue index → (sheet, "C7")
    columns: dict[tuple[str, str], _Columns] = field(default_factory=dict)
    restore: list[dict[str, Any]] = field(default_factory=list)


def _columns(marked: _Marked, ws: "Worksheet", entity: str) -> _Columns:
    if (ws.title, entity) not in marked.columns:
        marked.columns[(ws.title, entity)] = _Columns(ws, entity)
    return marked.columns[(ws.title, entity)]


_LETTER = re.compile(r"^([A-Z]{1,3})(?: \(|$)")


def _column_of(issue: Issue, columns: _Columns) -> int | None:
    from openpyxl.utils import column_index_from_string

    if issue.key in columns.keys:
        return columns.keys[issue.key]
    if issue.key and (m := _LETTER.match(issue.column)):  # the reader's own "C (Status)"
        return column_index_from_string(m[1])
    return None


def _mark(wb: "Workbook", issues: Sequence[Issue], lang: str, examples: Examples) -> _Marked:
    """Fill and note every wrong cell (a whole row when the error has no cell); remember how each
    looked before, for the next round."""
    from openpyxl.utils import get_column_letter

    marked = _Marked()
    notes: dict[tuple[str, str], list[str]] = {}
    rows: dict[tuple[str, int], list[int]] = {}
    for index, issue in enumerate(issues):
        if issue.sheet not in wb.sheetnames or not issue.row or issue.entity not in ENTITIES:
            continue
        ws = wb[issue.sheet]
        columns = _columns(marked, ws, issue.entity)
        col = _column_of(issue, columns)
        text = _note(issue, lang, examples)
        if col is None:
            wide = sorted(columns.keys.values()) or range(1, min(ws.max_column, MAX_ROW_CELLS) + 1)
            first = next((c for c in wide if not ws.column_dimensions[get_column_letter(c)].hidden), 1)
            rows.setdefault((ws.title, issue.row), list(wide))
            col = first
        coordinate = f"{get_column_letter(col)}{issue.row}"
        marked.where[index] = (ws.title, coordinate)
        notes.setdefault((ws.title, coordinate), []).append(text)
    filled: set[tuple[str, str]] = set()
    for (title, row), cols in rows.items():
        for col in cols:
            filled.add((title, f"{get_column_letter(col)}{row}"))
    filled.update(notes)
    for title, coordinate in sorted(filled):
        cell = _own_cell(wb[title], coordinate)
        texts = notes.get((title, coordinate))
        marked.restore.append(_highlight(cell, "\n\n".join(texts) if texts else None, lang))
    marked.cells = len(filled)
    return marked


def _own_cell(ws: "Worksheet", coordinate: str) -> "Cell | MergedCell":
    """The cell itself, or the first cell of the merged range it is part of."""
    for merged in ws.merged_cells.ranges:
        if coordinate in merged:
            return ws.cell(merged.min_row, merged.min_col)
    return cast("Cell | MergedCell", ws[coordinate])


def _note(issue: Issue, lang: str, examples: Examples) -> str:
    text = _wrong(issue, lang)
    remedy = expected_for(issue, lang, examples)
    return f"{text}\n{translate_in(lang, EXPECTED).format(text=remedy)}" if remedy else text


def _wrong(issue: Issue, lang: str) -> str:
    return retranslate(issue.message, issue.lang, lang)


def _highlight(cell: "Cell | MergedCell", text: str | None, lang: str) -> dict[str, Any]:
    """Yellow, a red frame and, for a wrong cell, a note (below theirs, when it had one). Returns
    how the cell looked, to give it back next time."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Border, PatternFill, Side
    from openpyxl.xml.functions import tostring

    before = {
        "sheet": cell.parent.title,
        "cell": cell.coordinate,
        "fill": tostring(cell.fill.to_tree()).decode(),
        "border": tostring(cell.border.to_tree()).decode(),
        "note": [cell.comment.text, cell.comment.author] if cell.comment else None,
        "ours": None,
    }
    cell.fill = PatternFill("solid", start_color=WARNING_FILL, end_color=WARNING_FILL)
    edge = Side(style="medium", color=WARNING_EDGE)
    cell.border = Border(left=edge, right=edge, top=edge, bottom=edge)
    if text:
        ours = escape_text(text)
        full = f"{cell.comment.text.rstrip()}\n\n{ours}" if cell.comment else ours
        lines = sum(1 + len(line) // 48 for line in full.splitlines())
        cell.comment = Comment(
            full, translate_in(lang, "Secretariat desk"), width=300, height=16 * lines + 12
        )
        before["ours"] = full
    return before


def _take_back_old_list(wb: "Workbook") -> None:
    """A workbook that comes back with our list: its marked cells look as they did before (where
    the partner left our marks as they were), and the list goes."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Border
    from openpyxl.styles.fills import Fill
    from openpyxl.xml.functions import fromstring

    for ws in [ws for ws in wb.worksheets if _is_list(ws)]:
        chunks = [ws.cell(r, RESTORE_COLUMN).value for r in range(1, ws.max_row + 1)]
        try:
            entries = json.loads("".join(c for c in chunks if isinstance(c, str)) or "[]")
        except ValueError:
            entries = []
        for entry in entries if isinstance(entries, list) else []:
            try:
                cell = wb[entry["sheet"]][entry["cell"]]
                if _is_marked(cell):
                    cell.fill = Fill.from_tree(fromstring(entry["fill"]))
                    cell.border = Border.from_tree(fromstring(entry["border"]))
                if entry.get("ours") and cell.comment and cell.comment.text == entry["ours"]:
                    note = entry.get("note")
                    cell.comment = Comment(note[0], note[1]) if note else None
            except (KeyError, TypeError, ValueError):
                continue  # a sheet renamed or deleted, a mangled entry: that cell keeps what it has
        wb.remove(ws)


def _is_list(ws: "Worksheet") -> bool:
    return ws.sheet_properties.codeName == ERRORS or ws["A1"].value == ERRORS_MARK


def _is_marked(cell: "Cell | MergedCell") -> bool:
    color = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None  # fill is never None
    return isinstance(color, str) and color.upper().endswith(WARNING_FILL)


# ---- the list ----------------------------------------------------------------------------------


def _write_list(
    wb: "Workbook", file_name: str, issues: Sequence[Issue], marked: _Marked, lang: str, examples: Examples
) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.hyperlink import Hyperlink

    from ..workbook.sizes import row_height

    title = sheet_title(translate_in(lang, "Errors"), wb.sheetnames)
    ws = wb.create_sheet(title, 0)
    ws.sheet_properties.codeName = ERRORS
    ws.sheet_properties.tabColor = WARNING_EDGE
    ws["A1"] = ERRORS_MARK
    ws.row_dimensions[1].hidden = True
    count = len(issues)
    heading = catalog(lang).ngettext(
        "{file}: {count} error to correct", "{file}: {count} errors to correct", count
    )
    _text(ws.cell(TITLE_ROW, 1), heading.format(file=file_name, count=count)).font = Font(bold=True, size=14)
    last = get_column_letter(len(COLUMNS))
    note = _text(ws.cell(NOTE_ROW, 1), translate_in(lang, NOTE))
    note.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A{NOTE_ROW}:{last}{NOTE_ROW}")
    ws.row_dimensions[NOTE_ROW].height = row_height([(cast(str, note.value), sum(w for _m, w in COLUMNS))])
    edge = Side(style="thin", color="BFBFBF")
    grid = Border(left=edge, right=edge, top=edge, bottom=edge)
    top = Alignment(wrap_text=True, vertical="top")
    for col, (msgid, width) in enumerate(COLUMNS, start=1):
        cell = _text(ws.cell(HEADER_ROW, col), translate_in(lang, msgid))
        cell.font, cell.border = Font(bold=True), grid
        cell.fill = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    order = sorted(range(count), key=lambda i: _place(wb, issues[i], marked.where.get(i)))
    for number, index in enumerate(order, start=1):
        issue = issues[index]
        r = HEADER_ROW + number
        ws_of = wb[issue.sheet] if issue.sheet in wb.sheetnames else None
        columns = (
            _columns(marked, ws_of, issue.entity) if ws_of is not None and issue.entity in ENTITIES else None
        )
        values = [
            number,
            issue.sheet,
            issue.row,
            _column_text(issue, ws_of, columns, lang),
            _record_text(ws_of, issue.row, columns, lang) if columns and ws_of is not None else "",
            _shown(issue.value),
            _wrong(issue, lang),
            _capital(expected_for(issue, lang, examples)),
        ]
        for col, value in enumerate(values, start=1):
            cell = _text(ws.cell(r, col), value)
            cell.border, cell.alignment = grid, top
        # Neither Excel nor LibreOffice reliably fits a row to its wrapped text on opening.
        ws.row_dimensions[r].height = row_height(
            [(str(v), w) for v, (_m, w) in zip(values, COLUMNS, strict=True)]
        )
        if index in marked.where:
            sheet, coordinate = marked.where[index]
            link = ws.cell(r, 2)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(sheet)}!{coordinate}")
            link.font = Font(color="0563C1", underline="single")
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(count, 1)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _store_restore(ws, marked.restore)
    for other in wb.worksheets:  # one selected sheet: Excel edits grouped sheets all at once
        other.sheet_view.tabSelected = other is ws
    wb.active = 0


def _store_restore(ws: "Worksheet", entries: list[dict[str, Any]]) -> None:
    from openpyxl.utils import get_column_letter

    text = json.dumps(entries, ensure_ascii=False)
    for i in range(0, len(text), CHUNK):
        _text(ws.cell(1 + i // CHUNK, RESTORE_COLUMN), text[i : i + CHUNK])
    ws.column_dimensions[get_column_letter(RESTORE_COLUMN)].hidden = True


def _place(wb: "Workbook", issue: Issue, where: tuple[str, str] | None) -> tuple[int, int, int]:
    """Sheet by sheet in the workbook's order, row by row, left to right."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    sheets = wb.sheetnames
    column = column_index_from_string(coordinate_from_string(where[1])[0]) if where else 0
    return (sheets.index(issue.sheet) if issue.sheet in sheets else len(sheets), issue.row or 0, column)


def _column_text(issue: Issue, ws: "Worksheet | None", columns: _Columns | None, lang: str) -> str:
    from openpyxl.utils import get_column_letter

    col = _column_of(issue, columns) if columns is not None else None
    if col is not None and ws is not None:
        assert columns is not None  # col comes from columns
        header = ws.cell(columns.header_row, col).value if columns.header_row else None
        letter = get_column_letter(col)
        return f"{letter} ({_shown(header)})" if header not in (None, "") and issue.key != UUID else letter
    if issue.key and issue.key != UUID and issue.entity in ENTITIES:
        try:
            return header_text(ENTITIES[issue.entity].field(issue.key), lang)
        except KeyError:
            pass
    return ""


NAME_GROUPS = ("name", "full_name", "measure", "title", "text")


def _record_text(ws: "Worksheet", row: int | None, columns: _Columns, lang: str) -> str:
    """The record as the row names it: its code (or number, or short name) and its name."""
    if not row:
        return ""

    def cell(key: str) -> str:
        col = columns.keys.get(key)
        return _shown(ws.cell(row, col).value) if col else ""

    # A roadmap item is known by its number in the sheet; a meeting's number is only a number.
    shorts = tuple(f"short_name_{c}" for c in (lang, *(c for c in LANGUAGES if c != lang)))
    keys = ("number", "code") if columns.entity == "roadmap_item" else ("code", *shorts)
    code = next((text for key in keys if (text := cell(key))), "")
    order = (lang, *(c for c in LANGUAGES if c != lang))
    name = next((text for g in NAME_GROUPS for c in order if (text := cell(f"{g}_{c}"))), "")
    if len(name) > 120:
        name = name[:119] + "…"
    return " — ".join(part for part in (code, name) if part)


def _shown(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")  # as the sheets show dates
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "; ".join(_shown(v) for v in value)
    text = str(value)
    return text if len(text) <= 300 else text[:299] + "…"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plain(value: Any) -> Any:
    """A cell's value, a text with runs of formatting (rich text) as its plain text."""
    from openpyxl.cell.rich_text import CellRichText

    return str(value) if isinstance(value, CellRichText) else value


def _text(cell: "Cell | MergedCell", value: Any) -> "Cell | MergedCell":
    """A value into a cell of ours: a text stays a text, even one that starts with "="."""
    if isinstance(value, str):
        cell.value = escape_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


# ---- what could not be kept -----------------------------------------------------------------------


def _lost(source: Path, caught: Iterable[warnings.WarningMessage]) -> list[str]:
    """What of the partner's file openpyxl does not carry over, in the user's language: said, so
    that nobody is surprised."""
    found: list[str] = []
    try:
        with zipfile.ZipFile(source) as archive:
            names = archive.namelist()
            for prefix, what in LOST_PARTS:
                if any(n.startswith(prefix) for n in names) and what not in found:
                    found.append(what)
            drawings = [n for n in names if n.startswith("xl/drawings/drawing") and n.endswith(".xml")]
            if any(b"<xdr:sp" in archive.read(n) or b"<xdr:grpSp" in archive.read(n) for n in drawings):
                found.append(LOST_SHAPES)
    except (OSError, zipfile.BadZipFile):
        pass
    if any("extension is not supported" in str(w.message) for w in caught):
        found.append(LOST_EXTENSIONS)
    return [_(what) for what in found]
