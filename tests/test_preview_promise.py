"""The preview is the promise: whatever apply could refuse is found while planning. If the dry run
shows no errors, the import succeeds; if it shows errors, nothing is written — for the edits people
really make in Excel: copy a row to add one, edit any cell, delete rows, sort."""

import json
import os
import random
import shutil
import sqlite3
import uuid as uuid_mod

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.cli import main
from app.models import RoadmapItem
from app.services.database import Database

from .exchange_files import Sheet, copy_row, edit_workbook, export_file, hand_edit
from .pg import db_state

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given


def state(db_path) -> list:
    conn = sqlite3.connect(db_path)
    try:
        return [
            conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("roadmap_item", "project", "meeting", "organization", "person", "exchange")
        ]
    finally:
        conn.close()


def dry_run(db_path, path, capsys) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["import", "--db", str(db_path), str(path), "--dry-run", "--json"])
    return code, json.loads(capsys.readouterr().out)


def codes(db) -> dict[str, str]:
    with db.session() as s:
        return {item.number: item.code for item in s.scalars(select(RoadmapItem))}


def test_a_row_copied_to_add_one_gets_a_fresh_code(demo_db, workdir, capsys):
    path = export_file(demo_db, workdir)

    def person(wb):
        sheet = Sheet(wb, "roadmap_item")
        copy_row(sheet, sheet.find("number", "13.2"), sheet.ws.max_row + 1, number="13.3")

    edit_workbook(path, person)
    code, plan = dry_run(demo_db.location, path, capsys)
    assert code == 0 and plan["errors"] == [] and plan["counts"]["new"] == 1
    fresh = plan["new"][0]["values"]["code"]
    assert fresh != codes(demo_db)["13.2"] and fresh.startswith("UZ-R-")
    assert any(codes(demo_db)["13.2"] in note and fresh in note for note in plan["notes"])
    assert main(["import", "--db", demo_db.location, str(path)]) == 0
    assert codes(demo_db)["13.3"] == fresh


@pytest.mark.parametrize("edit", ["fresh", "swapped", "deleted"])
def test_an_edited_uuid_is_an_error_at_its_cell(demo_db, workdir, capsys, edit):
    from app.services.store import Store

    with demo_db.transaction() as s:
        gone = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "13.2")).one()
        gone_uuid = gone.uuid
        Store(s).delete(gone)
    path = export_file(demo_db, workdir)
    rows = {}

    def person(wb):
        sheet = Sheet(wb, "roadmap_item")
        a, b = sheet.find("number", "1.1"), sheet.find("number", "1.2")
        rows["a"], rows["b"] = a, b
        if edit == "fresh":
            sheet.set(a, "uuid", str(uuid_mod.uuid4()))
        elif edit == "swapped":
            x, y = sheet.get(a, "uuid"), sheet.get(b, "uuid")
            sheet.set(a, "uuid", y)
            sheet.set(b, "uuid", x)
        else:
            sheet.set(a, "uuid", gone_uuid)

    edit_workbook(path, person)
    before = db_state(demo_db)
    code, plan = dry_run(demo_db.location, path, capsys)
    assert code == 2 and plan["errors"]
    assert {e["row"] for e in plan["errors"]} <= {rows["a"], rows["b"]}
    assert all(e["sheet"] for e in plan["errors"])
    assert main(["import", "--db", demo_db.location, str(path)]) == 2
    assert db_state(demo_db) == before


def test_a_file_of_another_database_of_our_side_is_refused(demo_path, workdir, capsys):
    other = workdir / "другая база УЗ.sqlite"
    assert main(["demo", "--db", str(other)]) == 0  # the same demo, made on another laptop
    with Database(other) as db:
        path = export_file(db, workdir)
    before = state(demo_path)
    capsys.readouterr()
    assert main(["import", "--db", str(demo_path), str(path)]) == 2
    assert "другой базой данных" in capsys.readouterr().err
    assert state(demo_path) == before


def test_a_cleared_code_is_an_error(demo_db, workdir, capsys):
    path = export_file(demo_db, workdir)
    edit_workbook(
        path, lambda wb: Sheet(wb, "project").set(Sheet(wb, "project").find("code", "UZ-P-001"), "code", None)
    )
    code, plan = dry_run(demo_db.location, path, capsys)
    assert code == 2 and [e["uuid"] for e in plan["errors"]] and "код" in plan["errors"][0]["message"].lower()


def test_a_duplicate_number_under_one_heading_is_an_error(demo_db, workdir, capsys):
    path = export_file(demo_db, workdir)

    def person(wb):
        sheet = Sheet(wb, "roadmap_item")
        sheet.set(sheet.find("number", "1.2"), "number", "1.1")

    edit_workbook(path, person)
    code, plan = dry_run(demo_db.location, path, capsys)
    assert code == 2 and len(plan["errors"]) == 1 and plan["errors"][0]["value"] == "1.1"


# ---- the property: random hand edits -----------------------------------------------------------

EXAMPLES = int(os.environ.get("SECRETARIAT_EXAMPLES", "12"))  # more for a long search: 500


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), count=st.integers(1, 6), other_side=st.booleans())
def test_a_clean_preview_always_applies(demo_template, tmp_path_factory, seed, count, other_side):
    folder = tmp_path_factory.mktemp("правки")
    db_path = folder / "uz.sqlite"
    shutil.copy(demo_template, db_path)
    target = db_path
    if other_side:  # the file goes to the other side's program instead
        target = folder / "kz.sqlite"
        from app.services.settings import SIDE, set_setting

        with Database(target) as kz, kz.transaction() as s:
            set_setting(s, SIDE, "KZ")
    with Database(db_path) as db:
        path = export_file(db, folder)
    edits = hand_edit(path, random.Random(seed), count)
    before = state(target)
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        dry = main(["import", "--db", str(target), str(path), "--dry-run", "--json"])
    plan = json.loads(out.getvalue())
    assert dry in (0, 2, 3), edits
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as err:
        real = main(
            ["import", "--db", str(target), str(path), "--on-conflict", "theirs", "--allow-mass-delete"]
        )
    if plan["errors"]:
        assert real == 2, (edits, err.getvalue())
        assert state(target) == before
    else:
        assert real == 0, (edits, plan["counts"], err.getvalue())


def test_a_row_copied_twice_gives_two_new_records(demo_db, workdir, capsys):
    path = export_file(demo_db, workdir)

    def person(wb):
        sheet = Sheet(wb, "roadmap_item")
        source = sheet.find("number", "13.2")
        copy_row(sheet, source, sheet.ws.max_row + 1, number="13.3")
        copy_row(sheet, source, sheet.ws.max_row + 1, number="13.4")

    edit_workbook(path, person)
    code, plan = dry_run(demo_db.location, path, capsys)
    assert code == 0 and plan["errors"] == [] and plan["counts"]["new"] == 2
    assert len({r["values"]["code"] for r in plan["new"]}) == 2
