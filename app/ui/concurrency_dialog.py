"""Someone else saved the record while it was open here: who and when, both values of every field
both changed, and the person chooses which to keep. Nothing is written until they do."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _
from ..services.database.concurrency import ConcurrentChange
from ..services.fields import ENTITIES
from ..services.formatting import format_moment
from ..services.sources import operator_label

SAVED, BACK, DELETED = "saved", "back", "deleted"
SHOWN_LENGTH = 600  # a page of minutes is cut in the dialog; the choice keeps the whole text


class _Choice(QWidget):
    """A radio button with its value as wrapped text beside it; clicking the text chooses too."""

    def __init__(self, text: str, group: QButtonGroup, name: str):
        super().__init__()
        self.radio = QRadioButton()
        self.radio.setObjectName(name)
        group.addButton(self.radio)
        self.label = QLabel(text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setMinimumWidth(220)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.radio, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1, Qt.AlignmentFlag.AlignTop)

    def mousePressEvent(self, event) -> None:
        self.radio.setChecked(True)
        super().mousePressEvent(event)


class ConcurrencyDialog(QDialog):
    """`clash`: the ConcurrentChange; `mine`: the values the person is saving."""

    def __init__(self, parent, ctx, clash: ConcurrentChange, mine: dict[str, Any]):
        super().__init__(parent)
        self.setObjectName("concurrency_dialog")
        self.clash = clash
        self.mine = dict(mine)
        self.setWindowTitle(_("Saved by someone else meanwhile"))
        who = operator_label(clash.who)
        when = format_moment(clash.when) if clash.when else "?"
        layout = QVBoxLayout(self)
        head = QLabel(
            _("{who} changed {record} at {when}, after it was opened here.").format(
                who=f"<b>{_escape(who)}</b>", record=_escape(clash.label), when=when
            )
        )
        head.setObjectName("who")
        head.setWordWrap(True)
        layout.addWidget(head)
        entity = ENTITIES[clash.entity]
        self.groups: dict[str, tuple[QButtonGroup, QRadioButton, QRadioButton]] = {}
        if clash.clashes:
            intro = QLabel(_("You both changed these fields. Choose, field by field, which value to keep:"))
            intro.setWordWrap(True)
            layout.addWidget(intro)
            grid_widget = QWidget()
            grid = QGridLayout(grid_widget)
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(2, 1)
            for column, text in enumerate((_("Field"), _("Saved by {who}").format(who=who), _("Yours"))):
                title = QLabel(f"<b>{_escape(text)}</b>")
                title.setWordWrap(True)
                grid.addWidget(title, 0, column)
            shown = _shower(ctx)
            for row, item in enumerate(clash.clashes, start=1):
                field = entity.field(item.key)
                name = QLabel(_field_label(field))
                name.setWordWrap(True)
                name.setAlignment(Qt.AlignmentFlag.AlignTop)
                group = QButtonGroup(self)
                theirs = _Choice(shown(field, item.theirs), group, f"theirs_{item.key}")
                yours = _Choice(shown(field, item.mine), group, f"mine_{item.key}")
                group.buttonToggled.connect(self._update)
                self.groups[item.key] = (group, theirs.radio, yours.radio)
                grid.addWidget(name, row, 0)
                grid.addWidget(theirs, row, 1, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(yours, row, 2, Qt.AlignmentFlag.AlignTop)
            grid.setRowStretch(len(clash.clashes) + 1, 1)  # the rows stay together at the top
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(grid_widget)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            layout.addWidget(scroll, 1)
        others = [k for k in self.mine if k not in {c.key for c in clash.clashes}]
        if others:
            note = QLabel(
                _("Your other changes are saved with theirs: {fields}.").format(
                    fields=", ".join(_field_label(entity.field(k)) for k in others)
                )
            )
            note.setObjectName("saved_too")
            note.setWordWrap(True)
            layout.addWidget(note)
        if clash.kept:
            kept = QLabel(
                _("They also changed, and this stays as they saved it: {fields}.").format(
                    fields=", ".join(_field_label(entity.field(k)) for k in clash.kept)
                )
            )
            kept.setObjectName("kept")
            kept.setWordWrap(True)
            layout.addWidget(kept)
        self.buttons = QDialogButtonBox()
        self.save = self.buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save.setObjectName("save")
        back = self.buttons.addButton(_("Back to the form"), QDialogButtonBox.ButtonRole.RejectRole)
        back.setObjectName("back")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.resize(820, min(600, 220 + 90 * len(clash.clashes)))
        self._update()

    def _update(self, *args) -> None:
        self.save.setEnabled(all(group.checkedButton() is not None for group, _t, _m in self.groups.values()))

    def choose(self, key: str, mine: bool) -> None:
        _group, theirs, yours = self.groups[key]
        (yours if mine else theirs).setChecked(True)

    def values(self) -> dict[str, Any]:
        """What to save now on their version: the person's values, except where they chose theirs."""
        chosen = dict(self.mine)
        for key, (_group, theirs, _yours) in self.groups.items():
            if theirs.isChecked():
                chosen.pop(key, None)
        return chosen


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _field_label(field) -> str:
    from ..i18n import translate_label

    text = translate_label(field.label)
    return f"{text} ({field.lang.upper()})" if field.lang else text


def _shower(ctx) -> Callable[[Any, Any], str]:
    from ..services.history import readable
    from ..services.record_names import Names

    names = Names(ctx.session, ctx.lang)
    return lambda field, value: readable(field, value, names, ctx.lang)


def save_over_others(
    parent,
    ctx,
    save: Callable[[dict[str, Any], int | None, dict[str, Any] | None], Any],
    values: dict[str, Any],
    version: int | None,
    base: dict[str, Any] | None,
) -> str:
    """`save(values, version, base)`; when someone else saved the record meanwhile, the person sees
    both values and chooses, and their choice is saved on the version they have now seen (again,
    if yet another save came between). SAVED; BACK when they went back to the form, DELETED when
    the record was deleted meanwhile (they were told): nothing was saved."""
    while True:
        try:
            save(values, version, base)
            return SAVED
        except ConcurrentChange as clash:
            if clash.deleted:
                box = QMessageBox(
                    QMessageBox.Icon.Warning, _("Saved by someone else meanwhile"), str(clash), parent=parent
                )
                box.setObjectName("deleted_meanwhile")
                box.setInformativeText(_("Your changes cannot be saved into a deleted record."))
                box.exec()
                ctx.others_changed()
                return DELETED
            dialog = ConcurrencyDialog(parent, ctx, clash, values)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return BACK
            values, version, base = dialog.values(), clash.version, clash.theirs
            if not values:
                ctx.others_changed()  # theirs everywhere: nothing to write, their version shown
                return SAVED
