"""The roadmap at a glance, on a roadmap built by hand: progress per side, overdue items per
executor, the postponements of this month — the numbers and exactly the items counted."""

from datetime import date

import pytest

from app.models import Side
from app.services.dashboard import dashboard
from app.services.dashboard_roadmap import side_items
from app.services.store import Store

pytestmark = pytest.mark.backends  # on SQLite, and on PostgreSQL when a server is given

TODAY = date(2026, 11, 24)


def build(db) -> dict[str, str]:
    """Seven measures under one section; the uuids by name."""
    made: dict[str, str] = {}
    with db.transaction() as s:
        store = Store(s, operator="Тест")
        for key, side in (("uz_a", "UZ"), ("uz_b", "UZ"), ("kz_a", "KZ")):
            made[key] = store.create("organization", {"side": side, "name_ru": f"Орг {key}"}).uuid
        section = store.create("roadmap_item", {"number": "I", "kind": "section", "measure_ru": "Раздел"})
        for number, status, deadline, executors in (
            ("1", "done", "2026-06-01", ("uz_a", "kz_a")),
            ("2", "in_progress", "2026-10-01", ("uz_a",)),
            ("3", "not_started", "2026-Q3", ("uz_a", "uz_b")),
            ("4", "cancelled", "2026-05-01", ("kz_a",)),  # neither done nor to be done
            ("5", "not_started", "2026-11-01", ()),  # overdue, with no executor named
            ("6", "not_started", "2027-01-01", ("kz_a",)),
            ("7", "done", "permanent", ("kz_a",)),
        ):
            orgs = [made[k] for k in executors]
            made[number] = store.create(
                "roadmap_item",
                {
                    "number": number,
                    "kind": "measure",
                    "parent": section.uuid,
                    "measure_ru": f"Мероприятие {number}",
                    "status": status,
                    "deadline": deadline,
                    "executors_uz": [u for k, u in zip(executors, orgs, strict=True) if k.startswith("uz")],
                    "executors_kz": [u for k, u in zip(executors, orgs, strict=True) if k.startswith("kz")],
                },
            ).uuid
        for number, on, side in (
            ("2", "2026-11-03", "UZ"),
            ("2", "2026-11-20", "KZ"),
            ("3", "2026-11-30", "UZ"),
            ("6", "2026-10-31", "KZ"),  # last month
            ("3", "2026-12-01", "UZ"),  # next month
        ):
            store.create(
                "postponement",
                {
                    "item": made[number],
                    "postponed_on": on,
                    "old_deadline": "2026-10-01",
                    "new_deadline": "2026-12-15",
                    "reason": "Согласование",
                    "side": side,
                },
            )
    return made


def test_progress_per_side_counts_done_of_the_measures_each_side_executes(empty_db):
    made = build(empty_db)
    progress = {p.side: (p.done, p.total) for p in dashboard(empty_db, TODAY).progress}
    # An item of both sides counts for each; cancelled ones not at all; the whole roadmap counts
    # the items without an executor too.
    assert progress == {Side.UZ: (1, 3), Side.KZ: (2, 3), None: (2, 6)}
    assert sorted(side_items(empty_db, Side.UZ)) == sorted(made[n] for n in "123")
    assert sorted(side_items(empty_db, Side.KZ)) == sorted(made[n] for n in "167")
    assert sorted(side_items(empty_db, None)) == sorted(made[n] for n in "123567")


def test_overdue_per_executor_names_each_executors_overdue_items(empty_db):
    made = build(empty_db)
    data = dashboard(empty_db, TODAY)
    by_executor = [(r.executor.uuid if r.executor else None, r.items) for r in data.overdue_by_executor]
    # The most first; an item of two executors counts for both; one without any, last of its count.
    assert by_executor == [
        (made["uz_a"], [made["3"], made["2"]]),  # in the order of the overdue list: by deadline
        (made["uz_b"], [made["3"]]),
        (None, [made["5"]]),
    ]
    assert [i.uuid for i in data.overdue] == [made["3"], made["2"], made["5"]]
    assert data.overdue_by_executor[0].executor.label("uz") == "Орг uz_a"  # the fallback to Russian


def test_postponements_of_this_month(empty_db):
    made = build(empty_db)
    postponed = dashboard(empty_db, TODAY).postponed
    assert postponed.count == 3
    assert postponed.by_side == {Side.UZ: 2, Side.KZ: 1}
    assert postponed.items == [made["2"], made["3"]]  # each item once
    assert dashboard(empty_db, date(2026, 12, 31)).postponed.items == [made["3"]]
    assert dashboard(empty_db, date(2027, 1, 1)).postponed.count == 0


def test_an_empty_database_has_nothing_at_a_glance(empty_db):
    data = dashboard(empty_db, TODAY)
    assert [(p.side, p.done, p.total, p.share) for p in data.progress] == [
        (Side.UZ, 0, 0, 0.0),
        (Side.KZ, 0, 0, 0.0),
        (None, 0, 0, 0.0),
    ]
    assert data.overdue_by_executor == [] and data.postponed.count == 0
