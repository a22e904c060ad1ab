"""Printed documents — the agenda sheet, the minutes, the roadmap — as HTML that Qt paginates,
previews, prints and saves as PDF (app/ui/pdf_render.py, app/ui/printing.py). No Qt here."""

from datetime import date

from sqlalchemy.orm import Session

from .common import Document, find_meeting, meeting_choices, parse_languages

KINDS = ("agenda", "minutes", "roadmap")

__all__ = ["KINDS", "Document", "build_document", "find_meeting", "meeting_choices", "parse_languages"]


def build_document(
    session: Session,
    kind: str,
    langs: tuple[str, ...],
    meeting_ident: str | None = None,
    today: date | None = None,
) -> Document:
    """The document of a kind; agenda and minutes need the meeting (its code, number or UUID)."""
    if kind == "roadmap":
        from .roadmap import roadmap_document

        return roadmap_document(session, langs, today or date.today())
    meeting = find_meeting(session, meeting_ident or "")
    if kind == "minutes":
        from .minutes import minutes_document

        return minutes_document(session, meeting, langs)
    if kind == "agenda":
        from .agenda import agenda_document

        return agenda_document(session, meeting, langs)
    raise ValueError(kind)
