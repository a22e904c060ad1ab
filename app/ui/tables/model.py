"""A table of records for Qt: every row's texts, sort keys and folded search text are computed
once when the records are loaded (or the language changes), so that typing in the search box
and sorting never touch the database and stay fast on 10 000 rows. The model itself shows only
the rows the search and filters let through: a filter proxy would ask Python about every row on
each keystroke."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
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


@dataclass(eq=False)  # rows are found by identity
class Row:
    record: Any
    uuid: str
    texts: list[str]
    sort_keys: list[Any]
    search: str
    facets: dict[str, Any] = field(default_factory=dict)
    state: str = ""


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
        self.rows: list[Row] = []  # every record's row, in the table's order
        self.shown: list[Row] = []  # the rows the search and filters let through, in that order
        self.terms: list[str] = []
        self.filters: dict[str, Any] = {}  # facet key → wanted value
        self._by_uuid: dict[str, Row] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # ---- loading ------------------------------------------------------------------------------

    def set_records(self, records: list) -> None:
        self.beginResetModel()
        render = Render(current_language(), self.today())
        self.rows = [self._row(record, render) for record in records]
        self._by_uuid = {row.uuid: row for row in self.rows}
        self._apply_sort()
        self._choose()
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

    # ---- search and filters -------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        self.terms = fold(text).split()
        self._refilter()

    def set_filter(self, key: str, value: Any) -> None:
        if value is None or value == "" or value is False:
            self.filters.pop(key, None)
        else:
            self.filters[key] = value
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._choose()
        self.endResetModel()

    def _choose(self) -> None:
        chosen = self.rows
        for term in self.terms:  # one cheap pass per word, over the rows still in the running
            chosen = [row for row in chosen if term in row.search]
        for key, wanted in self.filters.items():
            chosen = [row for row in chosen if facet_matches(row.facets.get(key), wanted)]
        self.shown = chosen

    def total(self) -> int:
        return len(self.rows)

    # ---- Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.spec.columns)

    def data(self, index: QModelIndex, role=DISPLAY):
        # Called for every visible cell and role at each repaint: the common answers come first.
        if role == DISPLAY:
            return self.shown[index.row()].texts[index.column()]
        if role not in HANDLED_ROLES:
            return None
        row = self.shown[index.row()]
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
        old = {id(row): i for i, row in enumerate(self.shown)}
        self._apply_sort()
        self._choose()
        new = {id(row): i for i, row in enumerate(self.shown)}
        moved = {old[key]: new[key] for key in old}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(moved[i.row()], i.column()) for i in persistent]
        )
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        if not 0 <= column < len(self.spec.columns):
            return
        self.rows.sort(key=lambda r: r.sort_keys[column], reverse=order == Qt.SortOrder.DescendingOrder)

    def index_of(self, uuid: str | None) -> QModelIndex:
        """Where the record is shown; invalid when it is not (or the search and filters hide it)."""
        row = self._by_uuid.get(uuid)
        try:  # a scan by identity, in C: no map of the shown rows to build on every keystroke
            return self.index(self.shown.index(row), 0) if row is not None else QModelIndex()
        except ValueError:
            return QModelIndex()

    def uuid_at(self, index: QModelIndex) -> str | None:
        return self.shown[index.row()].uuid if index.isValid() else None


def _all_languages(record) -> str:
    """Every language of the record's translatable texts: a search finds a name typed in any."""
    parts = []
    for name in ("name", "full_name", "measure", "title", "text", "short_name", "code", "number"):
        for suffix in ("_ru", "_uz", "_kk", ""):
            value = getattr(record, name + suffix, None)
            if isinstance(value, str) and value:
                parts.append(value)
    return " ".join(parts)


def facet_matches(value: Any, wanted: Any) -> bool:
    if isinstance(value, (set, frozenset, list, tuple)):
        return wanted in value
    return value == wanted
