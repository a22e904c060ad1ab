"""A form for any kind of record, built from its field specs: proper editors, the three
languages of a text side by side, the validation message under its field, Save and Cancel."""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...i18n import N_, _, ngettext, translate_label
from ...models import Side
from ...services import postponements
from ...services.errors import UserError
from ...services.fields import CURRENCY, ENTITIES, MONEY, REF, REFS, Field, record_plain
from ...services.formatting import deadline_text, format_date
from ...services.kinds import handler
from ...services.labels import label as enum_label
from ...services.listing import options
from ...services.postponements import is_postponement
from ...services.validation import ValidationError, check_record
from ..concurrency_dialog import DELETED, SAVED, save_over_others
from ..geometry import fit_to_screen
from .reason_dialog import ask_reason
from .unsaved import Answer, ask_unsaved, close_quietly_unless_asked
from .widgets import Editor, make_editor

HIDDEN = {"is_demo", "minutes_status"}  # minutes are signed and unlocked by their own actions
LANG_NAMES = {"ru": N_("RU"), "uz": N_("UZ"), "kk": N_("KK")}
ERROR_STYLE = "color: #b00020;"


class RecordEditor(QWidget):
    """The editors of some fields of one kind of record, laid out label | editor, with room for
    a message under each. `fixed` values are part of the record but not shown (a report's item)."""

    def __init__(
        self,
        ctx,
        entity_key: str,
        keys: list[str] | None = None,
        fixed: dict[str, Any] | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.entity = ENTITIES[entity_key]
        self.fixed = dict(fixed or {})
        wanted = keys or [f.key for f in self.entity.fields]
        self.fields = [
            f
            for f in self.entity.fields
            if f.key in wanted and f.key not in HIDDEN and f.key not in self.fixed
        ]
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: list[tuple[QLabel, str | tuple]] = []
        self.sub_labels: list[tuple[QLabel, str]] = []
        self.original: dict[str, Any] = {}
        self._shown: dict[str, Any] = {}  # what the fields showed when loaded
        self.version: int | None = None  # of the record loaded: a save onto a later one is a clash
        self._build()

    def _options(self, f: Field):
        if f.kind not in (REF, REFS):
            return None
        assert f.ref is not None  # a reference field names its entity
        return options(self.ctx.session, f.ref, self.ctx.lang, f.side)

    def _build(self) -> None:
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        row = 0
        done_groups: set[str] = set()
        skip: set[str] = set()
        for f in self.fields:
            if f.key in skip:
                continue
            title = QLabel()
            title.setWordWrap(True)
            title.setMinimumWidth(150)
            title.setMaximumWidth(230)
            title.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.labels.append((title, f.label))
            cell = QVBoxLayout()
            cell.setSpacing(2)
            if f.group:
                if f.group in done_groups:
                    continue
                done_groups.add(f.group)
                for member in (g for g in self.fields if g.group == f.group):
                    line = QGridLayout()
                    tag = QLabel()
                    tag.setMinimumWidth(26)
                    tag.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                    assert member.lang is not None  # a group's members are its languages
                    self.sub_labels.append((tag, LANG_NAMES[member.lang]))
                    editor = self._editor(member)
                    line.addWidget(tag, 0, 0)
                    line.addWidget(editor, 0, 1)
                    line.setColumnStretch(1, 1)
                    cell.addLayout(line)
                    cell.addWidget(self._error_label(member.key))
            else:
                editor = self._editor(f)
                line = QGridLayout()
                line.addWidget(editor, 0, 0)
                if f.kind == MONEY:  # the amount and its currency on one line
                    currency = next((g for g in self.fields if g.kind == CURRENCY), None)
                    if currency is not None:
                        skip.add(currency.key)
                        line.addWidget(self._editor(currency), 0, 1)
                        line.setColumnStretch(2, 1)
                cell.addLayout(line)
                cell.addWidget(self._error_label(f.key))
                if f.kind == MONEY and "currency" in self.editors:
                    cell.addWidget(self._error_label("currency"))
            title.setBuddy(self.editors[f.key])
            grid.addWidget(title, row, 0)
            grid.addLayout(cell, row, 1)
            row += 1
        grid.setRowStretch(row, 1)
        self.retranslate()

    def _editor(self, f: Field) -> Editor:
        editor = make_editor(f, self._options(f), self.ctx.today())
        editor.setObjectName(f"editor_{f.key}")
        self.editors[f.key] = editor
        return editor

    def _error_label(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"error_{key}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        self.errors[key] = label
        return label

    def retranslate(self) -> None:
        for widget, text in self.labels:
            widget.setText(translate_label(text) + ":")
        for widget, text in self.sub_labels:
            widget.setText(translate_label(text))
        for editor in self.editors.values():
            editor.retranslate()

    # ---- values -------------------------------------------------------------------------------

    def load(self, record=None, defaults: dict[str, Any] | None = None) -> None:
        plain = record_plain(record, self.entity) if record is not None else {}
        plain.update(defaults or {})
        self.original = plain if record is not None else {}
        self.version = record.version if record is not None else None
        for key, editor in self.editors.items():
            editor.set_value(plain.get(key))
        self._shown = self.shown()

    def shown(self) -> dict[str, Any]:
        return {key: editor.state() for key, editor in self.editors.items()}

    def is_modified(self) -> bool:
        """Whether the person changed any field since the record was loaded (or saved)."""
        return self.shown() != self._shown

    def first_field(self) -> Editor | None:
        return next((e for e in self.editors.values() if e.isEnabled() and not e.isHidden()), None)

    def values(self) -> dict[str, Any]:
        """ValidationError when an editor cannot read what was typed (`1,500`): its message, and
        those of the other fields, which would otherwise come only after it is put right."""
        values = {**{key: editor.value() for key, editor in self.editors.items()}, **self.fixed}
        problems = {key: message for key, editor in self.editors.items() if (message := editor.problem())}
        if problems:
            readable = {k: v for k, v in values.items() if k not in problems}
            raise ValidationError({**check_record(self.entity, readable, self.original), **problems})
        return values

    def changed_values(self) -> dict[str, Any]:
        """Only what differs from the loaded record (all values for a new one)."""
        values = self.values()
        if not self.original:
            return values
        return {k: v for k, v in values.items() if _same(v) != _same(self.original.get(k))}

    def show_errors(self, errors: dict[str, str]) -> None:
        self.clear_errors()
        first = None
        for key, message in errors.items():
            label = self.errors.get(key)
            if label is not None:
                label.setText(message)
                label.show()
                first = first or self.editors.get(key)
        if first is not None:
            first.setFocus()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
            label.clear()

    def unplaced(self, errors: dict[str, str]) -> dict[str, str]:
        """Errors of fields this editor does not show (the dialog shows them on top)."""
        return {k: v for k, v in errors.items() if k not in self.errors}


def _same(value):
    if value in ("", []):
        return None
    return sorted(value) if isinstance(value, list) else value


def _describe(entity_key: str, record, lang: str) -> str:
    return ENTITIES[entity_key].describe(record, lang)


class RecordDialog(QDialog):
    """Edit one record, or create one (record None). Saving is one undoable step."""

    def __init__(
        self,
        ctx,
        entity_key: str,
        record=None,
        *,
        defaults: dict[str, Any] | None = None,
        fixed: dict[str, Any] | None = None,
        keys: list[str] | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.entity_key = entity_key
        self.record = record
        self.saved_uuid: str | None = record.uuid if record is not None else None
        self.setObjectName(f"form_{entity_key}")
        self.editor = RecordEditor(ctx, entity_key, keys, fixed)
        self.editor.load(record, defaults)
        if record is not None and "code" in self.editor.editors:
            self.editor.editors["code"].setEnabled(False)  # codes are given by the program
        elif "code" in self.editor.editors:
            self.editor.editors["code"].hide()
            self.editor.editors["code"].setEnabled(False)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        if ctx.readonly:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.postponed = QLabel()  # a roadmap item's postponements, the latest first
        self.postponed.setObjectName("postponed")
        self.postponed.setWordWrap(True)
        self.postponed.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.postponed)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        first = self.editor.first_field()
        if first is not None:  # the cursor where typing starts
            first.setFocus()
        # Long forms scroll: on a laptop the form is as tall as the screen allows, not taller.
        fit_to_screen(self, (820, min(760, 140 + 58 * len(self.editor.editors))), f"form/{entity_key}")
        self.retranslate()

    def retranslate(self) -> None:
        entity = ENTITIES[self.entity_key]
        if self.record is None:
            self.setWindowTitle(_("New: {kind}").format(kind=translate_label(entity.label)))
        else:
            self.setWindowTitle(
                f"{translate_label(entity.label)}: {_describe(self.entity_key, self.record, self.ctx.lang)}"[
                    :160
                ]
            )
        self.editor.retranslate()
        if self.entity_key == "roadmap_item" and self.record is not None:
            self._show_postponements()

    def _show_postponements(self) -> None:
        """'Postponed 2 times', and the latest three: when, from → to, why, who."""
        found = postponements.of_item(self.ctx.session, self.record.id)
        self.postponed.setVisible(bool(found))
        if not found:
            return
        lines = [ngettext("Postponed {n} time:", "Postponed {n} times:", len(found)).format(n=len(found))]
        for p in found[:3]:
            change = "{when}: {old} → {new}".format(
                when=format_date(p.postponed_on, self.ctx.lang),
                old=deadline_text(p, self.ctx.lang, "old_deadline") or "—",
                new=deadline_text(p, self.ctx.lang, "new_deadline") or "—",
            )
            who = ", ".join(x for x in (enum_label(Side(p.side), self.ctx.lang), p.operator) if x)
            reason = p.reason or _("no reason given")
            lines.append(f"• {change} — {reason} ({who})")
        self.postponed.setText("\n".join(lines))

    def reject(self) -> None:
        """Esc, Cancel and the window's ×: changes are saved, discarded or kept on the person's word."""
        if not self.ctx.readonly and self.editor.is_modified():
            answer = ask_unsaved(self)
            if answer is Answer.BACK:
                return
            if answer is Answer.SAVE:
                self.save()  # closes the form once saved; a message under a field keeps it open
                return
        super().reject()

    def done(self, result: int) -> None:
        self.setProperty("closing", True)  # a language switch leaves it alone (its record may be gone)
        super().done(result)

    def closeEvent(self, event) -> None:
        if close_quietly_unless_asked(self, event):
            super().closeEvent(event)  # reject(): asks, and the window stays if the person goes back

    def save(self) -> None:
        self.message.hide()
        self.editor.clear_errors()
        try:
            if self.record is None:
                values = self.editor.values()
                self.saved_uuid = self.ctx.create(
                    self.entity_key,
                    values,
                    _("Create {kind}").format(kind=translate_label(ENTITIES[self.entity_key].label)),
                )
            else:
                values = self.editor.changed_values()
                reason = None
                if self._moves_deadline(values):
                    reason = self._ask_deadline_reason(values["deadline"])
                    if reason is None:
                        return  # back to the form, nothing saved
                text = _("Edit {record}").format(
                    record=_describe(self.entity_key, self.record, self.ctx.lang)[:60]
                )
                if values:
                    outcome = save_over_others(
                        self,
                        self.ctx,
                        lambda v, version, base: self.ctx.update(
                            self.entity_key,
                            self.record.uuid,
                            v,
                            text,
                            version=version,
                            base=base,
                            reason=reason,
                        ),
                        values,
                        self.editor.version,
                        self.editor.original,
                    )
                    if outcome != SAVED:
                        if outcome == DELETED:
                            super().reject()  # nothing left to save or to ask about
                        return
        except ValidationError as exc:
            self.editor.show_errors(exc.errors)
            rest = self.editor.unplaced(exc.errors)
            self.show_message(
                _("Please correct the marked fields.") + ("\n" + "\n".join(rest.values()) if rest else "")
            )
            return
        except UserError as exc:
            self.show_message(str(exc))
            return
        self.accept()

    def _moves_deadline(self, values: dict[str, Any]) -> bool:
        return (
            self.entity_key == "roadmap_item"
            and "deadline" in values
            and is_postponement(self.editor.original.get("deadline"), values["deadline"])
        )

    def _ask_deadline_reason(self, new: str | None) -> str | None:
        """A deadline moved is a postponement, asked about at the next meeting: why?"""
        f = ENTITIES["roadmap_item"].field("deadline")
        shown = handler(f).show
        old = shown(f, self.editor.original.get("deadline"), None, self.ctx.lang)
        question = _(
            "The deadline changes from {old} to {new}. Why? The reason is kept with the item as a "
            "postponement and is asked about at the next meeting."
        ).format(old=old, new=shown(f, new, None, self.ctx.lang) or "—")
        return ask_reason(self, _("Reason for the new deadline"), question)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


def edit_record(ctx, entity_key: str, record=None, parent=None, **kwargs) -> str | None:
    """Open the form; the UUID of the saved record, or None when cancelled."""
    dialog = RecordDialog(ctx, entity_key, record, parent=parent, **kwargs)
    return dialog.saved_uuid if dialog.exec() == QDialog.DialogCode.Accepted else None


def confirm_delete(ctx, entity_key: str, record, parent=None) -> bool:
    """Ask before deleting, naming what goes with the record and what loses a link to it."""
    deps = ctx.store.dependents(record)
    lang = ctx.lang
    text = _("Delete {record}?").format(record=_describe(entity_key, record, lang))
    details = []
    if deps.deleted:
        details.append(_("Deleted with it:"))
        details += [
            f"• {translate_label(e.label)}: {e.describe(r, lang)}"[:140] for e, r in deps.deleted[:15]
        ]
        if len(deps.deleted) > 15:
            details.append(_("… and {count} more").format(count=len(deps.deleted) - 15))
    if deps.detached:
        details.append(_("These records will no longer refer to it:"))
        details += [
            f"• {translate_label(e.label)}: {e.describe(r, lang)}"[:140] for e, r in deps.detached[:15]
        ]
        if len(deps.detached) > 15:
            details.append(_("… and {count} more").format(count=len(deps.detached) - 15))
    if not details:
        details.append(_("Nothing else depends on it."))
    box = QMessageBox(QMessageBox.Icon.Question, _("Delete"), text, parent=parent)
    box.setInformativeText("\n".join(details))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setObjectName("confirm_delete")
    return box.exec() == QMessageBox.StandardButton.Yes
