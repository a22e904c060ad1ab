"""The user's operations that are more than one record's edit, each one undoable step: what it
does and how it is undone, side by side (as Anki keeps them in `aqt/operations`). Widgets ask
for the operation; the services do the work through the store."""

from typing import Any

from ..i18n import _
from ..services import agenda_backlog, editing, meetings
from ..services.store import Store


def reorder(ctx: Any, meeting_uuid: str, entity_key: str, order: list[str]) -> None:
    """A meeting's agenda items (or decisions) numbered 1, 2, 3 … in this order."""

    def records(store: Store) -> list:
        meeting = store.require("meeting", meeting_uuid)
        return list(meeting.agenda if entity_key == "agenda_item" else meeting.decisions)

    ctx.run(
        _("Change the order"),
        lambda store: meetings.apply_order(store, records(store), order),
        lambda store, saved: meetings.restore_positions(store, records(store), saved),
    )


def decision_to_roadmap(ctx: Any, decision_uuid: str, section_uuid: str) -> str:
    """A roadmap item made from a decision, in a section; returns its UUID."""

    def do(store: Store) -> str:
        item = meetings.decision_to_roadmap_item(
            store, store.require("decision", decision_uuid), store.require("roadmap_item", section_uuid)
        )
        store.session.flush()
        return item.uuid

    def undo(store: Store, uuid: str) -> None:
        editing.delete(store, store.require("roadmap_item", uuid))

    return ctx.run(_("Decision to the roadmap"), do, undo)


def move_to_meeting(ctx: Any, item_uuid: str, meeting_uuid: str, code: str) -> None:
    """A question of the agenda backlog into a meeting's agenda (undo: back to the backlog)."""
    ctx.run(
        _("Move the question to meeting {code}").format(code=code),
        lambda store: agenda_backlog.move_to_meeting(store, item_uuid, meeting_uuid),
        lambda store, before: agenda_backlog.back_to_backlog(store, item_uuid, before),
    )
