"""The program's log file, in the user's data folder: where unexpected errors are written for a
colleague who will look at them later."""

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "secretariat-desk.log"


def configure_logging(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(
        isinstance(h, logging.handlers.RotatingFileHandler) and getattr(h, "baseFilename", "") == str(path)
        for h in root.handlers
    ):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
