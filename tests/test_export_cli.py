"""`main.py export`: exit codes, messages, and files left whole when writing is impossible."""

import os
import stat
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.cli import main
from app.models import Exchange
from app.services.database import Database

from .main_process import run_main

ROOT = Path(__file__).resolve().parent.parent


def exchanges(db_path: Path) -> int:
    with Database(db_path) as db, db.session() as session:
        return session.scalar(select(func.count()).select_from(Exchange))


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".~export-")]


@contextmanager
def unreplaceable(path: Path):
    """What a file open in Excel is on Windows: it cannot be replaced. Root ignores permissions on
    Linux, so there the file is made immutable; otherwise its folder is made read-only."""
    if os.name == "nt":
        os.chmod(path, stat.S_IREAD)
        undo = lambda: os.chmod(path, stat.S_IREAD | stat.S_IWRITE)  # noqa: E731
    elif os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        undo = lambda: subprocess.run(["chattr", "-i", str(path)], check=True)  # noqa: E731
    else:
        os.chmod(path.parent, 0o555)
        undo = lambda: os.chmod(path.parent, 0o755)  # noqa: E731
    try:
        yield
    finally:
        undo()


def test_export_writes_the_workbook(demo_path, workdir, capsys):
    out = workdir / "обмен для КЗ.xlsx"
    assert main(["export", "--db", str(demo_path), "--out", str(out), "--lang", "kk"]) == 0
    assert "№ 1" in capsys.readouterr().out
    wb = load_workbook(out)
    assert wb.worksheets[1].title == "Жобалар"
    assert exchanges(demo_path) == 1


def test_language_before_the_command_and_the_roadmap_table(demo_path, workdir, capsys):
    out = workdir / "жол картасы.xlsx"
    assert main(["--lang", "kk", "export", "--db", str(demo_path), "--out", str(out), "--roadmap-table"]) == 0
    assert "Жол картасы кестесі жазылды" in capsys.readouterr().out
    assert load_workbook(out).worksheets[0]["A1"].value == "Жол картасы"
    assert exchanges(demo_path) == 0  # a document, not an exchange


def test_bad_language_is_exit_2(demo_path, workdir, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "--db", str(demo_path), "--out", str(workdir / "x.xlsx"), "--lang", "en"])
    assert exc.value.code == 2
    assert not (workdir / "x.xlsx").exists()


def test_missing_database_is_exit_2(workdir, capsys):
    assert main(["export", "--db", str(workdir / "нет.sqlite"), "--out", str(workdir / "x.xlsx")]) == 2
    assert "Нет базы данных" in capsys.readouterr().err
    assert not (workdir / "нет.sqlite").exists()


def test_a_folder_at_the_target_path(demo_path, workdir, capsys):
    target = workdir / "обмен.xlsx"
    target.mkdir()
    (target / "письмо.txt").write_text("не трогать", encoding="utf-8")
    assert main(["export", "--db", str(demo_path), "--out", str(target)]) == 2
    assert "есть папка с таким именем" in capsys.readouterr().err
    assert (target / "письмо.txt").read_text(encoding="utf-8") == "не трогать"
    assert leftovers(workdir) == []
    assert exchanges(demo_path) == 0


def test_no_such_folder(demo_path, workdir, capsys):
    assert main(["export", "--db", str(demo_path), "--out", str(workdir / "нет папки" / "x.xlsx")]) == 2
    assert "не существует" in capsys.readouterr().err


def test_a_locked_file_stays_as_it_was(demo_path, workdir, capsys):
    target = workdir / "обмен.xlsx"
    target.write_bytes(b"the previous export")
    with unreplaceable(target):
        code = main(["--lang", "uz", "export", "--db", str(demo_path), "--out", str(target)])
        message = capsys.readouterr().err
        assert code == 2
        assert target.read_bytes() == b"the previous export"
        assert leftovers(workdir) == []
    assert "boʻlmadi" in message  # the reason, in the user's language
    assert exchanges(demo_path) == 0


def test_the_real_entry_point_and_no_workbook_library_at_start(demo_path, workdir):
    out = workdir / "обмен.xlsx"
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "export", "--db", str(demo_path), "--out", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert out.exists()
    probe = (
        "import sys; import app.cli, app.commands.export, app.services.exchange.export.exporter, "
        "app.services.roadmap_table, app.ui.exchange_dialogs; app.cli.build_parser(); "
        "print([m for m in ('openpyxl', 'xlsxwriter') if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
    )
    assert result.stdout.strip() == "[]", result.stderr


DRY_RUN_PROBE = """
import contextlib, io, sys
import app.cli
with contextlib.redirect_stdout(io.StringIO()):
    code = app.cli.main(sys.argv[1:])
heavy = ("openpyxl", "xlsxwriter", "babel", "alembic", "PySide6")
print(code, sorted({m.split(".")[0] for m in sys.modules} & set(heavy)))
"""


def test_a_dry_run_import_loads_no_workbook_writer_babel_alembic_or_qt(demo_path, workdir):
    """`import --dry-run --json` is what a script waits for: it reads with calamine and plans; the
    writers, Babel, Alembic and Qt are for other work (the issue on speed, round two)."""
    out = workdir / "back.xlsx"
    assert main(["export", "--db", str(demo_path), "--out", str(out)]) == 0
    command = ["import", "--db", str(demo_path), str(out), "--dry-run", "--json"]
    result = subprocess.run(
        [sys.executable, "-c", DRY_RUN_PROBE, *command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
    )
    assert result.stdout.strip() == "0 []", result.stderr


def test_a_dry_run_through_main_py_prints_its_whole_plan_and_only_it_freezes(demo_path, workdir):
    """main.py leaves the objects alive at the end to the collector's permanent generation (the
    interpreter's last collection cost 0.07 s): the plan is printed whole all the same, the
    collector is running again after the command, and a caller that goes on is not frozen."""
    import gc
    import json

    out = workdir / "back.xlsx"
    assert main(["export", "--db", str(demo_path), "--out", str(out)]) == 0
    command = ["import", "--db", str(demo_path), str(out), "--dry-run", "--json"]
    result = run_main(*command)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["own_file"] is True and plan["errors"] == [] and set(plan["counts"]) >= {"new", "updated"}
    frozen = gc.get_freeze_count()
    assert main(command) == 0
    assert gc.get_freeze_count() == frozen and gc.isenabled()
