"""Counts of records, for `check` and the dashboard."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..i18n import _
from .fields import ENTITIES, ORDER


def record_counts(session: Session) -> list[tuple[str, int]]:
    return [
        (_(ENTITIES[key].plural), session.scalar(select(func.count()).select_from(ENTITIES[key].model)))
        for key in ORDER
    ]
