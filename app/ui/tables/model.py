"""A table of records for Qt: every row's texts, sort keys and folded search text are computed
once when the records are loaded (or the language changes), so that typing in the search box
and sorting never touch the database and stay fast on 10 000 rows."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from ...i18n import current_language, translate_label
from ...services.labels import fold

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # "overdue", "due_soon" or ""

DISPLAY = Qt.ItemDataRole.DisplayRole
HANDLED_ROLES = frozenset(
    {
        Qt.ItemDataRole.ToolTipRole,
        UUID_ROLE,
        STATE_ROLE,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
    }
)
OVERDUE_BACKGROUND = QColor("#f8d7da")
DUE_SOON_BACKGROUND = QColor("#fff3cd")


@dataclass(frozen=True)
class Render:
    """What a cell's text depends on besides the record."""

    lang: str
    today: date
    # Labels of records many rows show (executors, partners), worked out once per rendering.
    labels: dict = field(default_factory=dict, compare=False)
    _last_deadline: list = field(default_factory=lambda: [None, ""], compare=False, repr=False)

    def label_of(self, record) -> str:
        text = self.labels.get(record)
        if text is None:
            text = self.labels[record] = record.label(self.lang)
        return text

    def deadline_state(self, item) -> str:
        """Whether a roadmap item is "overdue", "due_soon" or neither (""). Its status text, facets
        and mark all ask; the item's last answer is kept, so that a row works it out once."""
        last = self._last_deadline
        if last[0] is not item:
            if item.is_overdue(self.today):
                last[:] = item, "overdue"
            else:
                last[:] = item, "due_soon" if item.is_due_soon(self.today) else ""
        return last[1]


@dataclass(frozen=True)
class Column:
    key: str
    label: str | tuple[str, str]  # msgid, translated when shown
    text: Callable[[Any, Render], str]
    sort: Callable[[Any, Render], Any] | None = None  # default: the folded text
    width: int = 140
    align_right: bool = False


@dataclass
class Row:
    record: Any
    uuid: str
    texts: list[str]
    sort_keys: list[Any]
    search: str
    facets: dict[str, Any] = field(default_factory=dict)
    state: str = ""
    visible: bool = True


@dataclass(frozen=True)
class TableSpec:
    """One kind of table: its columns, what its filters look at, what marks a row."""

    entity: str
    columns: tuple[Column, ...]
    facets: Callable[[Any, Render], dict[str, Any]] = lambda record, render: {}
    state: Callable[[Any, Render], str] = lambda record, render: ""
    extra_search: Callable[[Any], str] = lambda record: ""


def _sort_key(value: Any) -> tuple:
    # None sorts last whatever the type; different types never meet in one column.
    return (1, "") if value is None or value == "" else (0, value)


class RecordTableModel(QAbstractTableModel):
    def __init__(self, spec: TableSpec, today: Callable[[], date], parent=None):
        super().__init__(parent)
        self.spec = spec
        self.today = today
        self.rows: list[Row] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.reordered: list[Callable[[], None]] = []

    # ---- loading ------------------------------------------------------------------------------

    def set_records(self, records: list) -> None:
        self.beginResetModel()
        render = Render(current_language(), self.today())
        self.rows = [self._row(record, render) for record in records]
        self._apply_sort()
        self.endResetModel()

    def retranslate(self) -> None:
        """Statuses, dates and names are shown in the new language: rows computed again."""
        self.set_records([row.record for row in self.rows])
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.spec.columns) - 1))

    def _row(self, record, render: Render) -> Row:
        texts = [c.text(record, render) or "" for c in self.spec.columns]
        keys = [
            _sort_key(c.sort(record, render) if c.sort else fold(t))
            for c, t in zip(self.spec.columns, texts, strict=True)
        ]
        search = fold(" ".join([*texts, _all_languages(record), self.spec.extra_search(record)]))
        return Row(
            record=record,
            uuid=record.uuid,
            texts=texts,
            sort_keys=keys,
            search=search,
            facets=self.spec.facets(record, render),
            state=self.spec.state(record, render),
        )

    # ---- Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.spec.columns)

    def data(self, index: QModelIndex, role=DISPLAY):
        # Called for every visible cell and role at each repaint: the common answers come first.
        if role == DISPLAY:
            return self.rows[index.row()].texts[index.column()]
        if role not in HANDLED_ROLES:
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = row.texts[index.column()]
            return text if len(text) > 40 else None
        if role == UUID_ROLE:
            return row.uuid
        if role == STATE_ROLE:
            return row.state
        if role == Qt.ItemDataRole.BackgroundRole and row.state:
            return QBrush(OVERDUE_BACKGROUND if row.state == "overdue" else DUE_SOON_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and self.spec.columns[index.column()].align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate_label(self.spec.columns[section].label)
        return None

    # ---- sorting (here, on the precomputed keys: a proxy would call data() n·log n times) -------

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = {id(row): i for i, row in enumerate(self.rows)}
        self._apply_sort()
        new = {id(row): i for i, row in enumerate(self.rows)}
        moved = {old[key]: new[key] for key in old}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(moved[i.row()], i.column()) for i in persistent]
        )
        for listener in self.reordered:  # a proxy's per-row answers follow the new order first
            listener()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        if not 0 <= column < len(self.spec.columns):
            return
        self.rows.sort(key=lambda r: r.sort_keys[column], reverse=order == Qt.SortOrder.DescendingOrder)

    def row_of(self, uuid: str) -> int | None:
        for i, row in enumerate(self.rows):
            if row.uuid == uuid:
                return i
        return None


def _all_languages(record) -> str:
    """Every language of the record's translatable texts: a search finds a name typed in any."""
    parts = []
    for name in ("name", "full_name", "measure", "title", "text", "short_name", "code", "number"):
        for suffix in ("_ru", "_uz", "_kk", ""):
            value = getattr(record, name + suffix, None)
            if isinstance(value, str) and value:
                parts.append(value)
    return " ".join(parts)


class RecordFilterProxy(QSortFilterProxyModel):
    """Search box and filters. Whether a row shows is decided in one Python pass over the
    precomputed rows; filterAcceptsRow only reads that answer. Sorting is the source model's."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.terms: list[str] = []
        self.filters: dict[str, Any] = {}  # facet key → wanted value (None: any)
        self._accepted: list[bool] = []  # per source row, in the source's order
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self.refilter)  # new rows: the search and filters apply to them too
        model.reordered.append(self._follow_order)

    def _follow_order(self) -> None:
        self._accepted = [row.visible for row in self.sourceModel().rows]

    def set_search(self, text: str) -> None:
        self.terms = fold(text).split()
        self.refilter()

    def set_filter(self, key: str, value: Any) -> None:
        if value is None or value == "" or value is False:
            self.filters.pop(key, None)
        else:
            self.filters[key] = value
        self.refilter()

    def refilter(self) -> None:
        source = self.sourceModel()
        if source is None:
            return
        self.beginFilterChange()
        rows = source.rows
        chosen = range(len(rows))
        for term in self.terms:  # one cheap pass per word, over the rows still in the running
            chosen = [i for i in chosen if term in rows[i].search]
        for key, wanted in self.filters.items():
            chosen = [i for i in chosen if facet_matches(rows[i].facets.get(key), wanted)]
        shown = set(chosen)
        for i, row in enumerate(rows):
            row.visible = i in shown
        self._accepted = [row.visible for row in source.rows]
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        # Called once per row from C++: nothing here but a list look-up.
        try:
            return self._accepted[source_row]
        except IndexError:
            return True

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def uuid_at(self, index: QModelIndex) -> str | None:
        return index.data(UUID_ROLE) if index.isValid() else None


def facet_matches(value: Any, wanted: Any) -> bool:
    if isinstance(value, (set, frozenset, list, tuple)):
        return wanted in value
    return value == wanted
