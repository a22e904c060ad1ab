"""Enumerations stored in the database (as text, with CHECK constraints) and shown translated."""

from enum import StrEnum


class Side(StrEnum):
    UZ = "UZ"
    KZ = "KZ"


class OrgKind(StrEnum):
    MINISTRY = "ministry"
    AGENCY = "agency"
    COMPANY = "company"
    REGION = "region"
    OTHER = "other"


class ProjectStatus(StrEnum):
    PROPOSED = "proposed"
    FEASIBILITY = "feasibility"
    FINANCING = "financing"
    CONSTRUCTION = "construction"
    LAUNCHED = "launched"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


class RoadmapStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class RoadmapKind(StrEnum):
    SECTION = "section"
    MEASURE = "measure"


class DeadlineKind(StrEnum):
    NONE = "none"
    DATE = "date"
    QUARTER = "quarter"
    # Without a day of its own: done all along, or again and again at a rhythm.
    PERMANENT = "permanent"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


# The deadlines that are a kind alone, with no date or quarter: their plain value is the kind's.
ONGOING = (
    DeadlineKind.PERMANENT,
    DeadlineKind.MONTHLY,
    DeadlineKind.QUARTERLY,
    DeadlineKind.HALF_YEARLY,
    DeadlineKind.YEARLY,
)
ONGOING_VALUES = frozenset(k.value for k in ONGOING)
# What earlier versions called "regular" was the permanent kind ("на постоянной основе").
LEGACY_DEADLINES = {"regular": DeadlineKind.PERMANENT.value}


class MeetingFormat(StrEnum):
    VIDEO = "video"
    IN_PERSON = "in_person"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"


class MinutesStatus(StrEnum):
    """Signed minutes are final: they, the agenda and the decisions change only after an unlocking."""

    DRAFT = "draft"
    SIGNED = "signed"


class ExchangeDirection(StrEnum):
    EXPORT = "export"
    IMPORT = "import"


class ExchangeOrigin(StrEnum):
    """Where an imported file comes from, which decides what it was made from (the merge's base)."""

    PROGRAM = "program"  # a file of the other side's program (perhaps touched by hand on the way)
    RETURN = "return"  # our own workbook, edited by the other side in Excel and sent back
    HAND = "hand"  # a sheet a person made from scratch: no history at all


class ChangeAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


CURRENCIES = ("USD", "EUR", "UZS", "KZT", "RUB", "CNY")
LANGUAGES = ("ru", "uz", "kk")
