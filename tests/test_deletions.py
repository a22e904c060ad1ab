"""Deletions that arrive from the other side are counted honestly — with everything that belongs to
the deleted records — and a file that deletes many records needs an explicit yes."""

import pytest
from sqlalchemy import select, text

from app.cli import main
from app.models import Meeting, RoadmapItem
from app.services.database import Database
from app.services.exchange.importing.importer import MassDeletion, apply_import, preview_import
from app.services.exchange.importing.merge import Kind
from app.services.exchange.importing.reader import read_workbook
from app.services.settings import SIDE, set_setting
from app.services.store import Store

from .exchange_files import export_file, import_file
from .pg import db_state

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given

TABLES = (
    "roadmap_item",
    "project",
    "meeting",
    "agenda_item",
    "decision",
    "progress_report",
    "postponement",
    "person",
)


def total(db) -> int:
    with db.engine.connect() as conn:
        return sum(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES)


@pytest.fixture
def pair(demo_path, workdir):
    uz = Database(demo_path)
    kz = Database(workdir / "kz.sqlite")
    with kz.transaction() as s:
        set_setting(s, SIDE, "KZ")
    import_file(kz, export_file(uz, workdir))
    import_file(uz, export_file(kz, workdir))
    yield uz, kz
    uz.close()
    kz.close()


def delete_in(db, *numbers: str, meeting: str | None = None) -> int:
    """Delete roadmap items (and a meeting) in the program; the number of records that went."""
    gone = 0
    with db.transaction() as s:
        store = Store(s)
        for number in numbers:
            gone += len(
                store.delete(s.scalars(select(RoadmapItem).where(RoadmapItem.number == number)).one())
            )
        if meeting:
            gone += len(store.delete(s.scalars(select(Meeting).where(Meeting.code == meeting)).one()))
    return gone


def test_a_small_deletion_lists_what_belongs_to_it(pair, workdir):
    uz, kz = pair
    gone = delete_in(kz, "1")  # an item with two sub-items and their progress reports
    path = export_file(kz, workdir)
    preview = preview_import(uz, read_workbook(path))
    [deleted] = preview.plan.of_kind(Kind.DELETED)
    assert 1 + len(deleted.dependants) == gone == preview.plan.deletion_count() > 3
    assert not preview.mass_deletion
    before = total(uz)
    apply_import(uz, preview)
    assert before - total(uz) == gone


def test_a_mass_deletion_needs_a_yes_on_the_command_line(pair, workdir, capsys):
    uz, kz = pair
    gone = delete_in(kz, "I", meeting="UZ-M-001")  # a whole section and a meeting with its agenda
    path = export_file(kz, workdir)
    capsys.readouterr()
    assert main(["import", "--db", uz.location, str(path), "--dry-run"]) == 3
    out = capsys.readouterr()
    assert f"{gone - 2}" in out.out  # "2 deleted, with N records that belong to them"
    before = db_state(uz)
    assert main(["import", "--db", uz.location, str(path)]) == 3
    assert "--allow-mass-delete" in capsys.readouterr().err
    assert db_state(uz) == before
    count = total(uz)
    assert main(["import", "--db", uz.location, str(path), "--allow-mass-delete"]) == 0
    assert count - total(uz) == gone


def test_a_mass_deletion_is_refused_by_apply_without_a_yes(pair, workdir):
    uz, kz = pair
    delete_in(kz, "II", "III")
    preview = preview_import(uz, read_workbook(export_file(kz, workdir)))
    assert preview.mass_deletion
    with pytest.raises(MassDeletion):
        apply_import(uz, preview)
    preview.allow_mass_deletion = True  # the checkbox in the preview
    assert apply_import(uz, preview)["deleted"] == preview.plan.deletion_count()


def test_deletions_of_records_they_never_had_are_ignored_with_a_note(pair, workdir):
    """A forged (or confused) file deletes records we made after our last file: they never had
    them, so they cannot have deleted them."""
    uz, kz = pair
    with uz.transaction() as s:
        parent = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "13")).one()
        new = Store(s).create(
            "roadmap_item", {"number": "13.3", "measure_ru": "Новая", "parent": parent.uuid}
        )
        new_uuid = new.uuid
    incoming = read_workbook(export_file(kz, workdir))
    incoming.theirs.tombstones[new_uuid] = "roadmap_item"
    preview = preview_import(uz, incoming)
    assert not preview.plan.of_kind(Kind.DELETED) and not preview.plan.of_kind(Kind.CONFLICT)
    assert any("13.3" in note for note in preview.plan.notes)
    apply_import(uz, preview)
    with uz.session() as s:
        assert s.scalars(select(RoadmapItem).where(RoadmapItem.uuid == new_uuid)).one()


def test_a_forged_file_deleting_everything_says_so_and_needs_a_yes(pair, workdir):
    uz, kz = pair
    incoming = read_workbook(export_file(kz, workdir))
    for key, rows in incoming.theirs.records.items():
        for uuid in list(rows):
            incoming.theirs.tombstones[uuid] = key
            del rows[uuid]
    preview = preview_import(uz, incoming)
    everything = sum(len(rows) for rows in preview.ours.records.values())
    assert preview.mass_deletion and preview.plan.deletion_count() == everything
    with pytest.raises(MassDeletion):
        apply_import(uz, preview)


def test_the_json_plan_lists_every_record_that_goes(pair, workdir, capsys):
    import json

    uz, kz = pair
    gone = delete_in(kz, "2")
    path = export_file(kz, workdir)
    capsys.readouterr()
    assert main(["import", "--db", uz.location, str(path), "--dry-run", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    [deleted] = plan["deleted"]
    assert 1 + len(deleted["with"]) == gone
