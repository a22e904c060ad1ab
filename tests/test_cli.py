"""The command-line contract: sub-commands, exit codes, files untouched on refusal."""

import sqlite3
from pathlib import Path

from app.cli import main
from app.services.database.backup import list_backups

from .main_process import run_main

ROOT = Path(__file__).resolve().parent.parent


def test_demo_check_backup_restore_in_a_subprocess(workdir):
    db = workdir / "секретариат.sqlite"
    result = run_main("demo", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "13" in result.stdout
    result = run_main("--lang", "kk", "check", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "Жобалар: 13" in result.stdout and "Тұтастық: ok" in result.stdout
    backup = workdir / "копия.sqlite"
    assert run_main("backup", "--db", str(db), "--out", str(backup)).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM progress_report")
    conn.commit()
    conn.close()
    result = run_main("restore", "--db", str(db), str(backup))
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM progress_report").fetchone()[0] > 0
    conn.close()
    assert [b.reason for b in list_backups(db)] == ["before-restore"]


def test_demo_refuses_a_database_with_data(demo_path, capsys):
    before = demo_path.read_bytes()
    assert main(["demo", "--db", str(demo_path)]) == 2
    assert "уже содержит данные" in capsys.readouterr().err
    assert demo_path.read_bytes() == before


def test_newer_database_exit_code_2(demo_path, capsys):
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_newer'")
    conn.commit()
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    before = demo_path.read_bytes()
    assert main(["--lang", "uz", "check", "--db", str(demo_path)]) == 2
    err = capsys.readouterr().err
    assert "yangiroq versiyasida" in err
    assert demo_path.read_bytes() == before


def test_restore_refuses_a_file_that_is_not_a_backup(demo_path, workdir, capsys):
    bogus = workdir / "не копия.sqlite"
    bogus.write_text("hello", encoding="utf-8")
    before = demo_path.read_bytes()
    assert main(["restore", "--db", str(demo_path), str(bogus)]) == 2
    assert "не является базой данных" in capsys.readouterr().err
    assert demo_path.read_bytes() == before


def test_missing_db_argument_and_bad_arguments(capsys):
    assert main(["check"]) == 2
    assert "--db" in capsys.readouterr().err
    try:
        main(["demo", "--db", "x.sqlite", "--scale", "many"])
    except SystemExit as exc:
        assert exc.code == 2


def test_scale_grows_the_roadmap(workdir):
    db = workdir / "большая.sqlite"
    assert main(["demo", "--db", str(db), "--scale", "300"]) == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM roadmap_item").fetchone()[0] == 300
    assert conn.execute("SELECT count(*) FROM project").fetchone()[0] > 13
    assert conn.execute("SELECT count(*) FROM meeting").fetchone()[0] > 3
    conn.close()


def test_only_the_named_command_is_built_and_mistakes_list_every_command(capsys):
    """The window and each command build the parser of what they need; a typo or a wrong option
    is still refused by argparse with every command listed, and help lists them all."""
    from app.cli import named_commands

    assert named_commands([]) == []
    assert named_commands(["--db", "check", "--lang", "uz"]) == []  # values of options are not commands
    assert named_commands(["--lang", "uz", "import", "--db", "x", "F.xlsx"]) == ["import"]
    assert named_commands(["improt"]) is None
    assert named_commands(["--help"]) is None
    for argv in (["improt"], ["check", "--bogus"]):
        try:
            main(argv)
        except SystemExit as exc:
            assert exc.code == 2
        else:
            raise AssertionError(f"{argv} was not refused")
        assert "roadmap-pdf" in capsys.readouterr().err  # the usage names every command
