"""The agenda sheet of a meeting ("Повестка дня"), in one language or two side by side."""

from collections.abc import Callable
from typing import cast

from sqlalchemy.orm import Session

from ...i18n import N_
from ...models import Meeting, Side
from .. import postponements
from ..agenda_time import agenda_time, over_text, total_text, untimed_text
from ..formatting import deadline_text
from ..labels import label
from .common import (
    REPUBLIC,
    SIDE_NAME,
    WORKING_GROUP,
    Document,
    cochair,
    footer_text,
    long_date,
    meeting_start,
    participants_of,
    person_with_position,
    sides_in_order,
    slot_text,
    start_times_text,
    time_slots,
    tr,
)
from .html import cell, esc, joined, page, para, parallel, row, table

AGENDA = N_("Agenda")
MEETING_NO = N_("Meeting No. {number}")
SPEAKERS = N_("Speakers")
PARTICIPANTS = N_("Participants")
POSTPONED = N_("Deadlines postponed since the previous meeting")
CITY = {"Asia/Tashkent": N_("Tashkent"), "Asia/Almaty": N_("Astana")}


def heading(meeting: Meeting, lang: str, sides: tuple[Side, Side], title: str) -> str:
    """Countries, working group, the document's title, the meeting's title and number."""
    countries = "<br/>".join(esc(tr(lang, REPUBLIC[side]).upper()) for side in sides)
    parts = [
        para(countries, "head country"),
        para(esc(tr(lang, WORKING_GROUP)), "head"),
        para(esc(title.upper()), "head title"),
    ]
    if meeting.text("title", lang):
        parts.append(para(esc(meeting.text("title", lang)), "head subtitle"))
    if meeting.number:
        parts.append(para(esc(tr(lang, MEETING_NO).format(number=meeting.number)), "head"))
    return "".join(parts)


def details(meeting: Meeting, lang: str, sides: tuple[Side, Side]) -> str:
    """Date, start time in both capitals, format, place, co-chairs."""
    lines = [(N_("Date"), esc(long_date(meeting.meeting_date, lang)))]
    if meeting.start_time is not None:
        lines.append((N_("Start time"), esc(start_times_text(meeting, lang))))
    lines.append((N_("Format"), esc(label(meeting.format, lang))))
    if meeting.text("place", lang):
        lines.append((N_("Place"), esc(meeting.text("place", lang))))
    chairs = [person_with_position(p, lang) for side in sides if (p := cochair(meeting, side))]
    if chairs:
        lines.append((N_("Co-chairs"), "".join(f"<br/>{esc(c)}" for c in chairs)))
    return "".join(
        para(f'<span class="label">{esc(tr(lang, name))}:</span> {value}') for name, value in lines
    )


def speakers(item, lang: str) -> str:
    if not item.speakers:
        return ""
    lines = [f"{esc(person_with_position(p, lang))} ({esc(label(p.side, lang))})" for p in item.speakers]
    return para(f"<i>{esc(tr(lang, SPEAKERS))}:</i><br/>" + "<br/>".join(lines), "small")


def items_table(meeting: Meeting, langs: tuple[str, ...]) -> str:
    """Numbered items, each with its time slot and speakers: one table row per item, kept on one page."""
    city = CITY.get(meeting.timezone, N_("Tashkent"))
    time_head = joined(langs, lambda lang: tr(lang, N_("Time ({city})")).format(city=tr(lang, city)))
    width = f"{78 // len(langs)}%"
    header = row(
        [
            cell("№", width="5%", th=True, align="center"),
            cell(esc(time_head), width="17%", th=True, align="center"),
            *(cell(esc(tr(lang, N_("Agenda item"))), width=width, th=True) for lang in langs),
        ]
    )
    rows = []
    end = slot_end(meeting)
    for number, (item, slot) in enumerate(zip(meeting.agenda, time_slots(meeting), strict=True), start=1):
        late = "overdue" if end is not None and slot[1] is not None and slot[1] > end else ""  # red
        rows.append(
            row(
                [
                    cell(f"{number}.", align="center"),
                    cell(f"<nobr>{esc(slot_text(slot))}</nobr>", align="center", cls=late),
                    *(
                        cell(
                            para(f"<b>{esc(item.text('title', lang))}</b>") + speakers(item, lang),
                            width=width,
                        )
                        for lang in langs
                    ),
                ]
            )
        )
    return table(rows, header=[header]) if rows else ""


def slot_end(meeting: Meeting):
    """When the meeting's time slot ends, as a moment in its zone (None without start or end)."""
    start = meeting_start(meeting)
    # start is None when start_time is; the second test tells mypy so
    if (
        start is None
        or meeting.start_time is None
        or meeting.end_time is None
        or meeting.end_time <= meeting.start_time
    ):
        return None
    return start.replace(hour=meeting.end_time.hour, minute=meeting.end_time.minute)


def timing(meeting: Meeting, lang: str) -> str:
    """The agenda's total duration against the time slot, an overrun in red."""
    if not meeting.agenda:
        return ""
    spent = agenda_time(meeting)
    parts = [esc(total_text(spent, lang))]
    if spent.over:
        parts.append(f'<span class="over">{esc(over_text(spent, lang))}</span>')
    if spent.untimed:
        parts.append(esc(untimed_text(spent, lang)))
    return para("<br/>".join(parts), "small")


def postponed_table(session: Session, meeting: Meeting, langs: tuple[str, ...]) -> str:
    """The deadlines moved since the previous meeting, to be asked about at this one: the item,
    its measure, the deadline before and after, why, and which side moved it."""
    moved = postponements.since_previous_meeting(session, meeting)
    if not moved:
        return ""
    width = f"{50 // len(langs)}%"
    header = [
        row(
            [
                cell(
                    para(f"<b>{esc(joined(langs, lambda lang: tr(lang, POSTPONED)))}</b>"),
                    colspan=3 + len(langs),
                )
            ]
        ),
        row(
            [
                cell("№", width="6%", th=True, align="center"),
                *(cell(esc(tr(lang, N_("Measure"))), width=width, th=True) for lang in langs),
                cell(esc(joined(langs, lambda lang: tr(lang, N_("Deadline")))), width="20%", th=True),
                cell(esc(joined(langs, lambda lang: tr(lang, N_("Reason")))), th=True),
            ]
        ),
    ]
    lang = langs[0]
    rows = []
    for p in moved:
        old = deadline_text(p, lang, "old_deadline") or "—"
        new = deadline_text(p, lang, "new_deadline") or "—"
        reason = p.reason or tr(lang, N_("no reason given"))
        rows.append(
            row(
                [
                    cell(esc(p.item.number), align="center"),
                    *(cell(esc(p.item.text("measure", lg)), width=width) for lg in langs),
                    cell(f"<nobr>{esc(old)}</nobr> → <nobr>{esc(new)}</nobr>"),
                    cell(para(f"{esc(reason)} <i>({esc(label(p.side, lang))})</i>", "small")),
                ]
            )
        )
    return table(rows, header=header, space_before=8)


def participants_table(meeting: Meeting, langs: tuple[str, ...], sides: tuple[Side, Side]) -> str:
    def side_block(side: Side, lang: str) -> str:
        people = participants_of(meeting, side)
        lines = [f"{n}. {esc(person_with_position(p, lang))}" for n, p in enumerate(people, start=1)]
        return para(f"<b>{esc(tr(lang, SIDE_NAME[side]))}</b>") + para("<br/>".join(lines), "small")

    present = [side for side in sides if participants_of(meeting, side)]
    if not present:
        return ""
    if len(langs) == 1:  # one language: the two delegations side by side
        lang = langs[0]
        header = row([cell(para(f"<b>{esc(tr(lang, PARTICIPANTS))}</b>"), colspan=2)])
        rows = [row(cell(side_block(side, lang), width="50%") for side in present)]
    else:  # two languages: a row per delegation, each language in its column
        header = row(parallel(langs, lambda lang: para(f"<b>{esc(tr(lang, PARTICIPANTS))}</b>")))
        rows = [
            # the cast: mypy cannot infer a lambda with a default argument
            row(parallel(langs, cast(Callable[[str], str], lambda lang, side=side: side_block(side, lang))))
            for side in present
        ]
    return table(rows, header=[header], grid=False, space_before=8)


def agenda_document(session: Session, meeting: Meeting, langs: tuple[str, ...]) -> Document:
    sides = sides_in_order(session)
    top = table(
        [
            row(parallel(langs, lambda lang: heading(meeting, lang, sides, tr(lang, AGENDA)))),
            row(parallel(langs, lambda lang: details(meeting, lang, sides))),
        ],
        grid=False,
        space_before=0,
    )
    spent = table([row(parallel(langs, lambda lang: timing(meeting, lang)))], grid=False, space_before=2)
    body = top + items_table(meeting, langs)
    body += (spent if meeting.agenda else "") + postponed_table(session, meeting, langs)
    body += participants_table(meeting, langs, sides)
    title = joined(langs, lambda lang: tr(lang, AGENDA))
    return Document(
        kind="agenda",
        title=f"{title} — {meeting.code}",
        html=page(f"{title} — {meeting.code}", body, footer=footer_text(langs, AGENDA, meeting.code)),
        default_name=f"{meeting.code}-agenda-{'+'.join(langs)}.pdf",
    )
