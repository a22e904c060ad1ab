"""The agenda against the meeting's time slot: the minutes allotted to its items, all together,
and the time from the start to the end of the meeting — an agenda longer than that overruns.
Shown in the meeting's window and printed under the agenda (documents/agenda.py)."""

from dataclasses import dataclass
from datetime import time

from ..i18n import N_, translate_in

HOURS_MINUTES = N_("{hours} h {minutes} min")
HOURS = N_("{hours} h")
MINUTES = N_("{minutes} min")
TOTAL_OF_SLOT = N_("Agenda: {total} of {slot} ({start}–{end})")
TOTAL = N_("Agenda: {total}")
OVER = N_("Over the time slot by {over}")
UNTIMED = N_("Items without time allotted: {count}")


@dataclass(frozen=True)
class AgendaTime:
    total: int  # minutes allotted to the items, all together
    untimed: int  # items with no minutes allotted
    start: time | None
    end: time | None

    @property
    def slot(self) -> int | None:
        """Minutes from the start to the end of the meeting; None when either is not set."""
        if self.start is None or self.end is None or self.end <= self.start:
            return None
        return (self.end.hour - self.start.hour) * 60 + self.end.minute - self.start.minute

    @property
    def over(self) -> int:
        """Minutes by which the agenda overruns the time slot (0: it fits, or there is no slot)."""
        return max(0, self.total - self.slot) if self.slot is not None else 0


def agenda_time(meeting) -> AgendaTime:
    minutes = [item.duration_minutes for item in meeting.agenda]
    return AgendaTime(
        total=sum(m for m in minutes if m),
        untimed=sum(1 for m in minutes if m is None),
        start=meeting.start_time,
        end=meeting.end_time,
    )


def duration_text(minutes: int, lang: str) -> str:
    """'1 ч 50 мин', '2 soat', '45 мин'."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return translate_in(lang, HOURS_MINUTES).format(hours=hours, minutes=rest)
    if hours:
        return translate_in(lang, HOURS).format(hours=hours)
    return translate_in(lang, MINUTES).format(minutes=rest)


def total_text(timing: AgendaTime, lang: str) -> str:
    """'Agenda: 1 h 50 min of 2 h (10:00–12:00)', or without the slot when it is not known."""
    total = duration_text(timing.total, lang)
    if timing.slot is None or timing.start is None or timing.end is None:  # no slot: start or end unset
        return translate_in(lang, TOTAL).format(total=total)
    return translate_in(lang, TOTAL_OF_SLOT).format(
        total=total,
        slot=duration_text(timing.slot, lang),
        start=timing.start.strftime("%H:%M"),
        end=timing.end.strftime("%H:%M"),
    )


def over_text(timing: AgendaTime, lang: str) -> str:
    """'Over the time slot by 20 min', or '' when the agenda fits."""
    return translate_in(lang, OVER).format(over=duration_text(timing.over, lang)) if timing.over else ""


def untimed_text(timing: AgendaTime, lang: str) -> str:
    return translate_in(lang, UNTIMED).format(count=timing.untimed) if timing.untimed else ""
