"""The reader remembers what a text means in a column (a status, a date, an organisation's name),
so that a sheet whose every row was edited is read quickly. What it remembers must never leak
between cells: an error still names its own cell, the same text means what its own column says,
a reference that depends on its row (an agenda item's number within its meeting) is read for
each row, and no two records share a list."""

import pytest

from app.services.exchange.importing.reader import read_workbook

from .exchange_files import Sheet, edit_workbook, export_file

pytestmark = pytest.mark.backends


def roadmap_rows(sheet: Sheet, count: int) -> list[int]:
    rows = [
        r for r in range(3, sheet.ws.max_row + 1) if sheet.get(r, "uuid") and sheet.get(r, "kind") != "Раздел"
    ]
    return rows[:count]


def org_names(sheet: Sheet, key: str) -> list[str]:
    """Organisation names as the file writes them in a column of one side's executors."""
    names = []
    for r in range(3, sheet.ws.max_row + 1):
        for part in str(sheet.get(r, key) or "").replace("\n", ";").split(";"):
            if part.strip() and part.strip() not in names:
                names.append(part.strip())
    return names


def test_the_same_text_in_many_cells_is_read_for_each_cell(demo_db, workdir):
    path = export_file(demo_db, workdir)
    at: dict = {}

    def script(wb):
        roadmap = Sheet(wb, "roadmap_item")
        a, b, c, d = roadmap_rows(roadmap, 4)
        uz, kz = org_names(roadmap, "executors_uz")[0], org_names(roadmap, "executors_kz")[0]
        at.update(rows=(a, b, c, d), uuids=[roadmap.get(r, "uuid") for r in (a, b, c, d)], uz=uz, kz=kz)
        at["letters"] = {k: roadmap.ws.cell(1, roadmap.col[k]).column_letter for k in roadmap.col}
        # One text, two columns of different kinds: a note on row a, an unknown status on rows a and c.
        for r in (a, c):
            roadmap.set(r, "status", "Правка")
        roadmap.set(a, "notes", "Правка")
        roadmap.set(b, "notes", "Правка")
        # A two-digit year, refused on rows b and d; a full date between them is taken.
        roadmap.set(b, "deadline", "31.12.27")
        roadmap.set(c, "deadline", "31.12.2027")
        roadmap.set(d, "deadline", "31.12.27")
        # The same organisation: valid among its side's executors, refused among the other side's.
        for r in (a, b, c):
            roadmap.set(r, "executors_uz", uz)
        roadmap.set(b, "executors_kz", uz)
        roadmap.set(d, "executors_kz", kz)

    edit_workbook(path, script)
    incoming = read_workbook(path)
    a, b, c, d = at["rows"]
    ua, ub, uc, ud = at["uuids"]
    letters = at["letters"]
    found = sorted((e.row, e.column.split(" ")[0], e.key, e.value, e.message) for e in incoming.errors)
    unknown = "Неизвестное значение: Правка"
    assert [(row, column, key, value) for row, column, key, value, _m in found] == sorted(
        [
            (a, letters["status"], "status", "Правка"),
            (c, letters["status"], "status", "Правка"),
            (b, letters["deadline"], "deadline", "31.12.27"),
            (d, letters["deadline"], "deadline", "31.12.27"),
            (b, letters["executors_kz"], "executors_kz", at["uz"]),
        ]
    )
    messages = {(row, key): message for row, _c, key, _v, message in found}
    assert messages[(a, "status")] == messages[(c, "status")] == unknown
    assert "2027" in messages[(b, "deadline")] and messages[(b, "deadline")] == messages[(d, "deadline")]
    assert messages[(b, "executors_kz")].endswith("относится к другой стороне.")
    assert {e.uuid for e in incoming.errors} == {ua, ub, uc, ud}

    rows = incoming.theirs.records["roadmap_item"]
    assert rows[ua]["notes"] == rows[ub]["notes"] == "Правка"
    assert "status" not in rows[ua] and "status" not in rows[uc]
    assert "deadline" not in rows[ub] and "deadline" not in rows[ud]
    assert rows[uc]["deadline"] == "2027-12-31"
    # One organisation on three rows: equal lists, never one list.
    lists = [rows[u]["executors_uz"] for u in (ua, ub, uc)]
    assert lists[0] == lists[1] == lists[2] and len(lists[0]) == 1
    assert len({id(x) for x in lists}) == 3
    lists[0].append("someone")
    assert len(rows[ub]["executors_uz"]) == 1 and len(rows[uc]["executors_uz"]) == 1
    assert rows[ud]["executors_kz"] and rows[ud]["executors_kz"] != rows[ua]["executors_uz"]


def test_an_agenda_items_number_is_read_within_its_own_rows_meeting(demo_db, workdir):
    """ "1" in the agenda item column of two decisions of different meetings: two agenda items."""
    path = export_file(demo_db, workdir)
    at: dict = {}

    def script(wb):
        decisions = Sheet(wb, "decision")
        rows = [r for r in range(3, decisions.ws.max_row + 1) if decisions.get(r, "uuid")]
        first = rows[0]
        other = next(r for r in rows if decisions.get(r, "meeting") != decisions.get(first, "meeting"))
        for r in (first, other):
            decisions.set(r, "agenda_item", 1)
        at["uuids"] = [decisions.get(r, "uuid") for r in (first, other)]

    edit_workbook(path, script)
    incoming = read_workbook(path)
    assert not [e for e in incoming.errors if e.key == "agenda_item"]
    rows = incoming.theirs.records["decision"]
    first, other = (rows[u]["agenda_item"] for u in at["uuids"])
    assert first and other and first != other
    agenda = incoming.theirs.records["agenda_item"]
    assert agenda[first]["meeting"] == rows[at["uuids"][0]]["meeting"]
    assert agenda[other]["meeting"] == rows[at["uuids"][1]]["meeting"]


def test_every_row_read_cell_by_cell_gives_the_records_the_checksums_vouch_for(demo_db, workdir, monkeypatch):
    """The file as exported, read once through its row checksums and once as if every row had been
    edited in Excel: the same records, the same places, no error."""
    from app.services.exchange.importing import reader

    path = export_file(demo_db, workdir)
    vouched = read_workbook(path)
    monkeypatch.setattr(reader, "decode_checks", lambda chunks: {})
    parsed = read_workbook(path)
    assert not parsed.errors and not vouched.errors
    assert parsed.where == vouched.where
    for key, table in vouched.theirs.records.items():
        assert set(parsed.theirs.records[key]) == set(table), key
        for uuid in table:
            got, expected = parsed.theirs.records[key][uuid], dict(table[uuid])
            if key == "roadmap_item" and "parent" not in got and expected["parent"] is None:
                del expected["parent"]  # a top item's empty "Part of" cell: its place stays as it is
            assert got == expected, (key, uuid)
