"""Tables: search as you type (Uzbek apostrophes, Cyrillic case), filters, sorting, settings
remembered, and speed on 10 000 rows."""

from datetime import timedelta

from PySide6.QtCore import Qt

from app.models import Organization, RoadmapItem, RoadmapStatus, number_sort_key
from app.ui.tables.columns import ROADMAP
from app.ui.tables.model import UUID_ROLE, RecordTableModel
from app.ui.tables.page import RecordTablePage
from tests.conftest import TODAY
from tests.ui.conftest import item_of, visible_rows


def test_search_ignores_uzbek_apostrophes(window, qtbot):
    page = window.organizations
    window.show_page("references")
    total = page.model.rowCount()
    counts = {}
    for typed in ("Oʻzbekiston", "O'zbekiston", "O‘zbekiston", "Ozbekiston", "OZBEKISTON"):
        page.search.clear()
        if typed.isascii():  # typed key by key, as a person does
            qtbot.keyClicks(page.search, typed)
        else:  # QTest cannot type these letters; pasting them is the same for the search box
            page.search.setText(typed)
        counts[typed] = page.model.rowCount()
    assert len(set(counts.values())) == 1, counts
    assert 0 < counts["Oʻzbekiston"] < total
    page.search.clear()
    assert page.model.rowCount() == total


def test_search_ignores_cyrillic_case(window, qtbot):
    window.show_page("projects")
    page = window.projects
    for typed in ("КОНСЕРВНЫЙ", "консервный", "Консервный"):
        page.search.setText(typed)
        rows = visible_rows(page)
        assert len(rows) == 1 and "консервный" in rows[0][1].lower()
    page.search.setText("ӨНДІРІСІ")
    kazakh_upper = page.model.rowCount()
    page.search.setText("өндірісі")
    assert page.model.rowCount() == kazakh_upper > 0  # names in Kazakh are searched too
    assert "13" in page.count.text()


def test_filters_and_sorting(window, qtbot):
    window.show_page("projects")
    page = window.projects
    page.filters.select("status", "construction")
    rows = visible_rows(page)
    assert len(rows) == 3 and {r[3] for r in rows} == {"Строительство"}
    page.filters.select("status", None)
    assert page.model.rowCount() == 13
    cost = next(i for i, c in enumerate(page.spec.columns) if c.key == "total_cost")
    page.table.sortByColumn(cost, Qt.SortOrder.DescendingOrder)
    amounts = [page.record(page.model.shown[r].uuid).total_cost for r in range(13)]
    assert amounts == sorted(amounts, reverse=True)
    page.search.setText("завод")  # a search keeps the order chosen
    amounts = [page.record(page.model.shown[r].uuid).total_cost for r in range(page.model.rowCount())]
    assert 0 < len(amounts) < 13 and amounts == sorted(amounts, reverse=True)

    window.show_page("roadmap")
    tree = window.roadmap
    tree.filters.select("overdue", True)
    assert tree.shown_view() is tree.matches
    found = tree.matches.model()
    shown = [found.index(r, 0).data(UUID_ROLE) for r in range(found.rowCount())]
    overdue = [item_of(window, n).uuid for n in tree.model.nodes if item_of(window, n).is_overdue(TODAY)]
    assert shown and shown == overdue  # exactly the overdue items, in the roadmap's order
    assert tree.visible_count() == len(overdue)
    tree.filters.select("overdue", False)
    assert tree.visible_count() == len(tree.model.nodes) > len(overdue)


def test_column_widths_and_sort_are_remembered(ctx, qtbot):
    page = RecordTablePage(ctx, "organization")
    qtbot.addWidget(page)
    page.show()
    page.table.setColumnWidth(1, 333)
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    again = RecordTablePage(ctx, "organization")
    qtbot.addWidget(again)
    again.show()
    header = again.table.horizontalHeader()
    assert header.sectionSize(1) == 333
    assert header.sortIndicatorSection() == 2
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    sides = [row.texts[2] for row in again.model.rows]
    assert sides == sorted(sides, reverse=True)


def test_search_and_sort_on_ten_thousand_rows(qapp, qtbot):
    """10 000 roadmap items typed at letter by letter find the right rows and sort by number
    (how fast it answers is measured by tools/bench.py, not by a test)."""
    from PySide6.QtWidgets import QTableView

    uz = Organization(
        uuid="o1", side="UZ", kind="ministry", short_name_ru="Минсельхоз РУз", name_ru="Министерство"
    )
    items = []
    for i in range(10_000):
        item = RoadmapItem(
            uuid=f"r{i}",
            number=f"{i // 100 + 1}.{i % 100 + 1}",
            kind="measure",
            measure_ru=f"Мероприятие {i} по проекту «Oʻzbekiston–Qozogʻiston» (лот q{i % 97}x)",
            deadline_kind="date",
            deadline_date=TODAY + timedelta(days=i % 400 - 200),
            status=RoadmapStatus.IN_PROGRESS,
        )
        item.executors = [uz]
        items.append(item)
    model = RecordTableModel(ROADMAP, lambda: TODAY)
    model.set_records(items)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1000, 700)
    view.show()
    qapp.processEvents()
    typed = ""
    for char in "o'zbekiston q42x":  # letter by letter, as typed; timings are the benchmark's job
        typed += char
        model.set_search(typed)
        qapp.processEvents()  # and the table repainted
    assert model.rowCount() == sum(1 for i in range(10_000) if i % 97 == 42)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    qapp.processEvents()
    numbers = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert numbers == sorted(numbers, key=number_sort_key, reverse=True)
    model.set_search("")
    assert model.rowCount() == model.total() == 10_000


def test_the_chosen_row_stays_chosen_while_the_search_shows_it(window):
    window.show_page("projects")
    page = window.projects
    target = [row for row in page.model.shown if "завод" in row.search][-1]
    assert page.select_uuid(target.uuid)
    page.search.setText("завод")  # several projects, the chosen one among them
    assert 1 < page.model.rowCount() < page.model.total()
    assert page.selected_uuid() == target.uuid
    page.search.setText(target.texts[0])
    assert page.model.rowCount() == 1 and page.selected_uuid() == target.uuid
    page.search.setText("жжжжж")
    assert page.model.rowCount() == 0 and page.selected_uuid() is None


def test_the_status_cell_says_the_status_and_marks_the_deadline(window):
    """ "Выполняется · Просрочено" was cut to "Bajarilmoqda · Mudd…": the status is the text, the
    deadline's state a coloured mark beside it (visible on a selected row too), both in its tooltip;
    typing the state's word still finds the items."""
    from PySide6.QtGui import QIcon

    from app.services.labels import label

    window.show_page("roadmap")
    for model, at in (
        (window.roadmap.model, lambda uuid: window.roadmap.model.index_of(uuid)),
        (window.roadmap.list_page.model, lambda uuid: window.roadmap.list_page.model.index_of(uuid)),
    ):
        if model is window.roadmap.list_page.model:
            window.roadmap.list_page.reload()
        nodes = window.roadmap.model.nodes
        overdue = item_of(window, next(n for n in nodes if n.state == "overdue"))
        soon = item_of(window, next(n for n in nodes if n.state == "due_soon"))
        plain = item_of(
            window, next(n for n in nodes if n.state == "" and item_of(window, n).kind.value == "measure")
        )
        status = at(overdue.uuid).siblingAtColumn(5)
        assert status.data(Qt.ItemDataRole.DisplayRole) == label(overdue.status)
        assert isinstance(status.data(Qt.ItemDataRole.DecorationRole), QIcon)
        assert status.data(Qt.ItemDataRole.ToolTipRole).endswith("— Просрочено")
        soon_status = at(soon.uuid).siblingAtColumn(5)
        assert soon_status.data(Qt.ItemDataRole.ToolTipRole).endswith("— Срок в ближайшие 30 дней")
        assert at(plain.uuid).siblingAtColumn(5).data(Qt.ItemDataRole.DecorationRole) is None
    window.roadmap.search.setText("просрочено")
    assert window.roadmap.visible_count() == sum(
        1 for n in window.roadmap.model.nodes if n.state == "overdue"
    )


def test_column_headers_wrap_and_have_tooltips(window):
    window.show_page("roadmap")
    for header in (window.roadmap.tree.header(), window.projects.table.horizontalHeader()):
        assert (
            header.model().headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole)
            & Qt.TextFlag.TextWordWrap
        )
        assert header.height() >= 2 * header.fontMetrics().lineSpacing()
    model = window.roadmap.model
    assert (
        model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        == "Исполнители (Узбекистан)"
    )
    projects = window.projects.model
    assert (
        projects.headerData(7, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        == "Партнёры (Узбекистан)"
    )
