"""The exchange workbook: what a person sees in Excel and what the import will read back."""

import hashlib
import re
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from app.i18n import translate_in
from app.models import Exchange, ExchangeDirection, RoadmapItem, RoadmapStatus, Side
from app.services.exchange.export.exporter import export_workbook
from app.services.exchange.importing.formulas import sheet_parts
from app.services.exchange.workbook.layout import (
    DUE,
    ENTITY_SHEETS,
    FIRST_ROW,
    HEADER_ROW,
    KEY_ROW,
    LISTS,
    META,
    UUID,
    columns,
    needing_care,
    needs_care,
)
from app.services.exchange.workbook.snapshot import Snapshot, take_snapshot
from app.services.fields import ENTITIES
from app.services.labels import label
from app.services.store import Store

from .cell_inverse import cell_to_plain

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


# ---- reading the file back, as an import would ------------------------------------------------


def meta_of(path: Path) -> dict:
    """Metadata sheet: key → value; `snapshot` → chunks; `sheet` → {entity: title}."""
    wb = load_workbook(path, read_only=True)
    ws = next(ws for ws in wb.worksheets if ws.sheet_state == "veryHidden")
    meta: dict = {"snapshot": [], "sheet": {}}
    for key, value, *rest in ws.iter_rows(values_only=True):
        if key == "snapshot":
            meta["snapshot"].append(value)
        elif key == "sheet":
            meta["sheet"][value] = rest[0]
        else:
            meta[key] = value
    wb.close()
    return meta


def read_back(path: Path) -> dict[str, dict[str, dict]]:
    """Every record of every entity sheet as plain values, read with calamine through the lists."""
    meta = meta_of(path)
    book = CalamineWorkbook.from_path(str(path))

    def rows_of(key: str) -> list[list]:
        return book.get_sheet_by_name(meta["sheet"][key]).to_python(skip_empty_area=False)

    lists = rows_of(LISTS)
    by_label: dict[str, dict[str, str]] = {}
    for col, key in enumerate(lists[KEY_ROW - 1]):
        if key.startswith("ref:") and not key.endswith(":value") and key.count(":") == 1:
            entity = key.split(":")[1]
            by_label[entity] = {
                row[col]: row[col + 1] for row in lists[FIRST_ROW - 1 :] if row[col] not in ("", None)
            }

    def resolve(entity: str, text: str) -> str | None:
        return by_label[entity].get(text)

    records: dict[str, dict[str, dict]] = {}
    for entity_key in ENTITY_SHEETS:
        rows = rows_of(entity_key)
        keys = rows[KEY_ROW - 1]
        entity = ENTITIES[entity_key]
        records[entity_key] = {}
        for row in rows[FIRST_ROW - 1 :]:
            cells = dict(zip(keys, row, strict=True))
            records[entity_key][cells[UUID]] = {
                f.key: cell_to_plain(f, cells[f.key], resolve) for f in entity.fields
            }
    return records


def column_widths(ws, count: int) -> list[float | None]:
    """Each column's width as the file states it. One `<col>` may stand for several neighbours of
    equal width and format (XlsxWriter writes them so); openpyxl keeps it under the first."""
    widths: list[float | None] = [None] * count
    for dim in ws.column_dimensions.values():
        for c in range(dim.min, min(dim.max, count) + 1):
            widths[c - 1] = dim.width
    return widths


def export(db, path: Path, lang: str = "ru"):
    with db.transaction() as session:
        return export_workbook(session, path, lang, now=NOW)


def exported_sheet(db, workdir: Path, entity_key: str):
    """Exports, then opens one entity sheet: (the file, the sheet, its column keys)."""
    out = workdir / "обмен.xlsx"
    export(db, out)
    ws = load_workbook(out)[meta_of(out)["sheet"][entity_key]]
    return out, ws, [c.value for c in ws[KEY_ROW]]


# ---- the data survives -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "uz", "kk"])
def test_every_value_reads_back_unchanged(demo_db, workdir, lang):
    out = workdir / f"обмен {lang}.xlsx"
    export(demo_db, out, lang)
    with demo_db.session() as session:
        expected = take_snapshot(session).records
    assert read_back(out) == expected


def test_metadata_carries_the_base_and_the_exchange_is_recorded(demo_db, workdir):
    with demo_db.transaction() as session:
        store = Store(session)
        store.delete(store.session.scalars(select(RoadmapItem).where(RoadmapItem.number == "1.1")).one())
    out = workdir / "обмен.xlsx"
    result = export(demo_db, out)

    meta = meta_of(out)
    with demo_db.session() as session:
        snap = take_snapshot(session)
        row = session.scalars(select(Exchange)).one()
    assert meta["format_version"] == 1
    assert meta["exchange_uuid"] == result.exchange_uuid == row.uuid
    assert (meta["sender_side"], meta["counterpart_side"]) == ("UZ", "KZ")
    assert meta["sequence"] == 1
    assert meta["exported_at"] == "2026-11-24T09:30:00+00:00"
    assert meta["language"] == "ru"
    assert meta["acknowledges"] is None
    assert meta["program_version"]
    base = Snapshot.from_text_chunks(meta["snapshot"])
    assert base.records == snap.records and base.tombstones == snap.tombstones
    assert len(base.tombstones) > 1  # the item and its sub-items' reports travel as tombstones
    assert set(meta["sheet"]) >= {*ENTITY_SHEETS, LISTS, META}

    assert row.direction == ExchangeDirection.EXPORT
    assert (row.sender_side, row.counterpart_side, row.sequence) == (Side.UZ, Side.KZ, 1)
    assert row.file_name == out.name
    assert row.sha256 == hashlib.sha256(out.read_bytes()).hexdigest() == result.sha256
    assert Snapshot.decode(row.snapshot).records == snap.records


def test_sequence_grows_and_acknowledges_the_last_import(demo_db, workdir):
    export(demo_db, workdir / "1.xlsx")
    with demo_db.transaction() as session:
        for n, uuid in enumerate(
            ("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222")
        ):
            session.add(
                Exchange(
                    uuid=uuid,
                    direction=ExchangeDirection.IMPORT,
                    sender_side=Side.KZ,
                    counterpart_side=Side.UZ,
                    sequence=n + 1,
                    file_name=f"exchange-KZ-{n}.xlsx",
                    sha256="0" * 64,
                    at=datetime(2026, 11, 20 + n, tzinfo=UTC),
                )
            )
    second = export(demo_db, workdir / "2.xlsx")
    assert second.sequence == 2
    meta = meta_of(workdir / "2.xlsx")
    assert meta["sequence"] == 2
    assert meta["acknowledges"] == "22222222-2222-2222-2222-222222222222"


# ---- what a person sees ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "uz", "kk"])
def test_sheets_keys_and_headers(demo_db, workdir, lang):
    out = workdir / "обмен.xlsx"
    export(demo_db, out, lang)
    wb = load_workbook(out)
    names = [ws.sheet_properties.codeName for ws in wb.worksheets]
    assert names == ["instructions", *ENTITY_SHEETS, LISTS, META]
    assert wb.worksheets[0].sheet_state == "visible"
    assert wb[meta_of(out)["sheet"][LISTS]].sheet_state == "hidden"
    for ws in wb.worksheets:
        assert len(ws.title) <= 31 and not re.search(r"[\[\]:*?/\\]", ws.title)
    roadmap = wb[meta_of(out)["sheet"]["roadmap_item"]]
    assert roadmap.title == translate_in(lang, ENTITIES["roadmap_item"].plural)
    keys = [c.value for c in roadmap[KEY_ROW]]
    headers = [c.value for c in roadmap[HEADER_ROW]]
    assert keys == [c.key for c in columns("roadmap_item", lang)]
    assert set(keys) == {*ENTITIES["roadmap_item"].keys, UUID, DUE}
    assert headers[keys.index("status")] == translate_in(lang, "Status")
    assert headers[keys.index(f"measure_{lang}")].startswith(translate_in(lang, "Measure"))
    assert keys.index(f"measure_{lang}") < min(
        keys.index(f"measure_{o}") for o in {"ru", "uz", "kk"} - {lang}
    )
    assert roadmap.row_dimensions[KEY_ROW].hidden
    assert roadmap.freeze_panes == "C3"
    assert roadmap.auto_filter.ref.startswith("A2:")
    instructions = [c.value for row in wb.worksheets[0].iter_rows() for c in row if c.value]
    assert {"Русский", "Oʻzbekcha", "Қазақша"} <= set(instructions)


def test_formats_widths_and_print_setup(demo_db, workdir):
    out = workdir / "обмен.xlsx"
    export(demo_db, out)
    wb = load_workbook(out)
    titles = meta_of(out)["sheet"]
    projects = wb[titles["project"]]
    keys = [c.value for c in projects[KEY_ROW]]
    row = projects[FIRST_ROW]
    cost, start, name = (row[keys.index(k)] for k in ("total_cost", "start_date", "name_ru"))
    assert cost.number_format == "#,##0.00" and cost.data_type == "n"
    assert start.number_format == "DD.MM.YYYY" and start.is_date
    assert name.alignment.wrap_text
    assert projects.column_dimensions["A"].width >= 10  # the code fits
    for ws in (projects, wb[titles["roadmap_item"]]):
        assert ws.page_setup.orientation == "landscape"
        # A missing fitToWidth is its default, 1 (ECMA-376), which XlsxWriter leaves out.
        assert ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$2:$2"
        assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text


def test_roadmap_hierarchy_sections_and_deadlines(demo_db, workdir):
    _out, ws, keys = exported_sheet(demo_db, workdir, "roadmap_item")
    rows = list(ws.iter_rows(min_row=FIRST_ROW))
    col = {k: keys.index(k) for k in keys}
    numbers = [r[col["number"]].value for r in rows]
    assert numbers[:4] == ["I", "1", "1.1", "1.2"]  # depth first, in the natural order
    first, child = rows[0], rows[2]
    assert first[col["kind"]].value == "Раздел" and first[col["measure_ru"]].font.bold
    assert first[col["measure_ru"]].fill.fgColor.rgb.endswith("FCE4D6")
    assert child[col["parent"]].value == "1"
    assert child[col["measure_ru"]].alignment.indent > rows[1][col["measure_ru"]].alignment.indent
    deadlines = [r[col["deadline"]] for r in rows if r[col["deadline"]].value is not None]
    dated = [c for c in deadlines if c.is_date]
    texts = {c.value for c in deadlines if not c.is_date}
    assert dated and all(c.number_format == "DD.MM.YYYY" for c in dated)
    assert any(re.fullmatch(r"(I|II|III|IV) квартал 20\d\d г\.", t) for t in texts)
    assert "На постоянной основе" in texts
    due = [r[col[DUE]] for r in rows if r[col[DUE]].value]
    assert due and all(c.data_type == "f" and "DATE(" in c.value for c in due)
    assert ws.column_dimensions[ws.cell(1, col[DUE] + 1).column_letter].hidden


def test_rows_of_long_texts_are_tall_enough_to_show_them(demo_db, workdir):
    _out, ws, keys = exported_sheet(demo_db, workdir, "roadmap_item")
    widths = column_widths(ws, len(keys))
    at = keys.index("measure_ru")
    tall = short = 0
    for r, row in enumerate(ws.iter_rows(min_row=FIRST_ROW), start=FIRST_ROW):
        # Wrapped texts only (an indent of up to 4 takes a little room from the measure's cells).
        texts = [c.value if isinstance(c.value, str) and keys[i] != UUID else "" for i, c in enumerate(row)]
        height = ws.row_dimensions[r].height
        if len(texts[at]) > widths[at]:  # two lines at least
            assert height is not None and height >= 2 * 15, (r, texts[at])
            assert ws.row_dimensions[r].customHeight
            tall += 1
        elif all(
            len(t) <= (w - 1.5) * 0.9 - (4 if k.startswith("measure") else 0) and "\n" not in t
            for t, w, k in zip(texts, widths, keys, strict=True)
        ):
            assert height is None, r  # one line: Excel's own height
            short += 1
    assert tall and short and ws.row_dimensions[KEY_ROW].hidden
    assert ws.row_dimensions[HEADER_ROW].height  # the header's words wrap


def test_overdue_rows_highlighted_by_a_formula(demo_db, workdir):
    _out, ws, keys = exported_sheet(demo_db, workdir, "roadmap_item")
    letter = {k: ws.cell(1, i + 1).column_letter for i, k in enumerate(keys)}
    rules = [(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules]
    assert len(rules) == 1
    sqref, rule = rules[0]
    assert sqref.startswith("A3:")
    formula = rule.formula[0]
    assert "TODAY()" in formula
    for key in ("status", "deadline", DUE, "kind"):
        assert f"${letter[key]}3" in formula
    assert '"Не начато"' in formula and '"В работе"' in formula
    assert rule.dxf.fill is not None


def test_drop_down_lists_live_on_the_lists_sheet(demo_db, workdir):
    out = workdir / "обмен.xlsx"
    export(demo_db, out, "uz")
    wb = load_workbook(out)
    titles = meta_of(out)["sheet"]
    ws = wb[titles["roadmap_item"]]
    keys = [c.value for c in ws[KEY_ROW]]
    by_column = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            by_column[keys[rng.min_col - 1]] = dv
    assert {"status", "kind", "executors_uz", "executors_kz", "parent", "project"} <= set(by_column)
    status = by_column["status"]
    # A missing errorStyle is its default, "stop" (ECMA-376), which XlsxWriter leaves out.
    assert status.type == "list" and status.errorStyle in ("stop", None) and status.showErrorMessage
    assert '"' not in status.formula1  # a range, not an inline list (Excel caps those at 255 characters)
    target = wb.defined_names[status.formula1].attr_text
    assert titles[LISTS] in target
    sheet, cells = next(iter(wb.defined_names[status.formula1].destinations))
    values = [c.value for row in wb[sheet][cells] for c in row]
    assert values == [label(s, "uz") for s in RoadmapStatus]
    assert not by_column["executors_uz"].showErrorMessage  # "A; B" is not one list item
    sides = [dv.formula1 for dv in wb[titles["organization"]].data_validations.dataValidation]
    assert "SD_enum_Side" in sides
    sectors = [dv.formula1 for dv in wb[titles["project"]].data_validations.dataValidation]
    assert "SD_ref_sector" in sectors


def test_uuid_column_locked_everything_else_editable(demo_db, workdir):
    out = workdir / "обмен.xlsx"
    export(demo_db, out)
    wb = load_workbook(out)
    for key in ENTITY_SHEETS:
        ws = wb[meta_of(out)["sheet"][key]]
        p = ws.protection
        assert p.sheet and not p.password
        assert not (
            p.formatCells or p.formatColumns or p.formatRows or p.insertRows or p.sort or p.autoFilter
        )
        keys = [c.value for c in ws[KEY_ROW]]
        uuid_col = keys.index(UUID)
        for row in ws.iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + 3):
            for i, cell in enumerate(row):
                if cell.value is not None and keys[i] != DUE:
                    assert cell.protection.locked == (i == uuid_col), (key, keys[i])
        # Cells typed into empty rows take the column's style: unlocked, except the uuid column.
        letters = [ws.cell(1, i + 1).column_letter for i in range(len(keys))]
        assert ws.column_dimensions[letters[uuid_col]].protection.locked
        assert not ws.column_dimensions[letters[0]].protection.locked


def test_numbers_kept_as_texts_carry_no_green_mark(demo_db, workdir):
    """An item's number "1.10" is a text: Excel's "number stored as text" mark, whose "Convert to
    number" makes it 1.1, is switched off on every record sheet, rows added by hand included."""
    out = workdir / "обмен.xlsx"
    export(demo_db, out)
    sheets = meta_of(out)["sheet"]
    with zipfile.ZipFile(out) as z:
        parts = sheet_parts(z)
        for key in ENTITY_SHEETS:
            xml = z.read(parts[sheets[key]]).decode()
            assert '<ignoredError sqref="A1:XFD1048576" numberStoredAsText="1"/>' in xml, key


def test_cells_take_their_columns_format(demo_db, workdir):
    """A cell written without a format takes its column's (text, date, money …), as a cell a
    person types into an empty row does; the hidden keys and the headers say their own. The
    workbook's default format stays Excel's plain one: the columns past the used ones, the lists
    and the metadata look plain and stay locked."""
    out = workdir / "обмен.xlsx"
    export(demo_db, out)
    wb = load_workbook(out)
    titles = meta_of(out)["sheet"]
    ws = wb[titles["project"]]
    keys = [c.value for c in ws[KEY_ROW]]
    row = ws[FIRST_ROW]
    name, start, cost, uuid = (row[keys.index(k)] for k in ("name_ru", "start_date", "total_cost", UUID))
    assert not name.protection.locked and name.number_format == "@" and name.alignment.wrap_text
    assert name.border.left.style == "thin"
    assert start.is_date and start.number_format == "DD.MM.YYYY" and not start.protection.locked
    assert cost.number_format == "#,##0.00" and not cost.protection.locked
    assert uuid.protection.locked and uuid.font.sz == 8
    for cell in ws[KEY_ROW]:  # the hidden keys: plain and locked, as an unstyled cell
        assert cell.protection.locked and cell.number_format == "General" and cell.border.left.style is None
    for cell in ws[HEADER_ROW]:
        assert cell.protection.locked and cell.font.b
    for sheet in wb.worksheets:  # no column formats past the used ones
        used = sheet.max_column if sheet.title != titles[META] else 0
        assert all(dim.max <= used for dim in sheet.column_dimensions.values() if dim.max), sheet.title
    for title in (titles[LISTS], titles[META]):  # the lists' headers aside
        for r in wb[title].iter_rows():
            for c in r:
                if c.value is not None and not (title == titles[LISTS] and c.row == HEADER_ROW):
                    assert c.protection.locked and c.border.left.style is None, (title, c)
                    assert c.number_format == "General" or c.quotePrefix, (title, c)
    # Rows name no format of their own, so the columns' formats hold in every row; the default
    # format, a cell's without one, is Excel's plain cell.
    with zipfile.ZipFile(out) as z:
        default = re.search(r"<cellXfs[^>]*>\s*<xf ([^>]*)>", z.read("xl/styles.xml").decode("utf-8"))[1]
        assert all(f'{part}="0"' in default for part in ("numFmtId", "fillId", "borderId")), default
        assert "applyProtection" not in default, default
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert not re.search(r"<row [^>]*\bs=", z.read(name).decode("utf-8")), name


# ---- text stays text ---------------------------------------------------------------------------

TRICKY = {
    "notes": '=HYPERLINK("http://example.com","x")',
    "phone": "+7 (701) 123-45-67",
    "position_ru": "-1+2",
    "email": "@SUM(A1:A2)",
    "position_uz": "\tс табуляцией",
    "position_kk": "\rс возвратом каретки\r\nи строкой",
    "full_name_uz": "_x000D_ буквально и \x07 звонок",
}


def test_formula_like_text_is_written_as_text(demo_db, workdir):
    with demo_db.transaction() as session:
        person = Store(session).create("person", {"side": "KZ", "full_name_ru": "=1+2", **TRICKY})
        # The store trims texts now; a database written before keeps them, and the export copes.
        person.position_uz, person.position_kk = TRICKY["position_uz"], TRICKY["position_kk"]
        uuid = person.uuid
    out = workdir / "обмен.xlsx"
    export(demo_db, out)

    titles = meta_of(out)["sheet"]
    ws = load_workbook(out)[titles["person"]]
    keys = [c.value for c in ws[KEY_ROW]]
    row = next(r for r in ws.iter_rows(min_row=FIRST_ROW) if r[keys.index(UUID)].value == uuid)
    for key in (*TRICKY, "full_name_ru"):
        cell = row[keys.index(key)]
        assert cell.data_type == "s", key
    for key in ("notes", "phone", "position_ru", "email", "position_uz", "full_name_ru"):
        assert row[keys.index(key)].quotePrefix, key  # stays text when a person edits the cell
    with zipfile.ZipFile(out) as z:  # the person's sheet, and the lists the drop-downs offer
        sheets = [
            text
            for name in z.namelist()
            if name.startswith("xl/worksheets/") and uuid in (text := z.read(name).decode("utf-8"))
        ]
    assert len(sheets) == 2
    for sheet_xml in sheets:
        assert "<f>" not in sheet_xml and "<f " not in sheet_xml
        assert "=1+2" in sheet_xml

    record = read_back(out)["person"][uuid]
    for key, text in TRICKY.items():
        assert record[key] == text, key
    assert record["full_name_ru"] == "=1+2"


def test_formula_like_text_of_sections_and_sub_items_is_written_as_text(demo_db, workdir):
    """Their cells carry styles of their own (bold, indented): escaping must not skip them."""
    with demo_db.transaction() as session:
        items = session.scalars(select(RoadmapItem)).all()
        section = next(i for i in items if i.kind.value == "section")
        sub_item = next(i for i in items if i.parent is not None and i.parent.parent is not None)
        store = Store(session)
        store.update(section, {"measure_ru": "=1+2", "notes": "-5"})
        store.update(sub_item, {"measure_ru": "@A1", "measure_uz": "_x0041_ matn", "notes": "#N/A"})
        uuids = section.uuid, sub_item.uuid
    out, ws, keys = exported_sheet(demo_db, workdir, "roadmap_item")
    rows = {r[keys.index(UUID)].value: r for r in ws.iter_rows(min_row=FIRST_ROW)}
    head, sub = (rows[u] for u in uuids)
    for cell in (head[keys.index("measure_ru")], head[keys.index("notes")], sub[keys.index("measure_ru")]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert head[keys.index("measure_ru")].font.bold
    assert sub[keys.index("measure_ru")].alignment.indent >= 1
    records = read_back(out)["roadmap_item"]
    assert records[uuids[0]]["measure_ru"] == "=1+2" and records[uuids[0]]["notes"] == "-5"
    assert records[uuids[1]]["measure_ru"] == "@A1" and records[uuids[1]]["measure_uz"] == "_x0041_ matn"
    # A text that reads like one of Excel's error values stays a text.
    assert sub[keys.index("notes")].data_type == "s" and records[uuids[1]]["notes"] == "#N/A"


def test_a_column_asks_for_care_exactly_where_each_text_would():
    values = [
        "plain",
        "строка\nвторая",
        "=1",
        "-2",
        None,
        3,
        Decimal("1.5"),
        date(2026, 1, 2),
        "_x0041_",
        "звонок \x07",
        "\tтаб",
        "ok\r\n",
        "",
        "a_",
        "x",
    ]
    expected = [r for r, v in enumerate(values) if isinstance(v, str) and needs_care(v)]
    assert needing_care(values) == expected == [2, 3, 8, 9, 10, 11]
    assert needing_care(["без забот", "\n", "a\nb"]) == []
    assert needing_care(["=1", "ok\nok", "-2", 5]) == [0, 2]
    assert needing_care(["a_", "x"]) == []  # "_x" only across two cells: neither needs care


def test_an_empty_database_exports_too(empty_db, workdir):
    out = workdir / "пусто.xlsx"
    result = export(empty_db, out)
    assert result.records == 0
    assert all(rows == {} for rows in read_back(out).values())
    assert Snapshot.from_text_chunks(meta_of(out)["snapshot"]).count() == 0
