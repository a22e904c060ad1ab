"""Helpers for tests that move real workbooks between copies and edit them as a person would."""

import random
import uuid as uuid_mod
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook

from app.services.exchange.export.exporter import export_workbook
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.reader import read_workbook

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
_counter = [0]


def export_file(db, folder: Path, lang: str = "ru") -> Path:
    _counter[0] += 1
    path = Path(folder) / f"обмен {_counter[0]:03d}.xlsx"
    with db.transaction() as session:
        export_workbook(session, path, lang, now=NOW)
    return path


def import_file(db, path: Path, on_conflict: str = "ask"):
    preview = preview_import(db, read_workbook(path))
    assert not preview.plan.errors, [(e.sheet, e.row, e.column, e.message) for e in preview.plan.errors]
    apply_import(db, preview, on_conflict=on_conflict)
    return preview


class Sheet:
    """One entity sheet opened with openpyxl, addressed by the hidden keys of row 1."""

    def __init__(self, wb, entity: str):
        self.ws = next(ws for ws in wb.worksheets if ws.sheet_properties.codeName == entity)
        self.col = {c.value: c.column for c in self.ws[1] if c.value}

    def find(self, key: str, value) -> int:
        for row in range(3, self.ws.max_row + 1):
            if self.ws.cell(row, self.col[key]).value == value:
                return row
        raise KeyError(value)

    def get(self, row: int, key: str):
        return self.ws.cell(row, self.col[key]).value

    def set(self, row: int, key: str, value) -> None:
        self.ws.cell(row, self.col[key]).value = value


def edit_workbook(path: Path, edit) -> Path:
    """Open the file like Excel would, let `edit(workbook)` change it, save it in place."""
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def edited_export(db, folder: Path, edit, lang: str = "ru") -> Path:
    """Our export, edited by a person as `edit(workbook)` says, saved in place."""
    return edit_workbook(export_file(db, folder, lang), edit)


def preview_file(db, path: Path):
    """The import's plan of a workbook, nothing written."""
    return preview_import(db, read_workbook(path))


def copy_row(sheet: Sheet, source: int, target: int, keep_uuid: bool = False, **changes) -> None:
    """A row copied to another; its locked UUID cell stays empty in the new row, unless the sheet's
    protection was taken off and the whole row copied (`keep_uuid`)."""
    for column in range(1, sheet.ws.max_column + 1):
        sheet.ws.cell(target, column).value = sheet.ws.cell(source, column).value
    if not keep_uuid:
        sheet.set(target, "uuid", None)
    for key, value in changes.items():
        sheet.set(target, key, value)


EDITS = ("copy_row", "edit_cell", "delete_row", "sort", "clear_cell", "edit_uuid")
ENTITIES = ("roadmap_item", "project", "meeting", "agenda_item", "person", "organization", "sector")


def hand_edit(path, rnd: random.Random, count: int, edits: tuple[str, ...] = EDITS) -> list[str]:
    """A person edits the workbook in Excel: `count` random edits of the kinds in `edits`."""
    wb = load_workbook(path)
    done = []
    for _ in range(count):
        sheet = Sheet(wb, rnd.choice(ENTITIES))
        ws = sheet.ws
        last = ws.max_row
        if last < 3:
            continue
        row = rnd.randint(3, last)
        edit = rnd.choice(edits)
        keys = [k for k in sheet.col if k != "uuid"]
        if edit == "copy_row":
            copy_row(sheet, row, last + 1, keep_uuid=rnd.random() < 0.3)
            if rnd.random() < 0.5 and "number" in sheet.col:
                sheet.set(last + 1, "number", f"{sheet.get(row, 'number')}.{rnd.randint(1, 9)}")
        elif edit == "edit_cell":
            key = rnd.choice(keys)
            other = sheet.get(rnd.randint(3, last), key)  # a value from the same column, as people paste
            sheet.set(row, key, rnd.choice([other, "Правка", "31.12.2027", 42, "II кв. 2027", "-"]))
        elif edit == "clear_cell":
            sheet.set(row, rnd.choice(keys), None)
        elif edit == "delete_row":
            ws.delete_rows(row)
        elif edit == "sort":
            values = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
            rnd.shuffle(values)
            for i, line in enumerate(values):
                for j, value in enumerate(line, start=1):
                    ws.cell(3 + i, j).value = value
        elif edit == "edit_uuid":
            target = rnd.randint(3, last)
            sheet.set(row, "uuid", rnd.choice([str(uuid_mod.uuid4()), sheet.get(target, "uuid")]))
        done.append(f"{edit} {ws.title}!{row}")
    wb.save(path)
    return done
