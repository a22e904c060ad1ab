"""The program run as a user's script runs it: `python main.py …` in a process of its own."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_main(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """Its output as text; `kwargs` go to subprocess.run (env, cwd …)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        **kwargs,
    )
