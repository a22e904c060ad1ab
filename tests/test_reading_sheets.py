"""Reading a workbook a sheet at a time: each sheet's cells are read once and let go once its rows
are records (issue 21, peak memory), and what is read is what reading them all first gave."""

import pytest

from app.services.exchange.importing import reader as reader_mod
from app.services.exchange.importing.reader import read_workbook

from .exchange_files import Sheet, edit_workbook, export_file


def _edited(demo_db, workdir):
    """Our file with rows edited in Excel: parsed cell by cell, their references read again, with an
    error and a name the file does not know."""
    path = export_file(demo_db, workdir)

    def edit(wb):
        items = Sheet(wb, "roadmap_item")
        items.set(3, "measure_ru", "Изменено в Excel")
        items.set(4, "project", "Нет такого проекта")
        projects = Sheet(wb, "project")
        projects.set(3, "jobs", "много")
        projects.set(4, "sector", "Нет такой отрасли")

    return edit_workbook(path, edit)


def _what_was_read(incoming):
    return (
        {key: dict(table.items()) for key, table in incoming.theirs.records.items()},
        [(e.message, e.sheet, e.row, e.column, e.value, e.entity, e.uuid) for e in incoming.errors],
        incoming.where,
        incoming.unresolved,
        incoming.warnings,
        incoming.sha256,
    )


def test_each_sheet_is_read_once_and_let_go(demo_db, workdir, monkeypatch):
    path = _edited(demo_db, workdir)
    kept = _what_was_read(read_workbook(path))  # before any spy: the reading as it is
    read: list[str] = []
    released: list[str] = []
    cells, release = reader_mod.WorkbookReader._cells, reader_mod._Sheet.release

    def counting(self, book, name):
        read.append(name)
        return cells(self, book, name)

    def recording(self):
        released.append(self.title)
        release(self)

    monkeypatch.setattr(reader_mod.WorkbookReader, "_cells", counting)
    monkeypatch.setattr(reader_mod._Sheet, "release", recording)
    incoming = read_workbook(path)
    assert len(read) == len(set(read)), read  # no sheet read twice
    lists = _lists_title(path)
    assert lists in read  # rows were edited: their references are read through the lists, kept to the end
    assert set(released) == set(read) - {lists}
    assert _what_was_read(incoming) == kept


def test_what_is_read_is_what_holding_every_sheet_gave(demo_db, workdir, monkeypatch):
    path = _edited(demo_db, workdir)
    let_go = _what_was_read(read_workbook(path))
    monkeypatch.setattr(reader_mod._Sheet, "release", lambda self: None)
    assert _what_was_read(read_workbook(path)) == let_go


@pytest.mark.parametrize("entity", ["project", "roadmap_item", "meta"])
def test_metadata_giving_the_lists_title_to_another_sheet(demo_db, workdir, entity):
    """A crafted file whose metadata gives the lists sheet's title to a sheet of records, or to the
    metadata itself: that sheet is never let go (the lists are read from it at the end)."""
    path = spoiled(demo_db, workdir, entity)
    incoming = read_workbook(path)
    if entity != "meta":
        assert incoming.theirs.records[entity]
    assert incoming.errors


def spoiled(demo_db, workdir, entity):
    path = _edited(demo_db, workdir)

    def spoil(wb):
        title = "meta" if entity == "meta" else Sheet(wb, entity).ws.title
        rows = [row for row in wb["meta"].iter_rows() if row[0].value == "sheet"]
        lists = next(row for row in rows if row[1].value == "lists")
        if entity == "meta":
            lists[2].value = title
            return
        # The lists first, then the sheet of records under the same title: that title is the records'.
        first, second = sorted((lists, next(r for r in rows if r[1].value == entity)), key=lambda r: r[0].row)
        first[1].value, first[2].value = "lists", title
        second[1].value, second[2].value = entity, title

    return edit_workbook(path, spoil)


def _lists_title(path):
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        for row in wb["meta"].iter_rows(values_only=True):
            if row[0] == "sheet" and row[1] == "lists":
                return row[2]
    finally:
        wb.close()
    return None
