"""The error workbook: the partner's own file sent back with its wrong cells marked and a list of
them first, in the file's language; corrected in place in Excel, it imports cleanly. Real files
throughout: our export edited as a person would, sheets made by hand, the command line run as a
process."""

import json
from copy import copy
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from sqlalchemy import select

from app.i18n import set_language, translate_in
from app.models import Project, RoadmapItem
from app.services.database.backup import backups_dir
from app.services.errors import UserError
from app.services.exchange.importing.error_workbook import (
    RESTORE_COLUMN,
    WARNING_FILL,
    file_language,
    proposed_name,
    save_errors,
    write_error_workbook,
)
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.reader import read_workbook
from app.services.exchange.workbook.layout import ERRORS, ERRORS_MARK

from .exchange_files import Sheet, edit_workbook, export_file
from .main_process import run_main

ROOT = Path(__file__).resolve().parent.parent
HEADER_ROW = 5  # of the list: the errors from the next row on
SUFFIX = {"kk": "қателер", "uz": "xatolar"}


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def errors_listed(path: Path) -> list[tuple]:
    """The rows of the list (the first sheet): (sheet, row, column, record, value, wrong, expected)."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    rows = [r[1:8] for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[0] is not None]
    return rows


def marked_cells(path: Path) -> dict[tuple[str, str], str | None]:
    """(sheet, cell) → note text of every cell filled with the warning colour."""
    wb = load_workbook(path)
    found = {}
    for ws in wb.worksheets[1:]:
        for row in ws.iter_rows():
            for cell in row:
                if cell.fill.fill_type == "solid" and str(cell.fill.fgColor.rgb).endswith(WARNING_FILL):
                    found[(ws.title, cell.coordinate)] = cell.comment.text if cell.comment else None
    return found


def assert_kept(source: Path, out: Path, marked: set[tuple[str, str]]) -> None:
    """Every sheet, value, format, width, validation, state, note and protection of `source` is in
    `out`, cell by cell; the marked cells differ in their fill, frame and note only."""
    a, b = load_workbook(source, rich_text=True), load_workbook(out, rich_text=True)
    assert b.sheetnames[1:] == a.sheetnames
    assert sorted(a.defined_names) == sorted(b.defined_names)
    for name in a.defined_names:
        assert a.defined_names[name].attr_text == b.defined_names[name].attr_text
    for ws in a.worksheets:
        other = b[ws.title]
        assert other.sheet_state == ws.sheet_state
        assert other.sheet_properties.codeName == ws.sheet_properties.codeName
        assert other.protection == ws.protection
        assert (other.freeze_panes, other.auto_filter.ref) == (ws.freeze_panes, ws.auto_filter.ref)
        assert (other.print_title_rows, other.page_setup.orientation) == (
            ws.print_title_rows,
            ws.page_setup.orientation,
        )
        assert other.merged_cells.ranges == ws.merged_cells.ranges
        assert [(str(v.sqref), v.type, v.formula1) for v in other.data_validations.dataValidation] == [
            (str(v.sqref), v.type, v.formula1) for v in ws.data_validations.dataValidation
        ]
        assert [(str(r.sqref), [x.formula for x in r.rules]) for r in other.conditional_formatting] == [
            (str(r.sqref), [x.formula for x in r.rules]) for r in ws.conditional_formatting
        ]
        for key, dim in ws.column_dimensions.items():
            assert (other.column_dimensions[key].width, other.column_dimensions[key].hidden) == (
                dim.width,
                dim.hidden,
            )
        for key, dim in ws.row_dimensions.items():
            assert (other.row_dimensions[key].height, other.row_dimensions[key].hidden) == (
                dim.height,
                dim.hidden,
            )
        assert (other.max_row, other.max_column) == (ws.max_row, ws.max_column)
        for row in ws.iter_rows():
            for cell in row:
                twin = other[cell.coordinate]
                where = (ws.title, cell.coordinate)
                assert twin.value == cell.value, where
                assert look(twin) == look(cell), where
                if where in marked:
                    assert copy(twin.fill) != copy(cell.fill) and twin.comment is not None, where
                    if cell.comment is not None:  # theirs, then ours
                        assert twin.comment.text.startswith(cell.comment.text), where
                else:
                    assert (copy(twin.fill), copy(twin.border)) == (copy(cell.fill), copy(cell.border)), where
                    assert (twin.comment and twin.comment.text) == (cell.comment and cell.comment.text), where


def look(cell) -> tuple:
    """A cell's format (openpyxl's style proxies compare unequal even to themselves: copies)."""
    return cell.number_format, copy(cell.font), copy(cell.alignment), copy(cell.protection)


def partner_mistakes(wb) -> None:
    """The partner edits our export in Excel: four mistakes, a note and a colour of their own."""
    roadmap = Sheet(wb, "roadmap_item")
    row = roadmap.find("number", "2")
    roadmap.set(row, "status", "почти готово")  # not a status
    roadmap.set(row, "completed_on", "31.02.2026")  # no such date
    roadmap.set(row, "executors_kz", "МИИР РК")  # no such organisation
    projects = Sheet(wb, "project")
    projects.set(3, "jobs", "много")  # a text in a number column
    projects.ws.cell(3, projects.col["jobs"]).comment = Comment("Уточнить у МСХ", "Асель")
    projects.ws.cell(4, projects.col["jobs"]).comment = Comment("Проверено", "Асель")
    projects.ws.cell(4, projects.col["region"]).fill = PatternFill("solid", start_color="C6EFCE")


def test_an_edited_export_goes_back_marked_and_comes_back_clean(demo_db, workdir):
    source = export_file(demo_db, workdir, "ru")
    edit_workbook(source, partner_mistakes)
    preview = preview_import(demo_db, read_workbook(source))
    assert len(preview.plan.errors) == 4
    out = workdir / proposed_name(source, "ru")
    assert out.name == f"{source.stem} — ошибки.xlsx"
    written = save_errors(demo_db, preview, out)
    assert (written.lang, written.errors, written.cells, written.lost) == ("ru", 4, 4, [])

    wb = load_workbook(out)
    first = wb.worksheets[0]
    assert first.title == "Ошибки" and first.sheet_properties.codeName == ERRORS and wb.active == first
    assert first["A1"].value == ERRORS_MARK and first.row_dimensions[1].hidden
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Ошибки"]
    assert [c.value for c in first[HEADER_ROW]][:8] == [
        "№",
        "Лист",
        "Строка",
        "Столбец",
        "Запись",
        "Значение",
        "В чём ошибка",
        "Что ожидается",
    ]
    roadmap = Sheet(load_workbook(source), "roadmap_item")
    row = roadmap.find("number", "2")
    letter = {key: roadmap.ws.cell(1, col).column_letter for key, col in roadmap.col.items()}
    projects = Sheet(load_workbook(source), "project")
    jobs = projects.ws.cell(1, projects.col["jobs"]).column_letter
    listed = errors_listed(out)
    assert [(r[0], r[1], r[2].split(" ")[0]) for r in listed] == [
        ("Проекты", 3, jobs),
        (roadmap.ws.title, row, letter["executors_kz"]),
        (roadmap.ws.title, row, letter["status"]),
        (roadmap.ws.title, row, letter["completed_on"]),
    ]
    by_value = {r[4]: r for r in listed}
    assert by_value["много"][3].startswith("UZ-P-001 — ") and by_value["много"][5] == "Введите число."
    assert by_value["много"][6] == "Целое число вида 250"
    assert by_value["почти готово"][3].startswith("2 — ")
    assert by_value["почти готово"][6] == "Одно из значений: Не начато, В работе, Исполнено, Отменено"
    assert by_value["31.02.2026"][6] == "Дата вида 15.03.2027"
    assert by_value["МИИР РК"][5].startswith("Неизвестно: «МИИР РК»")
    assert by_value["МИИР РК"][6].startswith(
        "Наименования или краткие наименования организаций Казахстана через «;», например МИИР"
    )
    link = first.cell(HEADER_ROW + 1, 2).hyperlink
    assert link.location == f"'Проекты'!{jobs}3"

    marked = marked_cells(out)
    assert set(marked) == {
        ("Проекты", f"{jobs}3"),
        (roadmap.ws.title, f"{letter['executors_kz']}{row}"),
        (roadmap.ws.title, f"{letter['status']}{row}"),
        (roadmap.ws.title, f"{letter['completed_on']}{row}"),
    }
    note = marked[("Проекты", f"{jobs}3")]
    assert note == "Уточнить у МСХ\n\nВведите число.\nОжидается: целое число вида 250"
    assert marked[(roadmap.ws.title, f"{letter['completed_on']}{row}")] == (
        "Неверная дата: 31.02.2026\nОжидается: дата вида 15.03.2027"
    )
    assert_kept(source, out, set(marked))
    again = preview_import(demo_db, read_workbook(out))  # the marks changed no value
    assert [(e.sheet, e.row, e.column, e.message) for e in again.plan.errors] == [
        (e.sheet, e.row, e.column, e.message) for e in preview.plan.errors
    ]

    def corrected(wb):  # in place; the colours, notes and the list stay
        roadmap = Sheet(wb, "roadmap_item")
        roadmap.set(row, "status", "Исполнено")
        roadmap.set(row, "completed_on", "28.02.2026")
        roadmap.set(row, "executors_kz", "МИИР")
        Sheet(wb, "project").set(3, "jobs", 1300)

    edit_workbook(out, corrected)
    preview = preview_import(demo_db, read_workbook(out))
    assert not preview.plan.errors and preview.own_file
    assert apply_import(demo_db, preview) == {"created": 0, "updated": 2, "deleted": 0, "left_out": 0}
    with demo_db.session() as s:
        item = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "2")).one()
        assert (item.status.value, item.completed_on) == ("done", date(2026, 2, 28))
        assert [o.short_name_ru for o in item.executors if o.side.value == "KZ"] == ["МИИР"]
        assert s.scalars(select(Project).where(Project.code == "UZ-P-001")).one().jobs == 1300


def test_the_next_round_marks_only_what_is_still_wrong(demo_db, workdir):
    """A file that comes back half corrected: the new workbook marks the errors left; the cells
    corrected since get back the look and the notes they had, and there is one list."""
    source = export_file(demo_db, workdir, "ru")
    edit_workbook(source, partner_mistakes)
    first = workdir / proposed_name(source, "ru")
    save_errors(demo_db, preview_import(demo_db, read_workbook(source)), first)
    edit_workbook(first, lambda wb: Sheet(wb, "project").set(3, "jobs", 1300))
    second = workdir / proposed_name(first, "ru")
    assert second == first  # one suffix however many rounds
    second = workdir / "второй круг.xlsx"
    written = save_errors(demo_db, preview_import(demo_db, read_workbook(first)), second)
    assert written.errors == 3
    wb = load_workbook(second)
    assert [ws.sheet_properties.codeName for ws in wb.worksheets].count(ERRORS) == 1
    assert len(marked_cells(second)) == 3
    projects = Sheet(wb, "project")
    fixed = projects.ws.cell(3, projects.col["jobs"])
    original = Sheet(load_workbook(source), "project").ws.cell(3, projects.col["jobs"])
    assert (copy(fixed.fill), copy(fixed.border), fixed.comment.text) == (
        copy(original.fill),
        copy(original.border),
        "Уточнить у МСХ",
    )


@pytest.mark.parametrize(
    "lang, title, headers, rows",
    [
        (
            "kk",
            "Жобалар",
            ["Коды", "Атауы", "Мәртебесі", "Жалпы құны", "Басталу күні"],
            [
                ["UZ-P-002", "Тракторлар өндірісі", "Құрылыс", "35 000 000", "31.02.2026"],
                [None, "Жаңа жоба: цемент зауыты", "белгісіз күй", "көп", "01.02.2027"],
            ],
        ),
        (
            "uz",
            "Loyihalar",
            ["Kod", "Nomi", "Holati", "Umumiy qiymati", "Boshlanish sanasi"],
            [
                ["UZ-P-002", "Traktorlar ishlab chiqarish", "Qurilish", "35 000 000", "31.02.2026"],
                [None, "Yangi loyiha: sement zavodi", "nomaʼlum holat", "koʻp", "01.02.2027"],
            ],
        ),
    ],
)
def test_a_sheet_made_by_hand_gets_its_errors_in_its_language(demo_db, workdir, lang, title, headers, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    source = workdir / f"{title}.xlsx"
    wb.save(source)
    assert file_language(source) == lang  # no metadata: told by its headers
    preview = preview_import(demo_db, read_workbook(source))  # the window speaks Russian
    assert len(preview.plan.errors) == 3
    out = workdir / proposed_name(source, lang)
    written = save_errors(demo_db, preview, out)
    assert written.lang == lang and out.name == f"{title} — {SUFFIX[lang]}.xlsx"
    book = load_workbook(out)
    assert book.worksheets[0].title == translate_in(lang, "Errors")
    listed = errors_listed(out)
    wrong = {r[2][0]: r[5] for r in listed}  # column letter → what is wrong
    expected = {r[2][0]: r[6] for r in listed}
    set_language(lang)  # the same messages, made in the partner's language
    messages = {(e.column[0]): e.message for e in preview_import(demo_db, read_workbook(source)).plan.errors}
    set_language("ru")
    assert wrong == messages
    date_like = translate_in(lang, "a date like {date}").format(date="15.03.2027")
    assert expected["E"] == first_upper(date_like)
    number_like = translate_in(lang, "a number like {plain} or {grouped}")
    assert expected["D"] == first_upper(number_like.format(plain="1500000", grouped="1 500 000,50"))
    note = marked_cells(out)[(title, "E3")]
    assert note == f"{messages['E']}\n" + translate_in(lang, "Expected: {text}").format(text=date_like)
    assert listed[0][3].startswith("UZ-P-002 — ")

    def corrected(wb):
        ws = wb[title]
        ws["E3"], ws["C4"], ws["D4"] = "28.02.2026", rows[0][2], "1 200 000"

    edit_workbook(out, corrected)
    again = preview_import(demo_db, read_workbook(out))
    assert not again.plan.errors
    apply_import(demo_db, again)
    with demo_db.session() as s:
        assert s.scalars(select(Project).where(Project.code == "UZ-P-002")).one().start_date == date(
            2026, 2, 28
        )


def test_the_language_of_the_list_may_be_chosen(demo_db, workdir):
    source = export_file(demo_db, workdir, "ru")
    edit_workbook(source, partner_mistakes)
    preview = preview_import(demo_db, read_workbook(source))
    written = save_errors(demo_db, preview, workdir / "uz.xlsx", "uz")
    wb = load_workbook(written.path)
    assert wb.worksheets[0].title == "Xatolar"
    wrong = {r[4]: r[5] for r in errors_listed(written.path)}
    assert wrong["31.02.2026"] == "Notoʻgʻri sana: 31.02.2026"
    assert wrong["МИИР РК"].startswith("Nomaʼlum: «МИИР РК»")
    expected = {r[4]: r[6] for r in errors_listed(written.path)}
    assert (
        expected["почти готово"]
        == "Quyidagilardan biri: Boshlanmagan, Bajarilmoqda, Bajarilgan, Bekor qilingan"
    )


def test_the_list_sheet_is_never_read_as_records(demo_db, workdir):
    """A list that holds what looks like a project table (headers in its value column …) is still
    skipped: its hidden first cell says what it is."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Ошибки"
    ws.append([ERRORS_MARK])
    ws.append(["Код", "Наименование", "Статус"])
    ws.append(["UZ-P-001", "Переименовано по ошибке", "Отменён"])
    real = wb.create_sheet("Проекты")
    real.append(["Код", "Наименование", "Статус"])
    real.append(["UZ-P-002", "Производство тракторов", "Строительство"])
    path = workdir / "со списком.xlsx"
    wb.save(path)
    incoming = read_workbook(path)
    [project] = incoming.theirs.records["project"].values()
    assert project["name_ru"] == "Производство тракторов"


def test_protected_targets_and_a_changed_file_are_refused(demo_db, workdir):
    source = export_file(demo_db, workdir, "ru")
    edit_workbook(source, partner_mistakes)
    preview = preview_import(demo_db, read_workbook(source))
    before = source.read_bytes()
    backups_dir(demo_db.path).mkdir(exist_ok=True)
    for target in (source, demo_db.path, backups_dir(demo_db.path) / "e.xlsx"):
        with pytest.raises(UserError, match="Выберите другой файл"):
            save_errors(demo_db, preview, target)
    assert source.read_bytes() == before and not (backups_dir(demo_db.path) / "e.xlsx").exists()
    edit_workbook(source, lambda wb: None)  # saved again in Excel after the preview
    with pytest.raises(UserError, match="изменился после прочтения"):
        save_errors(demo_db, preview, workdir / "e.xlsx")
    assert not (workdir / "e.xlsx").exists()


def test_a_row_without_a_cell_is_marked_whole(demo_db, workdir):
    """The same new row twice: no cell is wrong, the repeated row is highlighted and listed."""
    source = export_file(demo_db, workdir, "ru")

    def twice(wb):
        sectors = Sheet(wb, "sector")
        for row in (sectors.ws.max_row + 1, sectors.ws.max_row + 2):
            sectors.set(row, "name_ru", "Химическая промышленность")

    edit_workbook(source, twice)
    preview = preview_import(demo_db, read_workbook(source))
    [issue] = preview.plan.errors
    written = write_error_workbook(source, preview.plan.errors, workdir / "e.xlsx")
    wb = load_workbook(written.path)
    sectors = Sheet(wb, "sector")
    marked = {c for s, c in marked_cells(written.path) if s == sectors.ws.title}
    assert marked == {f"{sectors.ws.cell(1, col).column_letter}{issue.row}" for col in sectors.col.values()}
    [listed] = errors_listed(written.path)
    assert listed[6].startswith("Каждая новая запись — только в одной строке")
    assert wb.worksheets[0].cell(1, RESTORE_COLUMN).value  # how they looked, for the next round


def test_the_command_line_writes_it(demo_path, workdir, capsys):
    from app.cli import main
    from app.services.database import Database

    with Database(demo_path) as db:
        source = export_file(db, workdir, "kk")
        clean = export_file(db, workdir, "ru")
    edit_workbook(source, partner_mistakes)
    out = workdir / "қателер.xlsx"
    args = ["import", "--db", str(demo_path), str(source), "--errors-out", str(out)]
    done = run_main(*args, "--json")
    assert done.returncode == 2, done.stderr
    plan = json.loads(done.stdout)
    assert plan["errors_out"] == str(out) and len(plan["errors"]) == 4
    assert load_workbook(out).worksheets[0].title == "Қателер"  # the file's language
    out.unlink()
    assert main([*args, "--errors-lang", "uz"]) == 2
    assert f"отмечено 4 ошибки: {out}" in capsys.readouterr().out
    assert load_workbook(out).worksheets[0].title == "Xatolar"
    before = demo_path.read_bytes()
    assert main([*args[:-1], str(demo_path)]) == 2
    assert "это сама база данных" in capsys.readouterr().err
    assert demo_path.read_bytes() == before
    quiet = workdir / "не нужен.xlsx"
    assert main([*args[:3], str(clean), "--errors-out", str(quiet), "--json", "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out)["errors_out"] is None and not quiet.exists()


def test_what_their_file_loses_is_said(demo_db, workdir):
    """openpyxl drops pictures (and shapes, macros …): the person is told, not surprised."""
    import zipfile

    wb = Workbook()
    wb.active.title = "Loyihalar"
    wb.active.append(["Kod", "Nomi", "Boshlanish sanasi"])
    wb.active.append(["UZ-P-002", "Traktorlar", "31.02.2026"])
    source = workdir / "rasm bilan.xlsx"
    wb.save(source)
    with zipfile.ZipFile(source, "a") as archive:
        archive.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n")
    preview = preview_import(demo_db, read_workbook(source))
    written = save_errors(demo_db, preview, workdir / "xatolar.xlsx")
    assert written.lost == ["рисунки"]  # in the user's language, not the file's


def test_messages_are_said_again_in_the_partners_language():
    """Each parser's message, made in Russian, comes out as the same parser says it in Kazakh."""
    from app.i18n import catalog
    from app.services.exchange.importing.formulas import no_value_message
    from app.services.exchange.importing.merge import Issue
    from app.services.exchange.importing.refs import Resolver
    from app.services.exchange.importing.retranslate import retranslate
    from app.services.exchange.workbook.expected import BY_MESSAGE, expected_for
    from app.services.exchange.workbook.values import parse_cell
    from app.services.fields import ENTITIES

    project, meeting = ENTITIES["project"], ENTITIES["meeting"]
    bad = [
        (project.field("start_date"), "31.02.2026"),
        (project.field("start_date"), "01.01.27"),
        (project.field("total_cost"), "1,500"),
        (project.field("total_cost"), "дорого"),
        (project.field("jobs"), "12,5"),
        (project.field("status"), "почти готово"),
        (project.field("currency"), "тугрик"),
        (project.field("is_demo"), "может быть"),
        (meeting.field("start_time"), "25:00"),
        (meeting.field("timezone"), "Москва"),
    ]
    resolver = Resolver({"organization": {"u1": {"short_name_ru": "МИИР", "name_ru": "Министерство"}}})

    def said(lang: str) -> list[str]:
        set_language(lang)
        messages = []
        for f, value in bad:
            with pytest.raises(ValueError) as error:
                parse_cell(f, value)
            messages.append(str(error.value))
        with pytest.raises(ValueError) as error:
            resolver.resolve("organization", "МИИРР")
        messages.append(str(error.value))
        messages.append(no_value_message())
        return messages

    russian, kazakh = said("ru"), said("kk")
    set_language("ru")
    assert [retranslate(m, "ru", "kk") for m in russian] == kazakh
    assert retranslate("Текст не из программы", "ru", "kk") == "Текст не из программы"
    assert set(BY_MESSAGE) <= set(catalog("ru")._catalog)  # the messages they answer are still ours
    formula = Issue(russian[-1], entity="project", key="start_date")
    assert expected_for(formula, "kk") == (
        "формуланың орнына 15.03.2027 түріндегі күн (немесе Excel-де қайта сақталған файл — Excel "
        "формуланы есептейді)"
    )
