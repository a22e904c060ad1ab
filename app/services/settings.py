"""Settings kept in the database: they belong to this copy of the data, not to a user account.

Read and written through a session; the main window reads them with a plain connection
(`read_setting`) because it shows them before SQLAlchemy is loaded.

The operator's name is the one exception: a file has one person at a time, and one name; on a
server several people work at once, each under their own login, so each login has its own name
(`operator:<login>`), and a login that chose none is recorded under the login itself."""

from typing import TYPE_CHECKING, cast

from ..models import Side

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

    from .database import Database

SIDE = "side"
OPERATOR = "operator"
COPY_ID = "copy_id"  # this database's own identity, written into its exports
OPERATOR_LENGTH = 200  # the change log's column


def get_setting(session: "Session", key: str, default: str | None = None) -> str | None:
    from ..models import AppSetting

    row = session.get(AppSetting, key)
    return row.value if row else default


def set_setting(session: "Session", key: str, value: str) -> None:
    from ..models import AppSetting

    row = session.get(AppSetting, key)
    if row is None:
        session.add(AppSetting(key=key, value=value))
    else:
        row.value = value


def side_of_copy(session: "Session") -> Side:
    """The side this copy belongs to (UZ when nobody said otherwise yet)."""
    return Side(cast(str, get_setting(session, SIDE, Side.UZ.value)))


def copy_id(session: "Session") -> str:
    """This database's identity (made on first use): a file it exported says so, and a file of
    another database of the same side is told apart from our own returned."""
    value = get_setting(session, COPY_ID)
    if value is None:
        from ..models.base import new_uuid

        value = new_uuid()
        set_setting(session, COPY_ID, value)
    return value


def session_login(session: "Session") -> str | None:
    """The person's login when the session is on a server; None on a file."""
    bind = cast("Engine", session.get_bind())  # the session's engine: a Connection has no url
    if bind.dialect.name != "postgresql":
        return None
    login = _logins.get(bind.url)
    if login is None:
        from sqlalchemy import text

        login = _logins[bind.url] = session.execute(text("SELECT session_user")).scalar_one()
    return login


_logins: dict = {}  # engine URL → login: one question per server and program


def operator_key(login: str | None) -> str:
    return OPERATOR if login is None else f"{OPERATOR}:{login}"


def operator_name(session: "Session") -> str:
    """Who makes the changes of this session: the name chosen for this copy (a file), or for this
    login (a server), or the login itself."""
    login = session_login(session)
    return get_setting(session, operator_key(login), "") or login or ""


def checked_operator(name: str) -> str:
    """The operator's name as it is kept: trimmed, runs of spaces as one. UserError (in the
    user's language) when it is empty or longer than the change log keeps."""
    from ..i18n import _
    from .errors import UserError

    name = " ".join(name.split())
    if not name:
        raise UserError(_("Please enter your name: it is recorded with every change."))
    if len(name) > OPERATOR_LENGTH:
        raise UserError(_("The name is too long: at most {count} characters.").format(count=OPERATOR_LENGTH))
    return name


def set_operator(session: "Session", name: str) -> str:
    """A new operator's name for this copy: changes made from now on are logged with it, those
    made before keep the name they were made under. Returns the name as kept."""
    name = checked_operator(name)
    set_setting(session, operator_key(session_login(session)), name)
    return name


def read_setting(db: "Database", key: str, default: str | None = None) -> str | None:
    """The committed value, read without the ORM (without SQLAlchemy at all on a file)."""
    with db.reader() as conn:
        row = conn.execute("SELECT value FROM app_setting WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def copy_side(db: "Database") -> Side:
    return Side(cast(str, read_setting(db, SIDE, Side.UZ.value)))


def copy_operator(db: "Database") -> str:
    login = db.login
    return read_setting(db, operator_key(login), "") or login or ""


def is_configured(db: "Database") -> bool:
    return read_setting(db, SIDE) is not None
