"""Telling the other people's windows that the data changed (a server database only).

Every transaction that writes announces it when it commits (PostgreSQL's NOTIFY, delivered with
the commit and never for a rollback): who wrote, from which program. A window listens on a
connection of its own and asks for what arrived every second or two (`Listener.poll`) — a few
microseconds when nothing did — then shows the new data. A file has one writer at a time (the
lock), so there is nothing to listen for there.
"""

import contextlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ...models.base import new_uuid

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy.orm import Session, sessionmaker

CHANNEL = "secretariat_desk"


@dataclass(frozen=True)
class Notice:
    who: str  # the operator's name (or login) of whoever wrote
    at: datetime | None
    client: str = ""
    lost: bool = False  # the listening connection was lost: changes may have been missed

    @classmethod
    def parse(cls, payload: str) -> "Notice":
        try:
            data = json.loads(payload)
            at = datetime.fromisoformat(data["at"]) if data.get("at") else None
            return cls(str(data.get("who") or ""), at, str(data.get("client") or ""))
        except (ValueError, TypeError, KeyError, AttributeError):
            return cls("", None)


def payload(who: str, client: str, now: datetime | None = None) -> str:
    at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    return json.dumps({"who": who[:200], "at": at, "client": client}, ensure_ascii=False)


def announce(conn, who: str, client: str | None = None) -> None:
    """Announce a change in the transaction of `conn` (a Connection or a Session). `client`: who
    writes (an open database's own id: its window does not take its own changes for news)."""
    from sqlalchemy import text

    message = payload(who, client or new_uuid())
    conn.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": message})


def announce_commits(sessions: "sessionmaker[Session]", client: str) -> None:
    """Every session made by `sessions` announces, as it commits, that it wrote (as `client`)."""
    from sqlalchemy import event

    def wrote(session: "Session", *args) -> None:
        session.info["wrote"] = True

    def on_execute(state) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            state.session.info["wrote"] = True

    def before_commit(session: "Session") -> None:
        if session.info.pop("wrote", False) or session.new or session.dirty or session.deleted:
            from ..settings import operator_name

            announce(session, operator_name(session), client)

    event.listen(sessions, "after_flush", wrote)
    event.listen(sessions, "do_orm_execute", on_execute)
    event.listen(sessions, "before_commit", before_commit)
    event.listen(sessions, "after_rollback", lambda session: session.info.pop("wrote", None))


class Listener:
    """Listens for the announcements of other programs on the server at `url`. `poll()` never
    blocks and never raises: a lost connection is made again at the next poll (and says so with a
    `lost` notice, since changes may have come and gone meanwhile)."""

    def __init__(self, url: str, client: str = ""):
        from .location import engine_url

        self.client = client  # announcements of this id are the listener's own program's
        self.conninfo = engine_url(url).replace("postgresql+psycopg://", "postgresql://", 1)
        self.conn: psycopg.Connection | None = None
        self._was_connected = False

    def poll(self) -> list[Notice]:
        import psycopg

        try:
            if self.conn is None or self.conn.closed:
                return self._reconnect()
            found = [Notice.parse(n.payload) for n in self.conn.notifies(timeout=0)]
        except psycopg.Error:  # the connection was lost (the server restarted, the network …)
            self.close()
            try:
                return self._reconnect()
            except psycopg.Error:
                return []  # not back yet: tried again at the next poll
        return [n for n in found if n.client != self.client]

    def _reconnect(self) -> list[Notice]:
        self._connect()
        if self._was_connected:
            return [Notice("", None, lost=True)]
        self._was_connected = True
        return []

    def _connect(self) -> None:
        import psycopg

        from .server import APPLICATION_NAME, CONNECT_TIMEOUT

        self.conn = psycopg.connect(
            self.conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT, application_name=APPLICATION_NAME
        )
        self.conn.execute(f"LISTEN {CHANNEL}")

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):  # a connection already gone
                self.conn.close()
        self.conn = None
