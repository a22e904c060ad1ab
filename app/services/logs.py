"""The program's log file, in the user's data folder: where unexpected errors are written for a
colleague who will look at them later."""

import logging
import os
from pathlib import Path

LOG_NAME = "secretariat-desk.log"


class LogFile(logging.Handler):
    """The rotating log file (1 MB, three older files kept), opened at the first record: the
    standard library's rotating handler brings sockets, pickle and queues along, which the
    program's start would pay for before anything is written."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = os.path.abspath(path)
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            import logging.handlers

            self._file = logging.handlers.RotatingFileHandler(
                self.path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
            )
            self._file.setFormatter(self.formatter)
        self._file.handle(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def configure_logging(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if any(isinstance(h, LogFile) and h.path == os.path.abspath(path) for h in root.handlers):
        return path  # already writing there: a second handler would write every line twice
    handler = LogFile(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
