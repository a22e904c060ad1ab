"""Deadlines the other side moved without saying why. Their program sends each postponement as a
record of its own (the Postponements sheet), with its reason. A deadline typed over in a workbook
by hand comes alone: it is still a postponement, recorded at apply as made by their side with no
reason given (or the reason of a row they added to the Postponements sheet, which then is that
record), and the preview says so, so that the secretariat can ask for the reasons."""

from typing import Any

from ....i18n import ngettext
from .merge import Kind, Plan, RecordPlan

DEADLINE = "deadline"


def explained(plan: Plan) -> set[tuple[Any, Any]]:
    """(item, new deadline) of the postponements the file brings."""
    return {
        (r.values.get("item"), r.values.get("new_deadline"))
        for r in plan.records
        if r.entity == "postponement" and r.kind == Kind.NEW
    }


def unexplained(plan: Plan) -> list[RecordPlan]:
    """Roadmap items whose deadline the file moves (as the plan stands) with no postponement."""
    brought = explained(plan)
    found = []
    for record in plan.records:
        if record.entity != "roadmap_item" or record.kind not in (Kind.UPDATED, Kind.CONFLICT):
            continue
        change = next((c for c in record.changes if c.key == DEADLINE), None)
        if change is None or (change.conflict and change.choice is None):
            continue
        if change.ours and change.result != change.ours and (record.uuid, change.result) not in brought:
            found.append(record)
    return found


def note(plan: Plan) -> str | None:
    refused = {e.uuid for e in plan.errors if e.key == DEADLINE}  # not moved: the cell is an error
    count = sum(1 for record in unexplained(plan) if record.uuid not in refused)
    if not count:
        return None
    return ngettext(
        "The file moves the deadline of {count} item without a postponement: it is recorded as "
        "postponed by the other side, with no reason given. Ask them for the reason, or have them "
        "add a row to the Postponements sheet.",
        "The file moves the deadlines of {count} items without a postponement: they are recorded as "
        "postponed by the other side, with no reason given. Ask them for the reasons, or have them "
        "add rows to the Postponements sheet.",
        count,
    ).format(count=count)
