"""Settings kept in the database: they belong to this copy of the data, not to a user account."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AppSetting, Side

SIDE = "side"
OPERATOR = "operator"


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(AppSetting, key)
    return row.value if row else default


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(AppSetting, key)
    if row is None:
        session.add(AppSetting(key=key, value=value))
    else:
        row.value = value


def side_of_copy(session: Session) -> Side:
    """The side this copy belongs to (UZ when nobody said otherwise yet)."""
    return Side(get_setting(session, SIDE, Side.UZ.value))


def operator_name(session: Session) -> str:
    return get_setting(session, OPERATOR, "") or ""


def is_configured(session: Session) -> bool:
    return session.scalar(select(AppSetting.key).where(AppSetting.key == SIDE)) is not None
