"""How enumerations read in each language, and back: a status typed in any language is understood."""

import re
import unicodedata
from enum import StrEnum
from typing import TypeVar, cast

from ..i18n import LANGUAGES, N_, NP_, translate_label
from ..models import (
    DeadlineKind,
    MeetingFormat,
    MeetingStatus,
    MinutesStatus,
    OrgKind,
    ProjectStatus,
    RoadmapKind,
    RoadmapStatus,
    Side,
)
from .uzbek_cyrillic import to_cyrillic

LABELS: dict[StrEnum, str | tuple[str, str]] = {
    Side.UZ: N_("Uzbekistan"),
    Side.KZ: N_("Kazakhstan"),
    OrgKind.MINISTRY: N_("Ministry"),
    OrgKind.AGENCY: N_("Agency"),
    OrgKind.COMPANY: N_("Company"),
    OrgKind.REGION: N_("Regional administration"),
    OrgKind.OTHER: N_("Other"),
    ProjectStatus.PROPOSED: NP_("project status", "Proposed"),
    ProjectStatus.FEASIBILITY: NP_("project status", "Feasibility study"),
    ProjectStatus.FINANCING: NP_("project status", "Financing"),
    ProjectStatus.CONSTRUCTION: NP_("project status", "Construction"),
    ProjectStatus.LAUNCHED: NP_("project status", "Launched"),
    ProjectStatus.SUSPENDED: NP_("project status", "Suspended"),
    ProjectStatus.CANCELLED: NP_("project status", "Cancelled"),
    RoadmapStatus.NOT_STARTED: NP_("roadmap status", "Not started"),
    RoadmapStatus.IN_PROGRESS: NP_("roadmap status", "In progress"),
    RoadmapStatus.DONE: NP_("roadmap status", "Done"),
    RoadmapStatus.CANCELLED: NP_("roadmap status", "Cancelled"),
    RoadmapKind.SECTION: N_("Section"),
    RoadmapKind.MEASURE: N_("Measure"),
    DeadlineKind.NONE: N_("No deadline"),
    DeadlineKind.DATE: N_("By a date"),
    DeadlineKind.QUARTER: N_("By a quarter"),
    DeadlineKind.PERMANENT: N_("On a permanent basis"),
    DeadlineKind.MONTHLY: N_("Monthly"),
    DeadlineKind.QUARTERLY: N_("Quarterly"),
    DeadlineKind.HALF_YEARLY: N_("Every half-year"),
    DeadlineKind.YEARLY: N_("Yearly"),
    MeetingFormat.VIDEO: N_("Video conference"),
    MeetingFormat.IN_PERSON: N_("In person"),
    MeetingStatus.PLANNED: NP_("meeting status", "Planned"),
    MeetingStatus.HELD: NP_("meeting status", "Held"),
    MinutesStatus.DRAFT: NP_("minutes status", "Draft"),
    MinutesStatus.SIGNED: NP_("minutes status", "Signed"),
}
OVERDUE = NP_("roadmap status", "Overdue")

# Extra spellings people type for a value (abbreviations, the other script).
ALIASES: dict[StrEnum, tuple[str, ...]] = {
    Side.UZ: ("UZ", "РУз", "Узбекистан", "Oʻzbekiston", "Uzbekistan", "Өзбекстан", "uzb"),
    Side.KZ: ("KZ", "РК", "Казахстан", "Qozogʻiston", "Kazakhstan", "Қазақстан", "kaz"),
    # What people type instead of the list's word for it.
    RoadmapStatus.DONE: ("Выполнено", "Выполнен", "Исполнен", "Bajarildi", "Орындалды"),
    RoadmapStatus.IN_PROGRESS: ("Выполняется", "Исполняется", "В процессе", "Орындалуда"),
    # Labels of earlier versions (locales/reworded.json), still in the workbooks they wrote.
    RoadmapStatus.CANCELLED: ("Жойылған",),
    ProjectStatus.LAUNCHED: ("Іске қосылды",),
    ProjectStatus.SUSPENDED: ("Toʻxtatilgan", "Тоқтатылған"),
    ProjectStatus.CANCELLED: ("Жойылған",),
    MeetingStatus.HELD: ("Oʻtkazildi", "Өткізілді"),
    DeadlineKind.PERMANENT: (
        "regular",  # the value of earlier versions
        "на постоянной основе",
        "постоянно",
        "doimiy",
        "doimiy ravishda",
        "тұрақты түрде",
        "тұрақты негізде",
    ),
    DeadlineKind.MONTHLY: ("ежемесячно", "каждый месяц", "har oyda", "ай сайын"),
    DeadlineKind.QUARTERLY: ("ежеквартально", "каждый квартал", "har chorakda", "тоқсан сайын"),
    DeadlineKind.HALF_YEARLY: ("раз в полугодие", "каждое полугодие", "har yarim yilda", "жарты жыл сайын"),
    DeadlineKind.YEARLY: ("ежегодно", "каждый год", "har yili", "жыл сайын"),
}


def label(value: StrEnum, lang: str | None = None) -> str:
    return translate_label(LABELS[value], lang)


def choices(enum_cls: type[StrEnum], lang: str | None = None) -> list[tuple[str, str]]:
    """(value, label) pairs in the enum's order, for drop-downs."""
    return [(member.value, label(member, lang)) for member in enum_cls]


def fold(text: str) -> str:
    """Search form of a text: case-folded, apostrophe variants removed (Oʻzbekiston, O'zbekiston
    and Ozbekiston meet), accents and repeated spaces dropped."""
    if not unicodedata.is_normalized("NFKC", text):  # most texts are: the check is 30× quicker
        text = unicodedata.normalize("NFKC", text)
    text = _APOSTROPHES.sub("", text.casefold())
    # split() knows the same Unicode spaces as the regex \s, at a quarter of the cost.
    return " ".join(text.replace("ё", "е").split())


# Characters that show nothing — a soft hyphen, zero-width spaces and joiners, direction marks, a byte
# order mark — come with texts pasted from Word, PDF files and web pages. To a person a name with one
# is the same name; to a comparison it was another, and a refused reference looked like a known one.
_INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
INVISIBLE = re.compile(f"[{_INVISIBLE}]")
_APOSTROPHES = re.compile(f"[ʻʼ'‘’`´{_INVISIBLE}]")  # and the invisible characters: dropped in folding


def visible(text: str) -> str:
    """`text` without the characters that show nothing."""
    return text if text.isascii() else INVISIBLE.sub("", text)


_PARSE_CACHE: dict[type, dict[str, StrEnum]] = {}

E = TypeVar("E", bound=StrEnum)


def parse_enum(enum_cls: type[E], text: str) -> E | None:
    """The member meant by `text`: its stored value or its label in any of the three languages."""
    table = _PARSE_CACHE.get(enum_cls)
    if table is None:
        table = {}
        spelt: list[tuple[StrEnum, list[str]]] = []
        for member in enum_cls:
            spellings = [member.value, member.name, *ALIASES.get(member, ())]
            if member in LABELS:
                label = LABELS[member]
                spellings += [translate_label(label, lang) for lang in LANGUAGES]
                spellings.append(label[1] if isinstance(label, tuple) else label)
            spelt.append((member, spellings))
        for known, spellings in spelt:
            for spelling in spellings:
                table.setdefault(fold(spelling), known)
        for known, spellings in spelt:  # then the Uzbek ones typed in Cyrillic, where no other means it
            for spelling in spellings:
                table.setdefault(fold(to_cyrillic(spelling)), known)
        _PARSE_CACHE[enum_cls] = table
    text = str(text)
    key = (enum_cls, text)
    if key not in _SEEN:  # the same few labels come back thousands of times in a workbook
        _SEEN[key] = table.get(fold(text))
    return cast(E | None, _SEEN[key])  # the cache holds members of the class it is keyed by


_SEEN: dict[tuple[type, str], StrEnum | None] = {}
