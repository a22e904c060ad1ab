"""One command to set up and start the program, one to set up and run the tests.

    python dev.py run [program arguments]    # e.g. python dev.py run --db my.sqlite
    python dev.py test [pytest arguments]

Creates `.venv` beside this file on first use and installs the pinned dependencies into it
(again only when pyproject.toml changes). Works the same on Windows, Linux and macOS.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_env(extras: str) -> Path:
    python = venv_python()
    if not python.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()[:16]
    stamp = VENV / f".installed-{digest}"
    if not stamp.exists():
        print("Installing dependencies …", flush=True)
        target = f".[{extras}]" if extras else "."
        subprocess.check_call(
            [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target], cwd=ROOT
        )
        for old in VENV.glob(".installed-*"):
            old.unlink()
        stamp.touch()
    return python


def main() -> int:
    command, args = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("run", [])
    if command == "run":
        python = ensure_env("dev")
        return subprocess.call([str(python), str(ROOT / "main.py"), *args], cwd=ROOT)
    if command == "test":
        python = ensure_env("dev")
        return subprocess.call([str(python), "-m", "pytest", *args], cwd=ROOT)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
