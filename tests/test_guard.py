"""Files that are not what they claim, or are crafted to hurt, are refused before any parser runs."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from app.i18n import set_language
from app.services.exchange.importing.guard import BadWorkbook, check_workbook_file


def real_workbook(path):
    wb = Workbook()
    wb.active["A1"] = "Проект"
    wb.save(path)
    return path


def refused(path, match):
    with pytest.raises(BadWorkbook, match=match):
        check_workbook_file(path)


def test_a_real_workbook_passes(workdir):
    assert check_workbook_file(real_workbook(workdir / "обмен.xlsx")).warnings == []


def test_not_a_zip_and_truncated(workdir):
    (workdir / "a.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    refused(workdir / "a.xlsx", "не является книгой Excel")
    data = real_workbook(workdir / "full.xlsx").read_bytes()
    (workdir / "cut.xlsx").write_bytes(data[: len(data) // 2])
    refused(workdir / "cut.xlsx", "повреждён или не полностью")
    (workdir / "empty.xlsx").write_bytes(b"")
    refused(workdir / "empty.xlsx", "пуст")


def test_csv_renamed_old_xls_and_password(workdir):
    (workdir / "csv.xlsx").write_text("Номер;Мероприятие\n1;Тест\n", encoding="utf-8")
    refused(workdir / "csv.xlsx", "текстовый файл")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000)
    (workdir / "old.xlsx").write_bytes(ole + b"Workbook".ljust(64, b"\0"))
    refused(workdir / "old.xlsx", r"97–2003")
    (workdir / "secret.xlsx").write_bytes(ole + "EncryptedPackage".encode("utf-16-le"))
    set_language("kk")
    refused(workdir / "secret.xlsx", "құпиясөзбен")


def opendocument(path, kind: bytes = b"spreadsheet"):
    """A file as LibreOffice saves in its own format: the kind stored first, then the content."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument." + kind)
        z.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", "<manifest:manifest/>", compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_a_libreoffice_spreadsheet_is_told_how_to_save_it_as_xlsx(workdir):
    refused(opendocument(workdir / "обмен.ods"), "таблица OpenDocument.*Excel 2007-365")
    set_language("uz")
    refused(opendocument(workdir / "обмен.xlsx"), "OpenDocument jadvali.*Excel 2007-365")  # renamed
    set_language("ru")
    refused(opendocument(workdir / "письмо.odt", b"text"), "ZIP-архив, но не книга Excel")


def test_zip_bomb_refused_by_its_ratio(workdir):
    path = workdir / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (60 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    refused(path, "zip bomb")


def test_xml_entity_expansion_refused(workdir):
    source = real_workbook(workdir / "src.xlsx")
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("xl/sharedStrings.xml", bomb)
    (workdir / "entities.xlsx").write_bytes(out.getvalue())
    refused(workdir / "entities.xlsx", "XML")


def test_macros_and_external_links_are_only_noted(workdir):
    source = real_workbook(workdir / "src.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("xl/vbaProject.bin", b"\0" * 100)
        zout.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    (workdir / "macros.xlsm").write_bytes(out.getvalue())
    warnings = check_workbook_file(workdir / "macros.xlsm").warnings
    assert any("макрос" in w for w in warnings) and any("ссылки" in w for w in warnings)
