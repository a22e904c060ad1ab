"""A file or folder made truly read-only for the duration of a test, also when the tests run as
root (in CI), for whom permission bits change nothing on Linux: there the file is made immutable
(`chattr +i`), which stops root too."""

import os
import stat
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only(path: Path):
    path = Path(path)
    if os.name == "nt":  # the read-only attribute; folders have none that counts
        os.chmod(path, stat.S_IREAD)
        undo = lambda: os.chmod(path, stat.S_IREAD | stat.S_IWRITE)  # noqa: E731
    elif os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"running as root, and this file system cannot make a file immutable: {done.stderr}")
        undo = lambda: subprocess.run(["chattr", "-i", str(path)], check=True)  # noqa: E731
    else:
        mode = path.stat().st_mode
        os.chmod(path, 0o555 if path.is_dir() else 0o444)
        undo = lambda: os.chmod(path, mode)  # noqa: E731
    try:
        yield path
    finally:
        undo()
