"""The first start of a copy: its side, its operator, and optionally the demo data."""

from datetime import date

from ..i18n import _
from ..models import Side
from .database import Database
from .errors import UserError
from .settings import SIDE, operator_key, session_login, set_setting

# The records people keep; the copy's settings and its logs are not data of their own.
RECORD_TABLES = ("organization", "person", "sector", "project", "roadmap_item", "meeting")


def is_empty(db: Database) -> bool:
    """No records of any kind. Read with plain sqlite3: the first page asks before the ORM loads."""
    with db.reader() as conn:
        return not any(
            conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0] for table in RECORD_TABLES
        )


def initialise(db: Database, side: Side, operator: str, demo: bool, today: date | None = None) -> None:
    """Record who works with this copy; fill it with the demo data when asked (and empty)."""
    with db.transaction() as session:
        set_setting(session, SIDE, Side(side).value)
        set_setting(session, operator_key(session_login(session)), operator.strip())
    if demo and is_empty(db):
        load_demo(db, side, today)


def load_demo(db: Database, side: Side, today: date | None = None) -> None:
    """Fill an empty database with the demo data, as this copy's side; one with records is refused
    (the examples would mix with real work and travel to the other side in the next export)."""
    if not is_empty(db):
        raise UserError(_("The demo data can only be loaded into an empty database."))
    from .demo import build_demo

    with db.transaction() as session:
        build_demo(session, today=today, side=Side(side))
