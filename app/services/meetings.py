"""Meetings: the order of agenda items and decisions, and turning a decision into a roadmap item.
Every change goes through the store, so that it is validated and logged like any other edit."""

import re
from typing import Any

from sqlalchemy import func, select

from ..models import (
    LANGUAGES,
    ONGOING_VALUES,
    AgendaItem,
    Decision,
    Meeting,
    Project,
    RoadmapItem,
    RoadmapKind,
    RoadmapStatus,
    Side,
)
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


PROJECT_CODE = re.compile(r"\b(?:UZ|KZ)-P-\d+\b")
ROMAN = ("I", "II", "III", "IV")
_Q = r"(?P<q>IV|I{1,3})\s+(?:кв\w*|chora\w*|тоқсан\w*)"
QUARTERS = (
    re.compile(rf"\b{_Q}\.?\s+(?P<year>20\d\d)\b", re.IGNORECASE),
    re.compile(rf"\b(?P<year>20\d\d)\S*\s+(?:\w+\s+)?{_Q}", re.IGNORECASE),
)
DEADLINE = re.compile(r"^20\d\d-(\d\d-\d\d|Q[1-4])$")
WORD = re.compile(r"[^\s,;:()«»\"]+")


def deadline_in(text: str | None) -> str | None:
    """The first deadline a decision's text names, as a plain deadline: "до 15.03.2027", "в I
    квартале 2027 года", "ежеквартально", "на постоянной основе" (in any of the three languages)."""
    from .exchange.workbook.values import parse_deadline

    text = text or ""
    quarters = {  # word index → "2027-Q1", for "I квартал 2027" and "2027-yil I chorak"
        len(WORD.findall(text[: m.start()])): f"{m.group('year')}-Q{ROMAN.index(m.group('q').upper()) + 1}"
        for pattern in QUARTERS
        for m in pattern.finditer(text)
    }
    words = WORD.findall(text)
    for start in range(len(words)):
        if start in quarters:
            return quarters[start]
        for size in (3, 2, 1):  # the longest phrase first
            phrase = " ".join(words[start : start + size]).rstrip(".")
            if len(words) < start + size or phrase.isdigit():  # a bare number is no deadline here
                continue
            try:
                found = parse_deadline(phrase)
            except ValueError:
                continue
            if found in ONGOING_VALUES or (isinstance(found, str) and DEADLINE.match(found)):
                return found
    return None


def _from_decision(store: Store, decision: Decision) -> dict[str, Any]:
    """What a decision says of its measure: the deadline in its text, the executors (the
    organisations of the agenda item's speakers, by side), a project named by its code."""
    values: dict[str, Any] = {}
    texts = [decision.text_ru, decision.text_uz, decision.text_kk]
    deadline = next((d for d in map(deadline_in, texts) if d), None)
    if deadline:
        values["deadline"] = deadline
    speakers = decision.agenda_item.speakers if decision.agenda_item is not None else []
    for side in Side:
        orgs = sorted({p.organization.uuid for p in speakers if p.organization and p.side == side})
        if orgs:
            values[f"executors_{side.value.lower()}"] = orgs
    titles = [decision.agenda_item.text("title", lang) for lang in LANGUAGES] if decision.agenda_item else []
    for text in [*texts, *titles]:
        code = PROJECT_CODE.search(text or "")
        project = store.session.scalar(select(Project).where(Project.code == code.group())) if code else None
        if project is not None:
            values["project"] = project.uuid
            break
    return values


def decision_to_roadmap_item(store: Store, decision: Decision, section: RoadmapItem) -> RoadmapItem:
    """A roadmap measure with the decision's text, linked to it, numbered after the last item of
    `section`; its deadline, executors and project as far as the decision gives them."""
    values = {
        **_from_decision(store, decision),
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
