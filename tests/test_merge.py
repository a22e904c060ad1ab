"""The three-way merge: rules per field and per record, and two copies that end up identical."""

import pytest
from sqlalchemy import select

from app.models import Organization, Project, RoadmapItem
from app.services.errors import ConflictsLeft
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.merge import UNKNOWN, Kind, crossed_base, merge_field
from app.services.exchange.workbook.snapshot import Snapshot, take_snapshot
from app.services.store import Store

from .exchange_sim import send
from .pg import db_state

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given


def test_field_rules():
    assert merge_field("text", "k", "a", "a", "b", True).result == "b"  # only theirs changed
    assert merge_field("text", "k", "a", "b", "a", True) is None  # only ours changed
    assert merge_field("text", "k", "a", "b", "b", True) is None  # same change on both
    conflict = merge_field("text", "k", "a", "b", "c", True)
    assert conflict.conflict and (conflict.base, conflict.ours, conflict.theirs) == ("a", "b", "c")
    assert merge_field("text", "k", None, "b", "c", False).conflict  # no shared history
    merged = merge_field("refs", "k", ["x", "y"], ["x", "y", "z"], ["y"], True)
    assert merged.result == ["y", "z"] and not merged.conflict  # x removed there, z added here


def test_the_base_of_two_crossed_files():
    sent = Snapshot(
        records={"project": {"p1": {"jobs": 5, "notes": "a"}, "ours-new": {"jobs": 1}}},
        tombstones={"gone-here": "project"},
    )
    received = Snapshot(
        records={"project": {"p1": {"jobs": 5, "notes": "b"}, "theirs-new": {"jobs": 2}}},
        tombstones={"gone-there": "project"},
    )
    base = crossed_base(sent, received)
    assert base.get("project", "p1") == {"jobs": 5, "notes": UNKNOWN}  # both had 5; notes differed
    assert base.get("project", "ours-new") == {"jobs": 1} and base.get("project", "theirs-new") == {"jobs": 2}
    assert set(base.tombstones) == {"gone-here", "gone-there"}
    # A field whose shared value is unknown: any difference is for a person, whichever side it is.
    for ours, theirs in (("a", "c"), ("b", "c"), ("c", "a"), ("a", "b")):
        change = merge_field("text", "notes", UNKNOWN, ours, theirs, True)
        assert change.conflict and change.base is None and change.result == ours
    assert merge_field("text", "notes", UNKNOWN, "c", "c", True) is None
    assert merge_field("refs", "executors", UNKNOWN, ["x"], ["y"], True).conflict


def exchange(sender, receiver, on_conflict="ask"):
    preview = preview_import(receiver, send(sender))
    assert not preview.plan.errors, preview.plan.errors
    apply_import(receiver, preview, on_conflict=on_conflict)
    return preview


def same_data(a, b):
    with a.session() as sa, b.session() as sb:
        return take_snapshot(sa).records == take_snapshot(sb).records


def edit(db, fn):
    with db.transaction() as s:
        fn(Store(s), s)


def test_first_exchange_copies_everything_and_second_changes_nothing(pair_dbs):
    uz, kz = pair_dbs
    preview = exchange(uz, kz)
    assert preview.plan.counts()["new"] == take_snapshot(uz.session()).count()
    assert same_data(uz, kz)
    again = exchange(kz, uz)
    assert not again.plan.changes_anything


def test_changes_flow_both_ways_and_conflicts_are_shown(pair_dbs):
    uz, kz = pair_dbs
    exchange(uz, kz)
    exchange(kz, uz)

    def uz_edit(store, s):
        p = s.scalars(select(Project).where(Project.code == "UZ-P-001")).one()
        store.update(p, {"jobs": 500, "notes": "UZ note"})

    def kz_edit(store, s):
        p = s.scalars(select(Project).where(Project.code == "UZ-P-001")).one()
        store.update(p, {"jobs": 600, "capacity": "KZ capacity"})
        store.create("project", {"name_kk": "Жаңа жоба", "status": "proposed"})

    edit(uz, uz_edit)
    edit(kz, kz_edit)
    preview = preview_import(uz, send(kz))
    conflicts = preview.plan.of_kind(Kind.CONFLICT)
    assert len(conflicts) == 1
    change = conflicts[0].conflicts[0]
    assert (change.key, change.base, change.ours, change.theirs) == ("jobs", 450, 500, 600)
    assert {c.key for c in conflicts[0].changes if not c.conflict} == {"capacity"}
    assert len(preview.plan.of_kind(Kind.NEW)) == 1
    before = db_state(uz)
    with pytest.raises(ConflictsLeft):
        apply_import(uz, preview)
    assert db_state(uz) == before
    apply_import(uz, preview, on_conflict="theirs")
    exchange(uz, kz)
    assert same_data(uz, kz)
    with uz.session() as s:
        p = s.scalars(select(Project).where(Project.code == "UZ-P-001")).one()
        assert (p.jobs, p.notes, p.capacity) == (600, "UZ note", "KZ capacity")
        assert s.scalars(select(Project).where(Project.code == "KZ-P-001")).one().name_kk == "Жаңа жоба"


def test_deletions_travel_as_tombstones(pair_dbs):
    uz, kz = pair_dbs
    exchange(uz, kz)
    exchange(kz, uz)
    edit(
        kz,
        lambda store, s: store.delete(s.scalars(select(RoadmapItem).where(RoadmapItem.number == "2")).one()),
    )
    preview = exchange(kz, uz)
    assert [r.label.split()[0] for r in preview.plan.of_kind(Kind.DELETED)] == ["2"]
    with uz.session() as s:
        assert s.scalar(select(RoadmapItem).where(RoadmapItem.number.in_(["2", "2.1", "2.2"]))) is None
    exchange(uz, kz)
    assert same_data(uz, kz)


def test_deleting_what_the_other_side_changed_is_a_conflict(pair_dbs):
    uz, kz = pair_dbs
    exchange(uz, kz)
    exchange(kz, uz)
    edit(
        kz,
        lambda store, s: store.delete(
            s.scalars(select(Organization).where(Organization.short_name_ru == "МЗ РК")).one()
        ),
    )
    edit(
        uz,
        lambda store, s: store.update(
            s.scalars(select(Organization).where(Organization.short_name_ru == "МЗ РК")).one(),
            {"name_uz": "SSV"},
        ),
    )
    preview = preview_import(uz, send(kz))
    conflict = preview.plan.of_kind(Kind.CONFLICT)
    assert len(conflict) == 1 and conflict[0].deletion == "theirs"
    apply_import(uz, preview, on_conflict="ours")
    with uz.session() as s:
        assert s.scalar(select(Organization).where(Organization.short_name_ru == "МЗ РК")) is not None
    exchange(uz, kz)  # it comes back to KZ: we chose to keep it
    assert same_data(uz, kz)


def test_reimport_changes_nothing_and_says_when(pair_dbs):
    uz, kz = pair_dbs
    incoming = send(uz)
    apply_import(kz, preview_import(kz, incoming))
    before = db_state(kz)
    again = preview_import(kz, incoming)
    assert again.already_imported is not None and not again.plan.changes_anything
    assert db_state(kz) == before
