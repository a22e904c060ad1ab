"""Reading a workbook the other side sent: our own exchange workbook returned after editing in
Excel (rows edited, added, sorted, filtered, columns moved, headers in another language), a
workbook from the other side's program, or a sheet a person made by hand with recognisable
headers. Values are read with calamine (fast, and it never evaluates a formula: a formula cell
gives its cached value); openpyxl only writes the error workbook.

The result is an `Incoming`: their records as plain values, the metadata, and every problem found
with its sheet, row, column and value. Nothing here touches the database.
"""

import hashlib
import re
import uuid as uuid_mod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ....i18n import LANGUAGES, _, current_language, ngettext, translate_in
from ....models import Side
from ...collector import collector_paused
from ...fields import (
    DATE,
    DECIMAL,
    ENTITIES,
    INT,
    LEGACY_KEYS,
    LONGTEXT,
    MONEY,
    REF,
    REFS,
    TEXT,
    Field,
    normal_line,
    normal_text,
)
from ...labels import fold, parse_enum
from ..workbook.layout import ERRORS_MARK, KEY_ROW, LISTS, META, UUID, header_text
from ..workbook.rowcheck import CHECKS, decode_checks, key_order, read_row_checks
from ..workbook.snapshot import RecordTable, Snapshot
from ..workbook.values import is_blank, is_dash, parse_cell, parse_text
from .formulas import FormulaIndex, no_value_message
from .formulas import column_letters as _letter
from .guard import BadWorkbook, check_workbook_file
from .importer import Incoming
from .merge import Issue
from .percent_cells import percent_cells
from .refs import UUID_RE, NotFound, Resolver, named_in_list

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

    from ..workbook.snapshot import Records
    from .formulas import Formula

MAX_ROWS = 60_000  # ten times the largest roadmap a working group will ever have, and then some
MAX_COLUMNS = 300
EXCEL_CELL_LIMIT = 32_767
HEADER_SEARCH_ROWS = 10
NEW_ROW_NAMESPACE = uuid_mod.UUID("5d3c8a64-8f63-4c1e-9c55-2f3f7ad1a6d1")
# A parsed row for the second pass: entity, uuid, sheet title, Excel row, the sheet's columns, the
# row's cells in its reference columns (_RefCells), its values.
_Pending = tuple[str, str, str, int, dict[int, str], tuple[Any, ...], dict[str, Any]]


def _header_names() -> dict[str, dict[str, str]]:
    """entity → folded header text (any language, with or without the language suffix) → key."""
    names: dict[str, dict[str, str]] = {}
    for key, entity in ENTITIES.items():
        table = names.setdefault(key, {})
        for f in entity.fields:
            table[fold(f.key)] = f.key
            for lang in LANGUAGES:
                table.setdefault(fold(header_text(f, lang)), f.key)
                if not f.lang:
                    table.setdefault(fold(translate_in(lang, f.label)), f.key)
            if f.lang:  # "Наименование" alone in a hand-made sheet is the Russian name, "Nomi" the Uzbek
                table.setdefault(fold(translate_in(f.lang, f.label)), f.key)
        for old, new in LEGACY_KEYS.get(key, {}).items():
            table.setdefault(fold(old), new)
        table[fold("uuid")] = UUID
    return names


def _sheet_names() -> dict[str, str]:
    """folded sheet title in any language → entity."""
    titles = {}
    for key, entity in ENTITIES.items():
        for lang in LANGUAGES:
            titles[fold(translate_in(lang, entity.plural))] = key
            titles[fold(translate_in(lang, entity.label))] = key
        titles[key] = key
    return titles


NAMED_COPIES = 3  # rows copied with their UUID named one by one in the plan's notes


class _Sheet:
    """A sheet whose cells are read when first asked for: the instructions are never needed, the
    lists only for rows someone edited, and a large file's lists take a tenth of its reading. Its
    cells are let go once read into records (`release`): never read twice."""

    def __init__(self, title: str, read: Callable[[], list[list[Any]]]):
        self.title = title
        self._read = read
        self._rows: list[list[Any]] | None = None

    @property
    def rows(self) -> list[list[Any]]:
        if self._rows is None:
            self._rows = self._read()
        return self._rows

    def release(self) -> None:
        self._rows = None
        self._read = _released


def _released() -> list[list[Any]]:
    raise RuntimeError("a sheet's cells asked for after they were let go")


class WorkbookReader:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.errors: list[Issue] = []
        self.where: dict[tuple[str, str], str] = {}
        self.letters: dict[str, dict[str, str]] = {}
        self.by_label: dict[str, dict[str, str]] = {}
        self.sides: dict[str, str] = {}  # organization uuid → side, from the lists sheet
        self.meta: dict[str, Any] = {}
        self.checks: dict[str, str] = {}  # uuid → checksum of its row as exported (rowcheck.py)
        self.sheet_titles: dict[str, str] = {}  # entity → title, from the metadata
        # Rows without a UUID that say who they are (code, roadmap number): the import may find them
        # among the records it has.
        self.added: dict[tuple[str, str], dict[str, str | None]] = {}
        self.born: set[tuple[str, str]] = set()  # (entity, uuid) made up for rows without UUID
        self.notes: list[str] = []  # for the plan: columns not read
        self._copies: list[tuple[str, str]] = []  # (row, the row it was copied from), with its UUID
        # References no record of the file answers to: the import looks for them in our database.
        self.unresolved: list[Unresolved] = []
        self.roadmap_rows: list[str] = []  # the roadmap sheet's records, in the order of its rows
        # The records of each kind the file's program wrote (None: a sheet made by hand): a UUID
        # cell holding another one was edited, and its row cannot be trusted to be that record.
        self.written: RecordTable | None = None
        self._written_codes: dict[str, set[str]] = {}
        self.headers = _header_names()
        self.formulas = FormulaIndex(self.path)

    # ---- the file -----------------------------------------------------------------------------

    def read(self) -> Incoming:
        report = check_workbook_file(self.path)
        with self.path.open("rb") as f:  # in pieces: the file's bytes are not kept beside its cells
            sha = hashlib.file_digest(f, "sha256").hexdigest()
        book = self._open()
        try:
            sheets = [_Sheet(name, partial(self._cells, book, name)) for name in book.sheet_names]
            embedded = self._read_meta(sheets)
            records, covered = self._records(self._identify(sheets), embedded, sheets)
        finally:
            book.close()
        theirs = Snapshot(records={key: records.get(key, RecordTable()) for key in ENTITIES})
        if embedded is not None:
            theirs.tombstones = dict(embedded.tombstones)
        incoming = Incoming(
            theirs=theirs,
            file_name=self.path.name,
            path=self.path,
            sha256=sha,
            sender=self._side(self.meta.get("sender_side")),
            exchange_uuid=self.meta.get("exchange_uuid") or None,
            sequence=self._int(self.meta.get("sequence")),
            exported_at=self._when(self.meta.get("exported_at")),
            acknowledges=self.meta.get("acknowledges") or None,
            database_id=self.meta.get("database_id") or None,
            operator=self.meta.get("operator") or None,
            language=self.meta.get("language") if self.meta.get("language") in LANGUAGES else None,
            embedded=embedded,
            where=self.where,
            letters=self.letters,
            errors=self.errors,
            covered=covered,
            warnings=report.warnings + self.formulas.notes() + self._copied_notes() + self.notes,
        )
        if not covered:
            raise BadWorkbook(
                _("{path} has no sheet with recognisable columns (projects, roadmap, meetings …).").format(
                    path=self.path.name
                )
            )
        if incoming.hand_made:
            incoming.covered = set()  # a list made by hand is partial by nature: nothing in it is "missing"
        incoming.added = self.added
        incoming.born = self.born
        incoming.unresolved = self.unresolved
        return incoming

    def _open(self) -> "CalamineWorkbook":
        from python_calamine import CalamineWorkbook

        try:
            return CalamineWorkbook.from_path(str(self.path))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # calamine's own error kinds for every broken part; see _cells
            raise BadWorkbook(_("{path} is damaged: {error}").format(path=self.path.name, error=exc)) from exc

    def _cells(self, book: "CalamineWorkbook", name: str) -> list[list[Any]]:
        try:
            sheet = book.get_sheet_by_name(name)
            # total_height/width are the last row and column indexes (from 0), read before any cell is.
            height, width = sheet.total_height + 1, sheet.total_width + 1
            if height > MAX_ROWS + 2 or width > MAX_COLUMNS:
                raise BadWorkbook(
                    _(
                        "The sheet “{sheet}” is too large ({rows} rows, {columns} columns) for an "
                        "exchange workbook."
                    ).format(sheet=name, rows=height, columns=width)
                )
            return sheet.to_python(skip_empty_area=False)
        except (BadWorkbook, KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            # A panic in calamine's Rust code (say, a date out of range in a damaged cell) reaches
            # Python as pyo3's PanicException, a BaseException: a damaged file all the same.
            raise BadWorkbook(_("{path} is damaged: {error}").format(path=self.path.name, error=exc)) from exc

    # ---- metadata and lists -------------------------------------------------------------------

    def _read_meta(self, sheets: list[_Sheet]) -> Snapshot | None:
        meta_sheet = next(
            (s for s in sheets if s.title == META and s.rows and s.rows[0][:1] == ["format_version"]), None
        )
        if meta_sheet is None:
            return None
        chunks, checks = [], []
        for row in meta_sheet.rows:
            key = row[0] if row else None
            if key == "snapshot":
                chunks.append(str(row[1]))
            elif key == CHECKS:
                checks.append(str(row[1]))
            elif key == "sheet" and len(row) > 2:
                self.sheet_titles[str(row[1])] = str(row[2])
            elif isinstance(key, str) and key:
                self.meta[key] = row[1] if len(row) > 1 and row[1] != "" else None
        self._let_go(meta_sheet)  # its chunks and checksums are taken: nothing else reads it
        if self._int(self.meta.get("format_version")) not in (1,):
            raise BadWorkbook(
                _(
                    "{path} was written by a newer version of the program; install it to import this file."
                ).format(path=self.path.name)
            )
        try:
            self.checks = decode_checks(checks) if checks and chunks else {}
            return Snapshot.from_text_chunks(chunks) if chunks else None
        except Exception as exc:
            raise BadWorkbook(
                _("The hidden data of {path} is damaged: {error}").format(path=self.path.name, error=exc)
            ) from exc

    def _let_go(self, sheet: _Sheet) -> None:
        """Let go of a sheet's cells once they are read into what the import needs; the lists
        sheet's are asked for at the end, whatever other part of the file shares its title."""
        if sheet.title != self.sheet_titles.get(LISTS):
            sheet.release()

    def _read_lists(self, sheets: list[_Sheet]) -> None:
        title = self.sheet_titles.get(LISTS)
        sheet = next((s for s in sheets if s.title == title), None) if title else None
        if sheet is None or not sheet.rows:
            return
        keys = sheet.rows[KEY_ROW - 1]
        for col, key in enumerate(keys):
            if not (isinstance(key, str) and key.startswith("ref:")) or key.endswith(":value"):
                continue
            parts = key.split(":")  # ref:<entity>, or ref:organization:<side> for one side's list
            if len(parts) not in (2, 3):
                continue
            table = self.by_label.setdefault(parts[1], {}) if len(parts) == 2 else None
            for row in sheet.rows[2:]:
                if col + 1 < len(row) and not is_blank(row[col]) and UUID_RE.match(str(row[col + 1])):
                    if table is not None:
                        table[str(row[col])] = str(row[col + 1])
                    else:
                        self.sides[str(row[col + 1])] = parts[2]

    # ---- finding the sheets and their columns -------------------------------------------------

    def _identify(self, sheets: list[_Sheet]) -> Iterator[tuple[str, _Sheet, int, dict[int, str]]]:
        """(entity, sheet, first data row index, column index → field key) for each sheet we can
        read, a sheet at a time: its cells are read into records before the next sheet's are read."""
        by_title = {title: key for key, title in self.sheet_titles.items()}
        titles = _sheet_names()
        taken: set[str] = set()
        for sheet in sheets:
            if sheet.title == META or by_title.get(sheet.title) in (LISTS, "instructions"):
                continue
            found = self._identify_one(sheet, by_title, titles, taken) if sheet.rows else None
            if found is None:
                self._let_go(sheet)  # not read as records: nothing else reads it
                continue
            taken.add(found[0])
            yield (found[0], sheet, found[1], found[2])

    def _identify_one(
        self, sheet: _Sheet, by_title: dict[str, str], titles: dict[str, str], taken: set[str]
    ) -> tuple[str, int, dict[int, str]] | None:
        """(entity, first data row index, column index → field key) of a sheet with cells, if we can
        read it. A sheet made by hand for a kind of record `taken` by a sheet before it is not read;
        one with our key row is."""
        if sheet.rows[0][:1] == [ERRORS_MARK]:  # the error list we sent back with the file
            return None
        entity = by_title.get(sheet.title) if by_title.get(sheet.title) in ENTITIES else None
        key_row = sheet.rows[0]
        key_map = {i: str(v) for i, v in enumerate(key_row) if isinstance(v, str) and v}
        if entity is None:
            entity = self._entity_by_keys(key_map)
        if entity in LEGACY_KEYS:  # a workbook of an older program
            key_map = {i: LEGACY_KEYS[entity].get(k, k) for i, k in key_map.items()}
        if entity is not None and self._is_key_row(entity, key_map):
            known = set(ENTITIES[entity].keys) | {UUID}  # a key cell someone typed over is not a column
            return entity, 2, {i: k for i, k in key_map.items() if k in known}
        header = self._header_row(sheet, titles.get(fold(sheet.title)))
        if header is None:
            return None
        entity, index, columns = header
        return None if entity in taken else (entity, index + 1, columns)

    @staticmethod
    def _is_key_row(entity: str, key_map: dict[int, str]) -> bool:
        keys = set(ENTITIES[entity].keys) | {UUID}
        return sum(1 for k in key_map.values() if k in keys) >= 2

    @staticmethod
    def _entity_by_keys(key_map: dict[int, str]) -> str | None:
        values = set(key_map.values())
        scores = {key: len(values & set(e.keys)) for key, e in ENTITIES.items()}
        best = max(scores, key=lambda k: (scores[k], -len(ENTITIES[k].keys)))
        return best if scores[best] >= 2 and UUID in values else None

    def _header_row(self, sheet: _Sheet, guess: str | None) -> tuple[str, int, dict[int, str]] | None:
        """A sheet made by hand: the first row whose texts name at least two fields of one entity."""
        best: tuple[str, int, dict[int, str]] | None = None
        for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
            texts = {i: fold(str(v)) for i, v in enumerate(row) if isinstance(v, str) and v.strip()}
            for entity in ([guess] if guess else []) + list(ENTITIES):
                table = self.headers[entity]
                columns = {i: table[t] for i, t in texts.items() if t in table}
                if len(set(columns.values())) >= 2 and (best is None or len(columns) > len(best[2])):
                    best = (entity, index, columns)
            if best is not None:
                return best
        return None

    # ---- rows → records -----------------------------------------------------------------------

    @staticmethod
    def _row_checks(
        cells: list[list[Any]], first: int, pick: Callable[[list[Any]], tuple[Any, ...]], widest: int
    ) -> dict[int, str]:
        """Row index → the checksum of its cells (rowcheck.py), for the rows wide enough to have
        all the checked columns."""
        wide = [r for r in range(first, len(cells)) if len(cells[r]) > widest]
        return dict(zip(wide, read_row_checks([pick(cells[r]) for r in wide]), strict=True))

    def _records(
        self,
        found: Iterable[tuple[str, _Sheet, int, dict[int, str]]],
        embedded: Snapshot | None,
        sheets: list[_Sheet],
    ) -> tuple[dict[str, RecordTable], set[str]]:
        """Two passes: first every row's own values (so that rows added in the file can be referred
        to), then the references, resolved through the lists sheet or by name.

        A row whose checksum vouches for it is not parsed: its record is the one the file was
        exported with, kept as text (rowcheck.py)."""
        records: dict[str, RecordTable] = {}
        pending: list[_Pending] = []
        seen_uuids: dict[str, str] = {}
        for entity_key, sheet, first, columns in found:
            rows = records.setdefault(entity_key, RecordTable())
            self._sheet_records(entity_key, sheet, first, columns, embedded, rows, seen_uuids, pending)
            self._let_go(sheet)  # its rows are records now; `pending` has the cells it reads again
        if pending:
            self._read_lists(sheets)
        # It stands in for a Resolver, built on first use (__getattr__).
        known = cast(Resolver, _LazyResolver(embedded.records if embedded else {}, records))
        # The rows of each sheet are together in `pending`, in the order they were read.
        for _sheet, group in groupby(pending, key=lambda p: id(p[4])):
            self._references(list(group), known)
        for entity_key, uuid, title, excel_row, columns, _cells, values in pending:
            if entity_key == "roadmap_item":
                self._place_in_roadmap(uuid, title, excel_row, columns, values, records, known)
        return records, set(records)

    def _sheet_records(
        self,
        entity_key: str,
        sheet: _Sheet,
        first: int,
        columns: dict[int, str],
        embedded: Snapshot | None,
        rows: RecordTable,
        seen_uuids: dict[str, str],
        pending: list[_Pending],
    ) -> None:
        """One sheet's rows into `rows`; the rows that were parsed also into `pending`."""
        checks = self.checks
        uuid_col = next((i for i, k in columns.items() if k == UUID), None)
        exported = embedded.records.get(entity_key) if embedded is not None and checks else None
        self.written = embedded.records.get(entity_key, RecordTable()) if embedded is not None else None
        order = key_order({i: k for i, k in columns.items() if k != UUID})
        mapped = sorted(columns)
        roadmap = entity_key == "roadmap_item"
        last_section: str | None = None
        cells = sheet.rows
        self._percent_shown(entity_key, sheet.title, cells, columns)
        first = self._heading_sorted_in(entity_key, sheet.title, cells, first, uuid_col, columns)
        vouched = self._row_checks(cells, first, _cells_at(order), max(order, default=0)) if exported else {}
        copies, refused = (
            self._copied_rows(sheet.title, cells, first, uuid_col, exported, vouched)
            if exported
            else (set(), {})
        )
        self._unread_columns(sheet.title, cells, first, columns)
        formulas = self.formulas.rows(sheet.title, columns, first)
        self.letters[sheet.title] = {key: _letter(i) for i, key in columns.items() if key != UUID}
        merged_away = self._merged_away(sheet.title, cells, first, columns, uuid_col)
        parse = _RowParser(self, entity_key, sheet, columns, uuid_col)
        ref_cells = _RefCells(entity_key, columns)
        pick_refs, ref_reach = ref_cells.pick, ref_cells.reach
        written = self.written.keys() if self.written is not None else None
        is_uuid = UUID_RE.match
        for r in range(first, len(cells)):
            row = cells[r]
            unread = parse.unread(r, row, formulas, merged_away) if formulas or merged_away else None
            width = len(row)
            raw_uuid: Any = row[uuid_col] if uuid_col is not None and uuid_col < width else None
            if copies and r in copies:  # a row copied with its UUID: read as a row added without one
                row = [*row]
                row[cast(int, uuid_col)] = raw_uuid = None
            elif refused and r in refused:  # one of several rows with a UUID, none surely its record's
                self._issue(refused[r], sheet, r + 1, uuid_col, columns, raw_uuid, entity_key, raw_uuid)
                continue
            if exported is not None and raw_uuid in exported and raw_uuid not in seen_uuids:
                uuid = raw_uuid  # as the export wrote it: a valid UUID, on no other row so far
                place = seen_uuids[uuid] = f"{sheet.title}!{r + 1}"
                if checks.get(uuid) == vouched.get(r, False):
                    text = exported.text(uuid)
                    rows.put_text(uuid, text)
                    self.where[(entity_key, uuid)] = place
                    if roadmap:
                        last_section = self._vouched_roadmap_row(uuid, text, last_section)
                    continue
            else:
                # A row with a text in its UUID cell has a value; others may be empty all along.
                if (type(raw_uuid) is not str or not raw_uuid.strip()) and all(
                    _blank(row[i]) for i in mapped if i < width
                ):
                    continue
                text = raw_uuid.strip().lower() if type(raw_uuid) is str else ""
                if text and (written is None or text in written) and text not in seen_uuids and is_uuid(text):
                    uuid = text  # the common case of `_row_uuid`: a UUID the program wrote, met once
                    seen_uuids[uuid] = f"{sheet.title}!{r + 1}"
                else:
                    made = self._row_uuid(entity_key, sheet, r + 1, row, uuid_col, columns, seen_uuids)
                    if made is None:
                        continue
                    uuid = made
            values = rows[uuid] = parse.values(r, row, uuid, unread)
            self.where[(entity_key, uuid)] = seen_uuids[uuid]
            if roadmap:
                last_section = self._roadmap_context(values, last_section, uuid)
                self.roadmap_rows.append(uuid)
            refs = pick_refs(row) if width > ref_reach else ref_cells(row)
            pending.append((entity_key, uuid, sheet.title, r + 1, columns, refs, values))
        for r in sorted(formulas):  # below the last row with a value: calamine skips them
            parse.unread(r, [], formulas, {})

    def _heading_sorted_in(
        self,
        entity_key: str,
        title: str,
        cells: list[list[Any]],
        first: int,
        uuid_col: int | None,
        columns: dict[int, str],
    ) -> int:
        """The first row of records. A sort that took the heading row in with the records (a slip
        easily made in Excel) leaves a record in the heading's place and the heading among the
        records: the rows are then read from the heading's place on, the heading passed by, with a
        note. Otherwise that record would be missing and the heading refused as a bad record."""
        if first != 2 or uuid_col is None or len(cells) < 3:
            return first
        second = cells[1]
        raw = second[uuid_col] if uuid_col < len(second) else None
        if not (type(raw) is str and UUID_RE.match(raw.strip().lower())):
            return first  # the heading is where it belongs
        table = self.headers[entity_key]
        for h in range(first, len(cells)):
            row = cells[h]
            if (
                uuid_col >= len(row)
                or type(row[uuid_col]) is not str
                or table.get(fold(row[uuid_col])) != UUID
            ):
                continue
            named = sum(
                1
                for i, key in columns.items()
                if i < len(row) and type(row[i]) is str and table.get(fold(row[i])) == key
            )
            if named >= max(2, len(columns) // 2):
                cells[h] = []  # passed by as an empty row; the rows keep their numbers in messages
                self.notes.append(
                    _(
                        "The heading row of the sheet “{sheet}” was sorted in with the records (it is row "
                        "{row} now): the rows were read as they stand, the heading passed by."
                    ).format(sheet=title, row=h + 1)
                )
                return 1
        return first

    def _vouched_roadmap_row(self, uuid: str, text: str, last_section: str | None) -> str | None:
        """A roadmap row taken as exported: in the order of the rows, and the section it opens."""
        self.roadmap_rows.append(uuid)
        return uuid if _SECTION in text else last_section  # canonical JSON: only the field reads so

    def _copied_notes(self) -> list[str]:
        """For the plan: the rows copied with their UUID and read as new records, the first ones
        by name, the rest counted (twenty copied rows must not bury the plan)."""
        notes = [
            _(
                "Row {row} has the UUID of row {original}, whose cells are as exported: it is read as "
                "a new record copied from that row."
            ).format(row=row, original=original)
            for row, original in self._copies[:NAMED_COPIES]
        ]
        more = len(self._copies) - NAMED_COPIES
        if more > 0:
            notes.append(
                ngettext(
                    "… and {count} more row copied with the UUID of a row as exported, read as a new record.",
                    "… and {count} more rows copied with the UUID of a row as exported, read as new records.",
                    more,
                ).format(count=more)
            )
        return notes

    def _percent_shown(
        self, entity_key: str, title: str, cells: list[list[Any]], columns: dict[int, str]
    ) -> None:
        """A number in a column of per cent whose cell shows it as per cent ("50%", held as 0.5) is
        read as the per cent it shows; before the rows' checksums, so that such a cell of an
        unchanged share still vouches for its row."""
        entity = ENTITIES[entity_key]
        wanted = {i for i, key in columns.items() if key != UUID and entity.field(key).percent}
        if not wanted:
            return
        for r, c in percent_cells(self.path, title, wanted):
            if r < len(cells) and c < len(cells[r]) and type(cells[r][c]) in (float, int):
                cells[r][c] = round(cells[r][c] * 100, 9)

    def _merged_away(
        self, title: str, cells: list[list[Any]], first: int, columns: dict[int, str], uuid_col: int | None
    ) -> dict[int, set[str]]:
        """Row → the fields whose cells were merged into another and are empty: Excel keeps only a
        merged range's first cell, so merging cells to lay a sheet out (a sector over the rows that
        share it, a name across the language columns) empties the others. That is not the person
        clearing those fields: they keep their values, with a note. A merged-away cell that still
        has its value (LibreOffice keeps them) is read."""
        away: dict[int, set[str]] = {}
        ranges = []
        for r1, c1, r2, c2 in self.formulas.merged(title):
            read = [c for c in columns if c1 <= c <= c2 and c != uuid_col]  # not every column of a sheet
            emptied = False
            for r in range(max(r1, first), min(r2 + 1, len(cells))):
                row = cells[r]
                for c in read:
                    if (r, c) != (r1, c1) and _blank(row[c] if c < len(row) else None):
                        away.setdefault(r, set()).add(columns[c])
                        emptied = True
            if emptied:
                ranges.append(f"{_letter(c1)}{r1 + 1}:{_letter(c2)}{r2 + 1}")
        if away:
            shown = ", ".join(ranges[:NAMED_COPIES]) + ("…" if len(ranges) > NAMED_COPIES else "")
            self.notes.append(
                ngettext(
                    "On the sheet “{sheet}” cells were merged ({ranges}): Excel empties the cells merged "
                    "into the first one, so the fields of {count} record there were left as they are.",
                    "On the sheet “{sheet}” cells were merged ({ranges}): Excel empties the cells merged "
                    "into the first one, so the fields of {count} records there were left as they are.",
                    len(away),
                ).format(sheet=title, ranges=shown, count=len(away))
            )
        return away

    def _unread_columns(
        self, title: str, cells: list[list[Any]], first: int, columns: dict[int, str]
    ) -> None:
        """A note for each column with values that the program does not read (a column of comments
        a person added): what they wrote there must not be passed over unseen."""
        width = max(map(len, cells[first:]), default=0)
        unread = [c for c in range(width) if c not in columns]
        if not unread:
            return
        keys = cells[0] if first >= 2 else []
        header = cells[first - 1] if first >= 1 else []
        for c in unread:
            key = keys[c] if c < len(keys) else None
            if isinstance(key, str) and key.startswith("_"):  # a helper column of our own export
                continue
            filled = sum(1 for row in cells[first:] if c < len(row) and not _blank(row[c]))
            if filled:
                named = parse_text(header[c]) if c < len(header) and not _blank(header[c]) else None
                column = f"{_letter(c)} «{_short(named)}»" if named else _letter(c)
                self.notes.append(
                    ngettext(
                        "The sheet “{sheet}” has a column the program does not read, {column}: its "
                        "{count} filled cell was not imported. Read it in the file.",
                        "The sheet “{sheet}” has a column the program does not read, {column}: its "
                        "{count} filled cells were not imported. Read them in the file.",
                        filled,
                    ).format(sheet=title, column=column, count=filled)
                )

    def _copied_rows(
        self,
        title: str,
        cells: list[list[Any]],
        first: int,
        uuid_col: int | None,
        exported: RecordTable,
        vouched: dict[int, str],
    ) -> tuple[set[int], dict[int, str]]:
        """The rows that carry one exported UUID between them: (rows read as new records, rows
        refused with their message).

        The row whose cells are all as exported is that record. The others were copied from it in
        Excel together with their UUID cell (the sheet's protection taken off, a whole row copied to
        add one): new records. Nothing is guessed, and they are refused as duplicates, when a record
        the file was exported with has no row of its own left (a UUID pasted over another row's
        looks the same, and that row's record must not turn into a new one) or several rows are as
        exported. When none is, every one of them is refused: which of them holds the record's own
        edits cannot be told, and taking the first would write a copy's values over the record."""
        if uuid_col is None:
            return set(), {}
        column = [row[uuid_col] if uuid_col < len(row) else None for row in cells[first:]]
        filled = [value for value in column if value is not None and value != ""]
        present = set(filled)
        if len(present) == len(filled):  # the usual file: every UUID on one row
            return set(), {}
        complete = present.issuperset(exported.keys())
        places: dict[str, list[int]] = {}
        for r, value in enumerate(column, first):
            if type(value) is str and value in exported:
                places.setdefault(value, []).append(r)
        copies: set[int] = set()
        refused: dict[int, str] = {}
        for uuid, rows in places.items():
            if len(rows) < 2:
                continue
            unchanged = [r for r in rows if vouched.get(r, False) == self.checks.get(uuid)]
            kept = unchanged[0] if unchanged else None
            for r in rows:
                if r == kept:
                    continue
                if kept is not None and len(unchanged) == 1 and complete:
                    copies.add(r)
                    self._copies.append((f"{title}!{r + 1}", f"{title}!{kept + 1}"))
                else:
                    others = ", ".join(f"{title}!{x + 1}" for x in rows if x != r)
                    refused[r] = _("Duplicate UUID: the same record is on rows {first} and {second}.").format(
                        first=f"{title}!{r + 1}", second=others
                    )
        return copies, refused

    def _formula_cells(
        self,
        entity_key: str,
        sheet: _Sheet,
        r: int,
        row: list[Any],
        uuid_col: int | None,
        columns: dict[int, str],
        found: list[tuple[int, "Formula"]],
    ) -> set[str]:
        """A formula the file has no value for is an error at its cell, and its field is left out
        as for any other error (calamine gives "", which emptied the field); one with a value is
        taken as that value, with a note. The keys of the fields left out."""
        unread = set()
        raw = str(row[uuid_col]).strip().lower() if uuid_col is not None and uuid_col < len(row) else ""
        uuid = raw if UUID_RE.match(raw) else ""
        for col, formula in found:
            if formula.computed:
                value = row[col] if col < len(row) else ""
                self.formulas.taken(f"{sheet.title}!{_letter(col)}{r + 1}", _short(parse_text(value) or ""))
            else:
                shown = f"={formula.text}" if formula.text else None
                self._issue(no_value_message(), sheet, r + 1, col, columns, shown, entity_key, uuid)
                unread.add(columns[col])
        return unread

    def _row_uuid(
        self,
        entity_key: str,
        sheet: _Sheet,
        excel_row: int,
        row: list[Any],
        uuid_col: int | None,
        columns: dict[int, str],
        seen: dict[str, str],
    ) -> str | None:
        raw = row[uuid_col] if uuid_col is not None and uuid_col < len(row) else None

        def refused(message: str, uuid: str = "") -> str | None:  # the row's UUID cell is wrong: no record
            self._issue(message, sheet, excel_row, uuid_col, columns, raw, entity_key, uuid)
            return None

        if not is_blank(raw):
            text = str(raw).strip().lower()
            if not UUID_RE.match(text):
                return refused(_("Not a valid UUID; leave the cell empty for a new record."))
            if self.written is not None and text not in self.written:
                return refused(
                    _(
                        "This UUID is not one the program wrote (was the cell edited?). Put back the "
                        "UUID the row had, or leave the cell empty for a new record."
                    )
                )
            if text in seen:
                message = _("Duplicate UUID: the same record is on rows {first} and {second}.")
                return refused(message.format(first=seen[text], second=excel_row), text)
            seen[text] = f"{sheet.title}!{excel_row}"
            return text
        # A row a person added. Its identity comes from what it says (code, number or name), so
        # that sending the same file again finds the same record instead of adding a copy.
        given = {k: row[i] for i, k in columns.items() if i < len(row) and not is_blank(row[i])}
        natural = self._natural_key(entity_key, given) or f"row {excel_row}"
        code, number = given.get("code"), given.get("number")
        # Within our exchange's files (its copies, its error workbook) the same row is the same
        # record; a sheet made by hand has no exchange, and its corrected copy another file name.
        origin = self.meta.get("exchange_uuid") or "made by hand"
        text = str(uuid_mod.uuid5(NEW_ROW_NAMESPACE, f"{origin}/{entity_key}/{natural}"))
        if text in seen:
            self._issue(
                _("The same new record appears twice (rows {first} and {second}).").format(
                    first=seen[text], second=excel_row
                ),
                sheet,
                excel_row,
                None,
                columns,
                natural,
                entity_key,
                "",
            )
            return None
        seen[text] = f"{sheet.title}!{excel_row}"
        self.born.add((entity_key, text))
        if code is not None or number is not None:
            self.added[(entity_key, text)] = {
                "code": parse_text(code) if code is not None else None,
                "number": parse_text(number) if number is not None else None,
            }
        return text

    def _natural_key(self, entity_key: str, given: dict[str, Any]) -> str:
        """What a row added by hand says it is: its code or number, else all its values. A code
        that a record of the file has was copied with the row (a row copied to add one, perhaps
        twice): it says nothing of the new record."""
        keys = ("number",) if self._copied_code(entity_key, given.get("code")) else ("code", "number")
        for key in keys:
            if key in given:
                return f"{key}={given[key]}"
        parts = [f"{k}={given[k]}" for k in sorted(given) if k not in (UUID, "code")]
        return "|".join(parts)[:500]

    def _copied_code(self, entity_key: str, code: Any) -> bool:
        if code is None or self.written is None:
            return False
        codes = self._written_codes.get(entity_key)
        if codes is None:
            codes = self._written_codes[entity_key] = {
                str(values.get("code")).casefold() for values in self.written.values() if values.get("code")
            }
        return str(parse_text(code)).casefold() in codes

    def _roadmap_context(self, values: dict[str, Any], last_section: str | None, uuid: str) -> str | None:
        """Remember the last section row: a measure added below it without a parent belongs to it,
        if every row in between belongs to that section too (see `_place_in_roadmap`)."""
        kind = values.get("kind")
        if kind == "section":
            return uuid
        values.setdefault(_CONTEXT, (last_section, len(self.roadmap_rows)))
        return last_section

    def _place_in_roadmap(
        self,
        uuid: str,
        title: str,
        excel_row: int,
        columns: dict[int, str],
        values: dict[str, Any],
        records: dict[str, RecordTable],
        known: Resolver,
    ) -> None:
        """Where a new row of the roadmap belongs when it does not say (no "Part of" column, or an
        empty cell): "13.3" under item 13, wherever it stands in the sheet; a bare "27" under the
        section it was added to — if the rows above it, up to that section, are that section's
        (after a sort they are not, and nobody can tell: then it needs a parent)."""
        section, position = values.pop(_CONTEXT, (None, 0))
        if ("roadmap_item", uuid) not in self.born:
            if values.get("parent") is None and "parent" in values:
                del values["parent"]  # an empty cell of a row we have: its place stays as it is
            return
        if values.get("parent") is not None or values.get("kind", "measure") == "section":
            return
        number = str(values.get("number") or "").strip()
        column = self._column_of(columns, "parent") or self._column_of(columns, "number")
        if "." in number:
            above = number.rsplit(".", 1)[0]
            try:
                values["parent"] = known.resolve("roadmap_item", above)
            except NotFound:
                self.unresolved.append(
                    Unresolved(
                        "roadmap_item", uuid, "parent", "roadmap_item", above, title, excel_row, column
                    )
                )
            return
        table = records.get("roadmap_item", RecordTable())
        between = self.roadmap_rows[section_index(self.roadmap_rows, section) : position]
        if section is not None and all(
            ("roadmap_item", u) in self.born or _top(u, table, known) == section for u in between
        ):
            values["parent"] = section
            return
        message = _(
            "Where does item {number} belong? Write the number of its section or item in the column "
            "“{column}” (e.g. III), or number it under an item (e.g. 13.3)."
        ).format(
            number=number or "?",
            column=header_text(ENTITIES["roadmap_item"].field("parent"), current_language()),
        )
        key = "parent" if self._column_of(columns, "parent") else "number"
        self.errors.append(Issue(message, title, excel_row, column, number, "roadmap_item", uuid, key))

    @staticmethod
    def _column_of(columns: dict[int, str], key: str) -> str:
        at = next((i for i, k in columns.items() if k == key), None)
        if at is None:
            return ""
        return f"{_letter(at)} ({header_text(ENTITIES['roadmap_item'].field(key), current_language())})"

    def _references(
        self,
        rows: list[_Pending],
        known: Resolver,
    ) -> None:
        """The references of a sheet's rows that were parsed. What a text names does not depend on
        its row (an agenda item's number does: on the row's meeting, and its column has no memo),
        so a sheet's thousand rows naming one organisation ask once."""
        entity_key, columns = rows[0][0], rows[0][4]
        refs = [
            (i, key, f, None if f.ref == "agenda_item" else cast(_RefMemo, {}))
            for i, key, f in _ref_columns(entity_key, columns)
        ]
        born = self.born
        for _entity, uuid, title, excel_row, _columns, cells, values in rows:
            added = (entity_key, uuid) in born
            for (i, key, f, memo), cell in zip(refs, cells, strict=True):
                # A row added by hand that names one of our records by its code gives only what it
                # says: an empty cell of it clears nothing, as its other empty cells do not.
                if cell is _NO_CELL or (added and _blank(cell)):
                    continue
                if memo is not None and type(cell) is str:
                    meaning = memo.get(cell)
                    if meaning is None:
                        meaning = memo[cell] = self._ref_cell(f, cell, values, known)
                else:
                    meaning = self._ref_cell(f, cell, values, known)
                value, deferred, refused = meaning
                if value is not _UNSEEN:
                    values[key] = list(value) if type(value) is list else value  # no row shares a list
                for label in deferred:
                    self._defer(f, label, uuid, title, excel_row, i)
                if refused is not None:
                    self._issue(refused, _Sheet(title, list), excel_row, i, columns, cell, entity_key, uuid)
            for key in values.pop(_UNREAD, ()):
                values.pop(key, None)

    def _ref_cell(
        self, f: Field, cell: Any, values: dict[str, Any], known: Resolver
    ) -> tuple[Any, list[str], str | None]:
        """What a reference cell means, whatever its row: (its value, or _UNSEEN when it has none;
        the labels the file does not know, left for the import to look for in our database; the
        message when it is refused)."""
        if _blank(cell) or is_dash(cell):
            return [] if f.kind == REFS else None, [], None
        deferred: list[str] = []
        value: Any = _UNSEEN
        try:
            if f.kind == REFS:
                found: set[str | None] = set()
                for part in _LIST_SEPARATOR.split(str(cell)):
                    if part.strip():
                        found.update(self._list_part(f, part, values, known, deferred))
                value = sorted(cast(set[str], found - {None}))
            else:
                value = self._resolve_or_defer(f, cell, values, known, deferred)
            if f.side is not None and value:
                self._check_side(f, value, known)
        except ValueError as exc:
            return value, deferred, str(exc)
        return value, deferred, None

    def _list_part(
        self, f: Field, part: str, values: dict[str, Any], known: Resolver, deferred: list[str]
    ) -> list[str | None]:
        """The records one part of a list cell names (`named_in_list`); a part the file does not know
        is left for our database."""
        try:
            return [*named_in_list(lambda text: self._resolve(f, text, values, known), part)]
        except NotFound:
            return [self._resolve_or_defer(f, part, values, known, deferred)]

    def _defer(self, f: Field, label: str, uuid: str, title: str, excel_row: int, col: int) -> None:
        """A reference the file does not know, for the import to look for in our database."""
        assert f.ref is not None  # a reference column's field
        entity_key = next(k for k, e in ENTITIES.items() if f in e.fields)
        column = f"{_letter(col)} ({header_text(f, current_language())})"
        self.unresolved.append(Unresolved(entity_key, uuid, f.key, f.ref, label, title, excel_row, column))

    def _resolve_or_defer(
        self, f: Field, text: Any, values: dict[str, Any], known: Resolver, deferred: list[str]
    ) -> str | None:
        """The record a cell names; None, and its label in `deferred`, when the file does not know
        it: a sheet made by hand names what we have in our database."""
        try:
            return self._resolve(f, text, values, known)
        except NotFound:
            if f.ref == "agenda_item":
                raise
            label = str(int(text)) if isinstance(text, float) and text.is_integer() else str(text).strip()
            deferred.append(label)
            return None

    def _resolve(self, f: Field, text: Any, values: dict[str, Any], known: Resolver) -> str:
        assert f.ref is not None  # a reference column's field
        label = str(int(text)) if isinstance(text, float) and text.is_integer() else str(text).strip()
        label = " ".join(label.split()) if "  " in label or "\n" in label else label
        exact = self.by_label.get(f.ref, {}).get(label)
        if exact:
            return exact
        if f.ref == "agenda_item" and values.get("meeting"):
            position = label.rsplit("/", 1)[-1].strip()
            return known.agenda_item(values["meeting"], position)
        return known.resolve(f.ref, label)

    def _check_side(self, f: Field, value: list[str], known: Resolver) -> None:
        assert f.ref is not None and f.side is not None  # asked for a side's reference columns only
        for uuid in value:
            side = self.sides.get(uuid) or known.side_of(f.ref, uuid)
            if side is not None and side != f.side.value:
                raise ValueError(
                    _("{name} belongs to the other side.").format(name=known.name_of(f.ref, uuid))
                )

    def _issue(
        self,
        message: str,
        sheet: _Sheet,
        excel_row: int,
        col: int | None,
        columns: dict[int, str],
        value: Any,
        entity_key: str,
        uuid: str,
    ) -> None:
        column = ""
        if col is not None:
            key = columns.get(col, "")
            column = _letter(col)
            if key and key != UUID:
                column = f"{column} ({header_text(ENTITIES[entity_key].field(key), current_language())})"
        shown = value if not isinstance(value, str) or len(value) <= 80 else value[:77] + "…"
        key = columns.get(col, "") if col is not None else ""
        self.errors.append(Issue(message, sheet.title, excel_row, column, shown, entity_key, uuid, key))

    # ---- small parsers ------------------------------------------------------------------------

    @staticmethod
    def _side(value: Any) -> Side | None:
        return parse_enum(Side, str(value)) if value else None

    @staticmethod
    def _int(value: Any) -> int | None:
        try:
            return int(float(value)) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    @staticmethod
    def _when(value: Any) -> datetime | None:
        try:
            return datetime.fromisoformat(str(value)) if value else None
        except ValueError:
            return None


_RefMemo = dict[str, tuple[Any, list[str], str | None]]  # a cell's text → what it names (_ref_cell)
_LIST_SEPARATOR = re.compile(r"[;\n]")
_CONTEXT = "\x00context"  # a new roadmap row's section above it and its position, for a moment


@dataclass
class Unresolved:
    """A reference no record of the file answers to, and where it stands."""

    entity: str
    uuid: str
    key: str
    ref: str
    text: str
    sheet: str
    row: int
    column: str


def section_index(rows: list[str], section: str | None) -> int:
    """The position just after `section`'s row among `rows` (0 when it has none)."""
    return rows.index(section) + 1 if section in rows else 0


def _top(uuid: str, table: RecordTable, known: Resolver) -> str | None:
    """The section (top-level item) a roadmap item of the file belongs to."""
    seen = set()
    node: str | None = uuid
    while node is not None and node not in seen:
        seen.add(node)
        values = table.get(node)
        parent = values.get("parent") if values else None
        if parent is None:
            return node
        node = parent
    return None


_SECTION = '"kind":"section"'
_UNREAD = "_unread"  # in a row's values until its references are read: fields whose cells had errors
_REF_COLUMNS: dict[tuple[str, tuple[tuple[int, str], ...]], list[tuple[int, str, Field]]] = {}


def _ref_columns(entity_key: str, columns: dict[int, str]) -> list[tuple[int, str, Field]]:
    """The reference columns of a sheet (memoised: asked for every row)."""
    cache_key = (entity_key, tuple(sorted(columns.items())))
    found = _REF_COLUMNS.get(cache_key)
    if found is None:
        entity = ENTITIES[entity_key]
        found = [
            (i, k, entity.field(k))
            for i, k in sorted(columns.items())
            if k != UUID and entity.field(k).kind in (REF, REFS)
        ]
        _REF_COLUMNS[cache_key] = found
    return found


_NO_CELL = object()  # a row narrower than the sheet has no cell in a column


class _RefCells:
    """The cells of a row in a sheet's reference columns (`_ref_columns`, in that order), or
    _NO_CELL: all that the second pass reads of a parsed row, kept instead of the row itself."""

    __slots__ = ("at", "pick", "reach")

    def __init__(self, entity_key: str, columns: dict[int, str]):
        self.at = [i for i, _key, _f in _ref_columns(entity_key, columns)]
        self.pick = _cells_at(self.at)
        self.reach = max(self.at, default=-1)

    def __call__(self, row: list[Any]) -> tuple[Any, ...]:
        if len(row) > self.reach:
            return self.pick(row)
        width = len(row)
        return tuple(row[i] if i < width else _NO_CELL for i in self.at)


def _cells_at(order: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """The cells of a row at these columns, in this order (itemgetter: in C, once per row)."""
    if len(order) > 1:
        return itemgetter(*order)
    return lambda row: tuple(row[i] for i in order)


def _short(value: Any) -> Any:
    return value if not isinstance(value, str) or len(value) <= 80 else value[:77] + "…"


def _blank(value: Any) -> bool:
    return value is None or value == "" or (type(value) is str and not value.strip())


def _cell(f: Field, value: Any) -> Any:
    """A cell → plain value; the common cases of a program-written workbook without the general
    parser (which understands what people type)."""
    kind, kind_of_value = f.kind, type(value)
    if kind_of_value is str:
        if len(value) > EXCEL_CELL_LIMIT:
            raise ValueError(_("The text is too long."))  # no genuine Excel cell holds more
        if kind == LONGTEXT:
            return normal_text(value)
        if kind == TEXT:
            return normal_line(value)
    elif kind_of_value is float and value == value and abs(value) < 1e15:
        if kind in (DECIMAL, MONEY) and abs(value * 100 - round(value * 100)) < 1e-6:
            return f"{value:.2f}"  # a number with at most two decimals, as the export writes it
        if kind == INT and value.is_integer():
            return int(value)
    elif kind_of_value is int and kind == INT:
        return value
    elif kind_of_value is date and kind == DATE:
        return value.isoformat()
    return parse_cell(f, value)


class _Refused:
    """A cell's value that a column refuses, and why (the message names the value, not the cell)."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


_UNSEEN = object()


def _meaning(f: Field, value: Any) -> Any:
    """What a cell means in a column of field `f`: its plain value, or _Refused. A pure function of
    the field and the value (the messages are in the language of the whole reading)."""
    try:
        return _cell(f, value)
    except ValueError as exc:
        return _Refused(str(exc))


class _Column(dict[Any, Any]):
    """A column's memo: cell value → `_meaning`, so that the same status, date or organisation is
    read once per sheet. It keeps texts and dates only, whose equal values are of one type (True ==
    1 == 1.0, and -0.0 == 0.0 reads "-0.00"); the plain values are texts, numbers, booleans or None,
    shared safely between records. `refusals`: the refusals its sheet's columns gave (while there is none,
    no row needs looking at one cell at a time)."""

    __slots__ = ("f", "refusals")

    def __init__(self, f: Field, refusals: set[_Refused]):
        super().__init__()
        self.f = f
        self.refusals = refusals

    def __missing__(self, value: Any) -> Any:
        meaning = _meaning(self.f, value)
        if type(meaning) is _Refused:
            self.refusals.add(meaning)
        if type(value) is str or type(value) is date:
            self[value] = meaning
        return meaning


class _RowParser:
    """The plain values of a sheet's rows that are parsed cell by cell (not vouched for)."""

    def __init__(
        self,
        reader: "WorkbookReader",
        entity_key: str,
        sheet: _Sheet,
        columns: dict[int, str],
        uuid_col: int | None,
    ):
        entity = ENTITIES[entity_key]
        self.reader, self.entity_key, self.sheet, self.columns, self.uuid_col = (
            reader,
            entity_key,
            sheet,
            columns,
            uuid_col,
        )
        # Column → field, worked out once per sheet: `values` runs for every row. With each column
        # its memo of what a text or a date in it means.
        self.refusals: set[_Refused] = set()
        self.plain_cols = [
            (i, key, _Column(entity.field(key), self.refusals))
            for i, key in columns.items()
            if key != UUID and entity.field(key).kind not in (REF, REFS)
        ]
        self.keys = [key for _i, key, _memo in self.plain_cols]
        self.memos = [memo for _i, _key, memo in self.plain_cols]
        self.pick = _cells_at([i for i, _key, _memo in self.plain_cols])
        self.reach = max((i for i, _key, _memo in self.plain_cols), default=-1)

    def unread(
        self,
        r: int,
        row: list[Any],
        formulas: dict[int, list[tuple[int, "Formula"]]],
        merged_away: dict[int, set[str]],
    ) -> set[str] | None:
        """The fields of row `r` left out: formulas without a value, cells merged away."""
        unread = (
            self.reader._formula_cells(
                self.entity_key, self.sheet, r, row, self.uuid_col, self.columns, formulas.pop(r)
            )
            if r in formulas
            else None
        )
        if r in merged_away:
            unread = merged_away[r] | (unread or set())
        return unread

    def values(self, r: int, row: list[Any], uuid: str, unread: set[str] | None) -> dict[str, Any]:
        if len(row) > self.reach:  # every column's cell there (calamine's rows are all as wide)
            meanings = list(map(_Column.__getitem__, self.memos, self.pick(row)))
            if self.refusals and _Refused in map(type, meanings):
                values = self._one_by_one(r, row, uuid)
            else:
                values = dict(zip(self.keys, meanings, strict=True))
        else:
            values = self._one_by_one(r, row, uuid)
        uuid_col = self.uuid_col
        width = len(row)
        if uuid_col is None or _blank(row[uuid_col] if uuid_col < width else None):
            # A new row: an empty cell means "not given", so the record gets the usual default.
            values = {k: v for k, v in values.items() if v is not None}
        if unread:
            values[_UNREAD] = unread
        return values

    def _one_by_one(self, r: int, row: list[Any], uuid: str) -> dict[str, Any]:
        """A row with an error, or narrower than the sheet: each cell on its own, each error at its
        cell, in the order of the columns."""
        width = len(row)
        values: dict[str, Any] = {}
        for i, key, memo in self.plain_cols:
            if i >= width:
                continue
            meaning = memo[row[i]]
            if type(meaning) is _Refused:
                self.reader._issue(
                    meaning.message, self.sheet, r + 1, i, self.columns, row[i], self.entity_key, uuid
                )
            else:
                values[key] = meaning
        return values


class _LazyResolver:
    """Built only when a reference is not in the lists sheet (rows added by hand, sheets made by
    hand): indexing every name of a large file costs more than reading it."""

    def __init__(self, *sources: "Records"):
        self.sources = sources
        self._resolver: Resolver | None = None

    def __getattr__(self, name: str) -> Any:

        if self._resolver is None:
            self._resolver = Resolver(*self.sources)
        return getattr(self._resolver, name)


@collector_paused()
def read_workbook(path: Path | str) -> Incoming:
    """Read and check a workbook; BadWorkbook (a UserError) when it cannot be read at all."""
    return WorkbookReader(Path(path)).read()
