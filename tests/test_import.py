"""Import: what comes back from the other side — edited in Excel, from their program, or made by
hand — is read, checked, previewed and merged safely."""

import json
import shutil
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.cli import main
from app.models import Exchange, ExchangeDirection, Organization, ProgressReport, Project, RoadmapItem
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.merge import Kind
from app.services.exchange.importing.reader import read_workbook
from app.services.exchange.workbook.snapshot import take_snapshot

from .exchange_files import Sheet, edit_workbook, edited_export, export_file, import_file, preview_file
from .pg import db_state

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given


def records(db):
    with db.session() as s:
        return take_snapshot(s).records


@pytest.mark.parametrize("lang", ["ru", "uz", "kk"])
def test_own_file_back_unedited_changes_nothing(demo_db, workdir, lang):
    path = export_file(demo_db, workdir, lang)
    as_sent = preview_import(demo_db, read_workbook(path))
    assert as_sent.own_file and as_sent.already_imported and not as_sent.plan.changes_anything
    edit_workbook(path, lambda wb: None)  # opened and saved again in "Excel", not a cell changed
    preview = preview_import(demo_db, read_workbook(path))
    assert preview.own_file and not preview.plan.errors
    assert not preview.plan.changes_anything, [
        (r.entity, r.kind, r.changes) for r in preview.plan.records if r.kind != Kind.UNCHANGED
    ]
    assert preview.plan.counts()["unchanged"] == sum(len(v) for v in records(demo_db).values())


def test_excel_only_partner_edits_our_file(demo_db, workdir):
    """The Kazakh ministry has no program: they edit our workbook in Excel the way people do."""
    path = export_file(demo_db, workdir)
    with demo_db.session() as s:
        item = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "15")).one()
        item_uuid = item.uuid
        report_uuid = s.scalars(select(ProgressReport.uuid)).first()

    def person(wb):
        roadmap = Sheet(wb, "roadmap_item")
        row = roadmap.find("number", "15")
        roadmap.set(row, "status", "Bajarilgan")  # the status in Uzbek
        roadmap.set(row, "deadline", "IV квартал 2027 г.")
        roadmap.set(row, "completed_on", "24/11/2026")  # a date typed as text
        new = roadmap.ws.max_row + 1
        roadmap.set(new, "number", "15.1")
        roadmap.set(new, "measure_kk", "Жаңа іс-шара: сараптама жүргізу")
        roadmap.set(new, "deadline", "31.03.2027")
        roadmap.set(new, "executors_kz", "МТИ РК; QazTrade")
        projects = Sheet(wb, "project")
        prow = projects.find("code", "UZ-P-003")
        projects.set(prow, "total_cost", "1 500 000,50")
        projects.set(prow, "jobs", 1300.0)
        reports = Sheet(wb, "progress_report")
        reports.ws.delete_rows(reports.find("uuid", report_uuid))
        # sort the people sheet the other way round and swap two of its columns
        people = Sheet(wb, "person")
        rows = [[c.value for c in r] for r in people.ws.iter_rows(min_row=3)]
        for i, values in enumerate(reversed(rows)):
            for j, v in enumerate(values, start=1):
                people.ws.cell(3 + i, j).value = v
        a, b = people.col["full_name_ru"], people.col["email"]
        for r in range(1, people.ws.max_row + 1):
            x, y = people.ws.cell(r, a).value, people.ws.cell(r, b).value
            people.ws.cell(r, a).value, people.ws.cell(r, b).value = y, x

    edit_workbook(path, person)
    preview = preview_import(demo_db, read_workbook(path))
    assert not preview.plan.errors, [(e.sheet, e.row, e.column, e.message) for e in preview.plan.errors]
    updated = {r.uuid: {c.key: c.result for c in r.changes} for r in preview.plan.of_kind(Kind.UPDATED)}
    assert updated[item_uuid] == {"status": "done", "deadline": "2027-Q4", "completed_on": "2026-11-24"}
    assert [r.uuid for r in preview.plan.of_kind(Kind.MISSING)] == [report_uuid]
    new = preview.plan.of_kind(Kind.NEW)
    assert len(new) == 1 and new[0].values["parent"] is not None
    assert len(updated) == 2  # the roadmap item and the project; sorting and moving columns changed nothing
    apply_import(demo_db, preview)
    with demo_db.session() as s:
        added = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "15.1")).one()
        # Numbered in this program's series: the partner's program cannot give the same code.
        assert added.parent.number == "15" and added.code.startswith("UZ-R-")
        assert sorted(o.short_name_ru for o in added.executors) == ["QazTrade", "МТИ РК"]
        project = s.scalars(select(Project).where(Project.code == "UZ-P-003")).one()
        assert str(project.total_cost) == "1500000.50" and project.jobs == 1300
        assert (
            s.scalar(select(ProgressReport).where(ProgressReport.uuid == report_uuid)) is not None
        )  # never deleted


def test_sending_the_edited_file_twice_adds_nothing_twice(demo_db, workdir):
    path = export_file(demo_db, workdir)

    def add_row(wb):
        sectors = Sheet(wb, "sector")
        sectors.set(sectors.ws.max_row + 1, "name_ru", "Химическая промышленность")

    edit_workbook(path, add_row)
    import_file(demo_db, path)
    copy = workdir / "копия.xlsx"
    shutil.copy(path, copy)
    edit_workbook(copy, lambda wb: Sheet(wb, "sector").set(3, "name_kk", "Өзгертілген"))
    preview = preview_import(demo_db, read_workbook(copy))
    assert not preview.plan.of_kind(Kind.NEW)
    assert len(preview.plan.of_kind(Kind.UPDATED)) == 1


def test_bad_values_are_reported_with_their_place_and_nothing_changes(demo_db, workdir):
    path = export_file(demo_db, workdir)

    def mistakes(wb):
        roadmap = Sheet(wb, "roadmap_item")
        row = roadmap.find("number", "2")
        roadmap.set(row, "status", "почти готово")
        roadmap.set(row, "completed_on", "31.02.2026")
        roadmap.set(row, "executors_uz", "Министерство инвестций")  # a typo
        projects = Sheet(wb, "project")
        projects.set(3, "jobs", "много")
        people = Sheet(wb, "person")
        people.set(4, "uuid", people.get(3, "uuid"))

    edit_workbook(path, mistakes)
    before = db_state(demo_db)
    preview = preview_import(demo_db, read_workbook(path))
    messages = {(e.sheet, e.row, e.column.split(" ")[0]): e.message for e in preview.plan.errors}
    assert len(preview.plan.errors) == 5
    assert any("Неизвестное значение" in m for m in messages.values())
    assert any("Неверная дата" in m for m in messages.values())
    assert any("Введите число" in m for m in messages.values())
    assert any("Повтор UUID" in m or "UUID" in m for m in messages.values())
    typo = next(m for m in messages.values() if "Неизвестно" in m and "имелось в виду" in m)
    assert "Министерство инвестиций и внешней торговли" in typo or "МИВТ" in typo
    with pytest.raises(Exception, match="5 ошибок; ничего не импортировано"):
        apply_import(demo_db, preview)
    assert db_state(demo_db) == before


def test_a_name_nobody_knows_leaves_its_field_out_of_the_plan(demo_db, workdir):
    """A name neither the file nor our database knows is an error at its cell; the plan does not
    show the field emptied, nor a list without that name (found with LibreOffice)."""
    path = export_file(demo_db, workdir)

    def typed(wb):
        projects = Sheet(wb, "project")
        projects.set(projects.find("code", "UZ-P-002"), "sector", "Текстильная промышленность")
        roadmap = Sheet(wb, "roadmap_item")
        row = roadmap.find("number", "2")
        roadmap.set(row, "executors_uz", f"{roadmap.get(row, 'executors_uz')}; Министерство инвестций")

    edit_workbook(path, typed)
    plan = preview_import(demo_db, read_workbook(path)).plan
    assert {e.key for e in plan.errors} == {"sector", "executors_uz"}
    changed = {(r.entity, c.key) for r in plan.records for c in r.changes}
    assert ("project", "sector") not in changed and ("roadmap_item", "executors_uz") not in changed


def test_a_column_a_person_added_is_named_in_the_plan(demo_db, workdir):
    """What the other side wrote in a column of its own is not read, but never passed over unseen."""
    path = export_file(demo_db, workdir)
    assert not [n for n in preview_import(demo_db, read_workbook(path)).plan.notes if "столбец" in n]

    def comments(wb):
        sheet = Sheet(wb, "project")
        at = sheet.col["notes"]
        sheet.ws.insert_cols(at)
        sheet.ws.cell(2, at).value = "Комментарий КЗ"
        sheet.ws.cell(3, at).value = "Просим уточнить сроки"
        sheet.ws.cell(5, at).value = "Согласовано"

    edit_workbook(path, comments)
    notes = [n for n in preview_import(demo_db, read_workbook(path)).plan.notes if "столбец" in n]
    assert len(notes) == 1 and "«Комментарий КЗ»" in notes[0] and "2 заполненные ячейки" in notes[0]


def test_a_sort_that_took_the_heading_row_in_with_the_records(demo_db, workdir):
    """A slip easily made in Excel: the heading sorted in among the records. The record that took
    its place is read, the heading passed by, and the plan says so."""
    path = export_file(demo_db, workdir)

    def sorted_with_heading(wb):
        sheet = Sheet(wb, "project")
        sheet.set(sheet.find("code", "UZ-P-005"), "notes", "Правка")
        ws = sheet.ws
        rows = sorted(([c.value for c in r] for r in ws.iter_rows(min_row=2)), key=lambda r: str(r[1]))
        for i, line in enumerate(rows):
            for j, value in enumerate(line, start=1):
                ws.cell(2 + i, j).value = value
        assert ws.cell(2, sheet.col["code"]).value != "Код"  # a record stands where the heading was

    edit_workbook(path, sorted_with_heading)
    plan = preview_import(demo_db, read_workbook(path)).plan
    assert plan.errors == [] and plan.counts()["missing"] == 0
    assert [(r.label.split()[0], [c.key for c in r.changes]) for r in plan.records if r.changes] == [
        ("UZ-P-005", ["notes"])
    ]
    assert any("строка заголовков" in note.lower() for note in plan.notes)


def test_headers_in_another_language_and_a_sheet_made_by_hand(demo_db, workdir):
    wb = Workbook()
    ws = wb.active
    ws.title = "Loyihalar"
    ws.append(["Jadval: qoʻshma loyihalar"])
    ws.append(["Kod", "Nomi", "Holati", "Umumiy qiymati", "Boshlanish sanasi"])
    ws.append(["UZ-P-002", "Traktorlar ishlab chiqarish", "Qurilish", "35 000 000", 45000])
    ws.append([None, "Yangi loyiha: sement zavodi", "taklif etilgan", "1,200,000.00", "01.02.2027"])
    path = workdir / "qoʻlda.xlsx"
    wb.save(path)
    incoming = read_workbook(path)
    assert incoming.hand_made and not incoming.errors
    preview = preview_import(demo_db, incoming)
    assert not preview.plan.of_kind(Kind.MISSING)  # only projects are in the file, and they are matched
    new = preview.plan.of_kind(Kind.NEW)
    assert [r.values["name_uz"] for r in new] == ["Yangi loyiha: sement zavodi"]
    assert new[0].values["status"] == "proposed" and new[0].values["start_date"] == "2027-02-01"
    apply_import(demo_db, preview)
    with demo_db.session() as s:
        p = s.scalars(select(Project).where(Project.code == "UZ-P-002")).one()
        assert p.name_uz == "Traktorlar ishlab chiqarish" and p.start_date == date(2023, 3, 15)


def test_reimport_says_when_and_stale_files_are_flagged(pair_dbs, workdir):
    uz, kz = pair_dbs
    first = export_file(uz, workdir)
    import_file(kz, first)
    again = preview_import(kz, read_workbook(first))
    assert again.already_imported is not None and not again.plan.changes_anything
    assert any("уже импортирован" in n for n in again.plan.notes)
    with uz.transaction() as s:
        s.scalars(select(Organization)).first().phone = "+998 71 000"
    second = export_file(uz, workdir)
    late = workdir / "первый, пересохранённый.xlsx"
    shutil.copy(first, late)
    edit_workbook(late, lambda wb: None)  # the first file again, saved once more on the way
    import_file(kz, second)
    assert preview_import(kz, read_workbook(first)).already_imported is not None
    stale = preview_import(kz, read_workbook(late))
    assert stale.stale and not stale.plan.changes_anything


def test_failed_cancelled_and_dry_runs_leave_the_file_untouched(pair_dbs, workdir, capsys):
    uz, kz = pair_dbs
    path = export_file(uz, workdir)
    before = db_state(kz)
    preview_import(kz, read_workbook(path))  # a preview that is cancelled
    assert main(["import", "--db", kz.location, str(path), "--dry-run"]) == 0
    assert db_state(kz) == before
    capsys.readouterr()
    assert main(["import", "--db", kz.location, str(path), "--json", "--dry-run"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["counts"]["new"] == 178 and plan["errors"] == []  # every record of the demo
    assert db_state(kz) == before
    broken = workdir / "сломанный.xlsx"
    broken.write_bytes(path.read_bytes()[:5000])
    assert main(["import", "--db", kz.location, str(broken)]) == 2
    assert db_state(kz) == before


def test_import_command_json_and_exit_codes(pair_dbs, workdir, capsys):
    uz, kz = pair_dbs
    import_file(kz, export_file(uz, workdir))
    import_file(uz, export_file(kz, workdir))
    with uz.transaction() as s:
        s.scalars(select(Project).where(Project.code == "UZ-P-001")).one().jobs = 1
    with kz.transaction() as s:
        s.scalars(select(Project).where(Project.code == "UZ-P-001")).one().jobs = 2
    path = export_file(kz, workdir)
    capsys.readouterr()
    assert main(["import", "--db", uz.location, str(path), "--json"]) == 3
    plan = json.loads(capsys.readouterr().out)
    assert plan["counts"]["conflicts"] == 1
    change = plan["conflicts"][0]["fields"][0]
    assert (change["field"], change["base"], change["ours"], change["theirs"]) == ("jobs", 450, 1, 2)
    assert main(["import", "--db", uz.location, str(path), "--on-conflict", "theirs"]) == 0
    with uz.session() as s:
        assert s.scalars(select(Project).where(Project.code == "UZ-P-001")).one().jobs == 2
        assert s.scalar(
            select(Exchange).where(
                Exchange.direction == ExchangeDirection.IMPORT, Exchange.file_name == path.name
            )
        ).sha256


def test_cells_pasted_with_characters_that_show_nothing_change_nothing(demo_db, workdir):
    """Names, statuses and executors pasted from Word, a PDF or a web page carry soft hyphens,
    zero-width spaces and direction marks. The cells read as they look: the same values, the same
    organisations, and nothing to import."""
    invisible = ("\u00ad", "\u200b", "\u200e", "\ufeff", "\u2060")

    def pasted(wb):
        for entity, keys in (
            ("project", ("name_ru", "status", "sector", "executors_uz")),
            ("roadmap_item", ("measure_ru", "deadline", "executors_kz", "status")),
        ):
            sheet = Sheet(wb, entity)
            for n, row in enumerate(range(3, 9)):
                for key in keys:
                    if key in sheet.col and isinstance(sheet.get(row, key), str) and sheet.get(row, key):
                        text = sheet.get(row, key)
                        mark = invisible[n % len(invisible)]
                        sheet.set(row, key, f"{mark}{text[:2]}{mark}{text[2:]}{mark}")

    preview = preview_file(demo_db, edited_export(demo_db, workdir, pasted))
    assert not preview.plan.errors, [(e.row, e.column, e.message) for e in preview.plan.errors]
    assert not preview.plan.changes_anything, [
        (r.entity, r.where, [c.key for c in r.changes]) for r in preview.plan.records if r.changes
    ]


def test_a_line_break_typed_to_wrap_a_name_is_no_change(demo_db, workdir):
    """Alt+Enter in Excel wraps a long name over two lines in its cell: the name is the same. In a
    text of several lines (notes) a new line is what the person wrote."""
    at = {}

    def wrapped(wb):
        projects = Sheet(wb, "project")
        row = projects.find("code", "UZ-P-001")
        name = projects.get(row, "name_ru")
        cut = name.index(" ", len(name) // 2)
        projects.set(row, "name_ru", f"{name[:cut]}\n{name[cut + 1 :]}")
        at["notes"] = f"{projects.get(row, 'notes') or 'Примечание'}\nвторая строка"
        projects.set(row, "notes", at["notes"])

    preview = preview_file(demo_db, edited_export(demo_db, workdir, wrapped))
    changed = [(r.entity, c.key, c.theirs) for r in preview.plan.records for c in r.changes]
    assert changed == [("project", "notes", at["notes"])]


def test_a_dash_typed_for_none_empties_the_field(demo_db, workdir):
    """A partner writes "—" where there is no date, number or executor any more: the field is
    emptied, as an empty cell would empty it, instead of an error for every dash."""

    def dashes(wb):
        projects = Sheet(wb, "project")
        row = projects.find("code", "UZ-P-001")
        projects.set(row, "start_date", "—")
        projects.set(row, "jobs", "-")
        roadmap = Sheet(wb, "roadmap_item")
        roadmap.set(roadmap.find("number", "1"), "executors_kz", "–")

    preview = preview_file(demo_db, edited_export(demo_db, workdir, dashes))
    assert not preview.plan.errors, [(e.column, e.message) for e in preview.plan.errors]
    changed = {(r.entity, c.key): c.theirs for r in preview.plan.records for c in r.changes}
    assert changed == {
        ("project", "start_date"): None,
        ("project", "jobs"): None,
        ("roadmap_item", "executors_kz"): [],
    }
