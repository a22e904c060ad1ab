"""Editors for the kinds of fields of fields.py. Each reads and writes *plain* values (fields.py):
what it cannot make sense of it hands on as typed, so that the store's validation answers with a
message next to the field."""

from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...i18n import N_, _, translate_label
from ...models import CURRENCIES, ONGOING_VALUES, TIMEZONES, DeadlineKind, Side
from ...services.fields import (
    Field,
)
from ...services.formatting import format_number
from ...services.kinds import handler
from ...services.labels import choices, label
from ...services.listing import Option
from ...services.typed import date_wanted, read_value
from .date_field import DateField

TIMEZONE_LABELS = {"Asia/Tashkent": N_("Tashkent time"), "Asia/Almaty": N_("Astana time")}
NONE_TEXT = "—"


class _WheelGuard(QObject):
    """The mouse wheel over a drop-down, number or time field that does not have the focus scrolls
    the form, as over any other part of it; it never changes the value (scrolling a project form
    used to switch its sector). Clicked or tabbed into, the field takes the wheel as usual."""

    def eventFilter(self, widget, event) -> bool:
        if event.type() != QEvent.Type.Wheel or widget.hasFocus():
            return False
        area = widget.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            QApplication.sendEvent(area.viewport(), event)
        else:
            event.ignore()  # on to the parent, which scrolls if it can
        return True


_guard: _WheelGuard | None = None


def guard_wheel(*widgets: QWidget) -> None:
    """Only a field with the focus takes the wheel; a wheel turn does not give it the focus."""
    global _guard
    if _guard is None:
        _guard = _WheelGuard(QApplication.instance())
    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(_guard)


class Editor(QWidget):
    """Base: value() and set_value() in plain values; retranslate() for visible choices."""

    edited = Signal()

    def value(self):
        raise NotImplementedError

    def set_value(self, value) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        pass

    def problem(self) -> str | None:
        """Why what was typed cannot be read, if it cannot."""
        return None

    def state(self):
        """What the field shows, to tell whether the person changed it (typed text as typed)."""
        return self.value()

    def _wrap(self, *widgets: QWidget) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)


class TextEditor(Editor):
    def __init__(self, f: Field, parent=None):
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.textEdited.connect(self.edited)
        self._wrap(self.line)
        self.setFocusProxy(self.line)

    def value(self):
        text = self.line.text().strip()
        return text or None

    def set_value(self, value) -> None:
        self.line.setText("" if value is None else str(value))


class LongTextEditor(Editor):
    def __init__(self, f: Field, parent=None):
        super().__init__(parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(52)
        self.edit.setMaximumHeight(90)
        self.edit.textChanged.connect(self.edited)
        self._wrap(self.edit)
        self.setFocusProxy(self.edit)

    def value(self):
        text = self.edit.toPlainText().strip()
        return text or None

    def set_value(self, value) -> None:
        self.edit.setPlainText("" if value is None else str(value))


class NumberEditor(TextEditor):
    """Typed numbers are read as the import reads cells (values.py): `1 500 000,50` is a number,
    `1,500` is a question only the person can answer, and the message says so under the field."""

    width = 220  # type: ignore[assignment]  # hides QWidget.width(), which no one calls on it

    def __init__(self, f: Field, parent=None):
        super().__init__(f, parent)
        self.field = f
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.line.setMaximumWidth(self.width)
        cast(QHBoxLayout, self.layout()).addStretch(1)  # _wrap made it

    def value(self):
        text = self.line.text().strip()
        try:
            return read_value(self.field, text)
        except ValueError:
            return text  # as typed: problem() says what is wrong with it

    def problem(self) -> str | None:
        try:
            read_value(self.field, self.line.text())
        except ValueError as exc:
            return str(exc)
        return None

    def state(self):
        return self.line.text().strip()


class IntEditor(NumberEditor):
    width = 160


class DecimalEditor(NumberEditor):
    def set_value(self, value) -> None:
        self.line.setText("" if value is None else format_number(Decimal(value), None, 2))


class _Optional(Editor):
    """A date or time that may be empty: a check box says whether there is one."""

    def __init__(self, f: Field, inner, parent=None):
        super().__init__(parent)
        self.inner = inner
        self.required = f.required
        self.check = QCheckBox()
        self.check.setVisible(not f.required)
        self.check.toggled.connect(self.inner.setEnabled)
        self.check.toggled.connect(self.edited)
        self.check.setChecked(True)
        self._wrap(self.check, self.inner)
        cast(QHBoxLayout, self.layout()).addStretch(1)  # _wrap made it
        self.setFocusProxy(self.inner)


class DateEditor(Editor):
    """A date typed or picked (date_field.py); empty is no date. A required date starts at today,
    as a new meeting or report usually is today's."""

    def __init__(self, f: Field, parent=None, today: date | None = None):
        super().__init__(parent)
        self.required = f.required
        self.date = DateField(today or date.today())
        self.date.edited.connect(self.edited)
        self._wrap(self.date)
        cast(QHBoxLayout, self.layout()).addStretch(1)  # _wrap made it
        self.setFocusProxy(self.date)
        self.set_value(None)

    def value(self):
        try:
            when = self.date.read()
        except ValueError:
            return self.date.text()  # as typed: problem() says what is wrong with it
        return when.isoformat() if when else None

    def set_value(self, value) -> None:
        when = date.fromisoformat(value) if isinstance(value, str) else value
        self.date.set_date(when or (self.date.today if self.required else None))

    def problem(self) -> str | None:
        try:
            self.date.read()
        except ValueError as exc:
            return str(exc)
        return None

    def state(self):
        return self.date.text()

    def retranslate(self) -> None:
        self.date.retranslate()


class TimeEditor(_Optional):
    def __init__(self, f: Field, parent=None):
        edit = QTimeEdit()
        edit.setDisplayFormat("HH:mm")
        guard_wheel(edit)
        super().__init__(f, edit, parent)
        self.set_value(None)

    def value(self):
        if not self.check.isChecked():
            return None
        return self.inner.time().toPython().strftime("%H:%M")

    def set_value(self, value) -> None:
        when = time.fromisoformat(value) if isinstance(value, str) else value
        # QTime takes a time; PySide6's stubs do not say so
        self.inner.setTime(QTime(when) if when else QTime(10, 0))  # type: ignore[arg-type]
        self.check.setChecked(when is not None or self.required)


class ComboEditor(Editor):
    """A drop-down of (value, label) choices; optional fields have an empty choice first."""

    def __init__(self, f: Field, parent=None):
        super().__init__(parent)
        self.field = f
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(18)
        self.combo.currentIndexChanged.connect(self.edited)
        guard_wheel(self.combo)
        self._wrap(self.combo)
        self.setFocusProxy(self.combo)
        self._pending = None

    def choices(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def fill(self) -> None:
        current = self.value() if self.combo.count() else self._pending
        self.combo.blockSignals(True)
        self.combo.clear()
        if not self.field.required:
            self.combo.addItem(NONE_TEXT, None)
        for value, text in self.choices():
            self.combo.addItem(text, value)
        self.combo.blockSignals(False)
        self.set_value(current)

    def value(self):
        return self.combo.currentData()

    def set_value(self, value) -> None:
        self._pending = value
        i = self.combo.findData(value)
        if i < 0 and value is not None:  # a value no longer among the choices stays visible
            self.combo.addItem(str(value), value)
            i = self.combo.count() - 1
        self.combo.setCurrentIndex(max(i, 0))

    def retranslate(self) -> None:
        self.fill()


class EnumEditor(ComboEditor):
    def __init__(self, f: Field, parent=None):
        super().__init__(f, parent)
        self.fill()

    def choices(self):
        assert self.field.enum is not None  # an enum field names its enum
        return choices(self.field.enum)


class CurrencyEditor(ComboEditor):
    def __init__(self, f: Field, parent=None):
        super().__init__(f, parent)
        self.combo.setMinimumContentsLength(5)
        self.fill()

    def choices(self):
        return [(c, c) for c in CURRENCIES]


class TimezoneEditor(ComboEditor):
    def __init__(self, f: Field, parent=None):
        super().__init__(f, parent)
        self.fill()

    def choices(self):
        return [(tz, translate_label(TIMEZONE_LABELS[tz])) for tz in TIMEZONES]


class RefEditor(ComboEditor):
    def __init__(self, f: Field, options: list[Option], parent=None):
        super().__init__(f, parent)
        self.options = options
        self.combo.setMinimumContentsLength(30)
        self.fill()

    def choices(self):
        return [(o.uuid, o.label) for o in self.options]


class BoolEditor(Editor):
    def __init__(self, f: Field, parent=None):
        super().__init__(parent)
        self.check = QCheckBox()
        self.check.toggled.connect(self.edited)
        self._wrap(self.check)

    def value(self):
        return self.check.isChecked()

    def set_value(self, value) -> None:
        self.check.setChecked(bool(value))


class CheckList(QWidget):
    """Checkable records with a filter line when the list is long."""

    changed = Signal()

    def __init__(self, options: list[Option], title: str | None = None, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(title or "")
        self.title.setVisible(bool(title))
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setVisible(len(options) > 8)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setMinimumHeight(90)
        self.list.setMaximumHeight(150)
        for option in options:
            item = QListWidgetItem(option.label)
            item.setData(Qt.ItemDataRole.UserRole, option.uuid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(self.changed)
        for widget in (self.title, self.search, self.list):
            layout.addWidget(widget)

    def _filter(self, text: str) -> None:
        from ...services.labels import fold

        needle = fold(text)
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in fold(item.text()))

    def checked(self) -> list[str]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, uuids) -> None:
        wanted = set(uuids or [])
        for i in range(self.list.count()):
            item = self.list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Filter…"))


class RefsEditor(Editor):
    """Several records. People and organizations of both sides are shown in two lists, one per
    side (participants, speakers, responsible agencies)."""

    def __init__(self, f: Field, options: list[Option], parent=None):
        super().__init__(parent)
        self.field = f
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        split = f.side is None and any(o.side for o in options)
        self.lists: dict[Side | None, CheckList] = {}
        if split:
            for side in Side:
                self.lists[side] = CheckList([o for o in options if o.side == side], label(side))
        else:
            self.lists[None] = CheckList(options)
        for checklist in self.lists.values():
            checklist.changed.connect(self.edited)
            layout.addWidget(checklist)
        self.retranslate()

    def value(self):
        return sorted(uuid for checklist in self.lists.values() for uuid in checklist.checked())

    def set_value(self, value) -> None:
        for checklist in self.lists.values():
            checklist.set_checked(value)

    def retranslate(self) -> None:
        for side, checklist in self.lists.items():
            if side is not None:
                checklist.title.setText(label(side))
            checklist.retranslate()


class DeadlineEditor(Editor):
    """No deadline, a date, a quarter of a year, permanently, or at a rhythm (quarterly …)."""

    def __init__(self, f: Field, parent=None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.kind = QComboBox()
        self.date = DateField(self.today)
        self.date.set_date(self.today)
        self.quarter = QComboBox()
        for q, roman in enumerate(("I", "II", "III", "IV"), start=1):
            self.quarter.addItem(roman, q)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.today.year)
        guard_wheel(self.kind, self.quarter, self.year)
        self._wrap(self.kind, self.date, self.quarter, self.year)
        cast(QHBoxLayout, self.layout()).addStretch(1)  # _wrap made it
        self.kind.currentIndexChanged.connect(self._show_parts)
        for signal in (
            self.kind.currentIndexChanged,
            self.date.edited,
            self.quarter.currentIndexChanged,
            self.year.valueChanged,
        ):
            signal.connect(self.edited)
        self.setFocusProxy(self.kind)
        self.retranslate()

    def retranslate(self) -> None:
        current = self.kind.currentData() or DeadlineKind.NONE.value
        self.kind.blockSignals(True)
        self.kind.clear()
        for value, text in choices(DeadlineKind):
            self.kind.addItem(text, value)
        self.kind.setCurrentIndex(self.kind.findData(current))
        self.kind.blockSignals(False)
        self.date.retranslate()
        self._show_parts()

    def _show_parts(self) -> None:
        kind = self.kind.currentData()
        self.date.setVisible(kind == DeadlineKind.DATE.value)
        self.quarter.setVisible(kind == DeadlineKind.QUARTER.value)
        self.year.setVisible(kind == DeadlineKind.QUARTER.value)

    def value(self):
        kind = self.kind.currentData()
        if kind == DeadlineKind.DATE.value:
            try:
                when = self.date.read()
            except ValueError:
                return self.date.text()  # as typed: problem() says what is wrong with it
            return when.isoformat() if when else None
        if kind == DeadlineKind.QUARTER.value:
            return f"{self.year.value()}-Q{self.quarter.currentData()}"
        return kind if kind in ONGOING_VALUES else None  # permanent, quarterly …

    def set_value(self, value) -> None:
        kind = DeadlineKind.NONE
        if value in ONGOING_VALUES:
            kind = DeadlineKind(value)
        elif value and "-Q" in value:
            year, quarter = value.split("-Q")
            kind = DeadlineKind.QUARTER
            self.year.setValue(int(year))
            self.quarter.setCurrentIndex(int(quarter) - 1)
        elif value:
            kind = DeadlineKind.DATE
            self.date.set_date(date.fromisoformat(value))
        self.kind.setCurrentIndex(self.kind.findData(kind.value))
        self._show_parts()

    def problem(self) -> str | None:
        if self.kind.currentData() != DeadlineKind.DATE.value:
            return None
        try:
            when = self.date.read()
        except ValueError as exc:
            return str(exc)
        return None if when else date_wanted(self.today)

    def state(self):
        typed = self.date.text() if self.kind.currentData() == DeadlineKind.DATE.value else None
        return self.value(), typed


# The editor of each kind of field (kinds.py names it in `editor`).
EDITORS: dict[str, Callable[..., Editor]] = {  # the classes, whose arguments differ
    "text": TextEditor,
    "longtext": LongTextEditor,
    "int": IntEditor,
    "decimal": DecimalEditor,
    "date": DateEditor,
    "time": TimeEditor,
    "enum": EnumEditor,
    "bool": BoolEditor,
    "currency": CurrencyEditor,
    "timezone": TimezoneEditor,
    "ref": RefEditor,
    "refs": RefsEditor,
    "deadline": DeadlineEditor,
}


def make_editor(f: Field, options: list[Option] | None = None, today: date | None = None) -> Editor:
    editor = EDITORS[handler(f).editor]
    if editor in (RefEditor, RefsEditor):
        return editor(f, options or [])
    if editor in (DateEditor, DeadlineEditor):
        return editor(f, today=today)
    return editor(f)
