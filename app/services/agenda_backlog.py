"""The agenda backlog: questions proposed for a future meeting are agenda items without a meeting
(models/meeting.py says why), listed here, and moved into a meeting's agenda with one step that
can be undone."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..models import AgendaItem, Meeting
from .meetings import new_position
from .store import Store


def backlog(session: Session) -> list[AgendaItem]:
    """The questions waiting for a meeting, in the order they were proposed."""
    query = (
        select(AgendaItem)
        .where(AgendaItem.meeting_id.is_(None))
        .options(selectinload(AgendaItem.speakers))
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    return list(session.scalars(query))


def next_backlog_position(session: Session) -> int:
    last = session.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id.is_(None)))
    return (last or 0) + 1


def receiving_meetings(session: Session) -> list[Meeting]:
    """Meetings a question can join: those whose minutes are not signed, the latest first."""
    meetings = session.scalars(select(Meeting).order_by(Meeting.meeting_date.desc(), Meeting.id.desc()))
    return [m for m in meetings if not m.signed]


def move_to_meeting(store: Store, item_uuid: str, meeting_uuid: str) -> dict:
    """Put a backlog question at the end of the meeting's agenda. Returns its backlog place,
    for `back_to_backlog` (undo). The store refuses a meeting with signed minutes."""
    item = store.require("agenda_item", item_uuid)
    meeting = store.require("meeting", meeting_uuid)
    before = {"meeting": None, "position": item.position}
    store.update(item, {"meeting": meeting.uuid, "position": new_position(store, AgendaItem, meeting)})
    return before


def back_to_backlog(store: Store, item_uuid: str, before: dict) -> None:
    store.update(store.require("agenda_item", item_uuid), dict(before))
