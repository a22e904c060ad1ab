"""What a cell should hold, with an example, in any of the three languages: the other half of an
error message sent back to the partner ("a date like 15.03.2027, or a quarter like I квартал
2027 г."). Said per kind of field (fields.py), per list for statuses and the like, and per kind of
record for references, with an example taken from our own records when there are some.
"""

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ....i18n import N_, current_language, translate_in
from ....models import pick_text
from ....models.plain import org_label
from ...fields import ENTITIES, REFS
from ...kinds import handler
from ..importing.formulas import no_value_message
from ..importing.merge import Issue
from ..importing.retranslate import recognise
from .layout import REF_SEPARATOR, UUID

if TYPE_CHECKING:
    from ...fields import Field

Examples = dict[str, str]  # "organization:KZ", "person", "code:project" … → a label as cells name it

EXAMPLE = N_("{text}, e.g. {example}")
UUID_EXPECTED = N_(
    "the UUID the row had when the file was sent (the column is not edited), or an empty cell for a "
    "new record"
)
CODE_EXPECTED = N_("a code no other record has; a code cannot be removed")
NUMBER_EXPECTED = N_("a number no other item under the same heading has")

# References, by the kind of record named (one; several in a cell).
REFERENCE = {
    "organization": (
        N_("the name or short name of an organisation"),
        N_("names or short names of organisations, separated by “;”"),
    ),
    "organization:UZ": (
        N_("the name or short name of an organisation of Uzbekistan"),
        N_("names or short names of organisations of Uzbekistan, separated by “;”"),
    ),
    "organization:KZ": (
        N_("the name or short name of an organisation of Kazakhstan"),
        N_("names or short names of organisations of Kazakhstan, separated by “;”"),
    ),
    "person": (N_("the full name of a person"), N_("full names of people, separated by “;”")),
    "sector": (N_("the name of a sector"), N_("names of sectors, separated by “;”")),
    "project": (N_("the code of a project"), N_("codes of projects, separated by “;”")),
    "meeting": (N_("the code of a meeting"), N_("codes of meetings, separated by “;”")),
    "roadmap_item": (N_("the number of a roadmap item"), N_("numbers of roadmap items, separated by “;”")),
    "decision": (N_("a decision as the meeting’s code / the decision’s number"), None),
    "agenda_item": (N_("the number of an agenda item of the same meeting"), None),
}

# Problems whose remedy is not the field's usual content, by the msgid of their message.
BY_MESSAGE = {
    "The same new record appears twice (rows {first} and {second}).": N_(
        "each new record on one row only: delete the repeated row, or make the two rows differ"
    ),
    "Duplicate UUID: the same record is on rows {first} and {second}.": N_(
        "each record on one row only: delete the repeated row, or empty its UUID cell if it is a new record"
    ),
    "Another item under the same heading has this number.": NUMBER_EXPECTED,
    "The values of this column were moved between rows: it looks sorted on its own, apart from the "
    "rest of its rows (in Excel, a sort told to “Continue with the current selection”). This row's "
    "record had «{value}» when the file was sent.": N_(
        "the value of this row’s own record: undo the sort of the column, or copy the column from the "
        "file as it was sent; to sort, select the whole table"
    ),
}
# A formula without its value (formulas.py): the field's content, typed.
FORMULA_EXPECTED = N_(
    "{value} in place of the formula (or the file saved again in Excel, which calculates it)"
)


def expected(entity: str, key: str, lang: str, examples: Examples | None = None) -> str:
    """What the cell of field `key` of a record of `entity` should hold, in `lang`; "" when the
    field says nothing more than the message does."""
    examples = examples or {}
    if key == UUID:
        return translate_in(lang, UUID_EXPECTED)
    try:
        f = ENTITIES[entity].field(key)
    except KeyError:
        return ""
    if key == "code" and ENTITIES[entity].code_letter:
        return _with_example(translate_in(lang, CODE_EXPECTED), examples.get(f"code:{entity}"), lang)
    if entity == "roadmap_item" and key == "number":
        return _with_example(translate_in(lang, NUMBER_EXPECTED), "2.1", lang)
    if f.ref is not None:
        return _reference(f, lang, examples)
    return handler(f).expected(f, lang)


def _reference(f: "Field", lang: str, examples: Examples) -> str:
    """What a reference's cell should hold: the kind of record it names, by its name or code."""
    assert f.ref is not None  # a reference field names its entity
    name = f"{f.ref}:{f.side.value}" if f.side is not None and f.ref == "organization" else f.ref
    found = REFERENCE.get(name)
    one, several = found if found is not None else (None, None)

    if one is None:
        return ""
    example = examples.get(name)
    if f.kind == REFS and several is not None:
        example = examples.get(f"{name}+") or example
        return _with_example(translate_in(lang, several), example, lang)
    return _with_example(translate_in(lang, one), example, lang)


def expected_for(issue: Issue, lang: str, examples: Examples | None = None) -> str:
    """What the cell (or row) of an issue should hold, in `lang`."""
    found = recognise(issue.message, issue.lang)
    if found is not None:
        msgid = found[0]
        if msgid in BY_MESSAGE:
            return translate_in(lang, BY_MESSAGE[msgid])
        if msgid == _formula_msgid():
            remedy = expected(issue.entity, issue.key, lang, examples)
            return translate_in(lang, FORMULA_EXPECTED).format(value=remedy) if remedy else ""
    return expected(issue.entity, issue.key, lang, examples) if issue.key else ""


def _formula_msgid() -> str | None:
    """The msgid of formulas.py's message, found by saying it (it is made where it is raised)."""
    found = recognise(no_value_message(), current_language())
    return found[0] if found else None


def _with_example(text: str, example: str | None, lang: str) -> str:
    return translate_in(lang, EXAMPLE).format(text=text, example=example) if example else text


# ---- examples from our own records -------------------------------------------------------------


def _organization_examples(session: Session, lang: str) -> Examples:
    """An organisation as a cell names it, one of each side and two for a cell that names several."""
    from ....models import Organization

    found: Examples = {}
    organizations = session.execute(
        select(
            Organization.side,
            Organization.short_name_ru,
            Organization.short_name_uz,
            Organization.short_name_kk,
            Organization.name_ru,
            Organization.name_uz,
            Organization.name_kk,
        )
        .order_by(Organization.id)
        .limit(200)
    ).all()
    codes = ("ru", "uz", "kk")
    for side, *texts in organizations:
        text = org_label(
            dict(zip(codes, texts[:3], strict=True)), dict(zip(codes, texts[3:], strict=True)), lang
        )
        for name in ("organization", f"organization:{side.value}"):
            if name not in found:
                found[name] = text
            elif f"{name}+" not in found and text != found[name]:
                found[f"{name}+"] = f"{found[name]}{REF_SEPARATOR}{text}"
    return found


def reference_examples(session: Session, lang: str) -> Examples:
    """One label per kind of record (and per side for organisations), as a cell names it: a short
    name or a name in `lang`, a code, a number. The first records made, so the answer is stable."""
    from ....models import AgendaItem, Decision, Meeting, Person, Project, RoadmapItem, Sector

    found: Examples = _organization_examples(session, lang)
    person = session.execute(
        select(Person.full_name_ru, Person.full_name_uz, Person.full_name_kk).order_by(Person.id).limit(1)
    ).first()
    if person:
        found["person"] = pick_text(dict(zip(("ru", "uz", "kk"), person, strict=True)), lang)
    sector = session.execute(
        select(Sector.name_ru, Sector.name_uz, Sector.name_kk).order_by(Sector.id).limit(1)
    ).first()
    if sector:
        found["sector"] = pick_text(dict(zip(("ru", "uz", "kk"), sector, strict=True)), lang)
    for name, model in (("project", Project), ("meeting", Meeting)):
        code = session.scalar(select(model.code).where(model.code.is_not(None)).order_by(model.id).limit(1))
        if code:
            found[name] = found[f"code:{name}"] = code
    item = session.execute(
        select(RoadmapItem.number, RoadmapItem.code).order_by(RoadmapItem.id).limit(1)
    ).first()
    if item:
        found["roadmap_item"] = item.number
        if item.code:
            found["code:roadmap_item"] = item.code
    decision = session.execute(
        select(Meeting.code, Decision.position).join(Decision.meeting).order_by(Decision.id).limit(1)
    ).first()
    if decision and decision.code:
        found["decision"] = f"{decision.code} / {decision.position}"
    position = session.scalar(select(AgendaItem.position).order_by(AgendaItem.id).limit(1))
    if position is not None:
        found["agenda_item"] = str(position)
    return found
