"""Read queries for the lists of the GUI: every record of a kind, with what its rows show loaded
in one query per relationship (not one per row), and the choices of drop-downs."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import (
    AgendaItem,
    Decision,
    Meeting,
    Organization,
    Person,
    ProgressReport,
    Project,
    RoadmapItem,
    Sector,
    Side,
)
from .fields import ENTITIES

_EAGER = {
    Project: (
        selectinload(Project.sector),
        selectinload(Project.partners),
        selectinload(Project.responsible),
    ),
    RoadmapItem: (
        selectinload(RoadmapItem.executors),
        selectinload(RoadmapItem.project),
        selectinload(RoadmapItem.reports),
        selectinload(RoadmapItem.decision),
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


def all_records(session: Session, entity_key: str) -> list:
    model = ENTITIES[entity_key].model
    query = select(model).options(*_EAGER.get(model, ())).order_by(*_ORDER.get(model, (model.id,)))
    return list(session.scalars(query))


@dataclass(frozen=True)
class Option:
    """One choice of a drop-down: the record's UUID, its name in the asked language, its side."""

    uuid: str
    label: str
    side: Side | None = None


def options(session: Session, entity_key: str, lang: str, side: Side | None = None) -> list[Option]:
    entity = ENTITIES[entity_key]
    records = all_records(session, entity_key)
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
