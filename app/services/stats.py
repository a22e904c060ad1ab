"""Counts of records, for `check` and the dashboard; the database's own check of itself."""

from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..i18n import _
from .fields import ENTITIES, ORDER


def record_counts(session: Session) -> list[tuple[str, int]]:
    return [
        # count() always gives a row
        (
            _(ENTITIES[key].plural),
            cast(int, session.scalar(select(func.count()).select_from(ENTITIES[key].model))),
        )
        for key in ORDER
    ]


def integrity_check(session: Session) -> str:
    """'ok', or what the database finds wrong with itself: SQLite's integrity check of its file; on
    a server, constraints not validated (PostgreSQL keeps its files itself)."""
    if session.get_bind().dialect.name == "sqlite":
        from .database.sqlite import integrity_check as file_check

        return file_check(session)
    from .database.server import integrity_check as server_check

    return server_check(session)
