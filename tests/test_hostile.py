"""Damaged, mislabelled and crafted workbooks: each gets a clear message in the user's language,
the program stays up, and the database stays byte-for-byte as it was."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from app.cli import main
from app.services.exchange.importing.reader import read_workbook

from .exchange_files import Sheet, edit_workbook, export_file


@pytest.fixture
def target(demo_path):
    return demo_path


def refused(db_path, path, capsys, match, lang="ru"):
    before = db_path.read_bytes()
    code = main(["--lang", lang, "import", "--db", str(db_path), str(path)])
    out = capsys.readouterr()
    assert code == 2, (out.out + out.err)[:2000]
    assert re.search(match, out.err + out.out), out.err + out.out
    assert "Traceback" not in out.err
    assert db_path.read_bytes() == before


def test_huge_row_and_column_counts(target, workdir, capsys):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Проекты")
    ws.append(["Код", "Наименование"])
    for n in range(100_000):
        ws.append([f"X-{n}", "строка"])
    wb.save(workdir / "rows.xlsx")
    refused(target, workdir / "rows.xlsx", capsys, "слишком велик")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Проекты")
    ws.append(["Код"] * 5000)
    wb.save(workdir / "columns.xlsx")
    refused(target, workdir / "columns.xlsx", capsys, "тым үлкен", lang="kk")


def test_a_megabyte_of_text_in_a_cell(target, workdir, capsys):
    path = export_file_for(target, workdir)
    edit_workbook(path, lambda wb: Sheet(wb, "project").set(3, "notes", "ПОДМЕНА"))
    data = io.BytesIO()  # Excel cannot write more than 32 767 characters in a cell; a crafted file can
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            zout.writestr(item, body.replace("ПОДМЕНА".encode(), ("ж" * 1_000_000).encode()))
    path.write_bytes(data.getvalue())
    refused(target, path, capsys, "Слишком длинный текст")


def export_file_for(db_path, folder):
    from app.services.database import Database

    db = Database(db_path)
    try:
        return export_file(db, folder)
    finally:
        db.close()


def test_merged_cells_hidden_sheets_and_formulas(target, workdir, capsys):
    path = export_file_for(target, workdir)

    def person(wb):
        projects = Sheet(wb, "project")
        projects.ws.merge_cells(
            start_row=3, start_column=projects.col["notes"], end_row=4, end_column=projects.col["notes"]
        )
        projects.set(5, "jobs", "=2*300")
        wb.create_sheet("Черновик").sheet_state = "hidden"
        wb["Черновик"]["A1"] = "не данные"

    edit_workbook(path, person)
    # Excel stores the formula's last result beside it; the import uses that, never evaluates.
    data = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                body = body.replace(b"<f>2*300</f><v></v>", b"<f>2*300</f><v>600</v>").replace(
                    b"<f>2*300</f><v />", b"<f>2*300</f><v>600</v>"
                )
            zout.writestr(item, body)
    path.write_bytes(data.getvalue())
    incoming = read_workbook(path)
    assert not incoming.errors
    jobs = [v.get("jobs") for v in incoming.theirs.records["project"].values()]
    assert 600 in jobs


def test_macros_and_external_links_are_ignored(target, workdir, capsys):
    path = export_file_for(target, workdir)
    data = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("xl/vbaProject.bin", b"\x00VBA" * 100)
        zout.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    macro = workdir / "с макросом.xlsm"
    macro.write_bytes(data.getvalue())
    before = target.read_bytes()
    assert main(["import", "--db", str(target), str(macro), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "макросы" in out and "ссылки на другие файлы" in out
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "пуст"),
        ("Номер;Мероприятие\n1;Тест\n".encode(), "текстовый файл"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "97–2003"),
        (b"PK\x03\x04garbage" + bytes(100), "повреждён"),
    ],
)
def test_not_workbooks(target, workdir, capsys, content, message):
    path = workdir / "письмо.xlsx"
    path.write_bytes(content)
    refused(target, path, capsys, message)


def test_a_workbook_with_nothing_we_know(target, workdir, capsys):
    wb = Workbook()
    wb.active.append(["Что-то", "Совсем", "Другое"])
    wb.save(workdir / "чужое.xlsx")
    refused(target, workdir / "чужое.xlsx", capsys, "нет листа с узнаваемыми столбцами")


def test_damaged_hidden_data(target, workdir, capsys):
    path = export_file_for(target, workdir)

    def spoil(wb):
        meta = wb["meta"]
        for row in meta.iter_rows():
            if row[0].value == "snapshot":
                row[1].value = "!!!" + str(row[1].value)[3:]

    edit_workbook(path, spoil)
    refused(target, path, capsys, "Скрытые данные файла")


def test_a_cell_the_reader_library_cannot_convert(target, workdir, capsys):
    """A duration far out of range makes calamine's Rust code panic (pyo3's PanicException is not an
    Exception): the file is refused as damaged like any other."""
    wb = Workbook()
    wb.active.append(["Код", "Наименование"])
    cell = wb.active.cell(2, 1, -1e13)
    cell.number_format = "[h]:mm:ss"
    wb.save(workdir / "длительность.xlsx")
    refused(target, workdir / "длительность.xlsx", capsys, "повреждён")


def test_damaged_row_checksums(target, workdir, capsys):
    path = export_file_for(target, workdir)

    def spoil(wb):
        for row in wb["meta"].iter_rows():
            if row[0].value == "checks":
                row[1].value = "###" + str(row[1].value)[3:]

    edit_workbook(path, spoil)
    refused(target, path, capsys, "Скрытые данные файла")
