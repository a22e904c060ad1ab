"""The program's log file, in the user's data folder: where unexpected errors are written for a
colleague who will look at them later."""

import logging
import logging.handlers
import os
from pathlib import Path

LOG_NAME = "secretariat-desk.log"


def configure_logging(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if any(
        isinstance(h, logging.handlers.RotatingFileHandler) and h.baseFilename == os.path.abspath(path)
        for h in root.handlers
    ):
        return path  # already writing there: a second handler would write every line twice
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
