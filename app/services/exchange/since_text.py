"""How the exchange log and the changes since the last file read, in the user's language: the
command line and the window say them alike."""

from typing import TYPE_CHECKING

from ...i18n import N_, _, ngettext
from ...models import ExchangeDirection, ExchangeOrigin
from ..formatting import format_moment

if TYPE_CHECKING:
    from .since import ExchangeEntry

ACTIONS = {"created": N_("created"), "changed": N_("changed"), "deleted": N_("deleted")}


def action_label(action: str) -> str:
    return _(ACTIONS[action])


def direction_label(entry: "ExchangeEntry") -> str:
    if entry.direction == ExchangeDirection.EXPORT:
        return _("Sent No. {sequence}").format(sequence=entry.sequence)
    if entry.origin == ExchangeOrigin.RETURN:
        return _("Our file No. {sequence} returned").format(sequence=entry.sequence)
    if entry.origin == ExchangeOrigin.HAND:
        return _("A sheet made by hand")
    return _("Received No. {sequence}").format(sequence=entry.sequence)


def acknowledgement(entry: "ExchangeEntry") -> str:
    if entry.direction != ExchangeDirection.EXPORT:
        return ""
    if entry.acknowledged_at is None:
        return _("not yet confirmed by the other side")
    return _("confirmed by their file {file} of {when}").format(
        file=entry.acknowledged_by, when=format_moment(entry.acknowledged_at)
    )


def entry_line(entry: "ExchangeEntry") -> str:

    parts = [direction_label(entry), format_moment(entry.at), entry.file_name]
    count = entry.records
    if entry.direction == ExchangeDirection.EXPORT:
        parts.append(ngettext("{count} record", "{count} records", count).format(count=count))
    else:
        parts.append(ngettext("{count} record changed", "{count} records changed", count).format(count=count))
    ack = acknowledgement(entry)
    if ack:
        parts.append(ack)
    return " · ".join(parts)
