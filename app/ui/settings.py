"""Per-user settings of the program (QSettings): language, column widths, sort order, window
geometry. Tests (SECRETARIAT_NO_USER_SETTINGS=1) get an ini file in a temporary folder instead
of the user's profile."""

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES

_ini: Path | None = None


def use_ini_file(path: Path | None) -> None:
    """Keep the settings in this ini file (tests); None goes back to the default."""
    global _ini
    _ini = path


def qsettings() -> QSettings:
    global _ini
    if _ini is None and os.environ.get("SECRETARIAT_NO_USER_SETTINGS") == "1":
        _ini = Path(tempfile.mkdtemp(prefix="secretariat-settings-")) / "settings.ini"
    if _ini is not None:
        return QSettings(str(_ini), QSettings.Format.IniFormat)
    return QSettings()


def saved_language() -> str | None:
    value = qsettings().value("language")
    return value if value in LANGUAGES else None


def save_language(lang: str) -> None:
    qsettings().setValue("language", lang)


def start_language(requested: str | None) -> str:
    return requested or saved_language() or DEFAULT_LANGUAGE


def saved_server() -> str | None:
    """The server database chosen to open at every start (without a password), or None."""
    value = qsettings().value("database/server")
    return value if isinstance(value, str) and value else None


def save_server(url: str | None) -> None:
    """Open this server database at every start (None: this computer's file again). A password in
    the URL is never saved."""
    from ..services.database.location import without_password

    qsettings().setValue("database/server", without_password(url) if url else "")


def default_database_path() -> Path:
    """secretariat.sqlite in the user's data folder (AppLocalDataLocation)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(folder) / "secretariat.sqlite"


def load_bytes(key: str) -> bytes | None:
    value = qsettings().value(key)
    return bytes(value) if value else None


def save_bytes(key: str, value) -> None:
    qsettings().setValue(key, value)
