"""The roadmap as the official document table: the rows (shared with printing) and the workbook."""

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.i18n import translate_in
from app.models import RoadmapItem, RoadmapKind, Side
from app.services.exchange.export.exporter import export_roadmap_table
from app.services.roadmap_table import hierarchy_order, roadmap_table_headers, roadmap_table_rows
from tests.conftest import TODAY


def test_rows_follow_the_hierarchy_with_sections(demo_db):
    with demo_db.session() as session:
        rows = roadmap_table_rows(session, "ru", TODAY)
        items = {i.uuid: i for i in session.scalars(select(RoadmapItem))}
        assert len(rows) == len(items)
        assert [r.number for r in rows[:4]] == ["I", "1", "1.1", "1.2"]
        assert [r.depth for r in rows[:4]] == [0, 1, 2, 2]
        sections = [r for r in rows if r.is_section]
        assert [r.number for r in sections] == ["I", "II", "III"]
        assert all(r.status == "" and not r.executors_uz for r in sections)
        for row in rows:
            item = items[row.uuid]
            assert row.is_section == (item.kind == RoadmapKind.SECTION)
            assert row.overdue == item.is_overdue(TODAY)
            assert row.executors_uz == tuple(o.name_ru for o in item.executors_of(Side.UZ))
            assert row.executors_kz == tuple(o.name_ru for o in item.executors_of(Side.KZ))
        assert any(r.overdue for r in rows)
        assert {"Ежеквартально"} <= {r.deadline for r in rows}


@pytest.mark.parametrize("lang", ["uz", "kk"])
def test_rows_in_other_languages(demo_db, lang):
    with demo_db.session() as session:
        rows = roadmap_table_rows(session, lang, TODAY)
        first = session.scalars(select(RoadmapItem).where(RoadmapItem.number == "I")).one()
    assert rows[0].measure == getattr(first, f"measure_{lang}")
    quarter = {"uz": "chorak", "kk": "тоқсан"}[lang]
    assert any(quarter in r.deadline for r in rows)


def test_hierarchy_order_keeps_orphans_and_cycles():
    nodes = {"2": "9", "1.1": "1", "1": None, "3": "4", "4": "3"}  # 9 unknown; 3 and 4 a cycle
    ordered = hierarchy_order(nodes, lambda n: n, lambda n: nodes[n], lambda n: n)
    assert ordered[:3] == [("1", 0), ("1.1", 1), ("2", 0)]
    assert sorted(n for n, _d in ordered) == sorted(nodes)


@pytest.mark.parametrize("lang", ["ru", "uz", "kk"])
def test_table_workbook_with_merged_sections(demo_db, workdir, lang):
    out = workdir / f"дорожная карта {lang}.xlsx"
    with demo_db.session() as session:
        export_roadmap_table(session, out, lang, TODAY)
        rows = roadmap_table_rows(session, lang, TODAY)
    ws = load_workbook(out).worksheets[0]
    assert ws["A1"].value == translate_in(lang, "Roadmap")
    headers = roadmap_table_headers(lang)
    assert [ws.cell(3, c).value for c in (1, 2, 3, 4, 7)] == [headers[i] for i in (0, 1, 2, 3, 6)]
    assert ws["E3"].value == translate_in(lang, "Responsible executors")
    assert (ws["E4"].value, ws["F4"].value) == (headers[4], headers[5])
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:G1", "E3:F3", "A3:A4"} <= merged
    for r, row in enumerate(rows, start=5):
        if row.is_section:
            assert f"A{r}:G{r}" in merged
            assert ws.cell(r, 1).value == f"{row.number}. {row.measure}"
            assert ws.cell(r, 1).font.bold
        else:
            assert ws.cell(r, 1).value == row.number
            assert ws.cell(r, 2).value == row.measure
            assert ws.cell(r, 5).value == ("\n".join(row.executors_uz) or None)
            assert ws.cell(r, 7).value == row.status
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$3:$4"
