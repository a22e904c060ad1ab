"""Helpers for tests that move real workbooks between copies and edit them as a person would."""

from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook

from app.services.exchange.export import export_workbook
from app.services.exchange.importer import apply_import, preview_import
from app.services.exchange.reader import read_workbook

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
