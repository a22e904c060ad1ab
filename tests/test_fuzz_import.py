"""Fuzzing the import with real exchange workbooks, mutated the ways files get broken: cells of
every type, whole sheets, bytes of the ZIP container. Whatever arrives, the import either applies
valid data or refuses with a message — never a traceback, never half a write."""

import contextlib
import io
import random
import shutil
import sqlite3
import zipfile
from datetime import date

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.services.database import Database
from app.services.errors import UserError
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.reader import read_workbook
from app.services.exchange.workbook.layout import ENTITY_SHEETS
from app.services.settings import SIDE, set_setting

from .exchange_files import export_file

CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 1, 1)),
    st.sampled_from(
        [
            "=1+1",
            "@SUM(A1)",
            "-5",
            "Bajarilgan",
            "IV квартал 2026 г.",
            "МИВТ; МИИР",
            "UZ-M-001 / 2",
            "31.02.2026",
            "1 500 000,50",
            "00000000-0000-0000-0000-000000000000",
            "I",
            "1.1",
            "\t",
            "",
        ]
    ),
)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    folder = tmp_path_factory.mktemp("фузз")
    from app.services.demo import build_demo
    from tests.conftest import TODAY

    with Database(folder / "uz.sqlite") as uz:
        with uz.transaction() as s:
            build_demo(s, today=TODAY)
        path = export_file(uz, folder)
    with Database(folder / "kz.sqlite") as kz, kz.transaction() as s:
        set_setting(s, SIDE, "KZ")
    return folder, path


def mutate_cells(path, data):
    wb = load_workbook(path)
    sheets = [w for w in wb.worksheets if w.sheet_properties.codeName in ENTITY_SHEETS]
    for _ in range(data.draw(st.integers(1, 12))):
        ws = data.draw(st.sampled_from(sheets))
        row = data.draw(st.integers(1, ws.max_row + 2))
        column = data.draw(st.integers(1, ws.max_column + 1))
        value = data.draw(CELL_VALUES)
        if isinstance(value, float) and value != value:
            value = None
        with contextlib.suppress(Exception):  # openpyxl itself refuses some values (control characters …)
            ws.cell(row, column).value = value
    action = data.draw(st.sampled_from(["none", "delete_sheet", "rename_sheet", "hide_sheet", "move_sheet"]))
    ws = wb.worksheets[data.draw(st.integers(0, len(wb.worksheets) - 1))]
    if action == "delete_sheet" and len(wb.worksheets) > 1:
        wb.remove(ws)
    elif action == "rename_sheet":
        ws.title = data.draw(st.sampled_from(["Лист1", "Sheet", "Loyihalar", "x"]))
    elif action == "hide_sheet":
        ws.sheet_state = "hidden"
    elif action == "move_sheet":
        wb.move_sheet(ws, offset=-1)
    try:
        wb.save(path)
    except Exception:
        assume(False)


def mutate_zip(path, data):
    raw = path.read_bytes()
    kind = data.draw(st.sampled_from(["flip_bytes", "truncate", "drop_entry", "garble_entry"]))
    if kind == "flip_bytes":
        buf = bytearray(raw)
        for _ in range(data.draw(st.integers(1, 20))):
            buf[data.draw(st.integers(0, len(buf) - 1))] = data.draw(st.integers(0, 255))
        path.write_bytes(bytes(buf))
    elif kind == "truncate":
        path.write_bytes(raw[: data.draw(st.integers(0, len(raw) - 1))])
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            names = zin.namelist()
            victim = data.draw(st.sampled_from(names))
            for name in names:
                body = zin.read(name)
                if name == victim:
                    if kind == "drop_entry":
                        continue
                    cut = random.Random(len(body)).randrange(max(len(body), 1))
                    body = body[:cut] + b"<\x00>" + body[cut:]
                zout.writestr(name, body)
        path.write_bytes(out.getvalue())


# No shrinking: each example rewrites a workbook, and shrinking one failure can take many minutes;
# the unshrunk example is reported all the same.
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(data=st.data(), level=st.sampled_from(["cells", "cells", "zip"]))
def test_mutated_workbooks_never_break_the_import(source, tmp_path_factory, data, level):
    folder, original = source
    work = tmp_path_factory.mktemp("case")
    path = work / "мутант.xlsx"
    shutil.copy(original, path)
    db_path = work / "kz.sqlite"
    shutil.copy(folder / "kz.sqlite", db_path)
    (mutate_cells if level == "cells" else mutate_zip)(path, data)
    before = db_path.read_bytes()
    with Database(db_path) as db:
        try:
            preview = preview_import(db, read_workbook(path))
            for issue in preview.plan.errors:
                assert issue.message and issue.sheet is not None
            apply_import(db, preview, on_conflict="theirs")
        except UserError as exc:
            assert str(exc).strip()
            applied = False
        else:
            applied = True
    if applied:
        conn = sqlite3.connect(db_path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.close()
    else:
        assert db_path.read_bytes() == before
