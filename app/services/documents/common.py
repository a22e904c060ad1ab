"""What the printed documents share: languages, the meeting asked for, time zones, people, wording."""

import importlib.resources
import uuid as uuid_mod
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...i18n import LANGUAGES, N_, _, translate_in
from ...models import Meeting, Person, Side
from ..errors import UserError
from ..formatting import format_date
from ..settings import side_of_copy

REPUBLIC = {Side.UZ: N_("Republic of Uzbekistan"), Side.KZ: N_("Republic of Kazakhstan")}
SIDE_NAME = {Side.UZ: N_("Uzbek side"), Side.KZ: N_("Kazakh side")}
WORKING_GROUP = N_("Intergovernmental working group on industrial cooperation")
PAGE_OF = N_("page {page} of {pages}")

# Where the start time is shown: the capitals' zones (Astana keeps the zone id of Almaty).
CAPITAL_TIME = (
    ("Asia/Tashkent", N_("{time} Tashkent time")),
    ("Asia/Almaty", N_("{time} Astana time")),
)


@dataclass(frozen=True)
class Document:
    """A document ready to preview, print or save: its HTML says its orientation and footer."""

    kind: str  # agenda | minutes | roadmap
    title: str
    html: str
    default_name: str  # a file name to offer when saving it as PDF
    landscape: bool = False


def tr(lang: str, message: str) -> str:
    return translate_in(lang, message)


def footer_text(langs: tuple[str, ...], title: str, reference: str = "") -> str:
    """'Повестка дня · UZ-M-001 · стр. {page} из {pages}', in each language of the document."""

    def braces(text: str) -> str:  # the renderer fills in {page} and {pages} with str.format
        return text.replace("{", "{{").replace("}", "}}")

    parts = [braces(" / ".join(dict.fromkeys(tr(lang, title) for lang in langs)))]
    if reference:
        parts.append(braces(reference))
    parts.append(" / ".join(dict.fromkeys(tr(lang, PAGE_OF) for lang in langs)))
    return " · ".join(parts)


def parse_languages(spec: str | None) -> tuple[str, ...]:
    """`ru`, `uz`, `kk`, or two of them joined by `+` (the left column first)."""
    langs = tuple(part.strip() for part in (spec or "").split("+"))
    if not 1 <= len(langs) <= 2 or len(set(langs)) != len(langs) or not set(langs) <= set(LANGUAGES):
        raise UserError(
            _("Unknown language {lang}: give ru, uz, kk, ru+uz, ru+kk or uz+kk.").format(lang=spec)
        )
    return langs


def find_meeting(session: Session, ident: str) -> Meeting:
    """The meeting named by its code (UZ-M-001), its number or its UUID."""
    ident = (ident or "").strip()
    meeting = session.scalar(select(Meeting).where(func.upper(Meeting.code) == ident.upper()))
    if meeting is None and _is_uuid(ident):
        meeting = session.scalar(select(Meeting).where(Meeting.uuid == ident.lower()))
    if meeting is None and ident.isdigit():
        found = session.scalars(select(Meeting).where(Meeting.number == int(ident))).all()
        if len(found) > 1:
            raise UserError(
                _("Several meetings have number {number}; give the meeting's code.").format(number=ident)
            )
        meeting = found[0] if found else None
    if meeting is None:
        raise UserError(_("Meeting {ident} not found.").format(ident=ident))
    return meeting


def _is_uuid(text: str) -> bool:
    try:
        uuid_mod.UUID(text)
    except ValueError:
        return False
    return True


def sides_in_order(session: Session) -> tuple[Side, Side]:
    """This copy's own side first, as each secretariat lists its delegation first."""
    own = side_of_copy(session)
    return (own, Side.KZ if own == Side.UZ else Side.UZ)


# ---- time ---------------------------------------------------------------------------------------


@cache
def zone(name: str) -> tzinfo:
    """The zone from the tzdata package first: a printed time must not depend on how old the
    operating system's zone files are (Kazakhstan moved to UTC+5 in March 2024)."""
    try:
        with importlib.resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).open("rb") as f:
            return ZoneInfo.from_file(f, key=name)
    except (ModuleNotFoundError, FileNotFoundError):
        try:
            return ZoneInfo(name)
        except ZoneInfoNotFoundError as exc:
            raise UserError(_("Unknown time zone {zone}.").format(zone=name)) from exc


def meeting_start(meeting: Meeting) -> datetime | None:
    if meeting.start_time is None:
        return None
    return datetime.combine(meeting.meeting_date, meeting.start_time, tzinfo=zone(meeting.timezone))


def start_in_capitals(meeting: Meeting) -> list[tuple[str, time]]:
    """(zone, local start time) in Tashkent and in Astana."""
    start = meeting_start(meeting)
    if start is None:
        return []
    return [(name, start.astimezone(zone(name)).time()) for name, _label in CAPITAL_TIME]


def start_times_text(meeting: Meeting, lang: str) -> str:
    labels = dict(CAPITAL_TIME)
    return "; ".join(
        tr(lang, labels[name]).format(time=hhmm(local)) for name, local in start_in_capitals(meeting)
    )


def time_slots(meeting: Meeting) -> list[tuple[datetime | None, datetime | None]]:
    """(start, end) of each agenda item, in the meeting's own zone: each item starts when the one
    before it ends. Once an item has no duration, the items after it have no times either."""
    slots: list[tuple[datetime | None, datetime | None]] = []
    current = meeting_start(meeting)
    for item in meeting.agenda:
        if current is None or item.duration_minutes is None:
            slots.append((current, None))
            current = None
            continue
        end = current + timedelta(minutes=item.duration_minutes)
        slots.append((current, end))
        current = end
    return slots


def slot_text(slot: tuple[datetime | None, datetime | None]) -> str:
    start, end = slot
    if start is None:
        return ""
    return f"{hhmm(start)}–{hhmm(end)}" if end is not None else hhmm(start)


def hhmm(value: datetime | time) -> str:
    return value.strftime("%H:%M")


def long_date(value: date, lang: str) -> str:
    return format_date(value, lang, style="long")


# ---- people -------------------------------------------------------------------------------------


def person_name(person: Person | None, lang: str) -> str:
    return person.text("full_name", lang) if person else ""


def person_with_position(person: Person, lang: str) -> str:
    position = person.text("position", lang)
    name = person_name(person, lang)
    return f"{name}, {position}" if position else name


def initials_name(person: Person | None, lang: str) -> str:
    """'Умурзаков Сардор Уктамович' → 'С. Умурзаков', as a name is written under a signature."""
    parts = person_name(person, lang).split()
    if len(parts) < 2:
        return " ".join(parts)
    return f"{parts[1][0]}. {parts[0]}"


def cochair(meeting: Meeting, side: Side) -> Person | None:
    return meeting.cochair_uz if side == Side.UZ else meeting.cochair_kz


def participants_of(meeting: Meeting, side: Side) -> list[Person]:
    """The side's participants, its co-chair first."""
    chair = cochair(meeting, side)
    people = meeting.participants_of(side)
    return ([chair] if chair in people else []) + [p for p in people if p is not chair]


def meeting_choices(session: Session, lang: str) -> list[tuple[str, str]]:
    """(UUID, 'UZ-M-002 · 04.11.2026 · title') of every meeting, the latest first, for a drop-down."""
    meetings = session.scalars(select(Meeting).order_by(Meeting.meeting_date.desc(), Meeting.code)).all()
    return [
        (
            m.uuid,
            " · ".join(p for p in (m.code, format_date(m.meeting_date, lang), m.text("title", lang)) if p),
        )
        for m in meetings
    ]
