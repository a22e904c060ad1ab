"""What records know without SQLAlchemy: the fallback rule of their texts and the deadlines of
roadmap items. The mapped classes inherit it, and so do the plain rows the dashboard reads with
sqlite3 before the ORM is loaded — one rule for both."""

from calendar import monthrange
from datetime import date
from typing import TYPE_CHECKING

from .enums import LANGUAGES, DeadlineKind, RoadmapKind, RoadmapStatus


def pick_text(values: dict[str, str | None], lang: str) -> str:
    """The fallback rule: the chosen language, then Russian, then any non-empty value."""
    for code in (lang, "ru", *LANGUAGES):
        text = values.get(code)
        if text:
            return text
    return ""


def org_label(short: dict[str, str | None], full: dict[str, str | None], lang: str) -> str:
    """An organization's name as people cite it: its short name in `lang`, else its full name in
    `lang` — an Uzbek screen shows the Latin name before a Russian abbreviation — and only then
    the usual fallback, short names first."""
    return short.get(lang) or full.get(lang) or pick_text(short, lang) or pick_text(full, lang)


class Localized:
    """Mixin helper for records with `<field>_ru/_uz/_kk` columns."""

    def text(self, field: str, lang: str) -> str:
        return pick_text({code: getattr(self, f"{field}_{code}") for code in LANGUAGES}, lang)


def quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    return date(year, month, monthrange(year, month)[1])


class Deadlines:
    """Mixin for roadmap items: `kind`, `status` and the `deadline_*` attributes."""

    if TYPE_CHECKING:
        # What the mixin reads; the mapped class and the dashboard's plain row declare them.
        kind: RoadmapKind
        status: RoadmapStatus
        deadline_kind: DeadlineKind
        deadline_date: date | None
        deadline_year: int | None
        deadline_quarter: int | None

    def due_date(self) -> date | None:
        """The last day the item may be completed on; None when it has no fixed deadline."""
        if self.deadline_kind == DeadlineKind.DATE:
            return self.deadline_date
        if self.deadline_kind == DeadlineKind.QUARTER and self.deadline_year and self.deadline_quarter:
            return quarter_end(self.deadline_year, self.deadline_quarter)
        return None

    def is_open(self) -> bool:
        return self.kind == RoadmapKind.MEASURE and self.status in (
            RoadmapStatus.NOT_STARTED,
            RoadmapStatus.IN_PROGRESS,
        )

    def is_overdue(self, today: date) -> bool:
        """Overdue is derived, never stored: open and past its deadline."""
        due = self.due_date()
        return self.is_open() and due is not None and due < today

    def is_due_soon(self, today: date, days: int = 30) -> bool:
        due = self.due_date()
        return self.is_open() and due is not None and 0 <= (due - today).days <= days
