"""The data model. Plain SQLAlchemy; nothing here knows about Qt.

The enumerations, the plain helpers and SCHEMA_REVISION load at once. The mapped classes load with
SQLAlchemy (about half a second) on the first use of any of them, all together so that their
relationships resolve: the window is painted before that, from plain reads (sqlite3 on a file).
"""

import importlib
from typing import TYPE_CHECKING, Any

from .enums import (
    CURRENCIES,
    LANGUAGES,
    LEGACY_DEADLINES,
    ONGOING,
    ONGOING_VALUES,
    ChangeAction,
    DeadlineKind,
    ExchangeDirection,
    ExchangeOrigin,
    MeetingFormat,
    MeetingStatus,
    MinutesStatus,
    OrgKind,
    ProjectStatus,
    RoadmapKind,
    RoadmapStatus,
    Side,
)
from .plain import org_label, pick_text

if TYPE_CHECKING:
    # What __getattr__ below loads on first use, visible to the type checker.
    from .base import Base
    from .journal import AppSetting, ChangeLog, Exchange, Tombstone
    from .meeting import (
        TIMEZONES,
        AgendaItem,
        Decision,
        Meeting,
        MinutesUnlock,
        agenda_speaker,
        meeting_participant,
    )
    from .project import Project, project_partner, project_responsible
    from .reference import Organization, Person, Sector
    from .roadmap import Postponement, ProgressReport, RoadmapItem, number_sort_key, roadmap_executor

# The Alembic revision this code expects. Checked on open without importing Alembic;
# a test keeps it equal to the head of migrations/versions.
SCHEMA_REVISION = "0006_signed_minutes"

_MAPPED = {
    "base": ("Base",),
    "journal": ("AppSetting", "ChangeLog", "Exchange", "Tombstone"),
    "meeting": (
        "TIMEZONES",
        "AgendaItem",
        "Decision",
        "Meeting",
        "MinutesUnlock",
        "agenda_speaker",
        "meeting_participant",
    ),
    "project": ("Project", "project_partner", "project_responsible"),
    "reference": ("Organization", "Person", "Sector"),
    "roadmap": ("Postponement", "ProgressReport", "RoadmapItem", "number_sort_key", "roadmap_executor"),
}


def __getattr__(name: str) -> Any:
    if not any(name in names for names in _MAPPED.values()):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    for module_name, names in _MAPPED.items():
        module = importlib.import_module(f".{module_name}", __name__)
        globals().update((n, getattr(module, n)) for n in names)
    return globals()[name]


__all__ = [
    "CURRENCIES",
    "LANGUAGES",
    "LEGACY_DEADLINES",
    "ONGOING",
    "ONGOING_VALUES",
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
    "ExchangeOrigin",
    "Meeting",
    "MeetingFormat",
    "MeetingStatus",
    "MinutesStatus",
    "MinutesUnlock",
    "OrgKind",
    "Organization",
    "Person",
    "Postponement",
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
    "org_label",
    "pick_text",
    "project_partner",
    "project_responsible",
    "roadmap_executor",
]
