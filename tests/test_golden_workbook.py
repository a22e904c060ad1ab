"""Golden test of the exchange workbook: what stock readers (openpyxl, python-calamine) see of a
small export — every sheet, cell value and type, number format and look, validation, conditional
format, protection flag, hidden state, code name, defined name, freeze pane and print setting —
is compared with tests/golden/exchange_workbook.json. Any drift fails: a new version of the
writer that changes the file, or a change of ours that was not meant to.

A deliberate change (a new field, a new translation, a new look) is taken in by writing the file
anew and reviewing its diff:

    UPDATE_GOLDEN=1 python -m pytest tests/test_golden_workbook.py
"""

import json
import os
from datetime import UTC, date, datetime, time
from pathlib import Path

from app import __version__
from app.services.exchange.export.exporter import export_workbook
from app.services.exchange.workbook.layout import ENTITY_SHEETS, FIRST_ROW, KEY_ROW, UUID
from app.services.exchange.workbook.rowcheck import CHECKS, decode_checks, key_order, read_row_checks
from app.services.exchange.workbook.snapshot import Snapshot, take_snapshot
from app.services.fields import ENTITIES
from app.services.settings import copy_id
from app.services.store import Store
from tests.stock_view import dumps, stock_view

GOLDEN = Path(__file__).parent / "golden" / "exchange_workbook.json"
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def small_database(db) -> None:
    """A few records of every kind with fixed identities, and the values that are hard to write:
    money, shares, dates, a time, a yes/no, deadlines of every kind, texts that look like formulas
    or error values, escapes, control characters, several lines."""
    with db.transaction() as session:
        store = Store(session)
        names = {"name_ru": "Фармацевтика", "name_uz": "Farmatsevtika", "name_kk": "Фармацевтика"}
        store.create("sector", names, uuid=uuid(1))
        store.create("sector", {"name_ru": "Энергетика", "name_uz": "Energetika"}, uuid=uuid(2))
        for n, side, name in (
            (3, "UZ", "Министерство инвестиций и внешней торговли"),
            (4, "KZ", "Министерство промышленности и строительства"),
            (5, "UZ", "Хокимият Ташкентской области"),
        ):
            store.create("organization", {"name_ru": name, "side": side, "kind": "ministry"}, uuid=uuid(n))
        store.create(
            "person",
            {
                "full_name_ru": "Иванов Иван",
                "full_name_uz": "_x0041_ буквально и \x07 звонок",
                "side": "UZ",
                "organization": uuid(3),
                "phone": "+7 (701) 123-45-67",
                "email": "@SUM(A1:A2)",
                "position_ru": "-1+2",
                "notes": "#N/A",
            },
            uuid=uuid(6),
        )
        person = store.create("person", {"full_name_ru": "=1+2", "side": "KZ"}, uuid=uuid(7))
        # The store trims texts now; a database written before keeps them, and the export copes.
        person.position_uz, person.position_kk = "\tс табуляцией", "\rс возвратом каретки\r\nи строкой"
        store.create(
            "project",
            {
                "name_ru": "Сборочное производство комбайнов",
                "name_uz": "Kombaynlarni yigʻish",
                "sector": uuid(1),
                "status": "financing",
                "description_ru": "Первая очередь.\n- цех сборки\n- склад",
                "partners_uz": [uuid(3), uuid(5)],
                "partners_kz": [uuid(4)],
                "country": "UZ",
                "total_cost": "123456789012345.67",  # 17 digits: a cell holds 16 (Excel shows 15)
                "currency": "USD",
                "share_uz": "51.25",
                "share_kz": "48.75",
                "jobs": 12_345_678_901_234_567,  # past what a double holds exactly
                "start_date": "2026-03-01",
                "notes": '=HYPERLINK("http://example.com","x")',
                "is_demo": True,
            },
            uuid=uuid(8),
        )
        items = (
            (9, {"number": "I", "kind": "section", "measure_ru": "Промышленная кооперация"}),
            (10, {"number": "1", "parent": uuid(9), "deadline": "2026-12-31", "status": "in_progress"}),
            (11, {"number": "1.1", "parent": uuid(10), "deadline": "2026-Q4", "status": "not_started"}),
            (12, {"number": "2", "parent": uuid(9), "deadline": "permanent", "status": "done"}),
        )
        for n, values in items:
            measure = {"kind": "measure", "status": "not_started", "measure_ru": f"Мероприятие {n}"}
            store.create("roadmap_item", {**measure, **values}, uuid=uuid(n))
        store.update(
            store.get("roadmap_item", uuid(10)),
            {"executors_uz": [uuid(3)], "executors_kz": [uuid(4)], "project": uuid(8), "notes": "-5"},
        )
        store.update(store.get("roadmap_item", uuid(12)), {"completed_on": "2026-10-01"})
        report = {"item": uuid(10), "report_date": "2026-11-20", "side": "KZ", "text": "Выполнено на 50 %"}
        store.create("progress_report", report, uuid=uuid(13))
        meeting = {
            "number": 3,
            "title_ru": "Третье заседание рабочей группы",
            "meeting_date": "2026-12-10",
            "start_time": "10:00",
            "timezone": "Asia/Tashkent",
            "format": "video",
            "status": "planned",
            "cochair_uz": uuid(6),
            "cochair_kz": uuid(7),
            "participants": [uuid(6), uuid(7)],
        }
        store.create("meeting", meeting, uuid=uuid(14))
        agenda = {"meeting": uuid(14), "position": 1, "title_ru": "О ходе реализации", "speakers": [uuid(6)]}
        store.create("agenda_item", {**agenda, "duration_minutes": 15}, uuid=uuid(15))
        decision = {
            "meeting": uuid(14),
            "agenda_item": uuid(15),
            "position": 1,
            "text_ru": "Принять к сведению",
        }
        store.create("decision", decision, uuid=uuid(16))


def normalized(data, replace: dict[str, str]):
    """`data` with the values that change from run to run (the exchange's and the database's
    identities) and the program's version put as names."""
    if isinstance(data, str):
        for old, new in replace.items():
            data = data.replace(old, new)
        return data
    if isinstance(data, list):
        return [normalized(v, replace) for v in data]
    if isinstance(data, dict):
        return {k: normalized(v, replace) for k, v in data.items()}
    return data


def test_stock_readers_see_what_we_write(empty_db, workdir):
    small_database(empty_db)
    out = workdir / "обмен.xlsx"
    with empty_db.transaction() as session:
        result = export_workbook(session, out, "ru", now=NOW)
    with empty_db.session() as session:
        snap = take_snapshot(session)
        database_id = copy_id(session)
    replace = {result.exchange_uuid: "<exchange>", database_id: "<database>", __version__: "<version>"}
    view = normalized(stock_view(out), replace)

    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(dumps(view) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    seen = json.loads(json.dumps(view, ensure_ascii=False))  # as the file keeps it: tuples as lists
    # Said where first: the sheet and the part of it that drifted.
    pairs = zip(seen["openpyxl"]["sheets"], expected["openpyxl"]["sheets"], strict=False)
    for sheet, golden in pairs:
        for key in sorted(sheet.keys() | golden.keys()):
            assert sheet.get(key) == golden.get(key), f"openpyxl: {golden['title']}: {key} drifted"
    for reader in ("openpyxl", "calamine"):
        for key in sorted(expected[reader].keys() | seen[reader].keys()):
            assert seen[reader].get(key) == expected[reader].get(key), f"{reader}: {key} drifted"
    assert seen == expected

    # What the import relies on, said once more without the golden file: the hidden data carries
    # the snapshot, and each row's checksum is the one a stock reader's values give.
    meta_rows = view["calamine"]["meta"]["rows"]
    chunks = [row[1] for row in meta_rows if row[0] == "snapshot"]
    assert Snapshot.from_text_chunks(chunks).records == snap.records
    checks = decode_checks([row[1] for row in meta_rows if row[0] == CHECKS])
    sheets = {row[1]: row[2] for row in meta_rows if row[0] == "sheet"}
    for entity in ENTITY_SHEETS:
        rows = view["calamine"][sheets[entity]]["rows"]
        keys = rows[KEY_ROW - 1]
        fields = {i: key for i, key in enumerate(keys) if key in ENTITIES[entity].keys}
        order = key_order(fields)
        data = [row for row in rows[FIRST_ROW - 1 :] if row[keys.index(UUID)]]
        assert len(data) == len(snap.records[entity])
        read = read_row_checks([[_as_read(row[i]) for i in order] for row in data])
        assert read == [checks[row[keys.index(UUID)]] for row in data], entity


def _as_read(v):
    """A value of the view back as calamine gave it."""
    if isinstance(v, dict):
        kind, text = next(iter(v.items()))
        return {"date": date.fromisoformat, "datetime": datetime.fromisoformat, "time": time.fromisoformat}[
            kind
        ](text)
    return v


def test_the_golden_file_has_no_values_of_one_run():
    text = GOLDEN.read_text(encoding="utf-8")
    assert all(f"<{name}>" in text for name in ("exchange", "database", "version"))
