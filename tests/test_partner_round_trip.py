"""The partner who uses only Excel, the whole way round, in each language: they send a sheet made by
hand with three mistakes → we apply the good rows and send the error workbook back → they correct
the marked cells in Excel → we import it cleanly, and nothing comes twice."""

import json

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from app.cli import main
from app.i18n import translate_in
from app.models import RoadmapItem
from app.services.exchange.workbook.layout import header_text
from app.services.fields import ENTITIES

ITEM = ENTITIES["roadmap_item"]
KEYS = ["number", "measure", "deadline", "status", "executors_kz"]
ROWS = {  # number → (measure, deadline, status, executors of Kazakhstan)
    "13.3": ("A", "31.03.2027", "in_progress", "МИИР"),
    "13.4": ("B", "IV кв. 2027", "not_started", "QazTrade"),
    "13.5": ("C", "31.02.2027", "not_started", "МИИР"),  # no such date
    "13.6": ("D", "30.06.2027", "almost", "МИИР"),  # no such status
    "13.7": ("E", "30.06.2027", "not_started", "Министерство чего-то"),  # no such organisation
}
FIXES = {"13.5": ("deadline", "28.02.2027"), "13.6": ("status", None), "13.7": ("executors_kz", "МТИ РК")}


def status_word(value: str, lang: str) -> str:
    from app.models import RoadmapStatus
    from app.services.labels import label

    return "почти" if value == "almost" else label(RoadmapStatus(value), lang)


def partners_sheet(path, lang: str):
    wb = Workbook()
    ws = wb.active
    ws.title = translate_in(lang, ITEM.plural)
    field = {k: ITEM.field(f"{k}_{lang}" if k == "measure" else k) for k in KEYS}
    ws.append([header_text(field[k], lang) for k in KEYS])
    for number, (measure, deadline, status, executors) in ROWS.items():
        ws.append([number, f"{measure} — {lang}", deadline, status_word(status, lang), executors])
    wb.save(path)


def numbers(db_path) -> list[str]:
    from app.services.database import Database

    with Database(db_path) as db, db.session() as s:
        return sorted(s.scalars(select(RoadmapItem.number).where(RoadmapItem.number.like("13.%"))))


@pytest.mark.parametrize("lang", ["ru", "uz", "kk"])
def test_hand_made_sheet_errors_sent_back_and_corrected(demo_path, workdir, capsys, lang):
    sheet = workdir / f"от партнёра {lang}.xlsx"
    partners_sheet(sheet, lang)
    errors = workdir / f"ошибки {lang}.xlsx"
    capsys.readouterr()
    db = str(demo_path)
    assert (
        main(
            ["--lang", lang, "import", "--db", db, str(sheet), "--skip-invalid", "--errors-out", str(errors)]
        )
        == 0
    )
    assert numbers(demo_path) == ["13.1", "13.2", "13.3", "13.4"]  # the good rows are in

    # The error workbook speaks the partner's language and marks exactly the three cells.
    wb = load_workbook(errors)
    listing = wb.worksheets[0]
    assert listing.sheet_properties.codeName == "errors"
    assert listing.max_row >= 4  # a heading and the three errors
    data = wb[translate_in(lang, ITEM.plural)]
    marked = {(c.row, c.column) for row in data.iter_rows() for c in row if c.comment is not None}
    col = {k: i + 1 for i, k in enumerate(KEYS)}
    assert marked == {(4, col["deadline"]), (5, col["status"]), (6, col["executors_kz"])}

    # The partner corrects the three cells in place and sends the file back.
    for number, (key, value) in FIXES.items():
        row = 2 + list(ROWS).index(number)
        data.cell(row, col[key]).value = value or status_word("done", lang)
    wb.save(errors)
    capsys.readouterr()
    assert main(["--lang", lang, "import", "--db", db, str(errors), "--dry-run", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["errors"] == [] and plan["counts"]["new"] == 3
    assert main(["import", "--db", db, str(errors)]) == 0
    assert numbers(demo_path) == ["13.1", "13.2", "13.3", "13.4", "13.5", "13.6", "13.7"]  # none twice
