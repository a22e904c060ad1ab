"""Cells merged in Excel to lay a sheet out — a sector over the projects that share it, a name
across the three language columns. Excel keeps only the first cell of a merged range and empties
the others; that is not the person clearing those fields. They keep their values, the first cell
is read as typed, and the plan says which ranges were merged."""

import re
import zipfile

import pytest
from sqlalchemy import select

from app.models import Project
from app.services.exchange.importing.formulas import sheet_parts
from app.services.exchange.importing.importer import apply_import

from .exchange_files import Sheet, edited_export, preview_file

pytestmark = pytest.mark.backends


def projects(db) -> dict[str, tuple]:
    with db.session() as s:
        return {
            p.code: (p.name_ru, p.name_uz, p.name_kk, p.sector.name_ru if p.sector else None, p.notes)
            for p in s.scalars(select(Project))
        }


def test_cells_merged_in_excel_clear_nothing(demo_db, workdir):
    before = projects(demo_db)
    at = {}

    def person(wb):
        sheet = Sheet(wb, "project")
        rows = [sheet.find("code", code) for code in ("UZ-P-001", "UZ-P-002", "UZ-P-003")]
        at["rows"] = rows
        first, last = sheet.col["name_ru"], sheet.col["name_kk"]
        assert last == first + 2  # the three language columns side by side
        sheet.set(rows[0], "name_ru", "Переименованный проект")  # typed into the first cell
        sheet.ws.merge_cells(start_row=rows[0], start_column=first, end_row=rows[0], end_column=last)
        # the sector of the next projects over their rows, as one cell
        column = sheet.col["sector"]
        at["sector"] = sheet.get(rows[1], "sector")
        sheet.ws.merge_cells(start_row=rows[1], start_column=column, end_row=rows[2], end_column=column)
        at["ranges"] = [str(r) for r in sheet.ws.merged_cells.ranges]

    preview = preview_file(demo_db, edited_export(demo_db, workdir, person))
    assert not preview.plan.errors
    changed = {(r.entity, c.key) for r in preview.plan.records for c in r.changes}
    assert changed == {("project", "name_ru")}
    note = next(n for n in preview.plan.notes if "объединены" in n)
    assert all(r in note for r in at["ranges"]) and "2 записей" in note
    apply_import(demo_db, preview)
    after = projects(demo_db)
    assert after["UZ-P-001"] == ("Переименованный проект", *before["UZ-P-001"][1:])
    assert after["UZ-P-002"] == before["UZ-P-002"] and after["UZ-P-003"] == before["UZ-P-003"]


def _merge_in_xml(path, title: str, ref: str) -> None:
    """A merged range whose other cells keep their values, as LibreOffice saves one."""
    with zipfile.ZipFile(path) as z:
        part = sheet_parts(z)[title]
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, body in items:
            if info.filename == part:
                merged = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode()
                body = re.sub(rb"(<dataValidations|<pageMargins)", merged + rb"\1", body, count=1)
                assert merged in body
            z.writestr(info, body)


def test_a_merged_away_cell_that_keeps_its_value_is_read(demo_db, workdir):
    at = {}

    def person(wb):
        sheet = Sheet(wb, "project")
        row = sheet.find("code", "UZ-P-002")
        sheet.set(row, "name_kk", "Жаңа атауы")
        at["title"], at["first"] = sheet.ws.title, sheet.ws.cell(row, sheet.col["name_ru"]).coordinate
        at["last"] = sheet.ws.cell(row, sheet.col["name_kk"]).coordinate

    path = edited_export(demo_db, workdir, person)
    _merge_in_xml(path, at["title"], f"{at['first']}:{at['last']}")
    preview = preview_file(demo_db, path)
    assert not preview.plan.errors and not [n for n in preview.plan.notes if "объединены" in n]
    apply_import(demo_db, preview)
    assert projects(demo_db)["UZ-P-002"][2] == "Жаңа атауы"


def test_a_whole_sheet_merged_into_one_cell(demo_db, workdir):
    """A hostile range over every cell of the sheet: read in its time, and nothing emptied."""
    before = projects(demo_db)
    at = {}

    def person(wb):
        sheet = Sheet(wb, "project")
        for row in range(3, sheet.ws.max_row + 1):
            sheet.set(row, "notes", None)  # as Excel leaves the cells it merged away
        at["title"] = sheet.ws.title

    path = edited_export(demo_db, workdir, person)
    _merge_in_xml(path, at["title"], "A1:XFD1048576")
    preview = preview_file(demo_db, path)
    assert not preview.plan.errors
    assert any("A1:XFD1048576" in n for n in preview.plan.notes)
    apply_import(demo_db, preview)
    assert projects(demo_db) == before
