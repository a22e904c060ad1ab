"""The log file: configured once however often the program asks, and written to."""

import logging
import subprocess
import sys

from app.services.logs import LogFile, configure_logging


def test_configuring_twice_keeps_one_handler_and_writes_once(workdir):
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = configure_logging(workdir / "журналы")
        configure_logging(workdir / "журналы")
        ours = [h for h in root.handlers if h not in before]
        assert len(ours) == 1 and isinstance(ours[0], LogFile)
        logging.getLogger("test").error("однажды")
        ours[0].flush()
        assert path.read_text(encoding="utf-8").count("однажды") == 1
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()


def test_the_file_rotates_past_a_megabyte_and_keeps_three(workdir):
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = configure_logging(workdir / "журналы")
        for i in range(12000):  # about 5 MB
            logging.getLogger("test").error("строка %d %s", i, "ё" * 200)
        assert path.stat().st_size <= 1_000_000
        assert sorted(p.name for p in path.parent.iterdir()) == [
            path.name,
            path.name + ".1",
            path.name + ".2",
            path.name + ".3",
        ]
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()


def test_configuring_the_log_imports_no_sockets(workdir):
    """The standard rotating handler's module (with socket, pickle, queue) waits for a record."""
    probe = (
        "import sys; from pathlib import Path; from app.services.logs import configure_logging; "
        f"configure_logging(Path({str(workdir)!r})); print('socket' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
