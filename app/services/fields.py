"""The fields of every record that travels, in one table: key, type, how to read and write it.

The change log, the exchange workbook, the import and the merge all speak in these *plain*
values (JSON-able, canonical), so a value compares equal on both sides whatever its path:
text → str (empty is None), int, decimal → "1500000.00", date → "2026-11-24", time → "10:00",
enum → its value, bool, ref → UUID, refs → sorted list of UUIDs, deadline → "2026-12-31" |
"2026-Q4" | "regular" | None.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ..i18n import N_
from ..models import (
    LEGACY_DEADLINES,
    ONGOING,
    AgendaItem,
    DeadlineKind,
    Decision,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    MinutesStatus,
    MinutesUnlock,
    Organization,
    OrgKind,
    Person,
    Postponement,
    ProgressReport,
    Project,
    ProjectStatus,
    RoadmapItem,
    RoadmapKind,
    RoadmapStatus,
    Sector,
    Side,
)
from .kinds import FieldKind, handler
from .labels import visible

# The kinds of field (kinds.py), by their short names.
TEXT, LONGTEXT, INT, DECIMAL, MONEY, DATE, TIME, ENUM, BOOL, REF, REFS, DEADLINE, CURRENCY, TZ = (
    FieldKind.TEXT,
    FieldKind.LONGTEXT,
    FieldKind.INT,
    FieldKind.DECIMAL,
    FieldKind.MONEY,
    FieldKind.DATE,
    FieldKind.TIME,
    FieldKind.ENUM,
    FieldKind.BOOL,
    FieldKind.REF,
    FieldKind.REFS,
    FieldKind.DEADLINE,
    FieldKind.CURRENCY,
    FieldKind.TZ,
)


@dataclass(frozen=True)
class Field:
    key: str
    kind: FieldKind
    label: str  # English msgid, translated where shown
    required: bool = False
    enum: type[StrEnum] | None = None
    ref: str | None = None  # entity key of the referenced record
    side: Side | None = None  # refs: only the organizations/people of this side
    attr: str | None = None  # model attribute, when it differs from key
    lang: str | None = None  # for one language of a translatable text
    group: str | None = None  # translatable text: the field without its language suffix
    percent: bool = False  # a number of per cent: 50 is half (a cell formatted as 50 % holds 0.5)

    @property
    def attribute(self) -> str:
        return self.attr or self.key


@dataclass(frozen=True)
class Entity:
    key: str
    model: type[Any]  # a mapped class of app.models; each has columns of its own
    label: str
    plural: str
    fields: tuple[Field, ...]
    code_letter: str | None = None  # records people cite get a code: UZ-P-014
    parent: str | None = None  # the record this one belongs to (a meeting's agenda item ...)
    describe: Callable[[Any, str], str] = field(default=lambda obj, lang: obj.uuid)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    @property
    def owner(self) -> Field | None:
        """The reference to the record this one belongs to and is deleted with (a report's item, a
        decision's meeting); an agenda item of the backlog has none yet."""
        if self.parent is None:
            return None
        return next((f for f in self.fields if f.kind == REF and f.ref == self.parent), None)


def tr3(group: str, label: str, kind: FieldKind = TEXT, required: bool = False) -> tuple[Field, ...]:
    """A text with a value per language: three fields `group_ru`, `group_uz`, `group_kk`."""
    return tuple(
        Field(f"{group}_{lang}", kind, label, required=required, lang=lang, group=group)
        for lang in ("ru", "uz", "kk")
    )


def _label(obj, lang: str, group: str) -> str:
    return obj.text(group, lang)


ENTITIES: dict[str, Entity] = {}


def _register(entity: Entity) -> Entity:
    ENTITIES[entity.key] = entity
    return entity


SECTOR = _register(
    Entity(
        "sector",
        Sector,
        N_("Sector"),
        N_("Sectors"),
        tr3("name", N_("Name"), required=True),
        describe=lambda o, lang: _label(o, lang, "name"),
    )
)

ORGANIZATION = _register(
    Entity(
        "organization",
        Organization,
        N_("Organization"),
        N_("Organizations"),
        (
            *tr3("short_name", N_("Short name")),
            *tr3("name", N_("Name"), required=True),
            Field("side", ENUM, N_("Side"), required=True, enum=Side),
            Field("kind", ENUM, N_("Kind"), required=True, enum=OrgKind),
        ),
        describe=lambda o, lang: o.label(lang),
    )
)

PERSON = _register(
    Entity(
        "person",
        Person,
        N_("Person"),
        N_("People"),
        (
            *tr3("full_name", N_("Full name"), required=True),
            *tr3("position", N_("Position")),
            Field("organization", REF, N_("Organization"), ref="organization"),
            Field("side", ENUM, N_("Side"), required=True, enum=Side),
            Field("email", TEXT, N_("E-mail")),
            Field("phone", TEXT, N_("Phone")),
            Field("notes", LONGTEXT, N_("Notes")),
        ),
        describe=lambda o, lang: _label(o, lang, "full_name"),
    )
)

PROJECT = _register(
    Entity(
        "project",
        Project,
        N_("Project"),
        N_("Projects"),
        (
            Field("code", TEXT, N_("Code")),
            *tr3("name", N_("Name"), required=True),
            Field("sector", REF, N_("Sector"), ref="sector"),
            Field("status", ENUM, N_("Status"), required=True, enum=ProjectStatus),
            *tr3("description", N_("Description"), LONGTEXT),
            Field(
                "partners_uz",
                REFS,
                N_("Partners (Uzbekistan)"),
                ref="organization",
                side=Side.UZ,
                attr="partners",
            ),
            Field(
                "partners_kz",
                REFS,
                N_("Partners (Kazakhstan)"),
                ref="organization",
                side=Side.KZ,
                attr="partners",
            ),
            Field("responsible", REFS, N_("Responsible agencies"), ref="organization"),
            Field("country", ENUM, N_("Country of location"), enum=Side),
            Field("region", TEXT, N_("Region")),
            Field("total_cost", MONEY, N_("Total cost")),
            Field("currency", CURRENCY, N_("Currency"), required=True),
            Field("share_uz", DECIMAL, N_("Share of Uzbekistan, %"), percent=True),
            Field("share_kz", DECIMAL, N_("Share of Kazakhstan, %"), percent=True),
            Field("capacity", TEXT, N_("Capacity")),
            Field("jobs", INT, N_("Jobs to be created")),
            Field("start_date", DATE, N_("Start date")),
            Field("launch_date", DATE, N_("Launch date")),
            Field("notes", LONGTEXT, N_("Notes")),
            Field("is_demo", BOOL, N_("Demo data"), required=True),
        ),
        code_letter="P",
        describe=lambda o, lang: f"{o.code} {_label(o, lang, 'name')}",
    )
)

ROADMAP_ITEM = _register(
    Entity(
        "roadmap_item",
        RoadmapItem,
        N_("Roadmap item"),
        N_("Roadmap items"),
        (
            Field("code", TEXT, N_("Code")),
            Field("number", TEXT, N_("No."), required=True),
            Field("parent", REF, N_("Part of"), ref="roadmap_item"),
            Field("kind", ENUM, N_("Kind"), required=True, enum=RoadmapKind),
            *tr3("measure", N_("Measure"), LONGTEXT, required=True),
            *tr3("completion_form", N_("Form of completion"), LONGTEXT),
            Field("deadline", DEADLINE, N_("Deadline")),
            Field(
                "executors_uz",
                REFS,
                N_("Executors (Uzbekistan)"),
                ref="organization",
                side=Side.UZ,
                attr="executors",
            ),
            Field(
                "executors_kz",
                REFS,
                N_("Executors (Kazakhstan)"),
                ref="organization",
                side=Side.KZ,
                attr="executors",
            ),
            Field("status", ENUM, N_("Status"), required=True, enum=RoadmapStatus),
            Field("completed_on", DATE, N_("Completed on")),
            Field("project", REF, N_("Project"), ref="project"),
            Field("decision", REF, N_("Decision"), ref="decision"),
            Field("notes", LONGTEXT, N_("Notes")),
        ),
        code_letter="R",
        describe=lambda o, lang: f"{o.number} {_label(o, lang, 'measure')}"[:200],
    )
)

PROGRESS_REPORT = _register(
    Entity(
        "progress_report",
        ProgressReport,
        N_("Progress report"),
        N_("Progress reports"),
        (
            Field("item", REF, N_("Roadmap item"), required=True, ref="roadmap_item"),
            Field("report_date", DATE, N_("Date"), required=True),
            Field("side", ENUM, N_("Side"), required=True, enum=Side),
            Field("text", LONGTEXT, N_("Report"), required=True),
        ),
        parent="roadmap_item",
        describe=lambda o, lang: f"{o.report_date.isoformat() if o.report_date else ''} {o.text or ''}"[:200],
    )
)

POSTPONEMENT = _register(
    Entity(
        "postponement",
        Postponement,
        N_("Postponement"),
        N_("Postponements"),
        (
            Field("item", REF, N_("Roadmap item"), required=True, ref="roadmap_item"),
            Field("postponed_on", DATE, N_("Date"), required=True),
            Field("old_deadline", DEADLINE, N_("Deadline before")),
            Field("new_deadline", DEADLINE, N_("New deadline")),
            Field("reason", LONGTEXT, N_("Reason")),
            Field("side", ENUM, N_("Side"), required=True, enum=Side),
            Field("operator", TEXT, N_("Who")),
        ),
        parent="roadmap_item",
        describe=lambda o, lang: f"{o.postponed_on.isoformat() if o.postponed_on else ''} {o.reason or ''}"[
            :200
        ],
    )
)

MEETING = _register(
    Entity(
        "meeting",
        Meeting,
        N_("Meeting"),
        N_("Meetings"),
        (
            Field("code", TEXT, N_("Code")),
            Field("number", INT, N_("Meeting No.")),
            *tr3("title", N_("Title")),
            Field("meeting_date", DATE, N_("Date"), required=True),
            Field("start_time", TIME, N_("Start time")),
            Field("end_time", TIME, N_("End time")),
            Field("timezone", TZ, N_("Time zone"), required=True),
            Field("format", ENUM, N_("Format"), required=True, enum=MeetingFormat),
            *tr3("place", N_("Place")),
            Field("status", ENUM, N_("Status"), required=True, enum=MeetingStatus),
            Field("cochair_uz", REF, N_("Co-chair (Uzbekistan)"), ref="person"),
            Field("cochair_kz", REF, N_("Co-chair (Kazakhstan)"), ref="person"),
            Field("participants", REFS, N_("Participants"), ref="person"),
            *tr3("minutes", N_("Minutes"), LONGTEXT),
            Field("minutes_status", ENUM, N_("Minutes status"), required=True, enum=MinutesStatus),
        ),
        code_letter="M",
        describe=lambda o, lang: f"{o.code} {o.meeting_date.isoformat() if o.meeting_date else ''}",
    )
)

AGENDA_ITEM = _register(
    Entity(
        "agenda_item",
        AgendaItem,
        N_("Agenda item"),
        N_("Agenda items"),
        (
            # Empty: a question proposed for a future meeting (the agenda backlog).
            Field("meeting", REF, N_("Meeting"), ref="meeting"),
            Field("position", INT, N_("Order"), required=True),
            *tr3("title", N_("Item"), LONGTEXT, required=True),
            Field("duration_minutes", INT, N_("Minutes allotted")),
            Field("speakers", REFS, N_("Speakers"), ref="person"),
            Field("proposed_by", ENUM, N_("Proposed by"), enum=Side),
        ),
        parent="meeting",
        describe=lambda o, lang: _label(o, lang, "title")[:200],
    )
)

DECISION = _register(
    Entity(
        "decision",
        Decision,
        N_("Decision"),
        N_("Decisions"),
        (
            Field("meeting", REF, N_("Meeting"), required=True, ref="meeting"),
            Field("agenda_item", REF, N_("Agenda item"), ref="agenda_item"),
            Field("position", INT, N_("Order"), required=True),
            *tr3("text", N_("Decision"), LONGTEXT, required=True),
        ),
        parent="meeting",
        describe=lambda o, lang: _label(o, lang, "text")[:200],
    )
)

MINUTES_UNLOCK = _register(
    Entity(
        "minutes_unlock",
        MinutesUnlock,
        N_("Unlocking of the minutes"),
        N_("Unlockings of the minutes"),
        (
            Field("meeting", REF, N_("Meeting"), required=True, ref="meeting"),
            Field("unlocked_on", DATE, N_("Date"), required=True),
            Field("side", ENUM, N_("Side"), required=True, enum=Side),
            Field("reason", LONGTEXT, N_("Reason"), required=True),
        ),
        parent="meeting",
        describe=lambda o, lang: (
            f"{o.meeting.code if getattr(o, 'meeting', None) else ''} "
            f"{o.unlocked_on.isoformat() if o.unlocked_on else ''}: {o.reason or ''}"
        ).strip()[:200],
    )
)

# Keys of earlier versions → today's: workbooks and exchange snapshots made by an older program
# still name them so (an organization had one short name, the Russian one).
LEGACY_KEYS: dict[str, dict[str, str]] = {"organization": {"short_name": "short_name_ru"}}
# … and values of earlier versions → today's (a deadline "regular" was the permanent kind).
LEGACY_VALUES: dict[str, dict[str, dict[str, str]]] = {"roadmap_item": {"deadline": LEGACY_DEADLINES}}

# Order that satisfies references when records are created (a reference points backwards).
ORDER = (
    "sector",
    "organization",
    "person",
    "project",
    "meeting",
    "minutes_unlock",  # before the agenda and decisions: an unlocking opens signed minutes to changes
    "agenda_item",
    "decision",
    "roadmap_item",
    "progress_report",
    "postponement",
)

MODEL_ENTITY: dict[type, Entity] = {e.model: e for e in ENTITIES.values()}


def entity_of(obj) -> Entity:
    return MODEL_ENTITY[type(obj)]


# ---- plain values -----------------------------------------------------------------------------


def deadline_plain(obj, prefix: str = "deadline") -> str | None:
    """A deadline kept in four columns (`<prefix>_kind`, `_date`, `_year`, `_quarter`) as its
    plain value."""
    kind, day = getattr(obj, f"{prefix}_kind"), getattr(obj, f"{prefix}_date")
    year, quarter = getattr(obj, f"{prefix}_year"), getattr(obj, f"{prefix}_quarter")
    if kind == DeadlineKind.DATE and day:
        return day.isoformat()
    if kind == DeadlineKind.QUARTER and year and quarter:
        return f"{year}-Q{quarter}"
    if kind in ONGOING:
        return DeadlineKind(kind).value
    return None


def set_deadline(obj, plain: str | None, prefix: str = "deadline") -> None:
    kind, day, year, quarter = DeadlineKind.NONE, None, None, None
    plain = LEGACY_DEADLINES.get(plain, plain) if plain else None
    if plain in ONGOING:
        kind = DeadlineKind(plain)
    elif plain and "-Q" in plain:
        kind = DeadlineKind.QUARTER
        year, quarter = (int(x) for x in plain.split("-Q"))
    elif plain:
        kind, day = DeadlineKind.DATE, date.fromisoformat(plain)
    for part, value in (("kind", kind), ("date", day), ("year", year), ("quarter", quarter)):
        setattr(obj, f"{prefix}_{part}", value)


def decimal_plain(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value).quantize(Decimal('0.01'))}"


def to_plain(f: Field, value: Any) -> Any:
    """A model attribute value as its plain form."""
    return None if value is None else handler(f).to_plain(f, value)


def get_plain(obj, f: Field) -> Any:
    return handler(f).get(obj, f)


def record_plain(obj, entity: Entity | None = None) -> dict[str, Any]:
    entity = entity or entity_of(obj)
    return {f.key: get_plain(obj, f) for f in entity.fields}


def normal_text(value: Any) -> Any:
    """A text as it is kept: Windows line ends as one, no spaces around it, no characters that show
    nothing (a soft hyphen pasted from Word), nothing as None — the same however it arrived (typed,
    imported cell by cell or taken whole from the other side's snapshot), so that copies exchanging
    it agree. Other values pass unchanged."""
    if isinstance(value, str):
        return visible(value.replace("\r\n", "\n")).strip() or None
    return value


def normal_line(value: Any) -> Any:
    """A one-line text (a name, a code) as it is kept: `normal_text`, and a line break in it is a
    space — typed in a cell to wrap a long name (Alt+Enter in Excel), it is no part of the name."""
    text = normal_text(value)
    if isinstance(text, str):
        lines = text.splitlines()
        if len(lines) > 1:
            return " ".join(line.strip() for line in lines if line.strip())
    return text


def normal_texts(entity: "Entity", values: dict[str, Any]) -> dict[str, Any]:
    kinds = {f.key: f.kind for f in entity.fields}
    normal = {TEXT: normal_line, LONGTEXT: normal_text}
    return {k: normal[kinds[k]](v) if kinds.get(k) in normal else v for k, v in values.items()}


def from_plain(f: Field, plain: Any) -> Any:
    """Plain → the Python value of a scalar attribute (refs are resolved by the store)."""
    if plain is None or plain == "":
        return None
    return handler(f).from_plain(f, plain)
