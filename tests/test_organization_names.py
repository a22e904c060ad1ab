"""Organizations are named in the reader's language: short and full names in ru, uz and kk, on
screens, in workbooks and in print; databases and workbooks of the one-short-name version still
read, their short name as the Russian one."""

import base64
import json
import re
import sqlite3
import zlib

from openpyxl import load_workbook
from sqlalchemy import select

from app.models import Organization, RoadmapItem
from app.services.database import schema
from app.services.database.sqlite import make_engine
from app.services.documents.agenda import agenda_document
from app.services.documents.common import find_meeting
from app.services.documents.roadmap import roadmap_document
from app.services.exchange.importing.importer import preview_import
from app.services.exchange.importing.reader import read_workbook
from app.services.exchange.workbook.layout import META
from app.services.exchange.workbook.rowcheck import CHECKS, decode_checks, encode_checks, row_check
from app.services.store import Store
from tests.conftest import TODAY
from tests.exchange_files import Sheet, edit_workbook, export_file, import_file

CYRILLIC = re.compile("[а-яёәғқңөұүһі]", re.IGNORECASE)


def org(db, short_ru: str) -> Organization:
    with db.session() as s:
        return s.scalars(select(Organization).where(Organization.short_name_ru == short_ru)).one()


def test_the_demo_names_every_organization_in_three_languages(demo_db):
    with demo_db.session() as s:
        orgs = s.scalars(select(Organization)).all()
        assert len(orgs) >= 18
        for o in orgs:
            for lang in ("ru", "uz", "kk"):
                assert getattr(o, f"short_name_{lang}") and getattr(o, f"name_{lang}"), (o.name_ru, lang)
            assert not CYRILLIC.search(o.short_name_uz + o.name_uz), o.name_uz
    agri = org(demo_db, "Минсельхоз РУз")
    assert (agri.label("ru"), agri.label("uz"), agri.label("kk")) == ("Минсельхоз РУз", "OʻzR QXV", "ӨР АШМ")
    textile = org(demo_db, "Узтекстильпром")
    # A proper name is transliterated, not translated.
    assert textile.label("kk") == "Өзтекстильпром" and textile.name_kk == "«Өзтекстильпром» қауымдастығы"
    assert textile.label("uz") == "Oʻztoʻqimachiliksanoat"
    assert org(demo_db, "МИИР").label("kk") == "ҚР ИИДМ"


def test_a_name_missing_in_the_language_falls_back_to_the_full_name_there_first():
    o = Organization(short_name_ru="МИИР", name_ru="Министерство индустрии", name_uz="Industriya vazirligi")
    assert o.label("uz") == "Industriya vazirligi"  # Latin, not the Russian abbreviation
    assert o.label("kk") == "МИИР"  # nothing in Kazakh: the usual fallback, short names first
    assert Organization(name_kk="Министрлік").label("ru") == "Министрлік"


def test_uzbek_documents_name_organizations_in_latin(demo_db):
    """The roadmap and the agenda printed in Uzbek carry no Cyrillic letter."""
    with demo_db.session() as s:
        meeting = find_meeting(s, "UZ-M-001")
        texts = [agenda_document(s, meeting, ("uz",)).html, roadmap_document(s, ("uz",), TODAY).html]
    for html in texts:
        assert not CYRILLIC.search(re.sub(r"<[^>]+>", " ", html))


def test_workbook_names_organizations_in_its_language_and_reads_any(demo_db, workdir):
    path = export_file(demo_db, workdir, lang="uz")
    wb = load_workbook(path)
    sheet = Sheet(wb, "organization")
    assert {"short_name_ru", "short_name_uz", "short_name_kk"} <= set(sheet.col)
    items = Sheet(wb, "roadmap_item")
    executors = [items.get(r, "executors_uz") for r in range(3, items.ws.max_row + 1)]
    assert any("ITSV" in (e or "") for e in executors)
    assert not any("МИВТ" in (e or "") for e in executors)

    # A person names executors by their Kazakh and Uzbek short names: both are understood.
    row = items.find("number", "2.1")
    items.set(row, "executors_kz", "ҚР ИИДМ; QR SSV")
    wb.save(path)
    preview = preview_import(demo_db, read_workbook(path))
    assert not preview.plan.errors
    import_file(demo_db, path)
    with demo_db.session() as s:
        item = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "2.1")).one()
        assert sorted(o.short_name_ru for o in item.executors if o.side == "KZ") == ["МЗ РК", "МИИР"]


def _as_older_program(wb) -> None:
    """The workbook as the version with one short name wrote it: one `short_name` column, and
    the same in the snapshot of its hidden sheet."""
    ws = next(w for w in wb.worksheets if w.sheet_properties.codeName == "organization")
    keys = {c.value: c.column for c in ws[1] if c.value}
    ws.cell(1, keys["short_name_ru"]).value = "short_name"
    for key in ("short_name_kk", "short_name_uz"):
        ws.delete_cols(min(c.column for c in ws[1] if c.value == key))
    meta = wb[META]
    rows = [r for r in meta.iter_rows() if r[0].value == "snapshot"]
    text = zlib.decompress(base64.b64decode("".join(r[1].value for r in rows))).decode()
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("{") and '"short_name_ru"' in line:
            values = json.loads(line)
            values["short_name"] = values.pop("short_name_ru")
            values.pop("short_name_uz"), values.pop("short_name_kk")
            lines[i] = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    blob = base64.b64encode(zlib.compress("\n".join(lines).encode())).decode()
    rows[0][1].value = blob
    for r in rows[1:]:
        r[1].value = ""
    # Its row checksums, over its own columns: rows it vouches for are taken from its snapshot.
    keys = {c.value: c.column for c in ws[1] if c.value and c.value != "uuid"}
    uuid_col = next(c.column for c in ws[1] if c.value == "uuid")
    check_rows = [r for r in meta.iter_rows() if r[0].value == CHECKS]
    checks = decode_checks([r[1].value for r in check_rows])
    for row in range(3, ws.max_row + 1):
        cells = [ws.cell(row, keys[k]).value or "" for k in sorted(keys)]
        checks[ws.cell(row, uuid_col).value] = row_check(cells)
    chunks = encode_checks(checks)
    check_rows[0][1].value = "".join(chunks)
    for r in check_rows[1:]:
        r[1].value = ""


def test_a_workbook_of_the_older_version_reads_its_short_name_as_russian(pair_dbs, workdir):
    uz, kz = pair_dbs
    import_file(kz, export_file(uz, workdir))
    with kz.transaction() as s:  # changed in their program: the file's snapshot carries it
        health = s.scalars(select(Organization).where(Organization.short_name_ru == "МЗ РК")).one()
        Store(s).update(health, {"short_name_ru": "Минздрав РК"})
    path = export_file(kz, workdir)

    def older(wb):
        _as_older_program(wb)
        sheet = Sheet(wb, "organization")
        sheet.set(sheet.find("short_name", "МЭ РК"), "short_name", "Минэнерго РК")  # and in Excel

    edit_workbook(path, older)
    preview = preview_import(uz, read_workbook(path))
    assert not preview.plan.errors and not preview.plan.unresolved()
    import_file(uz, path)
    health = org(uz, "Минздрав РК")
    # Their program knew no Uzbek or Kazakh short name: ours stay as they were.
    assert (health.short_name_uz, health.short_name_kk) == ("QR SSV", "ҚР ДСМ")
    assert org(uz, "МИИР").short_name_kk == "ҚР ИИДМ"
    assert org(uz, "Минэнерго РК").short_name_kk == "ҚР ЭМ"


def test_the_migration_keeps_the_short_name_as_the_russian_one(workdir):
    path = workdir / "старая.sqlite"
    schema.prepare_database(path)
    engine = make_engine(path)
    schema.downgrade(engine, "0002_exchange_origin")
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO organization (uuid, created_at, updated_at, side, kind, short_name, name_ru) "
        "VALUES ('o1', '2026-01-01', '2026-01-01', 'UZ', 'ministry', 'МИВТ', 'Министерство')"
    )
    conn.execute(
        "INSERT INTO change_log (at, operator, side, source, action, entity, record_uuid, field, new_value) "
        "VALUES ('2026-01-01', 'я', 'UZ', 'local', 'update', 'organization', 'o1', 'short_name', '\"МИВТ\"')"
    )
    conn.commit()
    conn.close()
    engine = make_engine(path)
    schema.upgrade(engine, "head")
    engine.dispose()
    conn = sqlite3.connect(path)
    assert conn.execute(
        "SELECT short_name_ru, short_name_uz, short_name_kk FROM organization"
    ).fetchall() == [("МИВТ", None, None)]
    assert conn.execute("SELECT field FROM change_log").fetchall() == [("short_name_ru",)]
    conn.close()
