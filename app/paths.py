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
