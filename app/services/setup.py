"""The first start of a copy: its side, its operator, and optionally the demo data."""

from datetime import date

from sqlalchemy import func, select

from ..models import Organization, Side
from .database import Database
from .settings import SIDE, operator_key, session_login, set_setting


def is_empty(db: Database) -> bool:
    with db.session() as session:
        return not session.scalar(select(func.count()).select_from(Organization))


def initialise(db: Database, side: Side, operator: str, demo: bool, today: date | None = None) -> None:
    """Record who works with this copy; fill it with the demo data when asked (and empty)."""
    with db.transaction() as session:
        set_setting(session, SIDE, Side(side).value)
        set_setting(session, operator_key(session_login(session)), operator.strip())
    if demo and is_empty(db):
        from .demo import build_demo

        with db.transaction() as session:
            build_demo(session, today=today, side=Side(side))
