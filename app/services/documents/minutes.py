"""The minutes of a meeting (протокол) in the official layout: heading, place and date, co-chairs,
attendance by side, the agenda, then each item's decisions numbered 1.1, 1.2 …, and the co-chairs'
signature blocks."""

from collections.abc import Callable
from typing import cast

from sqlalchemy.orm import Session

from ...i18n import N_
from ...models import AgendaItem, Decision, Meeting, Side
from .agenda import AGENDA, SPEAKERS
from .common import (
    SIDE_NAME,
    Document,
    cochair,
    footer_text,
    initials_name,
    long_date,
    participants_of,
    person_name,
    person_with_position,
    sides_in_order,
    start_times_text,
    tr,
)
from .html import cell, esc, joined, page, para, parallel, row, table

MINUTES = N_("Minutes")
OF_MEETING_NO = N_("of meeting No. {number} of the intergovernmental working group on industrial cooperation")
OF_MEETING = N_("of the meeting of the intergovernmental working group on industrial cooperation")
CHAIRED_BY = N_("Chaired by")
PRESENT = N_("Present")
DECIDED = N_("Decided")
FOR_SIDE = {Side.UZ: N_("For the Uzbek side"), Side.KZ: N_("For the Kazakh side")}


def numbered_decisions(meeting: Meeting) -> list[tuple[AgendaItem | None, str, list[tuple[str, Decision]]]]:
    """(agenda item, its number, [(decision number, decision)]) in agenda order: the decisions of
    item 1 are 1.1, 1.2 …; decisions tied to no item come last, numbered after the items."""
    items = list(meeting.agenda)
    blocks: list[tuple[AgendaItem | None, str, list[tuple[str, Decision]]]] = []
    number: int | str
    for number, item in enumerate(items, start=1):
        decisions = [d for d in meeting.decisions if d.agenda_item_id == item.id]
        blocks.append((item, str(number), [(f"{number}.{k}", d) for k, d in enumerate(decisions, start=1)]))
    loose = [d for d in meeting.decisions if d.agenda_item_id is None or d.agenda_item not in items]
    if loose:
        number = str(len(items) + 1)
        blocks.append((None, number, [(f"{number}.{k}", d) for k, d in enumerate(loose, start=1)]))
    return blocks


def heading(meeting: Meeting, lang: str) -> str:
    of = tr(lang, OF_MEETING_NO).format(number=meeting.number) if meeting.number else tr(lang, OF_MEETING)
    parts = [para(esc(tr(lang, MINUTES).upper()), "head title"), para(f"<b>{esc(of)}</b>", "head")]
    if meeting.text("title", lang):
        parts.append(para(f"<i>{esc(meeting.text('title', lang))}</i>", "head"))
    when = long_date(meeting.meeting_date, lang)
    if meeting.start_time is not None:
        when += ", " + start_times_text(meeting, lang)
    place = meeting.text("place", lang)
    parts.append(para(esc(place) + ("<br/>" if place else "") + esc(when), "head small"))
    return "".join(parts)


def chaired(meeting: Meeting, lang: str, sides) -> str:
    lines = [
        f"{esc(tr(lang, SIDE_NAME[side]))}: {esc(person_with_position(p, lang))}"
        for side in sides
        if (p := cochair(meeting, side))
    ]
    if not lines:
        return ""
    return para(f"<b>{esc(tr(lang, CHAIRED_BY))}:</b><br/>" + "<br/>".join(lines))


def attendance(meeting: Meeting, side: Side, lang: str) -> str:
    chair = cochair(meeting, side)
    people = [p for p in participants_of(meeting, side) if p is not chair]
    if not people:
        return ""
    lines = "<br/>".join(f"{n}. {esc(person_with_position(p, lang))}" for n, p in enumerate(people, start=1))
    return para(f"<i>{esc(tr(lang, SIDE_NAME[side]))}:</i><br/>{lines}", "small")


def present(meeting: Meeting, lang: str, sides) -> str:
    blocks = "".join(attendance(meeting, side, lang) for side in sides)
    return para(f"<b>{esc(tr(lang, PRESENT))}:</b>") + blocks if blocks else ""


def agenda_list(meeting: Meeting, lang: str) -> str:
    lines = [f"{n}. {esc(item.text('title', lang))}" for n, item in enumerate(meeting.agenda, start=1)]
    return para(f"<b>{esc(tr(lang, AGENDA))}:</b><br/>" + "<br/>".join(lines)) if lines else ""


def item_block(item: AgendaItem | None, number: str, decisions, lang: str) -> str:
    title = item.text("title", lang) if item else tr(lang, N_("Other decisions"))
    parts = [para(f"<b>{number}. {esc(title)}</b>")]
    if item and item.speakers:
        names = ", ".join(esc(person_name(p, lang)) for p in item.speakers)
        parts.append(para(f"<i>{esc(tr(lang, SPEAKERS))}:</i> {names}", "small"))
    if decisions:
        parts.append(para(f"<b>{esc(tr(lang, DECIDED))}:</b>"))
        parts += [para(f"{n}. {esc(d.text('text', lang))}") for n, d in decisions]
    return "".join(parts)


def signatures(meeting: Meeting, lang: str, sides, narrow: bool) -> str:
    """Both co-chairs' signature blocks side by side, in the column's language."""

    def block(side: Side) -> str:
        chair = cochair(meeting, side)
        lines = [f"<b>{esc(tr(lang, FOR_SIDE[side]))}</b>"]
        if chair and chair.text("position", lang):
            lines.append(esc(chair.text("position", lang)))
        name = esc(initials_name(chair, lang)).replace(" ", "&nbsp;")
        sign = "_" * 14 + ("<br/>" if narrow else " ") + name
        return para("<br/>".join(lines)) + para("&nbsp;") + para(f"<nobr>{sign}</nobr>")

    return table([row(cell(block(side), width="50%") for side in sides)], grid=False, space_before=14)


def minutes_document(session: Session, meeting: Meeting, langs: tuple[str, ...]) -> Document:
    sides = sides_in_order(session)
    # Each part is one row of the table, rendered in each language side by side.
    parts: list[Callable[[str], str]] = [
        lambda lang: heading(meeting, lang),
        lambda lang: chaired(meeting, lang, sides),
        lambda lang: present(meeting, lang, sides),
        lambda lang: agenda_list(meeting, lang),
    ]
    if any(meeting.text("minutes", lang) for lang in langs):
        parts.append(lambda lang: para(esc(meeting.text("minutes", lang))))
    for item, number, decisions in numbered_decisions(meeting):
        # the cast: mypy cannot infer a lambda with default arguments
        parts.append(
            cast(Callable[[str], str], lambda lang, i=item, n=number, d=decisions: item_block(i, n, d, lang))
        )
    # The signatures share the last row, so that they never stand alone on a page of their own.
    last = parts.pop()
    parts.append(lambda lang: last(lang) + signatures(meeting, lang, sides, narrow=len(langs) > 1))
    body = table([row(parallel(langs, part)) for part in parts], grid=False, space_before=0)
    title = joined(langs, lambda lang: tr(lang, MINUTES))
    return Document(
        kind="minutes",
        title=f"{title} — {meeting.code}",
        html=page(f"{title} — {meeting.code}", body, footer=footer_text(langs, MINUTES, meeting.code)),
        default_name=f"{meeting.code}-minutes-{'+'.join(langs)}.pdf",
    )
