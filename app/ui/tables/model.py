"""A table of records for Qt: every row's texts, sort keys and folded search text are computed
once when the records are loaded (or the language changes), so that typing in the search box
and sorting never touch the database and stay fast on 10 000 rows. The model itself shows only
the rows the search and filters let through: a filter proxy would ask Python about every row on
each keystroke."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from ...i18n import N_, current_language, translate_label
from ...services.labels import OVERDUE, fold

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # "overdue", "due_soon" or ""
VERSION_ROLE = Qt.ItemDataRole.UserRole + 3  # the version of the record a row shows

DISPLAY = Qt.ItemDataRole.DisplayRole
HANDLED_ROLES = frozenset(
    {
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        UUID_ROLE,
        STATE_ROLE,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
    }
)
# Column titles wrap onto a second line (with the header's room for it, view.py) rather than
# being cut; the alignment is the model's, as a header's saved state refuses a wrapping default.
HEADER_ALIGNMENT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)
OVERDUE_BACKGROUND = QColor("#f8d7da")
DUE_SOON_BACKGROUND = QColor("#fff3cd")
# The marker beside a roadmap item's status: it stays visible on a selected row, whose background
# is the selection's colour, and says the deadline's state without a second column.
MARKER_COLORS = {"overdue": "#c62828", "due_soon": "#e6a100"}
DUE_SOON = N_("Due within 30 days")
STATE_LABELS: dict[str, str | tuple[str, str]] = {"overdue": OVERDUE, "due_soon": DUE_SOON}
_markers: dict[str, QIcon] = {}


def marker(state: str) -> QIcon | None:
    """A round mark in the state's colour (made on first use: a pixmap needs the application)."""
    if state not in MARKER_COLORS:
        return None
    if state not in _markers:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(MARKER_COLORS[state]))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        _markers[state] = QIcon(pixmap)
    return _markers[state]


def header_data(titles, section: int, orientation, role):
    """A column's title (of `titles`, msgids) as the header asks for it: its text, also as the
    tooltip of a title cut short, and its wrapping alignment. Nothing for the rows' header."""
    if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(titles):
        return None
    if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
        return translate_label(titles[section])
    return HEADER_ALIGNMENT if role == Qt.ItemDataRole.TextAlignmentRole else None


def state_label(state: str, lang: str | None = None) -> str:
    """ "Overdue", "Due within 30 days", or "" for an item without either."""
    return translate_label(STATE_LABELS[state], lang) if state in STATE_LABELS else ""


def with_state(text: str, state: str) -> str:
    """A status cell's tooltip: the status and the deadline's state."""
    words = state_label(state)
    return f"{text} — {words}" if words and text else text


@dataclass(frozen=True)
class Render:
    """What a cell's text depends on besides the record."""

    lang: str
    today: date
    # Labels of records many rows show (executors, partners), worked out once per rendering.
    labels: dict = field(default_factory=dict, compare=False)
    _last_deadline: list = field(default_factory=lambda: [None, ""], compare=False, repr=False)
    # One object for equal texts and facets of many rows (statuses, executors, deadlines, the
    # measure of a sub-item): ten thousand rows keep far fewer strings and dicts (issue 21). A
    # model that renders its rows in batches gives the same dict to each batch's Render.
    shared: dict = field(default_factory=dict, compare=False, repr=False)

    def texts(self, texts: list[str]) -> list[str]:
        """`texts`, each the one string kept for its value. Rows keep them, never change them."""
        shared = self.shared
        return [shared.setdefault(text, text) for text in texts]

    def facets(self, facets: dict[str, Any]) -> dict[str, Any]:
        """The one dict kept for these facets (values that cannot be hashed: `facets` itself).
        Rows keep them, never change them."""
        try:
            key = ("facets", *facets, *facets.values())  # flat: one tuple a distinct dict
            return self.shared.setdefault(key, facets)
        except TypeError:
            return facets

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
    marks_state: bool = False  # the row's deadline state is marked in this cell


@dataclass(eq=False, slots=True)  # rows are found by identity; thousands of them: no dict each
class Row:
    """What a row shows of its record, and the record's `version` it shows: the record itself is
    not kept (ten thousand of them, with their relations, weigh more than the table); an edit or
    a deletion started from the row is checked against that version."""

    uuid: str
    version: int | None
    texts: list[str]
    sort_keys: list[Any]  # what the columns with a sort of their own sort by (None: the others)
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
        self.titles = [column.label for column in spec.columns]
        self.today = today
        self.rows: list[Row] = []  # every record's row, in the table's order
        self.shown: list[Row] = []  # the rows the search and filters let through, in that order
        self.terms: list[str] = []
        self.filters: dict[str, Any] = {}  # facet key → wanted value
        self._by_uuid: dict[str | None, Row] = {}  # None finds nothing (index_of)
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # ---- loading ------------------------------------------------------------------------------

    def set_records(self, records: Iterable) -> None:
        """Rows of `records` (any iterable: a large list's records come in parts and go once
        their rows are made, listing.records_in_parts)."""
        self.beginResetModel()
        render = Render(current_language(), self.today())
        self.rows = [self._row(record, render) for record in records]
        self._by_uuid = {row.uuid: row for row in self.rows}
        self._apply_sort()
        self._choose()
        self.endResetModel()

    def retranslate(self, records: Iterable) -> None:
        """Statuses, dates and names are shown in the new language: rows computed again, of the
        `records` read again (texts and version alike as saved now)."""
        self.set_records(records)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.spec.columns) - 1))

    def _row(self, record, render: Render) -> Row:
        texts = render.texts([c.text(record, render) or "" for c in self.spec.columns])
        # A column sorted by its text is sorted by the folded text, worked out when it is sorted:
        # kept for every row and column, those keys weighed several MB at ten thousand rows.
        keys = [c.sort(record, render) if c.sort else None for c in self.spec.columns]
        state = self.spec.state(record, render)
        # The state's words too: "overdue" typed in the search finds the overdue items.
        words = [*texts, *_all_languages(record), self.spec.extra_search(record)]
        words.append(state_label(state, render.lang))
        # Each text once (the measure shown is also one of its languages): a search's words hold
        # no space, so they are found in one text or not at all.
        words = list(dict.fromkeys(words))
        return Row(
            uuid=record.uuid,
            version=record.version,
            texts=texts,
            sort_keys=keys,
            search=fold(" ".join(words)),
            facets=render.facets(self.spec.facets(record, render)),
            state=state,
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

    def data(self, index: QModelIndex | QPersistentModelIndex, role=DISPLAY):
        # Called for every visible cell and role at each repaint: the common answers come first.
        if role == DISPLAY:
            return self.shown[index.row()].texts[index.column()]
        if role not in HANDLED_ROLES:
            return None
        row = self.shown[index.row()]
        marks = self.spec.columns[index.column()].marks_state
        if role == Qt.ItemDataRole.DecorationRole:
            return marker(row.state) if marks else None
        if role == Qt.ItemDataRole.ToolTipRole:
            text = row.texts[index.column()]
            if marks and row.state:
                return with_state(text, row.state)
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
        return header_data(self.titles, section, orientation, role)

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
        if self.spec.columns[column].sort is not None:
            keys = [_sort_key(row.sort_keys[column]) for row in self.rows]
        else:
            keys = [_sort_key(fold(row.texts[column])) for row in self.rows]
        order_of = sorted(
            range(len(self.rows)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder
        )
        self.rows = [self.rows[i] for i in order_of]

    def index_of(self, uuid: str | None) -> QModelIndex:
        """Where the record is shown; invalid when it is not (or the search and filters hide it)."""
        row = self._by_uuid.get(uuid)
        try:  # a scan by identity, in C: no map of the shown rows to build on every keystroke
            return self.index(self.shown.index(row), 0) if row is not None else QModelIndex()
        except ValueError:
            return QModelIndex()

    def uuid_at(self, index: QModelIndex) -> str | None:
        return self.shown[index.row()].uuid if index.isValid() else None

    def version_of(self, uuid: str | None) -> int | None:
        """The version of the record its row shows (None: no such row)."""
        row = self._by_uuid.get(uuid)
        return row.version if row is not None else None


def _all_languages(record) -> list[str]:
    """Every language of the record's translatable texts: a search finds a name typed in any."""
    parts = []
    for name in ("name", "full_name", "measure", "title", "text", "short_name", "code", "number"):
        for suffix in ("_ru", "_uz", "_kk", ""):
            value = getattr(record, name + suffix, None)
            if isinstance(value, str) and value:
                parts.append(value)
    return parts


def facet_matches(value: Any, wanted: Any) -> bool:
    if isinstance(value, (set, frozenset, list, tuple)):
        return wanted in value
    return value == wanted
