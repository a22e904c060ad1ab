"""Other people's changes on a server database, shown within seconds: every two seconds the window
ends its idle read transaction and takes the announcements that arrived (notices.py); when someone
else saved, what it holds is read again and the status bar says who."""

import contextlib

from PySide6.QtCore import QObject, QTimer

from ..i18n import _
from ..services.database.notices import Listener, Notice
from ..services.formatting import format_moment
from ..services.sources import operator_label

INTERVAL_MS = 2000


class LiveUpdates(QObject):
    def __init__(self, ctx):
        super().__init__(ctx)
        self.ctx = ctx
        self.listener = Listener(ctx.db.url, ctx.db.client)
        # Listening from now on, before the window reads its data: nothing saved after it is missed.
        self.listener.poll()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        with contextlib.suppress(Exception):  # a connection lost: the next save or read says so
            self.ctx.release()
        notices = self.listener.poll()
        if notices:
            self.ctx.others_changed()
            self.ctx.news.emit(describe(notices))

    def stop(self) -> None:
        self.timer.stop()
        self.listener.close()


def describe(notices: list[Notice]) -> str:
    """The status bar's line: who saved, the last time."""
    if any(n.lost for n in notices):
        return _("The connection to the server was restored; the data was read again.")
    names = list(dict.fromkeys(operator_label(n.who) for n in notices if n.who))
    last = max((n.at for n in notices if n.at), default=None)
    when = format_moment(last) if last else ""
    return _("Changes saved by {who} at {when} are shown.").format(who=", ".join(names) or "?", when=when)
