"""XlsxWriter's failures reach the person as ours do: a write that fails is the OSError it was, a
setting XlsxWriter refuses is an error rather than a warning, and a full disk half-way through
the export leaves nothing behind — no workbook, no record, no rows in the temporary folder."""

import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from xlsxwriter.workbook import Workbook

from app.i18n import translate_in
from app.models import Project
from app.services.exchange.export.exporter import export_workbook
from app.services.exchange.export.xlsx_style import close, done
from app.services.exchange.importing.importer import preview_import
from app.services.exchange.importing.reader import read_workbook
from app.services.failures import no_space_message
from app.services.store import Store
from tests.exchange_files import Sheet, edit_workbook
from tests.test_export_cli import ROOT, exchanges, leftovers

# main.py with a limit on the size of any file it writes: the write past it fails as on a full
# disk (EFBIG), in the rows XlsxWriter keeps on disk as in the workbook.
LIMITED = """
import resource, runpy, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
sys.argv = ["main.py", *sys.argv[2:]]
runpy.run_path("main.py", run_name="__main__")
"""


def test_a_failed_write_is_the_oserror_it_was(workdir):
    folder = workdir / "a folder, not a file.xlsx"
    folder.mkdir()
    wb = Workbook(str(folder))
    wb.add_worksheet().write_string(0, 0, "x")
    with pytest.raises(IsADirectoryError):
        close(wb)


def test_a_refused_setting_is_an_error(workdir):
    ws = Workbook(str(workdir / "x.xlsx")).add_worksheet()
    done(ws.data_validation(0, 0, 9, 0, {"validate": "list", "source": ["a", "b"]}))
    with pytest.warns(UserWarning), pytest.raises(RuntimeError):
        done(ws.data_validation(0, 1, 9, 1, {"validate": "list", "source": ["a"], "error_title": "x" * 40}))


@pytest.mark.skipif(sys.platform == "win32", reason="a limit on file sizes is POSIX's")
def test_a_full_disk_during_the_export_leaves_nothing_behind(demo_path, workdir):
    temp = workdir / "temp"
    temp.mkdir()
    out = workdir / "обмен.xlsx"
    result = subprocess.run(
        [sys.executable, "-c", LIMITED, "40000", "export", "--db", str(demo_path), "--out", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temp)},
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert translate_in("ru", no_space_message()) in result.stderr
    assert not out.exists() and leftovers(workdir) == []
    assert list(temp.iterdir()) == []  # XlsxWriter's rows on disk went with the failure
    assert exchanges(demo_path) == 0


def test_a_text_longer_than_a_cell_is_cut_and_the_row_goes_on(demo_db, workdir):
    """32 767 characters fit the program, but an emoji counts twice in a cell (UTF-16): XlsxWriter
    cuts such a text, as Excel would, and its row must still carry every cell after it."""
    with demo_db.transaction() as session:
        project = session.scalars(select(Project).order_by(Project.code)).first()
        Store(session).update(project, {"notes": "😀" * 16_384, "jobs": 77})
        uuid = project.uuid
    out = workdir / "обмен.xlsx"
    with demo_db.transaction() as session:
        export_workbook(session, out, "ru")
    sheet = Sheet(load_workbook(out), "project")
    row = sheet.find("uuid", uuid)
    assert sheet.get(row, "notes") == "😀" * 16_383  # 32 766 UTF-16 units: the last emoji did not fit
    assert sheet.get(row, "jobs") == 77 and sheet.get(row, "is_demo") is not None
    edit_workbook(out, lambda wb: None)  # saved again in Excel, unchanged: not the very file sent
    preview = preview_import(demo_db, read_workbook(out))
    assert not preview.plan.errors
    assert preview.plan.counts()["new"] == 0  # the row is still that record, not a new one
    cut = preview.plan.find("project", uuid)  # the cut text reads as their edit of the notes
    assert cut is not None and [c.key for c in cut.changes] == ["notes"]


def test_numbers_a_cell_rounds_come_back_as_they_went(demo_db, workdir):
    """A cell holds 16 significant digits (Excel shows 15): an amount of 17 digits is rounded in
    the file. Our own file returned unchanged still brings the record back as it went."""
    with demo_db.transaction() as session:
        project = session.scalars(select(Project).order_by(Project.code)).first()
        Store(session).update(project, {"total_cost": "123456789012345.67", "jobs": 12_345_678_901_234_567})
        uuid = project.uuid
    out = workdir / "обмен.xlsx"
    with demo_db.transaction() as session:
        export_workbook(session, out, "ru")
    sheet = Sheet(load_workbook(out), "project")
    assert sheet.get(sheet.find("uuid", uuid), "total_cost") == 123456789012345.7
    edit_workbook(out, lambda wb: None)  # saved again in Excel, unchanged
    preview = preview_import(demo_db, read_workbook(out))
    assert not preview.plan.errors and preview.plan.find("project", uuid) is None
    assert preview.plan.counts()["updated"] == 0
