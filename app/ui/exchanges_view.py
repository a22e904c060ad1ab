"""The Exchange page: every file sent and received (number, date, file, records, whether the other
side has confirmed it), and what changed here since the last file sent — the secretariat checks it
before writing the covering letter."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _
from ..services.exchange.importing.present import Namer, field_label, show_value
from ..services.exchange.since import changes_since_last_export, exchange_log
from ..services.exchange.since_text import acknowledgement, action_label, direction_label
from ..services.fields import ENTITIES
from ..services.formatting import format_moment
from .lazy import LoadsWhenShown


class ExchangesView(LoadsWhenShown, QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("page_exchanges")
        self.log_title = QLabel()
        self.log_title.setObjectName("log_title")
        self.log = QTreeWidget()
        self.log.setObjectName("exchange_log")
        self.log.setRootIsDecorated(False)
        self.log.setColumnCount(5)
        self.log.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.changes_title = QLabel()
        self.changes_title.setObjectName("changes_title")
        self.changes_title.setWordWrap(True)
        self.changes = QTreeWidget()
        self.changes.setObjectName("changes")
        self.changes.setColumnCount(3)
        self.changes.setWordWrap(True)
        top, bottom = QWidget(), QWidget()
        for box, title, view in ((top, self.log_title, self.log), (bottom, self.changes_title, self.changes)):
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(title)
            layout.addWidget(view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([220, 400])
        QVBoxLayout(self).addWidget(splitter)
        ctx.changed.connect(self._data_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.log_title.setText(_("Files sent and received"))
        self.log.setHeaderLabels([_("Exchange"), _("When"), _("File"), _("Records"), _("Confirmation")])
        self.changes.setHeaderLabels([_("Record / field"), _("In the last file sent"), _("Now")])
        if self.isVisible():
            self.reload()
        else:
            self.dirty = True

    def reload(self) -> None:
        session = self.ctx.session
        entries = exchange_log(session)
        changes = changes_since_last_export(session)
        self.log.clear()
        for entry in entries:
            when, records = format_moment(entry.at), str(entry.records)
            row = [direction_label(entry), when, entry.file_name, records, acknowledgement(entry)]
            item = QTreeWidgetItem(self.log, row)
            for column, text in enumerate(row):
                item.setToolTip(column, text)
        if not entries:
            QTreeWidgetItem(self.log, [_("No file has been sent or received yet.")])
        for column, width in enumerate((190, 120, 330, 80)):
            self.log.setColumnWidth(column, width)
        if changes.since is None:
            title = _("Nothing has been sent yet: everything is new for the other side.")
        else:
            title = _("Changed here since the last file sent ({file} of {when}): {count}").format(
                file=changes.since.file_name, when=format_moment(changes.since.at), count=len(changes.records)
            )
        self.changes_title.setText(title)
        self.changes.clear()
        namer = Namer(changes.current.records, changes.base.records, lang=self.ctx.lang)
        groups: dict[str, QTreeWidgetItem] = {}
        for record in changes.records:
            group = groups.get(record.entity)
            if group is None:
                group = QTreeWidgetItem(self.changes, [_(ENTITIES[record.entity].plural)])
                group.setExpanded(True)
                groups[record.entity] = group
            name = f"[{action_label(record.action)}] {namer.name(record.entity, record.uuid)}"
            item = QTreeWidgetItem(group, [name])
            item.setToolTip(0, name)
            for f in record.fields:
                old = show_value(record.entity, f.key, f.old, namer)
                new = show_value(record.entity, f.key, f.new, namer)
                child = QTreeWidgetItem(item, [field_label(record.entity, f.key), old, new])
                for column in (1, 2):
                    child.setToolTip(column, child.text(column))
            item.setExpanded(len(changes.records) <= 50)
        for group in groups.values():
            group.setText(0, f"{group.text(0)} ({group.childCount()})")
        self.changes.setColumnWidth(0, 420)
        self.changes.setColumnWidth(1, 260)
        self.dirty = False
