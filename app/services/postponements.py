"""Postponements: a roadmap item's deadline moved, kept with the reason, who, when and which side.
Each is asked about at the next meeting and counted in the monthly report. A change of deadline
made here (the window) is recorded with the reason the person gives; one that arrives from the
other side comes with theirs — as their program's own record, or, for a deadline typed over in
our workbook, made at apply from the file's reason column (exchange/apply.py)."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Meeting, Postponement, RoadmapItem, Side
from .store import Store

ENTITY = "postponement"


def is_postponement(old: str | None, new: str | None) -> bool:
    """A deadline that was set and is now another one. Setting the first deadline is not one."""
    return bool(old) and old != new


def record(
    store: Store,
    item: RoadmapItem,
    old: str | None,
    new: str | None,
    reason: str | None,
    *,
    side: Side | None = None,
    operator: str | None = None,
    on: date | None = None,
) -> Postponement:
    who = operator if operator is not None else store.operator
    return store.create(
        "postponement",
        {
            "item": item.uuid,
            "postponed_on": (on or date.today()).isoformat(),
            "old_deadline": old,
            "new_deadline": new,
            "reason": reason,
            "side": (side or store.side).value,
            "operator": None if who in ("", "—") else who,  # "—": the copy's operator not named yet
        },
    )


def of_item(session: Session, item_id: int) -> list[Postponement]:
    """An item's postponements, the latest first."""
    return list(
        session.scalars(
            select(Postponement)
            .where(Postponement.roadmap_item_id == item_id)
            .order_by(Postponement.postponed_on.desc(), Postponement.id.desc())
        )
    )


def counts(session: Session) -> dict[int, int]:
    """How many times each roadmap item was postponed (items never postponed are left out)."""
    rows = session.execute(
        select(Postponement.roadmap_item_id, func.count()).group_by(Postponement.roadmap_item_id)
    )
    return {item_id: n for item_id, n in rows}


def since_previous_meeting(session: Session, meeting: Meeting) -> list[Postponement]:
    """The postponements made after the meeting before `meeting` and up to its day, oldest first:
    each is asked about at that meeting (the printed agenda lists them)."""
    previous = session.scalar(
        select(func.max(Meeting.meeting_date)).where(Meeting.meeting_date < meeting.meeting_date)
    )
    query = select(Postponement).where(Postponement.postponed_on <= meeting.meeting_date)
    if previous is not None:
        query = query.where(Postponement.postponed_on > previous)
    return list(session.scalars(query.order_by(Postponement.postponed_on, Postponement.id)))
