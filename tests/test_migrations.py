"""The Alembic migrations build exactly the schema the models describe, both ways."""

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.models import SCHEMA_REVISION, Base
from app.services.database import schema
from app.services.database.sqlite import make_engine
from app.services.errors import DatabaseError


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_schema_revision_is_the_head():
    script = ScriptDirectory.from_config(schema.alembic_config())
    assert script.get_current_head() == SCHEMA_REVISION


def test_migrations_and_models_agree(workdir):
    path = workdir / "schema.sqlite"
    schema.prepare_database(path)
    engine = make_engine(path)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_downgrade_upgrade(workdir):
    path = workdir / "roundtrip.sqlite"
    schema.prepare_database(path)
    assert "roadmap_item" in tables(path)
    engine = make_engine(path)
    schema.downgrade(engine, "base")
    assert tables(path) <= {"alembic_version"}
    schema.upgrade(engine, "head")
    engine.dispose()
    assert set(Base.metadata.tables) <= tables(path)
    assert schema.read_revision(path) == (SCHEMA_REVISION, True)


def test_foreign_keys_and_checks_are_enforced(empty_db):
    with empty_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        with pytest.raises(Exception, match="FOREIGN KEY"):
            conn.exec_driver_sql(
                "INSERT INTO person (uuid, created_at, updated_at, side, full_name_ru, organization_id) "
                "VALUES ('u1', '2026-01-01', '2026-01-01', 'UZ', 'X', 999)"
            )
        with pytest.raises(Exception, match="CHECK"):
            conn.exec_driver_sql(
                "INSERT INTO sector (uuid, created_at, updated_at, name_ru) "
                "VALUES ('u2', '2026-01-01', '2026-01-01', '')"
            )
        with pytest.raises(Exception, match="CHECK"):
            conn.exec_driver_sql(
                "INSERT INTO organization (uuid, created_at, updated_at, side, kind, name_ru) "
                "VALUES ('u3', '2026-01-01', '2026-01-01', 'XX', 'ministry', 'Org')"
            )


def test_newer_database_is_refused_untouched(demo_path):
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    before = demo_path.read_bytes()
    with pytest.raises(DatabaseError, match="9999_from_the_future"):
        schema.prepare_database(demo_path)
    assert demo_path.read_bytes() == before
    assert not (demo_path.parent / "backups").exists()


def test_not_a_database_is_refused(workdir):
    path = workdir / "письмо.sqlite"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database")
    with pytest.raises(DatabaseError, match="не является базой данных"):
        schema.prepare_database(path)
    assert path.read_bytes() == b"PK\x03\x04 this is a zip, not a database"


def test_older_database_is_backed_up_then_migrated(demo_path, tmp_path, monkeypatch):
    """A program with a newer migration opens today's database: backup first, then upgrade."""
    import shutil

    migrations = tmp_path / "migrations"
    shutil.copytree(Path(schema.migrations_dir()), migrations)
    (migrations / "versions" / "9000_test.py").write_text(
        '"""test"""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"revision = '9000_test'\ndown_revision = '{SCHEMA_REVISION}'\n"
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n    with op.batch_alter_table('sector') as b:\n"
        "        b.add_column(sa.Column('extra', sa.Text(), nullable=True))\n\n\n"
        "def downgrade():\n    with op.batch_alter_table('sector') as b:\n        b.drop_column('extra')\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(schema, "migrations_dir", lambda: migrations)
    monkeypatch.setattr(schema, "SCHEMA_REVISION", "9000_test")
    report = schema.prepare_database(demo_path)
    assert report.migrated_from == SCHEMA_REVISION
    assert report.backup is not None and report.backup.exists()
    assert schema.read_revision(report.backup)[0] == SCHEMA_REVISION
    assert schema.read_revision(demo_path)[0] == "9000_test"
    conn = sqlite3.connect(demo_path)
    assert "extra" in {r[1] for r in conn.execute("PRAGMA table_info(sector)")}
    assert conn.execute("SELECT count(*) FROM sector").fetchone()[0] == 7
    conn.close()


def test_exchanges_recorded_by_the_first_version_are_told_apart(workdir):
    """The first version recorded our own workbook returned as a file of the other side under our
    export's uuid, and a sheet made by hand as a file numbered 0: after the upgrade each is what it
    was, and what the file held moves to `content`."""
    path = workdir / "старая.sqlite"
    schema.prepare_database(path)
    engine = make_engine(path)
    schema.downgrade(engine, "0001_initial")
    engine.dispose()
    conn = sqlite3.connect(path)
    columns = (
        "uuid, direction, sender_side, counterpart_side, sequence, file_name, sha256, at, exported_at, "
        "format_version, snapshot"
    )
    rows = [
        ("e1", "export", "UZ", "KZ", 1, "ours.xlsx", "a", "2026-11-01", "2026-11-01", 1, b"sent"),
        ("e1", "import", "KZ", "KZ", 1, "ours back.xlsx", "b", "2026-11-02", "2026-11-01", 1, b"typed"),
        ("h1", "import", "KZ", "KZ", 0, "by hand.xlsx", "c", "2026-11-03", None, 1, b"hand"),
        ("k1", "import", "KZ", "KZ", 1, "theirs.xlsx", "d", "2026-11-04", "2026-11-04", 1, b"their state"),
    ]
    conn.executemany(f"INSERT INTO exchange ({columns}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.commit()
    conn.close()
    engine = make_engine(path)
    schema.upgrade(engine, "head")
    engine.dispose()
    conn = sqlite3.connect(path)
    found = conn.execute(
        "SELECT file_name, origin, sender_side, snapshot, content FROM exchange ORDER BY id"
    ).fetchall()
    copy_id = conn.execute("SELECT value FROM app_setting WHERE key = 'copy_id'").fetchone()
    conn.close()
    assert found == [
        ("ours.xlsx", "program", "UZ", b"sent", None),
        ("ours back.xlsx", "return", "UZ", None, b"typed"),
        ("by hand.xlsx", "hand", "KZ", None, b"hand"),
        ("theirs.xlsx", "program", "KZ", b"their state", None),
    ]
    assert copy_id is not None


def test_a_regular_deadline_of_the_earlier_version_becomes_permanent(workdir):
    """ "On a regular basis" (на постоянной основе) of the earlier version is the permanent kind; the
    rhythms (quarterly …) are new kinds. Exchanges kept from then read the same way."""
    path = workdir / "сроки.sqlite"
    schema.prepare_database(path)
    engine = make_engine(path)
    schema.downgrade(engine, "0003_short_names")
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO roadmap_item (uuid, created_at, updated_at, code, number, kind, measure_ru, "
        "deadline_kind, status) VALUES ('r1', '2026-01-01', '2026-01-01', 'UZ-R-001', '1', 'measure', "
        "'Мера', 'regular', 'in_progress')"
    )
    conn.commit()
    conn.close()
    engine = make_engine(path)
    schema.upgrade(engine, "head")
    engine.dispose()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT deadline_kind FROM roadmap_item").fetchone() == ("permanent",)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        conn.execute("UPDATE roadmap_item SET deadline_kind = 'regular'")
    conn.close()
    from app.services.exchange.workbook.snapshot import Snapshot

    old = Snapshot(records={"roadmap_item": {"r1": '{"deadline":"regular","number":"1"}'}})
    assert old.records["roadmap_item"]["r1"]["deadline"] == "permanent"
