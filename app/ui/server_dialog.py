"""A shared database on a server: the one address the IT department gives (postgresql://login@
server/database), a password when the server asks for one (kept in memory, never saved), and
whether to open it at every start. The connection is tried before the dialog closes."""

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from ..i18n import _
from ..services.errors import UserError
from .busy import wait_cursor
from .forms.record_form import ERROR_STYLE

EXAMPLE = "postgresql://karimova@server.mift.uz/secretariat"


class ServerDialog(QDialog):
    def __init__(self, url: str = "", problem: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("server_dialog")
        self.setWindowTitle(_("Shared database on a server"))
        intro = QLabel(
            _(
                "When several people of a ministry work on the same records, the data is kept in a "
                "PostgreSQL database on a server of the IT department. Enter the address they gave you."
            )
        )
        intro.setWordWrap(True)
        self.address = QLineEdit(url)
        self.address.setObjectName("address")
        self.address.setPlaceholderText(EXAMPLE)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("only if the server asks for one; it is not saved"))
        self.remember = QCheckBox(_("Open this database at every start"))
        self.remember.setObjectName("remember")
        self.remember.setChecked(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(bool(problem))
        self.error.setText(problem or "")
        form = QFormLayout()
        form.addRow(_("Address:"), self.address)
        form.addRow(_("Password:"), self.password)
        form.addRow("", self.remember)
        buttons = QDialogButtonBox()
        connect = buttons.addButton(_("Connect"), QDialogButtonBox.ButtonRole.AcceptRole)
        connect.setObjectName("connect")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        self.url: str | None = None  # with the password typed, when one was

    def accept(self) -> None:
        from ..services.database.location import checked_url, with_password
        from ..services.database.server import revision_of
        from ..services.failures import describe_failure

        try:
            url = checked_url(self.address.text())
            if self.password.text():
                url = with_password(url, self.password.text())
            with wait_cursor():
                revision_of(url)  # reachable, the login accepted, the database there
        except UserError as exc:
            self._show(str(exc))
            return
        except Exception as exc:  # the server's failures, said in a sentence
            message = describe_failure(exc)
            if message is None:
                raise
            self._show(message)
            return
        self.url = url
        super().accept()

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.address.setFocus()


def ask_server(parent=None, url: str = "", problem: str | None = None) -> tuple[str, bool] | None:
    """(the URL, open it at every start), or None when the person cancelled."""
    dialog = ServerDialog(url, problem, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.url is None:
        return None
    return dialog.url, dialog.remember.isChecked()


def open_server_database(window) -> bool:
    """File → Shared database on a server…: work on it from now on (and at every start, if chosen).
    An empty database gets this copy's side and operator, as File → New database does."""
    from ..services.database import Database
    from ..services.database.location import without_password
    from ..services.failures import describe_failure
    from ..services.settings import is_configured
    from .settings import save_server

    current = window.ctx.db.url
    chosen = ask_server(window, without_password(current) if current else "")
    if chosen is None:
        return False
    url, remember = chosen
    try:
        with wait_cursor():
            db = Database(url)
            if not is_configured(db):
                from ..services.first_start import initialise

                initialise(db, window.ctx.side, window.ctx.operator, demo=False)
    except Exception as exc:  # a newer program's database, not ours, the server gone meanwhile
        message = str(exc) if isinstance(exc, UserError) else describe_failure(exc)
        if message is None:
            raise
        QMessageBox.critical(window, _("Shared database on a server"), message)
        return False
    if remember:
        save_server(url)
    old_lock, window.lock = window.lock, None
    window.ctx.reopen(db)
    if old_lock is not None:
        old_lock.release()
    return True
