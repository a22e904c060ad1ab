"""File → Import: pick a workbook, see the merge plan, settle conflicts, apply or cancel.

Nothing changes in the database before Apply; Apply backs up, then writes all or nothing."""

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _, current_language, ngettext
from ..services.errors import UserError
from ..services.exchange.importing.importer import Preview, apply_import
from ..services.exchange.importing.merge import DELETED, Choice, FieldChange, Kind, RecordPlan
from ..services.exchange.importing.plan_checks import deletion_summary, possible_deletions
from ..services.exchange.importing.present import Namer, field_label, kind_label, show_value
from ..services.exchange.workbook.expected import expected_for
from ..services.fields import ENTITIES, LONGTEXT, TEXT
from .busy import wait_cursor
from .error_workbook_dialog import save_errors_dialog
from .geometry import fit_to_screen
from .tree_wrap import SpannedRows

CONFLICT_BG = QColor("#fde2e1")
RESOLVED_BG = QColor("#e3f4e1")
ERROR_FG = QColor("#a40000")
GROUP_ORDER = (Kind.CONFLICT, Kind.NEW, Kind.UPDATED, Kind.DELETED, Kind.MISSING)


class PlanNotes(QScrollArea):
    """The plan's notes, as tall as they are up to LINES lines, then scrolled: a file with many of
    them must not push the records off a laptop's screen."""

    LINES = 6

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("plan_notes")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)  # the wrapped notes' height follows the width
        self.setSizePolicy(policy)

    def set_notes(self, notes: list[str]) -> None:
        self.label.setText("\n".join(f"⚠ {note}" for note in notes))
        self.setVisible(bool(notes))
        self.updateGeometry()

    def text(self) -> str:
        return self.label.text()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return min(self.label.heightForWidth(width), self.fontMetrics().lineSpacing() * self.LINES)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.heightForWidth(max(self.width(), 200)))


class ImportPreviewDialog(QDialog):
    def __init__(self, database, preview: Preview, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.preview = preview
        self.applied: dict[str, int] | None = None
        self.namer = Namer(preview.incoming.theirs.records, preview.ours.records, lang=current_language())
        self.setWindowTitle(_("Import: {file}").format(file=Path(preview.incoming.file_name).name))
        fit_to_screen(self, (1100, 700), "import_preview")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.notes = PlanNotes()
        layout.addWidget(self.notes)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([_("Record / field"), _("Base"), _("Ours"), _("Theirs"), _("Result")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.spanned = SpannedRows(self.tree)  # the errors, wrapped to the tree's width
        layout.addWidget(self.tree, 1)
        tools = QHBoxLayout()
        self.all_ours = QPushButton(_("Keep ours in all conflicts"))
        self.all_theirs = QPushButton(_("Take theirs in all conflicts"))
        self.record_ours = QPushButton(_("Keep ours for this record"))
        self.record_theirs = QPushButton(_("Take theirs for this record"))
        for button in (self.all_ours, self.all_theirs, self.record_ours, self.record_theirs):
            tools.addWidget(button)
        tools.addStretch(1)
        layout.addLayout(tools)
        # A file that deletes many records is applied only after a person has looked at the list.
        self.confirm_deletion = QCheckBox()
        self.confirm_deletion.setObjectName("confirm_deletion")
        self.confirm_deletion.setVisible(preview.mass_deletion)
        self.confirm_deletion.toggled.connect(self._deletion_confirmed)
        layout.addWidget(self.confirm_deletion)
        self.why = QLabel()  # why Apply is not available, in one line
        self.why.setObjectName("why_not_apply")
        self.why.setWordWrap(True)
        self.why.setStyleSheet(f"color: {ERROR_FG.name()};")
        layout.addWidget(self.why)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel
        )
        # One bad cell must not hold up forty good rows: the valid records can go in alone.
        self.apply_valid = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_valid.setObjectName("apply_valid")
        self.apply_valid.clicked.connect(lambda: self.apply(skip_invalid=True))
        layout.addWidget(self.buttons)
        # The errors, written into the partner's own workbook for them to correct and send back.
        self.save_errors = self.buttons.addButton(
            _("Save the errors for the other side…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_errors.setObjectName("save_errors")
        self.save_errors.setEnabled(bool(preview.plan.errors))
        self.save_errors.clicked.connect(lambda: save_errors_dialog(self, self.database, self.preview))
        self.all_ours.clicked.connect(lambda: self._resolve_all(Choice.OURS))
        self.all_theirs.clicked.connect(lambda: self._resolve_all(Choice.THEIRS))
        self.record_ours.clicked.connect(lambda: self._resolve_selected(Choice.OURS))
        self.record_theirs.clicked.connect(lambda: self._resolve_selected(Choice.THEIRS))
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(lambda: self.apply())
        self.buttons.rejected.connect(self.reject)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.populate()

    # ---- building the tree --------------------------------------------------------------------

    def populate(self) -> None:
        plan = self.preview.plan
        self.tree.clear()
        self.spanned.clear()
        self._combos: list[tuple[QComboBox, RecordPlan, FieldChange]] = []
        counts = plan.counts()
        lines = [_("Base of the merge: {base}").format(base=self.preview.base_from)]
        lines.append("   ".join(f"{kind_label(k)}: {counts[k]}" for k in counts))
        if any(r.deletion == "theirs" for r in plan.records):
            lines.append(_("Deletions: {summary}").format(summary=deletion_summary(plan)))
        self.summary.setText("\n".join(lines))
        self.notes.set_notes(plan.notes)
        count = possible_deletions(plan)
        self.confirm_deletion.setText(
            ngettext(
                "I have checked the list: delete {count} record",
                "I have checked the list: delete {count} records",
                count,
            ).format(count=count)
        )
        if plan.errors:
            group = self._group(_("Errors"), len(plan.errors))
            for issue in plan.errors:
                self._error(group, issue)
            group.setExpanded(True)
        for kind in GROUP_ORDER:
            records = plan.of_kind(kind)
            if not records:
                continue
            group = self._group(kind_label(kind.value if kind != Kind.CONFLICT else "conflict"), len(records))
            by_entity: dict[str, list[RecordPlan]] = {}
            for record in records:
                by_entity.setdefault(record.entity, []).append(record)
            for entity, items in by_entity.items():
                entity_item = QTreeWidgetItem(group, [f"{_(ENTITIES[entity].plural)} ({len(items)})"])
                for record in items:
                    self._record(entity_item, record)
                entity_item.setExpanded(kind in (Kind.CONFLICT, Kind.DELETED) or len(records) <= 30)
            group.setExpanded(kind != Kind.UPDATED or len(records) <= 30)
        for column, width in enumerate((380, 150, 170, 170, 170)):
            self.tree.setColumnWidth(column, width)
        self.spanned.wrap()
        self._update_buttons()

    def _error(self, group: QTreeWidgetItem, issue) -> None:
        """An error across the whole row, and under it the cell's value and what it should hold: the
        secretariat sees what the other side's error workbook will say, and can correct the file."""
        where = ", ".join(str(x) for x in (issue.sheet, issue.row, issue.column) if x not in (None, ""))
        item = QTreeWidgetItem(group)
        self.spanned.add(item, f"{where}: {issue.message}")
        item.setForeground(0, QBrush(ERROR_FG))
        details = []
        if issue.value not in (None, ""):
            details.append(_("Value: «{value}»").format(value=issue.value))
        expected = expected_for(issue, current_language())
        if expected:
            details.append(_("What is expected: {text}").format(text=expected))
        for detail in details:
            child = QTreeWidgetItem(item)
            self.spanned.add(child, detail)
        item.setExpanded(True)

    def _group(self, title: str, count: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [f"{title} ({count})"])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        return item

    def _record(self, parent: QTreeWidgetItem, record: RecordPlan) -> None:
        text = self.namer.name(record.entity, record.uuid)  # in the language of the window
        if record.where:
            text = f"{text}  [{record.where}]"
        item = QTreeWidgetItem(parent, [text])
        item.setToolTip(0, text)
        item.setData(0, Qt.ItemDataRole.UserRole, record)
        for change in record.changes:
            show = lambda v, c=change: show_value(record.entity, c.key, v, self.namer)  # noqa: E731
            child = QTreeWidgetItem(
                item,
                [
                    field_label(record.entity, change.key),
                    show(change.base),
                    show(change.ours),
                    show(change.theirs),
                    "",
                ],
            )
            child.setData(0, Qt.ItemDataRole.UserRole, record)
            for column in (1, 2, 3):
                child.setToolTip(column, child.text(column))
            if change.conflict:
                combo = QComboBox()
                combo.addItem(_("— choose —"), None)
                combo.addItem(_("Keep ours"), Choice.OURS)
                combo.addItem(_("Take theirs"), Choice.THEIRS)
                if self._editable(record, change):
                    combo.addItem(_("Edit…"), Choice.VALUE)
                combo.setCurrentIndex(max(0, combo.findData(change.choice)) if change.choice else 0)
                combo.currentIndexChanged.connect(
                    lambda _i, c=combo, r=record, ch=change: self._chosen(c, r, ch)
                )
                self.tree.setItemWidget(child, 4, combo)
                self._combos.append((combo, record, change))
                self._paint(child, change)
            else:
                child.setText(4, show(change.result))
        if record.dependants:
            count = len(record.dependants)
            owned = QTreeWidgetItem(
                item,
                [
                    ngettext(
                        "With it: {count} record that belongs to it",
                        "With it: {count} records that belong to it",
                        count,
                    ).format(count=count)
                ],
            )
            for entity, uuid in record.dependants:
                name = f"{_(ENTITIES[entity].label)}: {self.namer.name(entity, uuid)}"
                QTreeWidgetItem(owned, [name]).setToolTip(0, name)
        if record.kind == Kind.NEW:
            for key, value in record.values.items():
                if value not in (None, [], ""):
                    shown = show_value(record.entity, key, value, self.namer)
                    QTreeWidgetItem(item, [field_label(record.entity, key), "", "", shown, shown])
        item.setExpanded(record.kind in (Kind.CONFLICT, Kind.DELETED))

    @staticmethod
    def _editable(record: RecordPlan, change: FieldChange) -> bool:
        if change.key == DELETED:
            return False
        return ENTITIES[record.entity].field(change.key).kind in (TEXT, LONGTEXT)

    def _paint(self, item: QTreeWidgetItem, change: FieldChange) -> None:
        color = RESOLVED_BG if change.resolved else CONFLICT_BG
        for column in range(4):
            item.setBackground(column, QBrush(color))

    # ---- resolving ----------------------------------------------------------------------------

    def _chosen(self, combo: QComboBox, record: RecordPlan, change: FieldChange) -> None:
        choice = combo.currentData()
        if choice is None:
            change.choice = None
        elif choice == Choice.VALUE:
            text, ok = QInputDialog.getMultiLineText(
                self,
                _("Edit the value"),
                field_label(record.entity, change.key),
                str(change.theirs or change.ours or ""),
            )
            if ok:
                record.resolve(Choice.VALUE, change.key, text.strip() or None)
            else:
                combo.blockSignals(True)
                combo.setCurrentIndex(0 if change.choice is None else combo.findData(change.choice))
                combo.blockSignals(False)
        else:
            record.resolve(choice, change.key)
        self._refresh_colors()

    def _resolve_all(self, choice: Choice) -> None:
        self.preview.plan.resolve_all(choice)
        self._sync_combos()

    def _resolve_selected(self, choice: Choice) -> None:
        record = self._selected_record()
        if record is not None:
            record.resolve(choice)
            self._sync_combos()

    def _selected_record(self) -> RecordPlan | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _sync_combos(self) -> None:
        for combo, _record, change in self._combos:
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(change.choice)) if change.choice else 0)
            combo.blockSignals(False)
        self._refresh_colors()

    def _refresh_colors(self) -> None:
        iterator = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while iterator:
            item = iterator.pop()
            assert item is not None  # an index below the count
            iterator.extend(item.child(i) for i in range(item.childCount()))
            combo = self.tree.itemWidget(item, 4)
            if isinstance(combo, QComboBox):
                for c, _r, change in self._combos:
                    if c is combo:
                        self._paint(item, change)
        self._update_buttons()

    def _deletion_confirmed(self, checked: bool) -> None:
        self.preview.allow_mass_deletion = checked
        self._update_buttons()

    def why_not(self) -> str:
        """Why Apply is not available now, and what to do ("" when it is)."""
        plan = self.preview.plan
        if self.preview.already_imported is not None:
            return _("Nothing to import: this file changes nothing here.")
        if plan.errors and self.preview.valid_count:
            return ngettext(
                "The file has {count} error (listed above): apply the valid records now and send "
                "the errors back, or correct the file and import it again.",
                "The file has {count} errors (listed above): apply the valid records now and send "
                "the errors back, or correct the file and import it again.",
                len(plan.errors),
            ).format(count=len(plan.errors))
        if plan.errors:
            return ngettext(
                "The file has {count} error (listed above): correct it in the file and import it again.",
                "The file has {count} errors (listed above): correct them in the file and import it again.",
                len(plan.errors),
            ).format(count=len(plan.errors))
        if plan.unresolved():
            return ngettext(
                "{count} conflict needs a decision: choose ours or theirs.",
                "{count} conflicts need a decision: choose ours or theirs.",
                len(plan.unresolved()),
            ).format(count=len(plan.unresolved()))
        if self.preview.mass_deletion and not self.preview.allow_mass_deletion:
            return _("The file deletes many records: check the list and confirm the deletion below.")
        return ""  # a file that changes nothing is still recorded: our next file acknowledges it

    def _blocked_apart_from_errors(self) -> bool:
        """Conflicts left in the records that would go in, or a deletion not yet confirmed."""
        gone = {id(r) for r in self.preview.left_out}
        open_conflicts = any(id(r) not in gone for r, _c in self.preview.plan.unresolved())
        return open_conflicts or (self.preview.mass_deletion and not self.preview.allow_mass_deletion)

    def _update_buttons(self) -> None:
        plan = self.preview.plan
        apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        why = self.why_not()
        apply_button.setEnabled(not why)
        self.why.setText(why)
        self.why.setVisible(bool(why))
        valid = self.preview.valid_count if plan.errors else 0
        self.apply_valid.setVisible(bool(valid))
        self.apply_valid.setText(
            ngettext("Apply the {count} valid record", "Apply the {count} valid records", valid).format(
                count=valid
            )
        )
        self.apply_valid.setEnabled(bool(valid) and not self._blocked_apart_from_errors())
        has_conflicts = bool(plan.of_kind(Kind.CONFLICT))
        self.all_ours.setEnabled(has_conflicts)
        self.all_theirs.setEnabled(has_conflicts)
        record = self._selected_record()
        on_conflict = record is not None and bool(record.conflicts)
        self.record_ours.setEnabled(on_conflict)
        self.record_theirs.setEnabled(on_conflict)

    # ---- applying -----------------------------------------------------------------------------

    def apply(self, skip_invalid: bool = False) -> None:
        try:
            with wait_cursor():
                self.applied = apply_import(self.database, self.preview, skip_invalid=skip_invalid)
        except UserError as exc:
            QMessageBox.warning(self, _("Import"), str(exc))
            return
        text = _("Imported: {created} new, {updated} updated, {deleted} deleted.").format(**self.applied)
        if self.applied.get("left_out"):
            text += "\n" + ngettext(
                "Left out because of errors: {count} record.",
                "Left out because of errors: {count} records.",
                self.applied["left_out"],
            ).format(count=self.applied["left_out"])
        QMessageBox.information(self, _("Import"), text)
        self.accept()


def import_dialog(window) -> dict[str, int] | None:
    """Ask for a workbook, read it, show the plan; returns what was applied, or None."""
    from ..services.exchange.importing.importer import preview_import
    from ..services.exchange.importing.reader import read_workbook

    path, _filter = QFileDialog.getOpenFileName(
        window, _("Import a workbook"), "", _("Excel workbooks (*.xlsx *.xlsm);;All files (*)")
    )
    if not path:
        return None
    try:
        with wait_cursor():  # a large workbook takes seconds
            preview = preview_import(window.database, read_workbook(path))
    except UserError as exc:
        QMessageBox.warning(window, _("Import"), str(exc))
        return None
    dialog = ImportPreviewDialog(window.database, preview, window)
    dialog.exec()
    return dialog.applied
