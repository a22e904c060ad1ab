"""The first page: projects by status and by sector, the next meeting, the roadmap at a glance
(progress per side, postponements this month, overdue items per executor, with a chart), overdue
roadmap items, items due within 30 days. Every entry opens what it counts."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _
from ..models import Side
from ..services.dashboard import DUE_SOON_DAYS, Dashboard, dashboard
from ..services.dashboard_roadmap import side_items
from ..services.formatting import deadline_text, format_date
from ..services.labels import label
from .bar_chart import DONE, OVERDUE, Bar, BarChart, Group
from .empty_state import EmptyState, Starts
from .lazy import LoadsWhenShown

SHOWN_ITEMS = 100  # a long list helps nobody on a dashboard; the roadmap's filters show them all

TARGET_ROLE = Qt.ItemDataRole.UserRole


class DashboardView(LoadsWhenShown, QWidget):
    """`navigate(kind, key, value)` is the main window's: ('projects', 'status', 'launched'),
    ('roadmap_item', None, uuid), ('meeting', None, uuid), and ('roadmap_items', None, (note,
    items)) for exactly the items an entry counts: `items()` their uuids, `note()` what they are."""

    def __init__(
        self,
        ctx,
        navigate: Callable[[str, str | None, str | None], None],
        starts: Starts | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.navigate = navigate
        self.dirty = True
        self.setObjectName("page_dashboard")
        self.status_list = self._list("by_status")
        self.sector_list = self._list("by_sector")
        self.overdue_list = self._list("overdue")
        self.soon_list = self._list("due_soon")
        self.meeting_list = self._list("next_meeting")
        self.progress_list = self._list("progress")
        self.executor_list = self._list("overdue_by_executor")
        self.chart = BarChart()
        self.chart.setObjectName("chart")
        self.chart.activated.connect(lambda target: self.navigate(*target))
        self.boxes = {}
        self.content = QWidget()
        grid = QGridLayout(self.content)
        grid.setContentsMargins(0, 0, 0, 0)
        # The chart beside the figures it draws, two rows high to be readable on a 768 px screen.
        for key, widget, row, column, rows in (
            ("status", self.status_list, 0, 0, 1),
            ("sector", self.sector_list, 0, 1, 1),
            ("meeting", self.meeting_list, 0, 2, 1),
            ("progress", self.progress_list, 1, 0, 1),
            ("executors", self.executor_list, 1, 1, 1),
            ("chart", self.chart, 1, 2, 2),
            ("overdue", self.overdue_list, 2, 0, 1),
            ("soon", self.soon_list, 2, 1, 1),
        ):
            box = QGroupBox()
            inner = QVBoxLayout(box)
            inner.addWidget(widget)
            self.boxes[key] = box
            grid.addWidget(box, row, column, rows, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        grid.addWidget(self.hint, 3, 0, 1, 3)
        for row in range(3):
            grid.setRowStretch(row, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.views = QStackedWidget()
        self.views.addWidget(self.content)
        self.empty = EmptyState("dashboard", starts, starts.new_project) if starts is not None else None
        if self.empty is not None:  # a database without records: how to start, on the first page
            self.views.addWidget(self.empty)
        QVBoxLayout(self).addWidget(self.views)
        ctx.changed.connect(self._data_changed)
        self.retranslate()

    def _list(self, name: str) -> QListWidget:
        widget = QListWidget()
        widget.setObjectName(name)
        widget.setWordWrap(True)
        # Activated is Enter, and a double click where the system says so: listening to the
        # double click as well opened the entry twice.
        widget.itemActivated.connect(self._activated)
        return widget

    def retranslate(self) -> None:
        self.boxes["status"].setTitle(_("Projects by status"))
        self.boxes["sector"].setTitle(_("Projects by sector"))
        self.boxes["meeting"].setTitle(_("Next meeting"))
        self.boxes["overdue"].setTitle(_("Overdue roadmap items"))
        self.boxes["soon"].setTitle(_("Due within {days} days").format(days=DUE_SOON_DAYS))
        self.boxes["progress"].setTitle(_("Roadmap progress"))
        self.boxes["executors"].setTitle(_("Overdue items per executor"))
        self.boxes["chart"].setTitle(_("Chart"))
        self.hint.setText(_("Double-click an entry (or press Enter) to open it; in the chart, click a bar."))
        if self.empty is not None:
            self.empty.retranslate()
        if not self.dirty:
            self.reload()

    def reload(self) -> None:
        lang = self.ctx.lang
        data = dashboard(self.ctx.db, self.ctx.today())
        self.status_list.clear()
        for status, count in data.by_status:
            self._add(
                self.status_list, f"{label(status, lang)} — {count}", ("project", "status", status.value)
            )
        self.sector_list.clear()
        for sector, count in data.by_sector:
            name = sector.text("name", lang) if sector else _("No sector")
            self._add(
                self.sector_list, f"{name} — {count}", ("project", "sector", sector.uuid if sector else None)
            )
        for widget, items, flag in (
            (self.overdue_list, data.overdue, "overdue"),
            (self.soon_list, data.due_soon, "due_soon"),
        ):
            widget.clear()
            for item in items[:SHOWN_ITEMS]:
                text = f"{item.number}  {item.text('measure', lang)[:160]}  ({deadline_text(item, lang)})"
                self._add(widget, text, ("roadmap_item", None, item.uuid))
            if len(items) > SHOWN_ITEMS:  # the rest in the roadmap, filtered the same way
                more = _("… and {count} more: show them in the roadmap").format(
                    count=len(items) - SHOWN_ITEMS
                )
                self._add(widget, more, ("roadmap", flag, True))
        self.boxes["overdue"].setTitle(
            _("Overdue roadmap items") + f" ({len(data.overdue)})"
            if data.overdue
            else _("Overdue roadmap items")
        )
        self._show_roadmap_glance(data)
        self.meeting_list.clear()
        meeting = data.next_meeting
        if meeting is None:
            self.meeting_list.addItem(_("No meeting planned."))
        else:
            days = (meeting.meeting_date - self.ctx.today()).days
            when = format_date(meeting.meeting_date, lang)
            if meeting.start_time:
                when += " " + meeting.start_time.strftime("%H:%M")
            text = "\n".join(
                part
                for part in (
                    f"{meeting.code} · {when}",
                    _("Days left: {n}").format(n=days),
                    meeting.text("title", lang),
                    meeting.text("place", lang),
                    label(meeting.format, lang),
                )
                if part
            )
            self._add(self.meeting_list, text, ("meeting", None, meeting.uuid))
        self.dirty = False
        if self.empty is not None:
            self.views.setCurrentWidget(self.empty if data.empty else self.content)
            if data.empty:
                self.empty.refresh()

    # ---- the roadmap at a glance ----------------------------------------------------------------

    def _show_roadmap_glance(self, data: Dashboard) -> None:
        lang = self.ctx.lang
        self.progress_list.clear()
        sides = []
        for row in data.progress:
            name = label(row.side, lang) if row.side else _("Whole roadmap")
            percent = round(row.share * 100)
            text = _("{side}: {done} of {total} done ({percent} %)").format(
                side=name, done=row.done, total=row.total, percent=percent
            )
            target = self._items_target(
                lambda n=name: _("{what}: all items but the cancelled").format(what=n),
                lambda side=row.side: side_items(self.ctx.db, side),
            )
            self._add(self.progress_list, text, target if row.total else None)
            figure = f"{row.done} / {row.total} · {percent} %"
            sides.append(Bar(name, row.done, row.total, figure, DONE, target, outlined=True))
        postponed = data.postponed
        text = _("Deadlines postponed this month: {count}").format(count=postponed.count)
        if postponed.by_side:
            text += (
                " ("
                + ", ".join(
                    f"{label(s, lang)} — {postponed.by_side[s]}" for s in Side if s in postponed.by_side
                )
                + ")"
            )
        items = list(postponed.items)
        self._add(
            self.progress_list,
            text,
            self._items_target(lambda: _("deadlines postponed this month"), lambda: items) if items else None,
        )
        self.executor_list.clear()
        executors = []
        most = max((len(row.items) for row in data.overdue_by_executor), default=0)
        for overdue in data.overdue_by_executor:
            name = overdue.executor.label(lang) if overdue.executor else _("No executor named")
            target = self._items_target(
                lambda n=name: _("overdue — {executor}").format(executor=n), lambda uuids=overdue.items: uuids
            )
            self._add(self.executor_list, f"{name} — {len(overdue.items)}", target)
            executors.append(Bar(name, len(overdue.items), most, str(len(overdue.items)), OVERDUE, target))
        if not data.overdue_by_executor:
            self.executor_list.addItem(_("Nothing is overdue."))
        groups = [Group(_("Done of total, per side"), sides)]
        if executors:
            groups.append(Group(_("Overdue items per executor"), executors, _("… and {count} more")))
        self.chart.set_groups(groups)

    @staticmethod
    def _items_target(note, items) -> tuple:
        """Opens the roadmap showing exactly `items()`, under the note `note()`."""
        return ("roadmap_items", None, (note, items))

    def _add(self, widget: QListWidget, text: str, target) -> None:
        item = QListWidgetItem(text)
        item.setData(TARGET_ROLE, target)
        item.setToolTip(text)
        widget.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        target = item.data(TARGET_ROLE)
        if target:
            self.navigate(*target)
