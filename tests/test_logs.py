"""The log file: configured once however often the program asks, and written to."""

import logging
import logging.handlers

from app.services.logs import configure_logging


def test_configuring_twice_keeps_one_handler_and_writes_once(workdir):
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = configure_logging(workdir / "журналы")
        configure_logging(workdir / "журналы")
        ours = [h for h in root.handlers if h not in before]
        assert len(ours) == 1 and isinstance(ours[0], logging.handlers.RotatingFileHandler)
        logging.getLogger("test").error("однажды")
        ours[0].flush()
        assert path.read_text(encoding="utf-8").count("однажды") == 1
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
