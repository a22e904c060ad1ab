"""Where the program's own files are, in a checkout and inside the PyInstaller bundle."""

import sys
from pathlib import Path


def resource_root() -> Path:
    """The folder holding locales/, migrations/ and app/resources (sys._MEIPASS when bundled)."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


def locales_dir() -> Path:
    return resource_root() / "locales"


def migrations_dir() -> Path:
    return resource_root() / "migrations"


def resources_dir() -> Path:
    return resource_root() / "app" / "resources"


def user_data_dir() -> Path:
    """The program's data folder in the user's profile, as Qt's AppLocalDataLocation names it (the
    window's default database lives there), worked out without Qt for the command line.
    SECRETARIAT_DATA_DIR puts it elsewhere (tests, or an IT department's choice)."""
    import os

    from . import APP_NAME, ORG_NAME

    chosen = os.environ.get("SECRETARIAT_DATA_DIR")
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORG_NAME / APP_NAME
