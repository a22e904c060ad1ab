"""Cells mean what the person meant: a formula the file has no value for, a number or a date that
could mean two things — each is an error at its cell, never an emptied field or a guess; a
formula with its value is taken as that value, and the plan says so. Real workbooks, exported
from the demo database and edited as people and programs edit them."""

import json
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Project, RoadmapItem
from app.services.errors import UserError
from app.services.exchange.importing.formulas import FormulaIndex
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.merge import Kind
from app.services.exchange.importing.reader import read_workbook

from .exchange_files import Sheet, edit_workbook, export_file
from .main_process import run_main
from .pg import db_state

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given

ROOT = Path(__file__).resolve().parent.parent
ROADMAP, PROJECTS, SECTORS = "Пункты дорожной карты", "Проекты", "Отрасли"
NO_VALUE = (
    "У формулы нет вычисленного значения: файл сохранён программой, которая не вычисляет формулы. "
    "Введите значение в ячейку или откройте файл в Excel и сохраните его."
)


def letter(sheet: Sheet, key: str) -> str:
    return sheet.ws.cell(1, sheet.col[key]).column_letter


def errors(preview) -> list[tuple]:
    return [(e.sheet, e.row, e.column.split(" ")[0], e.value, e.message) for e in preview.plan.errors]


def refused_and_untouched(db, preview, before: bytes) -> None:
    with pytest.raises(UserError, match="ничего не импортировано"):
        apply_import(db, preview)
    assert db_state(db) == before


def with_cell_xml(path: Path, cells: dict[float, str]) -> None:
    """Replace the cells holding these placeholder numbers by XML as a program that calculates
    (Excel, LibreOffice) writes it: openpyxl writes formulas without their values. `{cell}` in the
    XML is the cell's address."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    for placeholder, xml in cells.items():
        mark = f"<v>{placeholder:g}</v>".encode()
        name = next(n for n, data in parts.items() if n.startswith("xl/worksheets/") and mark in data)
        data = parts[name]
        at = data.index(mark)
        start, end = data.rfind(b"<c ", 0, at), data.index(b"</c>", at) + len(b"</c>")
        cell = re.match(rb'<c r="([A-Z]+\d+)"', data[start:])[1].decode()
        parts[name] = data[:start] + xml.format(cell=cell).encode() + data[end:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_formula_without_its_value_is_an_error_at_its_cell_not_an_emptied_field(demo_db, workdir):
    """openpyxl (or a script) writes `<f>A1&"x"</f>` and no value: calamine gave "", and the
    measure became empty."""
    path = export_file(demo_db, workdir)
    at = {}

    def script(wb):
        roadmap = Sheet(wb, "roadmap_item")
        at["row"] = roadmap.find("number", "2")
        at["col"] = letter(roadmap, "measure_ru")
        roadmap.set(at["row"], "measure_ru", '=A1&"x"')

    edit_workbook(path, script)
    before = db_state(demo_db)
    preview = preview_import(demo_db, read_workbook(path))
    assert errors(preview) == [(ROADMAP, at["row"], at["col"], '=A1&"x"', NO_VALUE)]
    assert preview.plan.errors[0].column == f"{at['col']} (Мероприятие (на русском))"
    assert not any(c.key == "measure_ru" for r in preview.plan.records for c in r.changes)
    refused_and_untouched(demo_db, preview, before)


def test_a_formula_in_an_empty_cell_of_an_untouched_row_is_found_too(demo_db, workdir):
    """The row's cells still match the export ("" as the empty cell was): the row would be taken
    as exported, and the person's formula lost without a word."""
    path = export_file(demo_db, workdir)
    at = {}

    def script(wb):
        roadmap = Sheet(wb, "roadmap_item")
        at["row"] = roadmap.find("number", "1.1")
        assert roadmap.get(at["row"], "notes") is None
        at["col"] = letter(roadmap, "notes")
        roadmap.set(at["row"], "notes", "=E4")

    edit_workbook(path, script)
    preview = preview_import(demo_db, read_workbook(path))
    assert errors(preview) == [(ROADMAP, at["row"], at["col"], "=E4", NO_VALUE)]


def test_shared_formulas_and_a_row_of_formulas_below_the_last_row(demo_db, workdir):
    """A shared formula is written once and referred to by the cells below (`<f t="shared"
    si="0"/>`); a row made only of formulas without values is not even read by calamine."""
    path = export_file(demo_db, workdir)
    at = {}

    def person(wb):
        roadmap = Sheet(wb, "roadmap_item")
        at["rows"] = [roadmap.find("number", "2"), roadmap.find("number", "2.1")]
        at["col"] = letter(roadmap, "measure_kk")
        roadmap.set(at["rows"][0], "measure_kk", 900001)
        roadmap.set(at["rows"][1], "measure_kk", 900002)
        sectors = Sheet(wb, "sector")
        at["new"] = sectors.ws.max_row + 1
        at["sector_col"] = letter(sectors, "name_ru")
        sectors.set(at["new"], "name_ru", '=UPPER("Химическая промышленность")')

    edit_workbook(path, person)
    first, second = at["rows"]
    shared = f'<f t="shared" ref="{at["col"]}{first}:{at["col"]}{second}" si="0">E{first}</f>'
    with_cell_xml(
        path,
        {900001: f'<c r="{{cell}}">{shared}<v/></c>', 900002: '<c r="{cell}"><f t="shared" si="0"/></c>'},
    )
    before = db_state(demo_db)
    preview = preview_import(demo_db, read_workbook(path))
    assert errors(preview) == [
        (ROADMAP, first, at["col"], f"=E{first}", NO_VALUE),
        (ROADMAP, second, at["col"], None, NO_VALUE),
        (SECTORS, at["new"], at["sector_col"], '=UPPER("Химическая промышленность")', NO_VALUE),
    ]
    refused_and_untouched(demo_db, preview, before)


def test_a_formula_with_its_value_is_taken_as_that_value_and_the_plan_names_the_cell(demo_db, workdir):
    """Excel and LibreOffice keep each formula's value beside it."""
    path = export_file(demo_db, workdir)
    at = {}

    def person(wb):
        roadmap = Sheet(wb, "roadmap_item")
        at["item"] = roadmap.find("number", "2")
        at["measure"] = letter(roadmap, "measure_ru")
        roadmap.set(at["item"], "measure_ru", 900001)
        projects = Sheet(wb, "project")
        at["project"] = projects.find("code", "UZ-P-003")
        at["cost"], at["jobs"] = letter(projects, "total_cost"), letter(projects, "jobs")
        projects.set(at["project"], "total_cost", 900002)
        projects.set(at["project"], "jobs", 900003)

    edit_workbook(path, person)
    with_cell_xml(
        path,
        {
            900001: '<c r="{cell}" t="str"><f>"Провести "&amp;"переговоры"</f><v>Провести переговоры</v></c>',
            900002: '<c r="{cell}"><f>1000*1.5</f><v>1500</v></c>',
            900003: '<c r="{cell}"><f t="shared" ref="{cell}:{cell}" si="0">100+20</f><v>120</v></c>',
        },
    )
    preview = preview_import(demo_db, read_workbook(path))
    assert not preview.plan.errors
    changed = {c.key: c.result for r in preview.plan.of_kind(Kind.UPDATED) for c in r.changes}
    assert changed == {"measure_ru": "Провести переговоры", "total_cost": "1500.00", "jobs": 120}
    taken = "Формула в ячейке {}!{}{} принята как показываемое ею значение: {}"
    assert preview.plan.notes == [
        taken.format(PROJECTS, at["cost"], at["project"], 1500),
        taken.format(PROJECTS, at["jobs"], at["project"], 120),
        taken.format(ROADMAP, at["measure"], at["item"], "Провести переговоры"),
    ]
    apply_import(demo_db, preview)
    with demo_db.session() as s:
        project = s.scalars(select(Project).where(Project.code == "UZ-P-003")).one()
        assert (str(project.total_cost), project.jobs) == ("1500.00", 120)
        item = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "2")).one()
        assert item.measure_ru == "Провести переговоры"


def test_our_own_export_has_formulas_only_where_the_import_does_not_read(demo_db, workdir):
    """The roadmap's hidden helper column (a quarter's last day, for the overdue colour) holds
    formulas without values: they are ours, and not read."""
    path = export_file(demo_db, workdir)
    assert FormulaIndex(path).cells(ROADMAP)  # the helper column
    incoming = read_workbook(path)
    assert not incoming.errors and not incoming.warnings


def test_numbers_and_dates_that_could_mean_two_things_are_errors_at_their_cells(demo_db, workdir):
    """Both `1,500` and `1.500` became 1.50; `01.01.99` became 2099. A real number cell is what
    it says, and stays accepted."""
    path = export_file(demo_db, workdir)
    at = {}

    def person(wb):
        projects = Sheet(wb, "project")
        at["p"] = [projects.find("code", "UZ-P-003"), projects.find("code", "UZ-P-004")]
        at["cost"], at["jobs"], at["share"] = (
            letter(projects, k) for k in ("total_cost", "jobs", "share_uz")
        )
        projects.set(at["p"][0], "total_cost", "1,500")
        projects.set(at["p"][0], "jobs", "1.500")
        projects.set(at["p"][1], "total_cost", 1500.5)  # a number cell: unambiguous
        projects.set(at["p"][1], "share_uz", "12,5")  # one decimal: unambiguous
        roadmap = Sheet(wb, "roadmap_item")
        at["r"] = roadmap.find("number", "1.2")
        at["done"], at["deadline"] = letter(roadmap, "completed_on"), letter(roadmap, "deadline")
        roadmap.set(at["r"], "completed_on", "04.10.26")
        roadmap.set(at["r"], "deadline", "31.12.99")

    edit_workbook(path, person)
    before = db_state(demo_db)
    preview = preview_import(demo_db, read_workbook(path))
    first, _second = at["p"]
    assert errors(preview) == [
        (PROJECTS, first, at["cost"], "1,500", "Неоднозначное число «1,500»: напишите 1500 или 1,50"),
        (PROJECTS, first, at["jobs"], "1.500", "Неоднозначное число «1.500»: напишите 1500 или 1.50"),
        (
            ROADMAP,
            at["r"],
            at["deadline"],
            "31.12.99",
            "Год из двух цифр в «31.12.99»: укажите год полностью, например 31.12.1999",
        ),
        (
            ROADMAP,
            at["r"],
            at["done"],
            "04.10.26",
            "Год из двух цифр в «04.10.26»: укажите год полностью, например 04.10.2026",
        ),
    ]
    changed = {c.key: c.result for r in preview.plan.of_kind(Kind.UPDATED) for c in r.changes}
    assert changed == {"total_cost": "1500.50", "share_uz": "12.50"}
    refused_and_untouched(demo_db, preview, before)


def test_the_command_line_reports_a_formula_without_its_value_in_its_json(demo_db, workdir):
    path = export_file(demo_db, workdir)
    at = {}

    def script(wb):
        roadmap = Sheet(wb, "roadmap_item")
        at["row"] = roadmap.find("number", "2")
        at["col"] = letter(roadmap, "measure_ru")
        roadmap.set(at["row"], "measure_ru", '=A1&"x"')

    edit_workbook(path, script)
    with demo_db.session() as s:
        at["uuid"] = s.scalars(select(RoadmapItem.uuid).where(RoadmapItem.number == "2")).one()
    demo_db.close()
    before = db_state(demo_db)
    command = ["--lang", "uz", "import", "--db", demo_db.location, str(path), "--dry-run", "--json"]
    done = run_main(*command)
    assert done.returncode == 2, done.stderr
    plan = json.loads(done.stdout)
    assert plan["errors"] == [
        {
            "sheet": ROADMAP,
            "row": at["row"],
            "column": f"{at['col']} (Chora-tadbir (rus tilida))",
            "value": '=A1&"x"',
            "message": "Formulaning hisoblangan qiymati yoʻq: fayl formulalarni hisoblamaydigan dasturda "
            "saqlangan. Qiymatni katakka yozing yoki faylni Excelda ochib, qayta saqlang.",
            "entity": "roadmap_item",
            "uuid": at["uuid"],
            "code": "UZ-R-005",
        }
    ]
    assert db_state(demo_db) == before
