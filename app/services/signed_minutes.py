"""Signed minutes are final: once a meeting's minutes are signed, their text, the meeting's agenda
and its decisions change only after an unlocking, which is a record of its own (when, which side,
why) that travels to the other side and shows in the history.

The store asks `check_write` before every write, so that nothing — a form, an undo step, an
import — changes signed minutes; the import finds the same while planning (exchange/plan_minutes.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import N_, _
from ..models import ChangeLog, Meeting, MeetingStatus, MinutesStatus, MinutesUnlock, Side
from .errors import UserError
from .validation import ValidationError

if TYPE_CHECKING:
    from .fields import Entity
    from .store import Store

# What signing fixes: the minutes' text on the meeting, and the records of these kinds that
# belong to it (the printed minutes list the agenda and number the decisions by its items).
LOCKED_FIELDS = frozenset({"minutes_ru", "minutes_uz", "minutes_kk"})
CONTENT = ("agenda_item", "decision")
STATUS = "minutes_status"
LOCKED = N_(
    "The minutes of meeting {code} are signed: their text, the agenda and the decisions can no longer "
    "be changed. To correct them, unlock the minutes first (with a reason)."
)
UNLOCK_WITH_REASON = N_("Signed minutes are unlocked with a reason: use “Unlock…” in the meeting.")


def is_signed(values: dict[str, Any] | None) -> bool:
    """Whether a meeting's plain values say its minutes are signed (older files lack the field)."""
    return values is not None and values.get(STATUS) == MinutesStatus.SIGNED.value


# ---- the store's rule -------------------------------------------------------------------------


def check_write(
    store: "Store", entity: "Entity", obj: Any, values: dict[str, Any] | None, gone: bool = False
) -> None:
    """UserError when creating (`obj` None), changing (`values`: what changes) or deleting (`gone`)
    a record would change signed minutes that this store has not seen unlocked."""
    if entity.key == "meeting" and obj is not None:
        _meeting_write(store, obj, values or {}, gone)
        return
    if entity.key not in CONTENT:
        return
    meetings = []
    if obj is not None and obj.meeting is not None:
        meetings.append(obj.meeting)
    target = (values or {}).get("meeting")
    if target and (obj is None or "meeting" in (values or {})):
        meetings.append(store.get("meeting", target))  # created in it, or moved into it
    _refuse_signed(store, [m for m in meetings if m is not None])


def _meeting_write(store: "Store", meeting: Meeting, values: dict[str, Any], gone: bool) -> None:
    if gone or LOCKED_FIELDS & values.keys():
        _refuse_signed(store, [meeting])
    if STATUS not in values:
        return
    if values[STATUS] == MinutesStatus.DRAFT.value and meeting.signed and meeting.uuid not in store.reopened:
        raise UserError(_(UNLOCK_WITH_REASON))
    if values[STATUS] == MinutesStatus.SIGNED.value:
        store.reopened.discard(meeting.uuid)  # signed again: closed to this store too


def _refuse_signed(store: "Store", meetings: Iterable[Meeting]) -> None:
    for meeting in meetings:
        if meeting.signed and meeting.uuid not in store.reopened:
            raise UserError(_(LOCKED).format(code=meeting.code))


def note_created(store: "Store", entity: "Entity", values: dict[str, Any]) -> None:
    """An unlocking opens its meeting's signed minutes to the store that recorded it."""
    if entity.key == "minutes_unlock" and values.get("meeting"):
        store.reopened.add(values["meeting"])


# ---- signing and unlocking --------------------------------------------------------------------


def sign(store: "Store", meeting: Meeting) -> dict:
    """Sign the minutes; a meeting still marked planned is marked held (it was, to have minutes)."""
    if meeting.signed:
        raise UserError(_("The minutes of meeting {code} are signed already.").format(code=meeting.code))
    values = {STATUS: MinutesStatus.SIGNED.value}
    if meeting.status == MeetingStatus.PLANNED:
        values["status"] = MeetingStatus.HELD.value
    return store.update(meeting, values)


def unlock(store: "Store", meeting: Meeting, reason: str, today: date) -> MinutesUnlock:
    """Open signed minutes again: the unlocking is recorded with its reason, then the minutes are
    a draft. ValidationError (on `reason`) when no reason is given."""
    if not meeting.signed:
        raise UserError(_("The minutes of meeting {code} are not signed.").format(code=meeting.code))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason for unlocking the minutes.")})
    record = store.create(
        "minutes_unlock",
        {
            "meeting": meeting.uuid,
            "unlocked_on": today.isoformat(),
            "side": store.side.value,
            "reason": reason,
        },
    )
    store.update(meeting, {STATUS: MinutesStatus.DRAFT.value})
    return record


# ---- who signed -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signing:
    at: datetime
    operator: str
    side: Side


def last_signing(session: Session, meeting: Meeting) -> Signing | None:
    """Who signed the minutes and when, as the change log has it (here, or in the file of the
    other side that brought the signature); None for a signature older than the log."""
    from .store import dump  # the store asks this module before every write

    row = session.scalars(
        select(ChangeLog)
        .where(
            ChangeLog.entity == "meeting",
            ChangeLog.record_uuid == meeting.uuid,
            ChangeLog.field == STATUS,
            ChangeLog.new_value == dump(MinutesStatus.SIGNED.value),
        )
        .order_by(ChangeLog.id.desc())
        .limit(1)
    ).first()
    return Signing(row.at, row.operator, row.side) if row is not None else None
