"""One meeting: its details, participants per side, the agenda (ordered by drag or buttons) with
its total time against the meeting's time slot, the decisions (each can become a roadmap item in
one step) and the minutes, which are signed here and then read-only until unlocked with a reason."""

import contextlib
from datetime import time
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _
from ..models import AgendaItem, Decision
from ..services import meetings, signed_minutes
from ..services.agenda_time import AgendaTime, agenda_time, over_text, total_text, untimed_text
from ..services.errors import UserError
from ..services.fields import ENTITIES
from ..services.formatting import format_date, format_moment
from ..services.labels import label
from ..services.listing import record_by_uuid
from ..services.roadmap_tree import sections
from ..services.validation import ValidationError
from . import operations
from .concurrency_dialog import DELETED, SAVED, save_over_others
from .forms.record_form import ERROR_STYLE, RecordEditor, confirm_delete, edit_record
from .forms.unsaved import Answer, ask_unsaved, close_quietly_unless_asked
from .geometry import fit_to_screen

if TYPE_CHECKING:
    from .forms.widgets import LongTextEditor, RefsEditor, TimeEditor

BANNER_STYLE = "background-color: #e6f0e6; border: 1px solid #7a9a7a; padding: 6px;"
OVER_STYLE = "color: #b00000; font-weight: bold;"

MAIN_KEYS = [
    "code",
    "number",
    "title_ru",
    "title_uz",
    "title_kk",
    "meeting_date",
    "start_time",
    "end_time",
    "timezone",
    "format",
    "place_ru",
    "place_uz",
    "place_kk",
    "status",
    "cochair_uz",
    "cochair_kz",
]


class OrderedList(QWidget):
    """Agenda items or decisions of the meeting: drag to reorder, or the Up/Down buttons."""

    def __init__(self, editor: "MeetingEditor", entity_key: str, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.entity_key = entity_key
        self.list = QListWidget()
        self.list.setObjectName(f"list_{entity_key}")
        self.list.setWordWrap(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.model().rowsMoved.connect(self._dropped)
        self.list.itemDoubleClicked.connect(lambda *a: self.edit())
        self.buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout()
        for key, slot in (
            ("add", self.add),
            ("edit", self.edit),
            ("delete", self.delete),
            ("up", lambda: self.move(-1)),
            ("down", lambda: self.move(1)),
        ):  # "Open…" stays: signed minutes can still be read item by item
            button = QPushButton()
            button.setObjectName(f"{entity_key}_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
            column.addWidget(button)
        self.extra = column
        column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(column)

    def retranslate(self) -> None:
        for key, text in (
            ("add", _("Add…")),
            ("edit", _("Open…")),
            ("delete", _("Delete…")),
            ("up", _("Move up")),
            ("down", _("Move down")),
        ):
            self.buttons[key].setText(text)
        self.lock(self.editor.locked())

    def lock(self, locked: bool) -> None:
        """Signed minutes (or a read-only copy): nothing added, deleted or reordered."""
        for key in ("add", "delete", "up", "down"):
            self.buttons[key].setEnabled(not locked)
        self.list.setDragDropMode(
            QAbstractItemView.DragDropMode.NoDragDrop
            if locked
            else QAbstractItemView.DragDropMode.InternalMove
        )

    def records(self) -> list:
        meeting = self.editor.meeting
        return list(meeting.agenda if self.entity_key == "agenda_item" else meeting.decisions)

    def fill(self) -> None:
        current = self.current_uuid()
        lang = self.editor.ctx.lang
        self.list.blockSignals(True)
        self.list.clear()
        for record in sorted(self.records(), key=lambda r: r.position):
            field = "title" if isinstance(record, AgendaItem) else "text"
            text = f"{record.position}. {record.text(field, lang)}"
            if isinstance(record, AgendaItem):
                extra = []
                if record.duration_minutes:
                    extra.append(_("{minutes} min").format(minutes=record.duration_minutes))
                if record.speakers:
                    extra.append(", ".join(p.text("full_name", lang) for p in record.speakers))
                if extra:
                    text += "\n    " + " · ".join(extra)
            elif isinstance(record, Decision) and record.roadmap_items:
                numbers = ", ".join(i.number for i in record.roadmap_items)
                text += "\n    → " + _("Roadmap items: {numbers}").format(numbers=numbers)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, record.uuid)
            self.list.addItem(item)
            if record.uuid == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def current_uuid(self) -> str | None:
        item = cast(QListWidgetItem | None, self.list.currentItem())  # None when none is current
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def current_record(self):
        uuid = self.current_uuid()
        return record_by_uuid(self.editor.ctx.session, self.entity_key, uuid) if uuid else None

    def add(self) -> None:
        ctx, meeting = self.editor.ctx, self.editor.meeting
        model = AgendaItem if self.entity_key == "agenda_item" else Decision
        edit_record(
            ctx,
            self.entity_key,
            None,
            fixed={"meeting": meeting.uuid, "position": meetings.new_position(ctx.store, model, meeting)},
            keys=[f.key for f in ENTITIES[self.entity_key].fields if f.key not in ("meeting", "position")],
            parent=self,
        )

    def edit(self) -> None:
        record = self.current_record()
        if record is None:
            return
        edit_record(
            self.editor.ctx,
            self.entity_key,
            record,
            fixed={"meeting": self.editor.meeting.uuid, "position": record.position},
            parent=self,
        )

    def delete(self) -> None:
        record = self.current_record()
        if record is None or not confirm_delete(self.editor.ctx, self.entity_key, record, self):
            return
        self.editor.ctx.delete(
            self.entity_key,
            record.uuid,
            _("Delete {record}").format(
                record=ENTITIES[self.entity_key].describe(record, self.editor.ctx.lang)[:60]
            ),
        )

    def move(self, step: int) -> None:  # type: ignore[override]  # hides QWidget.move(), not used on it
        uuid = self.current_uuid()
        if uuid is not None:
            self.reorder(meetings.move(self.records(), uuid, step))

    def _dropped(self, *args) -> None:
        order = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
        self.reorder(order)

    def reorder(self, order: list[str]) -> None:
        """Positions 1, 2, 3 … in this order, written through the store as one undoable step."""
        operations.reorder(self.editor.ctx, self.editor.meeting.uuid, self.entity_key, order)


class MeetingEditor(QDialog):
    def __init__(self, ctx, meeting, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.meeting = meeting
        self.setObjectName("meeting_editor")
        self.main = RecordEditor(ctx, "meeting", MAIN_KEYS)
        self.people = RecordEditor(ctx, "meeting", ["participants"])
        self.minutes = RecordEditor(ctx, "meeting", ["minutes_ru", "minutes_uz", "minutes_kk"])
        for editor in (self.main, self.people, self.minutes):
            editor.load(meeting)
        self.main.editors["code"].setEnabled(False)
        for key in ("minutes_ru", "minutes_uz", "minutes_kk"):
            cast("LongTextEditor", self.minutes.editors[key]).edit.setMaximumHeight(260)
            cast("LongTextEditor", self.minutes.editors[key]).edit.setMinimumHeight(140)
        participants = cast("RefsEditor", self.people.editors["participants"])
        for checklist in participants.lists.values():
            checklist.list.setMaximumHeight(16777215)
            checklist.list.setMinimumHeight(300)
        self.timing = QLabel()  # the agenda's total against the time slot
        self.timing.setObjectName("agenda_timing")
        self.timing.setWordWrap(True)
        self.agenda = OrderedList(self, "agenda_item")
        agenda_tab = QWidget()
        agenda_layout = QVBoxLayout(agenda_tab)
        agenda_layout.addWidget(self.timing)
        agenda_layout.addWidget(self.agenda, 1)
        for key in ("start_time", "end_time"):  # the slot follows the times as they are typed
            time_editor = cast("TimeEditor", self.main.editors[key])
            time_editor.inner.timeChanged.connect(self.show_timing)
            time_editor.edited.connect(self.show_timing)
        self.decisions = OrderedList(self, "decision")
        self.to_roadmap = QPushButton()
        self.to_roadmap.setObjectName("decision_to_roadmap")
        self.to_roadmap.clicked.connect(self.decision_to_roadmap)
        self.decisions.extra.insertWidget(5, self.to_roadmap)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.main)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "")
        self.tabs.addTab(self.people, "")
        self.tabs.addTab(agenda_tab, "")
        self.tabs.addTab(self.decisions, "")
        self.tabs.addTab(self.minutes, "")
        self.banner = QLabel()  # signed: by whom and when, and what that means
        self.banner.setObjectName("signed_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not ctx.readonly)
        self.sign_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.sign_button.setObjectName("sign_minutes")
        self.sign_button.clicked.connect(lambda: self.sign())
        self.unlock_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.unlock_button.setObjectName("unlock_minutes")
        self.unlock_button.clicked.connect(lambda: self.unlock())
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        first = self.main.first_field()
        if first is not None:
            first.setFocus()
        fit_to_screen(self, (980, 720), "meeting_editor")
        ctx.changed.connect(self.refresh)
        self.refresh()
        self.retranslate()

    def refresh(self) -> None:
        record = record_by_uuid(self.ctx.session, "meeting", self.meeting.uuid)
        if record is None:  # deleted meanwhile (undo of its creation …): nothing left to save
            super().reject()
            return
        self.meeting = record
        self.ctx.session.refresh(record)
        self.agenda.fill()
        self.decisions.fill()
        self.show_lock()
        self.show_timing()

    # ---- signed minutes -----------------------------------------------------------------------

    def locked(self) -> bool:
        return self.ctx.readonly or self.meeting.signed

    def show_lock(self) -> None:
        """Signed: the minutes' editors, the agenda and the decisions disabled, and the banner."""
        locked = self.locked()
        for key in ("minutes_ru", "minutes_uz", "minutes_kk"):
            self.minutes.editors[key].setEnabled(not locked)
        self.agenda.lock(locked)
        self.decisions.lock(locked)
        signed = self.meeting.signed
        self.sign_button.setVisible(not signed)
        self.unlock_button.setVisible(signed)
        for button in (self.sign_button, self.unlock_button):
            button.setEnabled(not self.ctx.readonly)
        self.banner.setVisible(signed)
        if signed:
            self.banner.setText(self.signed_text())

    def signed_text(self) -> str:
        signing = signed_minutes.last_signing(self.ctx.session, self.meeting)
        rule = _(
            "The minutes, the agenda and the decisions can no longer be changed; "
            "to correct them, unlock the minutes."
        )
        if signing is None:
            return _("The minutes are signed.") + " " + rule
        moment, side = format_moment(signing.at), label(signing.side)
        if signing.operator.strip(" —"):
            said = _("The minutes were signed on {moment} by {operator} ({side}).").format(
                moment=moment, operator=signing.operator, side=side
            )
        else:  # a copy whose operator gave no name
            said = _("The minutes were signed on {moment} ({side}).").format(moment=moment, side=side)
        return said + " " + rule

    def sign(self) -> bool:
        """Sign the minutes, once the person confirms; unsaved changes are saved first."""
        if any(editor.is_modified() for editor in (self.main, self.people, self.minutes)) and not self.save():
            return False
        answer = QMessageBox.question(
            self,
            _("Sign the minutes"),
            _(
                "Sign the minutes of meeting {code}? After that their text, the agenda and the decisions "
                "can be changed only after unlocking the minutes with a reason."
            ).format(code=self.meeting.code),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        uuid = self.meeting.uuid
        try:  # not undoable: a signature is withdrawn only by an unlocking with its reason
            self.ctx.commit(lambda store: signed_minutes.sign(store, store.require("meeting", uuid)))
        except UserError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return False
        for editor in (self.main, self.people, self.minutes):
            editor.load(self.meeting)  # its status and version changed
        return True

    def unlock(self) -> bool:
        """Ask for the reason (required), record the unlocking with it: the minutes are a draft again."""
        dialog = UnlockDialog(self.meeting.code, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        uuid, reason = self.meeting.uuid, dialog.reason()
        try:
            self.ctx.commit(
                lambda store: signed_minutes.unlock(
                    store, store.require("meeting", uuid), reason, self.ctx.today()
                )
            )
        except (UserError, ValidationError) as exc:
            message = "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc)
            self.message.setText(message)
            self.message.show()
            return False
        for editor in (self.main, self.people, self.minutes):
            editor.load(self.meeting)
        return True

    # ---- the agenda's time --------------------------------------------------------------------

    def slot_times(self):
        """Start and end as the fields show them now (typed, not yet saved)."""
        values = [self.main.editors[key].value() for key in ("start_time", "end_time")]
        return [time.fromisoformat(v) if v else None for v in values]

    def show_timing(self, *args) -> None:
        lang = self.ctx.lang
        saved = agenda_time(self.meeting)
        start, end = self.slot_times()
        timing = AgendaTime(total=saved.total, untimed=saved.untimed, start=start, end=end)
        lines = [total_text(timing, lang)]
        if timing.untimed:
            lines.append(untimed_text(timing, lang))
        if timing.over:
            lines.insert(1, over_text(timing, lang))
        self.timing.setText("\n".join(lines))
        self.timing.setProperty("over", bool(timing.over))
        self.timing.setStyleSheet(OVER_STYLE if timing.over else "")

    def done(self, result: int) -> None:
        with contextlib.suppress(RuntimeError, TypeError):  # already gone with the window
            self.ctx.changed.disconnect(self.refresh)
        self.setProperty("closing", True)  # a language switch leaves it alone (its meeting may be gone)
        super().done(result)

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.setWindowTitle(
            _("Meeting {code} of {date}").format(
                code=self.meeting.code, date=format_date(self.meeting.meeting_date, lang)
            )
        )
        for i, text in enumerate(
            (_("Meeting"), _("Participants"), _("Agenda"), _("Decisions"), _("Minutes"))
        ):
            self.tabs.setTabText(i, text)
        for editor in (self.main, self.people, self.minutes):
            editor.retranslate()
        self.agenda.retranslate()
        self.decisions.retranslate()
        self.to_roadmap.setText(_("To the roadmap…"))
        self.to_roadmap.setEnabled(not self.ctx.readonly)  # the decision itself is not changed
        self.agenda.fill()
        self.decisions.fill()
        self.sign_button.setText(_("Sign the minutes"))
        self.unlock_button.setText(_("Unlock…"))
        self.show_lock()
        self.show_timing()

    def reject(self) -> None:
        """Esc, Close and the window's ×: changes are saved, discarded or kept on the person's word."""
        changed = any(editor.is_modified() for editor in (self.main, self.people, self.minutes))
        if changed and not self.ctx.readonly:
            answer = ask_unsaved(self)
            if answer is Answer.BACK or (answer is Answer.SAVE and not self.save()):
                return
        super().reject()

    def closeEvent(self, event) -> None:
        if close_quietly_unless_asked(self, event):
            super().closeEvent(event)  # reject(): asks, and the window stays if the person goes back

    def values(self) -> dict:
        values = {}
        for editor in (self.main, self.people, self.minutes):
            values.update(editor.changed_values())
        return values

    def save(self) -> bool:
        """Write the changed fields; False when a message says what to correct."""
        self.message.hide()
        for editor in (self.main, self.people, self.minutes):
            editor.clear_errors()
        try:
            values = self.values()
            if not values:
                return True
            text = _("Edit {record}").format(record=self.meeting.code)
            outcome = save_over_others(  # someone else saved the meeting meanwhile: both values shown
                self,
                self.ctx,
                lambda v, version, base: self.ctx.update(
                    "meeting", self.meeting.uuid, v, text, version=version, base=base
                ),
                values,
                self.main.version,
                self.main.original,
            )
            if outcome == DELETED:
                super().reject()  # nothing left to save or to ask about
            if outcome != SAVED:
                return False
        except ValidationError as exc:
            for editor in (self.main, self.people, self.minutes):
                editor.show_errors(exc.errors)
            self.message.setText(_("Please correct the marked fields."))
            self.message.show()
            return False
        except UserError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return False
        for editor in (self.main, self.people, self.minutes):
            editor.load(self.meeting)
        return True

    def decision_to_roadmap(self, section_uuid: str | None = None) -> str | None:
        """Create a roadmap item from the selected decision in the section the user picks."""
        decision = self.decisions.current_record()
        if decision is None:
            QMessageBox.information(self, _("Decisions"), _("Select a decision first."))
            return None
        if not section_uuid:
            found = sections(self.ctx.session)
            if not found:
                QMessageBox.information(self, _("Decisions"), _("The roadmap has no sections yet."))
                return None
            names = [f"{s.number}. {s.text('measure', self.ctx.lang)}"[:120] for s in found]
            name, ok = QInputDialog.getItem(
                self, _("To the roadmap"), _("Add the item to the section:"), names, 0, False
            )
            if not ok:
                return None
            section_uuid = found[names.index(name)].uuid
        return operations.decision_to_roadmap(self.ctx, decision.uuid, section_uuid)


def open_meeting(ctx, uuid: str, parent=None) -> None:
    meeting = record_by_uuid(ctx.session, "meeting", uuid)
    if meeting is not None:
        MeetingEditor(ctx, meeting, parent).exec()


class UnlockDialog(QDialog):
    """The reason for unlocking signed minutes: required, kept in the history with the unlocking."""

    def __init__(self, code: str, parent=None):
        super().__init__(parent)
        self.setObjectName("unlock_dialog")
        self.setWindowTitle(_("Unlock the minutes of meeting {code}").format(code=code))
        text = QLabel(
            _(
                "Why must the signed minutes be changed? The reason is recorded in the history and "
                "sent to the other side with the next file."
            )
        )
        text.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("unlock_reason")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Unlock"))
        self.ok.setEnabled(False)
        self.text.textChanged.connect(lambda: self.ok.setEnabled(bool(self.reason())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, (560, 300), "unlock_minutes")

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    def accept(self) -> None:
        if self.reason():  # Enter cannot pass an empty reason either
            super().accept()
