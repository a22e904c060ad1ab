"""Row checksums and lazily read snapshots: an import takes the rows nobody edited from the snapshot
the file carries, parses the edited ones cell by cell, and reads from our database only the
records the file may change — with the same plan as reading everything."""

import json
import zlib

import pytest

from app.services.errors import UserError
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.merge import Kind
from app.services.exchange.importing.present import Namer
from app.services.exchange.importing.reader import read_workbook
from app.services.exchange.workbook.snapshot import RecordTable, Snapshot, take_snapshot

from .exchange_files import Sheet, edit_workbook, export_file

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given


def vouched(incoming) -> dict[str, tuple[int, int]]:
    """entity → (rows taken from the carried snapshot, rows parsed cell by cell)."""
    out = {}
    for key, rows in incoming.theirs.records.items():
        if len(rows):
            texts = sum(1 for uuid in rows if rows.raw_text(uuid) is not None)
            out[key] = (texts, len(rows) - texts)
    return out


@pytest.mark.parametrize("lang", ["ru", "uz", "kk"])
def test_every_unedited_row_is_vouched_for_and_reads_as_the_database(demo_db, workdir, lang):
    path = export_file(demo_db, workdir, lang)
    incoming = read_workbook(path)
    counts = vouched(incoming)
    assert counts and all(parsed == 0 for _texts, parsed in counts.values()), counts
    with demo_db.session() as session:
        ours = take_snapshot(session)
    for key, rows in incoming.theirs.records.items():
        assert dict(rows.items()) == dict(ours.records[key].items()), key


def _swap_columns(ws, a: int, b: int) -> None:
    for row in ws.iter_rows():
        row[a - 1].value, row[b - 1].value = row[b - 1].value, row[a - 1].value


def test_a_row_edited_in_excel_is_parsed_the_rest_stay_vouched(demo_db, workdir):
    path = export_file(demo_db, workdir)
    edited = {}

    def edit(wb):
        projects = Sheet(wb, "project")
        row = projects.find("code", "UZ-P-003")
        edited["uuid"] = projects.get(row, "uuid")
        projects.set(row, "name_ru", "Новое название завода")
        # Columns moved by hand keep their checksums: cells are hashed in the order of their keys.
        _swap_columns(projects.ws, projects.col["name_ru"], projects.col["code"])
        roadmap = Sheet(wb, "roadmap_item")
        _swap_columns(roadmap.ws, roadmap.col["status"], roadmap.col["notes"])

    edit_workbook(path, edit)  # saved again by a spreadsheet program, as Excel would
    incoming = read_workbook(path)
    texts, parsed = vouched(incoming)["project"]
    assert parsed == 1 and texts > 5
    assert incoming.theirs.records["project"].raw_text(edited["uuid"]) is None
    assert vouched(incoming)["roadmap_item"][1] == 0

    preview = preview_import(demo_db, incoming)
    changed = [r for r in preview.plan.records if r.kind != Kind.UNCHANGED]
    assert [(r.uuid, [c.key for c in r.changes]) for r in changed] == [(edited["uuid"], ["name_ru"])]
    # Records settled from their texts are kept apart in the plan, and still counted and listed.
    unchanged = preview.plan.counts()["unchanged"]
    assert unchanged == len(preview.plan.settled) == incoming.theirs.count() - 1
    assert (
        len(preview.plan.of_kind(Kind.UNCHANGED))
        == len(preview.to_json(verbose=True)["unchanged"])
        == unchanged
    )
    apply_import(demo_db, preview)
    with demo_db.session() as session:
        assert take_snapshot(session).get("project", edited["uuid"])["name_ru"] == "Новое название завода"


def test_a_wrong_checksum_costs_time_never_a_change(demo_db, workdir):
    """A row whose cells no longer match is read from its cells, even if the checksum list in the
    hidden sheet were replaced by one for other values."""
    path = export_file(demo_db, workdir)

    def edit(wb):
        projects = Sheet(wb, "project")
        row = projects.find("code", "UZ-P-001")
        projects.set(row, "notes", "Примечание из Excel")

    edit_workbook(path, edit)
    preview = preview_import(demo_db, read_workbook(path))
    updated = preview.plan.of_kind(Kind.UPDATED)
    assert [(c.key, c.result) for r in updated for c in r.changes] == [("notes", "Примечание из Excel")]


def test_preview_reads_our_records_only_when_asked_and_names_them_all(demo_db, workdir):
    path = export_file(demo_db, workdir)

    def edit(wb):
        roadmap = Sheet(wb, "roadmap_item")
        roadmap.set(roadmap.find("number", "1.1"), "notes", "Уточнено")

    edit_workbook(path, edit)
    preview = preview_import(demo_db, read_workbook(path))
    ours = preview.ours.records["roadmap_item"]
    (record,) = preview.plan.of_kind(Kind.UPDATED)
    assert record.uuid not in ours.unread()  # read for the merge
    unread = ours.unread()
    assert len(unread) > len(ours) // 2  # the rest was left in the database
    with demo_db.session() as session:
        full = take_snapshot(session).records["roadmap_item"]
    # Asked for later (the preview window names records), they are read then, and are the same.
    namer = Namer(preview.incoming.theirs.records, preview.ours.records, lang="ru")
    assert namer.name("roadmap_item", unread[0]).startswith(full[unread[0]]["number"])
    assert dict(ours.items()) == dict(full.items()) and not ours.unread()


def test_snapshot_texts_compare_and_both_formats_decode(demo_db):
    with demo_db.session() as session:
        snap = take_snapshot(session)
    snap.tombstones = {"00000000-0000-4000-8000-000000000001": "project"}
    again = Snapshot.decode(snap.encode())
    key, uuid = "project", next(iter(snap.records["project"]))
    assert again.records[key].raw_text(uuid) == snap.records[key].text(uuid)  # not decoded yet
    assert again.records[key].same_as(snap.records[key]) == set(snap.records[key])
    assert again == snap and again.tombstones == snap.tombstones
    again = Snapshot.decode(snap.encode())
    again.records[key][uuid]["notes"] = "changed in place"  # decoded: no longer vouched for by its text
    assert uuid not in again.records[key].same_as(snap.records[key])
    # Databases written by version 0.1.0 keep snapshots as one JSON document.
    old = zlib.compress(json.dumps(snap.to_json()).encode("utf-8"))
    assert Snapshot.decode(old) == snap


def test_a_snapshot_is_read_a_piece_at_a_time_as_it_would_be_whole(demo_db):
    """The text is decompressed and split a piece at a time (issue 21): the same lines whatever
    the pieces, Cyrillic cut anywhere; a damaged or cut-short snapshot is refused as before."""
    from app.services.exchange.workbook.snapshot import _lines

    with demo_db.session() as session:
        snap = take_snapshot(session)
    snap.tombstones = {"00000000-0000-4000-8000-000000000001": "project"}
    blob = snap.encode()
    whole = zlib.decompress(blob).decode("utf-8").split("\n")
    for step in (1, 3, 64, 1000, len(blob), 1 << 20):
        assert list(_lines(blob, step)) == whole
    assert Snapshot.decode(blob) == snap and Snapshot.decode(blob).tombstones == snap.tombstones
    with pytest.raises(zlib.error):
        list(_lines(blob[: len(blob) // 2], 64))
    text = zlib.decompress(blob).decode("utf-8")
    for damaged in (
        text[:-1],  # no newline at the end
        text[: text.index("\nT\n") + 1],  # no tombstones' line
        text.replace("\nT\n", "\n"),  # no "T"
        "snapshot/2\n",
        "snapshot/2",
        "snapshot/2\nE\tproject\nuuid\nnot a record\nT\n",
    ):
        with pytest.raises(ValueError):
            Snapshot.decode(zlib.compress(damaged.encode("utf-8")))


def test_a_forged_record_text_is_refused_with_a_message(demo_db):
    table = RecordTable({"u": "{not json", "v": "[1, 2]"})
    for uuid in ("u", "v"):
        with pytest.raises(UserError):
            table[uuid]
    with pytest.raises(ValueError):
        Snapshot.decode(zlib.compress(b"snapshot/2\nE\tproject\nno tab here\nT\n"))


def test_checksums_follow_the_keys_and_the_values_as_read():
    from datetime import date
    from decimal import Decimal

    from app.services.exchange.workbook.rowcheck import as_read, key_order, row_check

    assert key_order({0: "name_ru", 1: "code", 2: "budget"}) == [2, 1, 0]
    written = ["a", 14, Decimal("1500000.50"), None, date(2026, 3, 31)]
    read_back = ["a", 14.0, 1500000.5, "", date(2026, 3, 31)]
    assert row_check([as_read(v) for v in written]) == row_check(read_back)
    assert row_check(["a", 1.0, ""]) != row_check(["a", "", 1.0])


def test_checksums_of_many_rows_are_those_of_each_row():
    """The export works them out a column at a time from the cells it writes, the import a
    column at a time from the cells it reads: both must be `row_check` of each row."""
    from datetime import date, time
    from decimal import Decimal

    from app.services.exchange.workbook.rowcheck import as_read, read_row_checks, row_check, row_checks

    written = [
        ("a", 14, Decimal("1.50"), None, date(2026, 3, 31)),
        ("b\nc", None, None, "x", "III квартал 2026 г."),
        ("", 0, Decimal("0"), True, time(9, 30)),
    ]
    each = [row_check([as_read(v) for v in row]) for row in written]
    assert list(row_checks(["u1", "u2", "u3"], list(zip(*written, strict=True))).values()) == each
    read = [tuple(as_read(v) for v in row) for row in written]
    assert read_row_checks(read) == each
    texts_only = [("a", "b"), ("", "c")]
    assert read_row_checks(texts_only) == [row_check(r) for r in texts_only]
    assert read_row_checks([(), ()]) == [row_check([])] * 2  # a sheet with no field columns
    assert read_row_checks([]) == []
    assert len(set(each)) == 3
