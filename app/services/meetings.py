"""Meetings: the order of agenda items and decisions, and turning a decision into a roadmap item.
Every change goes through the store, so that it is validated and logged like any other edit."""

from sqlalchemy import func, select

from ..models import AgendaItem, Decision, Meeting, RoadmapItem, RoadmapKind, RoadmapStatus
from .roadmap_tree import next_number
from .store import Store


def new_position(store: Store, model: type[AgendaItem] | type[Decision], meeting: Meeting) -> int:
    """The position after the last agenda item (or decision) of a meeting."""
    last = store.session.scalar(select(func.max(model.position)).where(model.meeting_id == meeting.id))
    return (last or 0) + 1


def positions(records: list) -> dict[str, int]:
    return {r.uuid: r.position for r in records}


def apply_order(store: Store, records: list, order: list[str]) -> dict[str, int]:
    """Number `records` 1, 2, 3 … in the order of the UUIDs in `order`; only the positions that
    change are written. Returns the positions they had before (for undo)."""
    by_uuid = {r.uuid: r for r in records}
    before = positions(records)
    for pos, uuid in enumerate(order, start=1):
        record = by_uuid[uuid]
        if record.position != pos:
            store.update(record, {"position": pos})
    return before


def restore_positions(store: Store, records: list, saved: dict[str, int]) -> None:
    for record in records:
        if record.uuid in saved and record.position != saved[record.uuid]:
            store.update(record, {"position": saved[record.uuid]})


def move(records: list, uuid: str, step: int) -> list[str]:
    """The UUID order after moving one record `step` places up (-1) or down (+1)."""
    order = [r.uuid for r in sorted(records, key=lambda r: r.position)]
    i = order.index(uuid)
    j = max(0, min(len(order) - 1, i + step))
    order.insert(j, order.pop(i))
    return order


def decision_to_roadmap_item(store: Store, decision: Decision, section: RoadmapItem) -> RoadmapItem:
    """A roadmap measure with the decision's text, linked to it, numbered after the last item of
    `section`."""
    values = {
        "number": next_number(store.session, section),
        "parent": section.uuid,
        "kind": RoadmapKind.MEASURE.value,
        "status": RoadmapStatus.NOT_STARTED.value,
        "decision": decision.uuid,
        "measure_ru": decision.text_ru,
        "measure_uz": decision.text_uz,
        "measure_kk": decision.text_kk,
    }
    return store.create("roadmap_item", values)
