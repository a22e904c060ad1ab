"""A share typed as "45%" in Excel or LibreOffice: the cell holds 0.45 and shows 45 %. In a column
of per cent it is read as the 45 it shows, not as 0.45 per cent; elsewhere, and in a cell without
that format, a number is the number it holds."""

import zipfile

import pytest
from sqlalchemy import select

from app.models import Project
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.percent_cells import percent_styles
from app.services.exchange.importing.reader import read_workbook

from .exchange_files import Sheet, edit_workbook, export_file

pytestmark = pytest.mark.backends


def shares(db) -> dict[str, tuple]:
    with db.session() as s:
        return {p.code: (p.share_uz, p.share_kz) for p in s.scalars(select(Project))}


def test_a_share_typed_as_per_cent_is_the_per_cent_it_shows(demo_db, workdir):
    before = shares(demo_db)
    path = export_file(demo_db, workdir)
    with zipfile.ZipFile(path) as z:
        assert not percent_styles(z)  # our own file is never searched for them

    def typed(wb):
        sheet = Sheet(wb, "project")
        one, two, three = (sheet.find("code", c) for c in ("UZ-P-001", "UZ-P-002", "UZ-P-003"))
        for row, key, value, shown in (
            (one, "share_uz", 0.45, "0%"),  # typed "45%"
            (one, "share_kz", 0.55, "0.00%"),
            (two, "share_uz", float(before["UZ-P-002"][0]) / 100, "0%"),  # the same share, typed so
            (three, "share_uz", 0.5, '0.0" %"'),  # a per cent sign as a text: the number is 0.5
        ):
            sheet.set(row, key, value)
            sheet.ws.cell(row, sheet.col[key]).number_format = shown

    edit_workbook(path, typed)
    preview = preview_import(demo_db, read_workbook(path))
    assert not preview.plan.errors
    changed = {
        (r.values.get("code") or r.uuid, c.key): c.theirs for r in preview.plan.records for c in r.changes
    }
    assert sorted(changed.values()) == ["0.50", "45.00", "55.00"], changed
    apply_import(demo_db, preview)
    after = shares(demo_db)
    assert [str(v) for v in after["UZ-P-001"]] == ["45.00", "55.00"]
    assert after["UZ-P-002"] == before["UZ-P-002"]
    assert str(after["UZ-P-003"][0]) == "0.50"


def test_damaged_styles_are_a_damaged_file_not_a_crash(demo_db, workdir):
    """Found by the fuzzer: styles the per-cent search cannot parse refuse the file as damaged,
    with a message, as every damaged part does."""
    from app.services.exchange.importing.guard import BadWorkbook

    path = export_file(demo_db, workdir)
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, body in items:
            z.writestr(
                info, body[:200] + b"\x00<<garbled" + body[200:] if info.filename == "xl/styles.xml" else body
            )
    with pytest.raises(BadWorkbook, match="повреждён"):
        read_workbook(path)
