"""The change history tells who changed what: changes from the other side's files are credited to
that side (and its operator where the file names one) with the file's name and number; sources and
names are kept language-neutral and read in any language; every change is searched and sorted;
the `history` command prints it; the operator's name can change."""

import contextlib
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.i18n import translate_in
from app.models import ChangeLog, Exchange, ExchangeDirection, ExchangeOrigin, Project, RoadmapItem, Tombstone
from app.services.database.writer_lock import WINDOW, lock_database
from app.services.errors import UserError
from app.services.exchange.importing.reader import read_workbook
from app.services.history import find_record, history, sort_rows
from app.services.labels import fold
from app.services.record_names import shown_name
from app.services.settings import OPERATOR_LENGTH, checked_operator, set_operator
from app.services.sources import Source, parse_source, source_label
from app.services.store import Store

from .exchange_files import Sheet, edit_workbook, export_file, import_file
from .main_process import run_main
from .pg import db_state

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ru", "uz", "kk")


def name_operators(uz, kz) -> None:
    with uz.transaction() as s:
        set_operator(s, "Каримова Н.")
    with kz.transaction() as s:
        set_operator(s, "Ахметова А.")


def project(session, code: str) -> Project:
    return session.scalars(select(Project).where(Project.code == code)).one()


def kz_edits_and_sends(uz, kz, workdir) -> Path:
    """KZ receives our data, changes a project and deletes a progress report, and sends its file."""
    import_file(kz, export_file(uz, workdir))
    with kz.transaction() as s:
        store = Store(s)
        store.update(project(s, "UZ-P-001"), {"jobs": 777})
        item = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "1.1")).one()
        store.delete(item.reports[0])
    return export_file(kz, workdir)


def rows_from(db, file_name: str, lang: str = "ru"):
    with db.session() as s:
        return [r for r in history(s, lang) if parse_source(r.source).file == file_name]


# ---- who is credited ------------------------------------------------------------------------------


def test_a_file_of_their_program_is_credited_to_their_side_and_operator(pair_dbs, workdir):
    uz, kz = pair_dbs
    name_operators(uz, kz)
    path = kz_edits_and_sends(uz, kz, workdir)
    assert read_workbook(path).operator == "Ахметова А."  # the exporting operator is in the file
    import_file(uz, path)

    rows = rows_from(uz, path.name)
    jobs = next(r for r in rows if r.field_key == "jobs")
    assert (jobs.side, jobs.operator, jobs.old, jobs.new) == ("KZ", "Ахметова А.", "450", "777")
    assert parse_source(jobs.source).to_json() == {
        "kind": "import",
        "file": path.name,
        "sequence": 1,
        "origin": "program",
    }
    assert jobs.source_text == f"Файл обмена № 1 другой стороны: {path.name}"
    deleted = next(r for r in rows if r.action == "delete")
    assert (deleted.entity, deleted.side, deleted.operator) == ("progress_report", "KZ", "Ахметова А.")
    with uz.session() as s:
        tombstone = s.scalars(select(Tombstone).where(Tombstone.record_uuid == deleted.record_uuid)).one()
        assert tombstone.side == "KZ"  # a deletion arriving from them is theirs
        imported = s.scalars(select(Exchange).where(Exchange.direction == ExchangeDirection.IMPORT)).one()
        assert imported.operator == "Каримова Н."  # who imported it here
    # Nothing of the import is credited to us.
    assert rows and all((r.side, r.operator) == ("KZ", "Ахметова А.") for r in rows)


def test_a_file_that_names_no_operator_is_credited_to_the_other_sides_operator(pair_dbs, workdir):
    uz, kz = pair_dbs
    name_operators(uz, kz)
    path = kz_edits_and_sends(uz, kz, workdir)

    def older_version(wb):  # files of earlier versions have no operator row in the hidden sheet
        meta = wb["meta"]
        for row in meta.iter_rows():
            if row[0].value == "operator":
                row[0].value = row[1].value = None

    edit_workbook(path, older_version)
    assert read_workbook(path).operator is None
    import_file(uz, path)
    rows = rows_from(uz, path.name)
    assert rows and all((r.side, r.operator) == ("KZ", "") for r in rows)
    for lang in LANGS:
        assert rows_from(uz, path.name, lang)[0].who == translate_in(lang, "operator of the other side")


def test_our_workbook_returned_edited_is_credited_to_the_other_side(demo_db, workdir):
    with demo_db.transaction() as s:
        set_operator(s, "Каримова Н.")
    path = export_file(demo_db, workdir)
    assert read_workbook(path).operator == "Каримова Н."

    def person(wb):
        sheet = Sheet(wb, "project")
        sheet.set(sheet.find("code", "UZ-P-001"), "jobs", 999)

    edit_workbook(path, person)
    import_file(demo_db, path)
    [row] = rows_from(demo_db, path.name)
    # Typed by the other side's people in Excel: their side, the person not known (the name in the
    # file is ours, the exporter's).
    assert (row.field_key, row.new, row.side, row.operator) == ("jobs", "999", "KZ", "")
    assert parse_source(row.source) == Source(
        "import", file=path.name, sequence=1, origin=ExchangeOrigin.RETURN
    )
    assert row.source_text == f"Наш файл обмена № 1, возвращённый с правками: {path.name}"
    assert row.who == "оператор другой стороны"


def test_a_sheet_made_by_hand_is_credited_to_the_other_side(demo_db, workdir):
    wb = Workbook()
    ws = wb.active
    ws.append(["Код", "Создаваемые рабочие места"])
    ws.append(["UZ-P-002", 1234])
    path = workdir / "от руки.xlsx"
    wb.save(path)
    import_file(demo_db, path)
    [row] = rows_from(demo_db, path.name)
    assert (row.field_key, row.side, row.operator) == ("jobs", "KZ", "")
    assert parse_source(row.source).origin == ExchangeOrigin.HAND
    assert row.source_text == f"Лист, составленный вручную: {path.name}"


# ---- sources and names in any language -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_sources_of_every_version_read_in_every_language(lang):
    program = '{"file": "c.xlsx", "kind": "import", "origin": "program", "sequence": 3}'
    cases = {
        "local": translate_in(lang, "Edited here"),
        "demo": translate_in(lang, "Demo data"),
        program: translate_in(lang, "Exchange workbook No. {number} of the other side: {file}").format(
            number=3, file="c.xlsx"
        ),
        # Rows of earlier versions: the message in the language of the day.
        "импорт: c.xlsx": translate_in(lang, "Import: {file}").format(file="c.xlsx"),
        "import: c.xlsx": translate_in(lang, "Import: {file}").format(file="c.xlsx"),
    }
    for stored, shown in cases.items():
        assert source_label(stored, lang) == shown
    if lang == "uz":
        assert not any(set(source_label(s, lang)) & set("абвгдеёжзийклмнопрстуфхцчшщыэюя") for s in cases)


def test_names_are_kept_in_every_language_and_shown_in_the_readers(demo_db):
    with demo_db.transaction() as s:
        item = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "1.1")).one()
        texts = {lang: item.text("measure", lang) for lang in LANGS}
        uuid = item.uuid
        Store(s).delete(item)
    with demo_db.session() as s:
        stored = s.scalars(select(Tombstone).where(Tombstone.record_uuid == uuid)).one().label
        logged = s.scalars(select(ChangeLog).where(ChangeLog.record_uuid == uuid)).first().record_label
        for lang in LANGS:
            assert texts[lang] in shown_name(stored, lang) and texts[lang] in shown_name(logged, lang)
            assert len(stored) <= 300
            row = next(r for r in history(s, lang, uuid=uuid) if r.action == "delete")
            deleted = translate_in(lang, "{name} (deleted)").format(name=f"1.1 {texts[lang]}")
            assert row.record == deleted
        # A name kept by an earlier version (in Russian) is shown as it is.
        assert shown_name("Пункт 7 (старая запись)", "uz") == "Пункт 7 (старая запись)"


# ---- searching and sorting ------------------------------------------------------------------------


def test_search_finds_a_change_older_than_the_newest_thousand(demo_db):
    with demo_db.transaction() as s:
        store = Store(s)
        target = project(s, "UZ-P-003")
        store.update(target, {"notes": "Особая отметка 4711"})
        for i in range(1001):
            store.update(target, {"jobs": 10_000 + i})
    with demo_db.session() as s:
        everything = history(s, "ru")
        old = next(i for i, r in enumerate(everything) if r.new == "Особая отметка 4711")
        assert old > 1000
        found = history(s, "ru", text="ОСОБАЯ отметка 4711")
        assert [(r.field_key, r.new) for r in found] == [("notes", "Особая отметка 4711")]
        # Values are searched as they are shown (10 500 jobs, with the locale's thousands separator).
        assert len(history(s, "ru", text=f"10{chr(0xA0)}500")) == 2  # new in one change, old in the next


def test_sorting_by_time_person_side_record_and_field(demo_db):
    with demo_db.transaction() as s:
        for operator, side, code, values in (
            ("Бекова Д.", "UZ", "UZ-P-001", {"jobs": 11}),
            ("Ахметова А.", "KZ", "UZ-P-002", {"jobs": 12, "notes": "Записка"}),
            ("Ахметова А.", "KZ", "UZ-P-001", {"notes": "Вторая"}),
            ("Валиев Р.", "UZ", "UZ-P-003", {"jobs": 13}),
        ):
            Store(s, operator=operator, side=side).update(project(s, code), values)
    with demo_db.session() as s:
        rows = history(s, "ru")[:5]  # the five changes above, the newest first
        assert [r.operator for r in rows] == [
            "Валиев Р.",
            "Ахметова А.",
            "Ахметова А.",
            "Ахметова А.",
            "Бекова Д.",
        ]
        by_time = sort_rows(rows, "at", descending=False)
        assert [r.id for r in by_time] == sorted(r.id for r in rows)
        by_person = sort_rows(rows, "operator", descending=False)
        assert [r.operator for r in by_person][:3] == ["Ахметова А."] * 3
        assert [r.id for r in by_person[:3]] == sorted(
            (r.id for r in by_person[:3]), reverse=True
        )  # ties: newest first
        assert by_person[-1].operator == "Валиев Р."
        assert sort_rows(rows, "operator")[0].operator == "Валиев Р."
        assert [r.side for r in sort_rows(rows, "side", descending=False)] == ["KZ"] * 3 + ["UZ"] * 2
        by_record = [fold(r.record_text) for r in sort_rows(rows, "record", descending=False)]
        assert by_record == sorted(by_record) and by_record[0].startswith("проект: uz-p-001")
        by_field = [r.field for r in sort_rows(rows, "field", descending=True)]
        assert by_field == ["Создаваемые рабочие места"] * 3 + ["Примечания"] * 2
        # The same through history(), as the view asks for it (the demo's own rows left aside: on a
        # server they are credited to the login that made them, which may sort anywhere).
        ours = {r.id for r in rows}
        sorted_ids = [r.id for r in history(s, "ru", sort="operator", descending=False) if r.id in ours]
        assert sorted_ids[:3] == [r.id for r in by_person[:3]]


def test_find_record_by_code_uuid_or_the_code_of_a_deleted_one(demo_db):
    with demo_db.transaction() as s:
        gone = project(s, "UZ-P-013")
        gone_uuid = gone.uuid
        Store(s).delete(gone)
    with demo_db.session() as s:
        assert find_record(s, "uz-p-001") == ("project", project(s, "UZ-P-001").uuid)
        assert find_record(s, gone_uuid) == ("project", gone_uuid)
        assert find_record(s, "UZ-P-013") == ("project", gone_uuid)
        assert find_record(s, "uz-p-013") == ("project", gone_uuid)  # in any case, on either database
        with pytest.raises(UserError, match="UZ-X-1"):
            find_record(s, "UZ-X-1")


# ---- the operator's name --------------------------------------------------------------------------


def test_operator_name_is_checked_and_later_changes_carry_the_new_one(demo_db):
    with pytest.raises(UserError, match="Введите своё имя"):
        checked_operator("   ")
    with pytest.raises(UserError, match=str(OPERATOR_LENGTH)):
        checked_operator("Я" * (OPERATOR_LENGTH + 1))
    with demo_db.transaction() as s:
        set_operator(s, "Каримова Н.")
    with demo_db.transaction() as s:
        Store(s).update(project(s, "UZ-P-001"), {"jobs": 1})
    with demo_db.transaction() as s:
        assert set_operator(s, "  Юсупова   М.  ") == "Юсупова М."
    with demo_db.transaction() as s:
        Store(s).update(project(s, "UZ-P-001"), {"jobs": 2})
    with demo_db.session() as s:
        newest, before = history(s, "ru")[:2]
        assert (newest.new, newest.operator) == ("2", "Юсупова М.")
        assert (before.new, before.operator) == ("1", "Каримова Н.")


# ---- the command --------------------------------------------------------------------------------


def test_history_command_text_json_since_and_record(pair_dbs, workdir):
    uz, kz = pair_dbs
    name_operators(uz, kz)
    path = kz_edits_and_sends(uz, kz, workdir)
    import_file(uz, path)
    uz.close()
    db = uz.location
    before = db_state(uz)
    # A reading command: works while the window is open (on a file, the window holds its lock).
    with lock_database(uz.path, WINDOW) if uz.path else contextlib.nullcontext():
        text = run_main("history", "--db", db, "--lang", "uz", "--record", "UZ-P-001")
        data = run_main(
            "history", "--db", db, "--json", "--record", "UZ-P-001", "--since", date.today().isoformat()
        )
        later = run_main(
            "history",
            "--db",
            db,
            "--json",
            "--since",
            (date.today() + timedelta(days=1)).strftime("%d.%m.%Y"),
        )
    assert db_state(uz) == before
    assert text.returncode == 0, text.stderr
    source = f"Boshqa tomonning 1-son almashuv fayli: {path.name}"
    assert f"Ахметова А. · Qozogʻiston · {source}" in text.stdout
    assert "Yaratiladigan ish oʻrinlari: 450 → 777" in text.stdout
    assert "UZ-P-002" not in text.stdout and "импорт" not in text.stdout.lower()

    assert data.returncode == 0, data.stderr
    changes = json.loads(data.stdout)
    assert changes and {c["code"] for c in changes} == {"UZ-P-001"}
    jobs = next(c for c in changes if c["field"] == "jobs")
    assert {k: jobs[k] for k in ("operator", "side", "action", "entity", "old", "new")} == {
        "operator": "Ахметова А.",
        "side": "KZ",
        "action": "update",
        "entity": "project",
        "old": 450,
        "new": 777,
    }
    assert jobs["source"] == {"kind": "import", "file": path.name, "sequence": 1, "origin": "program"}
    assert jobs["uuid"] and jobs["label"].startswith("UZ-P-001 ") and jobs["at"].endswith("+00:00")

    assert later.returncode == 0 and json.loads(later.stdout) == []
    bad = run_main("history", "--db", db, "--since", "31.02.2026")
    assert bad.returncode == 2 and "31.02.2026" in bad.stderr
    unknown = run_main("history", "--db", db, "--record", "UZ-P-999")
    assert unknown.returncode == 2 and "UZ-P-999" in unknown.stderr
