"""The data model. Plain SQLAlchemy; nothing here knows about Qt."""

from .base import Base, pick_text
from .enums import (
    CURRENCIES,
    LANGUAGES,
    ChangeAction,
    DeadlineKind,
    ExchangeDirection,
    MeetingFormat,
    MeetingStatus,
    OrgKind,
    ProjectStatus,
    RoadmapKind,
    RoadmapStatus,
    Side,
)
from .journal import AppSetting, ChangeLog, Exchange, Tombstone
from .meeting import TIMEZONES, AgendaItem, Decision, Meeting, agenda_speaker, meeting_participant
from .project import Project, project_partner, project_responsible
from .reference import Organization, Person, Sector
from .roadmap import ProgressReport, RoadmapItem, number_sort_key, roadmap_executor

# The Alembic revision this code expects. Checked on open without importing Alembic;
# a test keeps it equal to the head of migrations/versions.
SCHEMA_REVISION = "0001_initial"

__all__ = [
    "CURRENCIES",
    "LANGUAGES",
    "SCHEMA_REVISION",
    "TIMEZONES",
    "AgendaItem",
    "AppSetting",
    "Base",
    "ChangeAction",
    "ChangeLog",
    "DeadlineKind",
    "Decision",
    "Exchange",
    "ExchangeDirection",
    "Meeting",
    "MeetingFormat",
    "MeetingStatus",
    "OrgKind",
    "Organization",
    "Person",
    "ProgressReport",
    "Project",
    "ProjectStatus",
    "RoadmapItem",
    "RoadmapKind",
    "RoadmapStatus",
    "Sector",
    "Side",
    "Tombstone",
    "agenda_speaker",
    "meeting_participant",
    "number_sort_key",
    "pick_text",
    "project_partner",
    "project_responsible",
    "roadmap_executor",
]
