"""Read queries for the lists of the GUI: every record of a kind, with what its rows show loaded
in one query per relationship (not one per row), and the choices of drop-downs."""

import gc
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..models import (
    AgendaItem,
    Decision,
    Meeting,
    Organization,
    Person,
    Postponement,
    ProgressReport,
    Project,
    RoadmapItem,
    Sector,
    Side,
    roadmap_executor,
)
from .fields import ENTITIES

_EAGER = {
    Project: (
        selectinload(Project.sector),
        selectinload(Project.partners),
        selectinload(Project.responsible),
    ),
    Meeting: (
        selectinload(Meeting.cochair_uz),
        selectinload(Meeting.cochair_kz),
        selectinload(Meeting.participants),
    ),
    Person: (selectinload(Person.organization),),
    AgendaItem: (selectinload(AgendaItem.speakers),),
    Decision: (selectinload(Decision.agenda_item),),
    ProgressReport: (selectinload(ProgressReport.item),),
}

_ORDER = {
    Sector: (Sector.id,),
    Organization: (Organization.side, Organization.id),
    Person: (Person.side, Person.id),
    Project: (Project.code,),
    RoadmapItem: (RoadmapItem.id,),
    Meeting: (Meeting.meeting_date.desc(),),
    AgendaItem: (AgendaItem.position,),
    Decision: (Decision.position,),
    ProgressReport: (ProgressReport.report_date,),
}


def all_records(session: Session, entity_key: str, related: bool = True) -> list:
    """Every record of a kind in list order; with `related`, with what its row shows loaded."""
    model = ENTITIES[entity_key].model
    options = _EAGER.get(model, ()) if related else ()
    query = select(model).options(*options).order_by(*_ORDER.get(model, (model.id,)))
    records = list(session.scalars(query))
    if related and model is RoadmapItem:
        _roadmap_related(session, records)
    return records


def records_in_parts(session: Session, entity_key: str, size: int = 1000) -> Iterator[list]:
    """Every record of a kind in list order with what its rows show, as `all_records` gives them,
    `size` at a time: a list keeps its rows' texts, not the records, and a large one read whole
    would hold every record with its relations at once (issue 21). Once the next part is asked
    for, the records of the last one are let go, their reference cycles (an item and its reports)
    collected at once: a list is read with the cycle collector paused."""
    model = ENTITIES[entity_key].model
    ids = list(session.scalars(select(model.id).order_by(*_ORDER.get(model, (model.id,)))))
    for start in range(0, len(ids), size):
        part = ids[start : start + size]
        if model is RoadmapItem:
            records = roadmap_items(session, part)
        else:
            query = select(model).options(*_EAGER.get(model, ())).where(model.id.in_(part))
            records = list(session.scalars(query))
        place = {id_: i for i, id_ in enumerate(part)}
        records.sort(key=lambda record: place[record.id])
        yield records
        del records
        gc.collect(0)  # only what was made since the last part: the collector is paused


def roadmap_items(session: Session, ids: list[int]) -> list[RoadmapItem]:
    """The roadmap items `ids` with what their rows show, as `all_records` gives every one: a
    part of a large roadmap read when it is first shown."""
    records = list(session.scalars(select(RoadmapItem).where(RoadmapItem.id.in_(ids))))
    _roadmap_related(session, records, ids)
    return records


def _roadmap_related(session: Session, items: list[RoadmapItem], ids: list[int] | None = None) -> None:
    """Projects, decisions, executors and reports of every item (or of the items `ids`), each read
    in one plain query and handed to the items: selectinload's IN-lists over ten thousand items
    cost several times more."""
    projects_q, decisions_q = select(Project), select(Decision)
    executors_q = select(roadmap_executor.c.roadmap_item_id, roadmap_executor.c.organization_id)
    reports_q = select(ProgressReport)
    moved_q = select(Postponement)
    if ids is not None:
        projects_q = projects_q.where(Project.id.in_({i.project_id for i in items} - {None}))
        decisions_q = decisions_q.where(Decision.id.in_({i.decision_id for i in items} - {None}))
        executors_q = executors_q.where(roadmap_executor.c.roadmap_item_id.in_(ids))
        reports_q = reports_q.where(ProgressReport.roadmap_item_id.in_(ids))
        moved_q = moved_q.where(Postponement.roadmap_item_id.in_(ids))
    projects: dict[int | None, Project] = {p.id: p for p in session.scalars(projects_q)}
    decisions: dict[int | None, Decision] = {d.id: d for d in session.scalars(decisions_q)}
    organizations = {o.id: o for o in session.scalars(select(Organization))}
    executors: dict[int, list[Organization]] = {}
    for item_id, org_id in session.execute(executors_q.order_by(roadmap_executor.c.organization_id)):
        executors.setdefault(item_id, []).append(organizations[org_id])
    reports: dict[int, list[ProgressReport]] = {}
    for report in session.scalars(reports_q.order_by(ProgressReport.report_date)):
        reports.setdefault(report.roadmap_item_id, []).append(report)
    moved: dict[int, list[Postponement]] = {}
    for postponement in session.scalars(moved_q.order_by(Postponement.postponed_on)):
        moved.setdefault(postponement.roadmap_item_id, []).append(postponement)
    for item in items:
        set_committed_value(item, "postponements", moved.get(item.id, []))
        set_committed_value(item, "project", projects.get(item.project_id))
        set_committed_value(item, "decision", decisions.get(item.decision_id))
        set_committed_value(item, "executors", executors.get(item.id, []))
        set_committed_value(item, "reports", reports.get(item.id, []))


@dataclass(frozen=True)
class Option:
    """One choice of a drop-down: the record's UUID, its name in the asked language, its side."""

    uuid: str
    label: str
    side: Side | None = None


def options(session: Session, entity_key: str, lang: str, side: Side | None = None) -> list[Option]:
    entity = ENTITIES[entity_key]
    records = all_records(session, entity_key, related=False)  # a choice shows the record's own name
    if entity_key == "roadmap_item":
        from ..models import number_sort_key

        records.sort(key=lambda r: number_sort_key(r.number))
    result = []
    for record in records:
        record_side = getattr(record, "side", None)
        if side is not None and record_side != side:
            continue
        result.append(Option(record.uuid, entity.describe(record, lang), record_side))
    return result


def record_by_uuid(session: Session, entity_key: str, uuid: str):
    model = ENTITIES[entity_key].model
    return session.scalar(select(model).where(model.uuid == uuid))
