"""The dashboard's roadmap at a glance, on the demo database: its figures agree with the records,
and each entry, or a bar of the chart, opens the roadmap showing exactly the items it counts."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from sqlalchemy import delete, select

from app.models import Postponement, RoadmapItem, RoadmapKind, RoadmapStatus, Side
from app.services.store import Store
from tests.conftest import TODAY


def texts(widget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def shown_uuids(window) -> list[str]:
    rows = window.roadmap.matches_model.rows
    return [node.uuid for node in rows]


def measures(ctx) -> list[RoadmapItem]:
    return [i for i in ctx.session.scalars(select(RoadmapItem)) if i.kind == RoadmapKind.MEASURE]


def test_progress_per_side_is_done_of_total_and_opens_the_sides_items(window, ctx):
    dash = window.dashboard
    counted = [i for i in measures(ctx) if i.status != RoadmapStatus.CANCELLED and i.executors_of(Side.KZ)]
    done = sum(1 for i in counted if i.status == RoadmapStatus.DONE)
    percent = round(100 * done / len(counted))
    entries = texts(dash.progress_list)
    assert entries[1] == f"Казахстан: исполнено {done} из {len(counted)} ({percent} %)"
    assert entries[2].startswith("Вся дорожная карта: исполнено")
    dash._activated(dash.progress_list.item(1))
    assert window.current_page() is window.roadmap
    assert sorted(shown_uuids(window)) == sorted(i.uuid for i in counted)
    assert window.roadmap.shown_note.text() == "Показаны: Казахстан: все пункты, кроме отменённых"


def test_an_executors_overdue_entry_opens_exactly_its_overdue_items(window, ctx):
    dash = window.dashboard
    first = dash.executor_list.item(0).text()  # the executor with the most overdue items
    name, count = first.rsplit(" — ", 1)
    overdue = [
        i for i in measures(ctx) if i.is_overdue(TODAY) and name in [o.label("ru") for o in i.executors]
    ]
    assert int(count) == len(overdue) and len(overdue) > 1
    executors = {o.label("ru") for i in measures(ctx) if i.is_overdue(TODAY) for o in i.executors}
    assert sorted(t.rsplit(" — ", 1)[0] for t in texts(dash.executor_list)) == sorted(executors)
    dash._activated(dash.executor_list.item(0))
    assert window.current_page() is window.roadmap
    assert sorted(shown_uuids(window)) == sorted(i.uuid for i in overdue)
    assert window.roadmap.shown_bar.isVisible()
    assert window.roadmap.shown_note.text() == f"Показаны: просрочено — {name}"
    window.roadmap.show_all_button.click()
    assert window.roadmap.shown_view() is window.roadmap.tree


def test_postponements_this_month_are_counted_and_open_their_items(window, ctx):
    dash = window.dashboard
    assert (
        texts(dash.progress_list)[3] == "Перенесено сроков в этом месяце: 3 (Узбекистан — 2, Казахстан — 1)"
    )
    with ctx.db.transaction() as s:  # the demo's own, gone
        s.execute(delete(Postponement))
    window.refresh()
    assert texts(dash.progress_list)[3] == "Перенесено сроков в этом месяце: 0"
    dash._activated(dash.progress_list.item(3))  # nothing to open
    assert window.current_page() is dash
    items = sorted(measures(ctx), key=lambda i: i.id)[:3]
    with ctx.db.transaction() as s:
        store = Store(s, operator="Тест")
        for item, on, side in (
            (items[0], TODAY.replace(day=2), "UZ"),
            (items[0], TODAY.replace(day=20), "KZ"),
            (items[1], TODAY.replace(day=1), "UZ"),
            (items[2], TODAY.replace(month=TODAY.month - 1), "UZ"),  # last month: not counted
        ):
            store.create(
                "postponement",
                {
                    "item": item.uuid,
                    "postponed_on": on.isoformat(),
                    "new_deadline": "2027-03-01",
                    "side": side,
                },
            )
    window.refresh()
    entry = dash.progress_list.item(3)
    assert entry.text() == "Перенесено сроков в этом месяце: 3 (Узбекистан — 2, Казахстан — 1)"
    dash._activated(entry)
    assert sorted(shown_uuids(window)) == sorted(i.uuid for i in items[:2])
    assert window.roadmap.shown_note.text() == "Показаны: пункты, сроки которых перенесены в этом месяце"


def test_a_click_on_a_bar_of_the_chart_opens_what_it_counts(window, ctx, qtbot):
    chart = window.dashboard.chart
    qtbot.waitUntil(lambda: bool(chart._spots))  # painted
    rect, bar = next((r, b) for r, b in chart._spots if b.figure.isdigit())  # an executor's
    QTest.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))
    assert window.current_page() is window.roadmap
    assert len(shown_uuids(window)) == int(bar.figure)
    assert window.roadmap.shown_note.text() == f"Показаны: просрочено — {bar.label}"
