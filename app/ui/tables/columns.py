"""The columns and filters of each table: how a record reads in a cell, how it sorts, which
values the filters look at. Texts in the language of the moment; no database access."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ...i18n import N_, NP_
from ...models import (
    MeetingFormat,
    MeetingStatus,
    OrgKind,
    Person,
    ProjectStatus,
    RoadmapItem,
    RoadmapKind,
    RoadmapStatus,
    Side,
    number_sort_key,
)
from ...services.formatting import deadline_text, format_date, format_money, format_number
from ...services.labels import label
from .model import Column, Render, TableSpec


def _enum(value) -> Callable[[Any, Render], str]:
    return lambda r, ctx: label(getattr(r, value), ctx.lang) if getattr(r, value) else ""


def _orgs(records, ctx: Render) -> str:
    return ", ".join([ctx.label_of(o) for o in records])


def _of(records, side: Side) -> list:
    return [o for o in records if o.side == side]


def _uuids(records) -> frozenset[str]:
    return frozenset(o.uuid for o in records)


def roadmap_state(item: RoadmapItem, ctx: Render) -> str:
    return ctx.deadline_state(item)


def roadmap_status_text(item: RoadmapItem, ctx: Render) -> str:
    """The status alone: whether the deadline has passed or is near is the cell's marker."""
    if item.kind == RoadmapKind.SECTION:  # a heading: its measures have the statuses
        return ""
    return label(item.status, ctx.lang)


def _person(person: Person | None, ctx: Render) -> str:
    return person.text("full_name", ctx.lang) if person else ""


PROJECTS = TableSpec(
    "project",
    (
        Column("code", N_("Code"), lambda r, c: r.code, width=90),
        Column("name", N_("Name"), lambda r, c: r.text("name", c.lang), width=320),
        Column(
            "sector", N_("Sector"), lambda r, c: r.sector.text("name", c.lang) if r.sector else "", width=170
        ),
        Column(
            "status", N_("Status"), _enum("status"), sort=lambda r, c: list(ProjectStatus).index(r.status)
        ),
        Column("country", N_("Country of location"), _enum("country"), width=110),
        Column("region", N_("Region"), lambda r, c: r.region or "", width=150),
        Column(
            "total_cost",
            N_("Total cost"),
            lambda r, c: format_money(r.total_cost, r.currency, c.lang),
            sort=lambda r, c: r.total_cost,
            align_right=True,
        ),
        Column("partners_uz", N_("Partners (Uzbekistan)"), lambda r, c: _orgs(_of(r.partners, Side.UZ), c)),
        Column("partners_kz", N_("Partners (Kazakhstan)"), lambda r, c: _orgs(_of(r.partners, Side.KZ), c)),
        Column(
            "jobs",
            N_("Jobs to be created"),
            lambda r, c: format_number(r.jobs, c.lang),
            sort=lambda r, c: r.jobs,
            width=90,
            align_right=True,
        ),
        Column(
            "start_date",
            N_("Start date"),
            lambda r, c: format_date(r.start_date, c.lang),
            lambda r, c: r.start_date,
        ),
        Column(
            "launch_date",
            N_("Launch date"),
            lambda r, c: format_date(r.launch_date, c.lang),
            lambda r, c: r.launch_date,
        ),
    ),
    facets=lambda r, c: {
        "status": r.status.value,
        "sector": r.sector.uuid if r.sector else None,
        "side": r.country.value if r.country else None,
        "organization": _uuids([*r.partners, *r.responsible]),
    },
)

ROADMAP = TableSpec(
    "roadmap_item",
    (
        Column(
            "number", N_("No."), lambda r, c: r.number, sort=lambda r, c: number_sort_key(r.number), width=60
        ),
        # Widths for a 1366 px laptop: every column in sight beside the navigation; the measure's
        # full text is in its tooltip and in the form.
        Column("measure", N_("Measure"), lambda r, c: r.text("measure", c.lang), width=360),
        Column(
            "deadline", N_("Deadline"), lambda r, c: deadline_text(r, c.lang), sort=lambda r, c: r.due_date()
        ),
        Column(
            "executors_uz",
            N_("Executors (Uzbekistan)"),
            lambda r, c: _orgs(r.executors_of(Side.UZ), c),
            width=130,
        ),
        Column(
            "executors_kz",
            N_("Executors (Kazakhstan)"),
            lambda r, c: _orgs(r.executors_of(Side.KZ), c),
            width=130,
        ),
        Column(
            "status",
            N_("Status"),
            roadmap_status_text,
            sort=lambda r, c: list(RoadmapStatus).index(r.status),
            width=130,
            marks_state=True,
        ),
        Column("project", N_("Project"), lambda r, c: r.project.code if r.project else "", width=90),
        Column(
            "reports",
            N_("Reports"),
            lambda r, c: str(len(r.reports)) if r.reports else "",
            sort=lambda r, c: len(r.reports),
            width=70,
            align_right=True,
        ),
        Column(
            "postponed",
            N_("Postponed"),
            lambda r, c: str(len(r.postponements)) if r.postponements else "",
            sort=lambda r, c: len(r.postponements),
            width=70,
            align_right=True,
        ),
    ),
    facets=lambda r, c: {
        "postponed": bool(r.postponements),
        "status": r.status.value,
        "organization": _uuids(r.executors),
        "project": r.project.uuid if r.project else None,
        "overdue": c.deadline_state(r) == "overdue",
        "due_soon": c.deadline_state(r) == "due_soon",
    },
    state=roadmap_state,
)

MEETINGS = TableSpec(
    "meeting",
    (
        Column("code", N_("Code"), lambda r, c: r.code, width=90),
        Column(
            "number", N_("Meeting No."), lambda r, c: str(r.number or ""), lambda r, c: r.number, width=80
        ),
        Column("title", N_("Title"), lambda r, c: r.text("title", c.lang), width=300),
        Column(
            "date", N_("Date"), lambda r, c: format_date(r.meeting_date, c.lang), lambda r, c: r.meeting_date
        ),
        Column(
            "time",
            N_("Start time"),
            lambda r, c: r.start_time.strftime("%H:%M") if r.start_time else "",
            width=80,
        ),
        Column("format", N_("Format"), _enum("format")),
        Column("place", N_("Place"), lambda r, c: r.text("place", c.lang), width=200),
        Column("status", N_("Status"), _enum("status"), width=100),
        Column("cochair_uz", N_("Co-chair (Uzbekistan)"), lambda r, c: _person(r.cochair_uz, c), width=180),
        Column("cochair_kz", N_("Co-chair (Kazakhstan)"), lambda r, c: _person(r.cochair_kz, c), width=180),
    ),
    facets=lambda r, c: {"status": r.status.value, "format": r.format.value},
)

ORGANIZATIONS = TableSpec(
    "organization",
    (
        Column("short_name", N_("Short name"), lambda r, c: r.text("short_name", c.lang), width=120),
        Column("name", N_("Name"), lambda r, c: r.text("name", c.lang), width=460),
        Column("side", N_("Side"), _enum("side"), width=110),
        Column("kind", N_("Kind"), _enum("kind"), width=170),
    ),
    facets=lambda r, c: {"side": r.side.value, "kind": r.kind.value},
)

PEOPLE = TableSpec(
    "person",
    (
        Column("full_name", N_("Full name"), lambda r, c: r.text("full_name", c.lang), width=220),
        Column("position", N_("Position"), lambda r, c: r.text("position", c.lang), width=340),
        Column(
            "organization",
            N_("Organization"),
            lambda r, c: r.organization.label(c.lang) if r.organization else "",
            width=140,
        ),
        Column("side", N_("Side"), _enum("side"), width=110),
        Column("email", N_("E-mail"), lambda r, c: r.email or "", width=160),
        Column("phone", N_("Phone"), lambda r, c: r.phone or "", width=130),
    ),
    facets=lambda r, c: {
        "side": r.side.value,
        "organization": frozenset([r.organization.uuid]) if r.organization else frozenset(),
    },
)

SECTORS = TableSpec(
    "sector",
    (
        Column("name", N_("Name"), lambda r, c: r.text("name", c.lang), width=300),
        Column("name_ru", N_("Russian"), lambda r, c: r.name_ru or "", width=260),
        Column("name_uz", N_("Uzbek"), lambda r, c: r.name_uz or "", width=260),
        Column("name_kk", N_("Kazakh"), lambda r, c: r.name_kk or "", width=260),
    ),
)


@dataclass(frozen=True)
class FilterSpec:
    """A drop-down (or, for kind 'flag', a check box) over one facet of the rows."""

    key: str
    label: str | tuple[str, str]
    kind: str  # "enum", "ref" or "flag"
    enum: type[StrEnum] | None = None
    ref: str | None = None  # entity of the choices


STATUS_LABEL = N_("Status")
FILTERS: dict[str, tuple[FilterSpec, ...]] = {
    "project": (
        FilterSpec("status", STATUS_LABEL, "enum", enum=ProjectStatus),
        FilterSpec("sector", N_("Sector"), "ref", ref="sector"),
        FilterSpec("side", N_("Country"), "enum", enum=Side),
        FilterSpec("organization", N_("Organization"), "ref", ref="organization"),
    ),
    "roadmap_item": (
        FilterSpec("status", STATUS_LABEL, "enum", enum=RoadmapStatus),
        FilterSpec("organization", N_("Executor"), "ref", ref="organization"),
        FilterSpec("project", N_("Project"), "ref", ref="project"),
        FilterSpec("overdue", NP_("filter", "Overdue only"), "flag"),
        FilterSpec("due_soon", NP_("filter", "Due within 30 days"), "flag"),
        FilterSpec("postponed", NP_("filter", "Postponed"), "flag"),
    ),
    "meeting": (
        FilterSpec("status", STATUS_LABEL, "enum", enum=MeetingStatus),
        FilterSpec("format", N_("Format"), "enum", enum=MeetingFormat),
    ),
    "organization": (
        FilterSpec("side", N_("Side"), "enum", enum=Side),
        FilterSpec("kind", N_("Kind"), "enum", enum=OrgKind),
    ),
    "person": (
        FilterSpec("side", N_("Side"), "enum", enum=Side),
        FilterSpec("organization", N_("Organization"), "ref", ref="organization"),
    ),
    "sector": (),
}

SPECS = {
    "project": PROJECTS,
    "roadmap_item": ROADMAP,
    "meeting": MEETINGS,
    "organization": ORGANIZATIONS,
    "person": PEOPLE,
    "sector": SECTORS,
}
