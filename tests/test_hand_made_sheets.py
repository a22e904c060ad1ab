"""Sheets made by hand, and rows added by hand: they name what we have the way a person would, and
a new roadmap row lands where it belongs — or the preview asks where that is."""

import random

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.i18n import translate_in
from app.models import Organization, Project, RoadmapItem
from app.services.exchange.importing.importer import preview_import
from app.services.exchange.importing.merge import Kind
from app.services.exchange.workbook.layout import header_text
from app.services.fields import ENTITIES
from app.services.store import Store

from .exchange_files import Sheet, edit_workbook, edited_export, export_file, preview_file

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given

ITEM = ENTITIES["roadmap_item"]


def uuid_of(db, model, **where):
    with db.session() as s:
        query = select(model.uuid)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return s.scalars(query).one()


def hand_made(path, lang: str, keys: list[str], rows: list[list]):
    """A roadmap sheet a person typed from scratch, headers in `lang`, no hidden rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = translate_in(lang, ITEM.plural)
    ws.append([header_text(ITEM.field(key), lang) for key in keys])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def read(path):
    from app.services.exchange.importing.reader import read_workbook

    return read_workbook(path)


def test_a_sheet_made_by_hand_names_what_we_have_in_any_language(demo_db, workdir):
    path = hand_made(
        workdir / "қолмен.xlsx",
        "kk",
        ["number", "measure_kk", "deadline", "executors_kz", "executors_uz", "project"],
        [
            [
                "13.3",
                "Жаңа іс-шара",
                "31.03.2027",
                "qaztrade;  министерство торговли и интеграции республики казахстан",
                "O'zbekiston Respublikasi Investitsiyalar va tashqi savdo vazirligi",  # the other apostrophe
                "uz-p-003",
            ]
        ],
    )
    preview = preview_import(demo_db, read(path))
    assert not preview.plan.errors, [(e.column, e.message) for e in preview.plan.errors]
    [new] = preview.plan.of_kind(Kind.NEW)
    assert new.values["parent"] == uuid_of(demo_db, RoadmapItem, number="13")
    assert new.values["project"] == uuid_of(demo_db, Project, code="UZ-P-003")
    assert new.values["executors_kz"] == sorted(
        [
            uuid_of(demo_db, Organization, short_name_ru="QazTrade"),
            uuid_of(demo_db, Organization, short_name_ru="МТИ РК"),
        ]
    )
    assert new.values["executors_uz"] == [uuid_of(demo_db, Organization, short_name_ru="МИВТ")]


def test_an_ambiguous_or_unknown_name_is_an_error_that_names_the_candidates(demo_db, workdir):
    with demo_db.transaction() as s:
        Store(s).create(
            "organization",
            {
                "short_name_ru": "QazTrade",
                "name_ru": "ТОО «QazTrade Logistics»",
                "side": "KZ",
                "kind": "company",
            },
        )
    path = hand_made(
        workdir / "қолмен.xlsx",
        "ru",
        ["number", "measure_ru", "executors_kz"],
        [["13.3", "Новая мера", "QazTrade"], ["13.4", "Ещё мера", "Министерство чего-то"]],
    )
    preview = preview_import(demo_db, read(path))
    ambiguous, unknown = sorted(preview.plan.errors, key=lambda e: e.row)
    assert ambiguous.row == 2 and "QazTrade Logistics" in ambiguous.message and "Центр" in ambiguous.message
    assert unknown.row == 3 and "Министерство чего-то" in unknown.message
    assert before_nothing_changed(demo_db)


def before_nothing_changed(db) -> bool:
    with db.session() as s:
        return not s.scalars(select(RoadmapItem).where(RoadmapItem.number.in_(["13.3", "13.4"]))).all()


def test_a_bare_number_in_a_sheet_made_by_hand_needs_a_parent(demo_db, workdir):
    path = hand_made(workdir / "без раздела.xlsx", "uz", ["number", "measure_uz"], [["27", "Yangi tadbir"]])
    [error] = preview_import(demo_db, read(path)).plan.errors
    assert "27" in error.message and error.row == 2


def test_new_rows_in_a_returned_workbook_land_where_they_belong(demo_db, workdir):
    path = export_file(demo_db, workdir)

    def add_at_the_end(wb):  # in the exported order: the last rows are those of section III
        sheet = Sheet(wb, "roadmap_item")
        row = sheet.ws.max_row + 1
        sheet.set(row, "number", "27")
        sheet.set(row, "measure_ru", "Новая мера раздела III")
        sheet.set(row, "parent", None)

    edit_workbook(path, add_at_the_end)
    [new] = preview_import(demo_db, read(path)).plan.of_kind(Kind.NEW)
    assert new.values["parent"] == uuid_of(demo_db, RoadmapItem, number="III")


def test_after_a_sort_a_dotted_number_still_finds_its_item_and_a_bare_one_asks(demo_db, workdir):
    path = export_file(demo_db, workdir)

    def sort_then_add(wb):
        sheet = Sheet(wb, "roadmap_item")
        ws = sheet.ws
        values = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
        random.Random(7).shuffle(values)
        for i, line in enumerate(values):
            for j, value in enumerate(line, start=1):
                ws.cell(3 + i, j).value = value
        for number in ("13.3", "27"):
            row = ws.max_row + 1
            sheet.set(row, "number", number)
            sheet.set(row, "measure_ru", f"Новая мера {number}")

    edit_workbook(path, sort_then_add)
    preview = preview_import(demo_db, read(path))
    new = {r.values["number"]: r for r in preview.plan.of_kind(Kind.NEW)}
    assert new["13.3"].values["parent"] == uuid_of(demo_db, RoadmapItem, number="13")
    [error] = preview.plan.errors
    assert error.uuid == new["27"].uuid and "Входит в" in error.message
    assert [r.uuid for r in preview.left_out] == [new["27"].uuid]  # the rest can go in


def test_a_row_for_one_of_our_records_gives_only_what_it_says(demo_db, workdir):
    """A sheet typed from scratch with a row per project it has news of: an empty cell in it is
    something the person did not fill in, and clears nothing we have — references included."""
    project = ENTITIES["project"]
    keys = ["code", "sector", "partners_uz", "notes"]
    wb = Workbook()
    ws = wb.active
    ws.title = translate_in("ru", project.plural)
    ws.append([header_text(project.field(key), "ru") for key in keys])
    ws.append(["UZ-P-004", None, None, "Новости по проекту"])
    path = workdir / "проекты вручную.xlsx"
    wb.save(path)
    preview = preview_import(demo_db, read(path))
    assert not preview.plan.errors
    (record,) = [r for r in preview.plan.records if r.changes]
    assert record.uuid == uuid_of(demo_db, Project, code="UZ-P-004")
    assert [(c.key, c.theirs) for c in record.changes] == [("notes", "Новости по проекту")]


def test_names_joined_by_commas_as_the_window_shows_a_list(demo_db, workdir):
    """The window shows several executors as "A, B"; a person types them so, in a returned file
    and in a sheet made from scratch. Each name known and the whole not: they are several. A name
    that has a comma of its own is still one name, and an unknown part is an error for the whole."""
    with demo_db.transaction() as s:
        Store(s).create(
            "organization",
            {"short_name_ru": "Минпром, ГУ", "name_ru": "Министерство промышленности, ГУ", "side": "KZ"},
        )
    path = hand_made(
        workdir / "қолмен.xlsx",
        "ru",
        ["number", "measure_ru", "executors_kz"],
        [
            ["13.3", "Новая мера", "QazTrade, МТИ РК"],
            ["13.4", "Ещё мера", "Минпром, ГУ"],
            ["13.5", "Третья мера", "QazTrade, Министерство чего-то"],
        ],
    )
    preview = preview_import(demo_db, read(path))
    [unknown] = preview.plan.errors
    assert unknown.row == 4 and "QazTrade, Министерство чего-то" in unknown.message
    made = {r.values["number"]: r.values.get("executors_kz") for r in preview.plan.of_kind(Kind.NEW)}
    assert made["13.3"] == sorted(
        [
            uuid_of(demo_db, Organization, short_name_ru="QazTrade"),
            uuid_of(demo_db, Organization, short_name_ru="МТИ РК"),
        ]
    )
    assert made["13.4"] == [uuid_of(demo_db, Organization, short_name_ru="Минпром, ГУ")]

    def typed(wb):
        roadmap = Sheet(wb, "roadmap_item")
        roadmap.set(roadmap.find("number", "1"), "executors_kz", "QazTrade, МТИ РК")

    preview = preview_file(demo_db, edited_export(demo_db, workdir, typed))
    assert not preview.plan.errors
    [item] = [r for r in preview.plan.records if r.changes]
    assert [c.theirs for c in item.changes] == [made["13.3"]]
