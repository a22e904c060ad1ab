"""File → Backups: the automatic and manual backups of this database; make one now or go back to
one (the current state is backed up first, so a restore can itself be undone)."""

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..i18n import N_, _
from ..services.database.backup import backups_dir, list_backups, restore_database
from ..services.errors import UserError
from ..services.formatting import format_number
from .busy import wait_cursor
from .geometry import fit_to_screen

REASONS = {
    "manual": N_("Made by hand"),
    "daily": N_("Daily, on opening"),
    "import": N_("Before an import"),
    "migration": N_("Before an update of the program"),
    "before-restore": N_("Before a restore"),
}


class BackupsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setObjectName("backups_dialog")
        self.setWindowTitle(_("Backups"))
        fit_to_screen(self, (720, 460), "backups")
        layout = QVBoxLayout(self)
        self.where = QLabel()
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Taken"), _("Why"), _("Size, KB")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.backup_now = QPushButton(_("Back up now"))
        self.restore = QPushButton(_("Restore the selected backup…"))
        self.open_folder = QPushButton(_("Open the folder"))
        for button in (self.backup_now, self.restore, self.open_folder):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.backup_now.clicked.connect(self.make_backup)
        self.restore.clicked.connect(self.restore_selected)
        self.open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(backups_dir(self.db_path))))
        )
        self.table.itemSelectionChanged.connect(self._update)
        self.reload()

    @property
    def db_path(self):
        """The file, or for a server the name its backups in this computer's data folder take."""
        return self.window_.ctx.db.backup_key

    def reload(self) -> None:
        self.backups = list_backups(self.db_path)
        self.where.setText(
            _("Backups of {path} are kept in {folder}: the last ten, and one for every month.").format(
                path=self.window_.ctx.db.name, folder=backups_dir(self.db_path)
            )
        )
        self.table.setRowCount(len(self.backups))
        for i, info in enumerate(self.backups):
            reason = REASONS.get(info.reason)
            cells = [
                info.taken_at.strftime("%d.%m.%Y %H:%M:%S"),
                _(reason) if reason else info.reason,
                format_number(max(1, info.size // 1024)),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(i, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._update()

    def _update(self) -> None:
        self.restore.setEnabled(bool(self.table.selectedItems()) and not self.window_.ctx.readonly)
        self.backup_now.setEnabled(not self.window_.ctx.readonly)

    def make_backup(self) -> None:
        try:
            with wait_cursor():
                self.window_.ctx.db.backup("manual")
        except UserError as exc:
            QMessageBox.warning(self, _("Backups"), str(exc))
        self.reload()

    def restore_selected(self) -> bool:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return False
        info = self.backups[rows[0].row()]
        question = _(
            "Replace the data with the backup of {when}? The current state is backed up first, so this "
            "can be undone the same way."
        ).format(when=info.taken_at.strftime("%d.%m.%Y %H:%M"))
        if self.window_.ctx.db.is_server:
            question += "\n\n" + _(
                "The database is shared: everyone working on it sees the restored data from then on."
            )
        answer = QMessageBox.question(self, _("Backups"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return restore_into_window(self.window_, info.path, self)


def restore_into_window(window, backup_path, parent=None) -> bool:
    """Close the window's database, restore the backup into its file, open it again."""
    from ..services.database import Database

    ctx = window.ctx
    if ctx.db.is_server:
        return _restore_server(window, backup_path, parent)
    path = ctx.db.path
    ctx.session.close()
    ctx.db.engine.dispose()  # no connection of ours may stay open on the file while it is replaced
    try:
        restore_database(path, backup_path)
        db = Database(path)
    except UserError as exc:
        QMessageBox.warning(parent or window, _("Backups"), str(exc))
        ctx.reopen(Database(path))
        return False
    ctx.reopen(db)
    if parent is not None and hasattr(parent, "reload"):
        parent.reload()
    return True


def _restore_server(window, backup_path, parent=None) -> bool:
    """Into the server database, in one transaction: the others see it when it is done."""
    from ..services.database import Database
    from ..services.database.server_backup import restore_server

    ctx = window.ctx
    try:
        with wait_cursor():
            restore_server(ctx.db.url, backup_path)
    except UserError as exc:
        QMessageBox.warning(parent or window, _("Backups"), str(exc))
        return False
    ctx.reopen(Database(ctx.db.url))
    if parent is not None and hasattr(parent, "reload"):
        parent.reload()
    return True


def backups_dialog(window) -> None:
    BackupsDialog(window).exec()
