"""Where the data is: a SQLite file on this computer, or a PostgreSQL database on a server named by
one URL, `postgresql://user@host/dbname`. `--db`, the settings and the window take either.

Plain text handling only (no SQLAlchemy, no driver): the command line and the window's start-up
ask these questions before anything heavy loads.
"""

from pathlib import Path
from typing import TypeGuard
from urllib.parse import parse_qs, quote, unquote, urlsplit, urlunsplit

from ...i18n import _
from ..errors import UserError

_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1")


def is_server(location: object) -> TypeGuard[str]:
    """Whether `location` names a server database (a URL) rather than a file."""
    if not isinstance(location, str) or "://" not in location:
        return False
    return location.split("://", 1)[0].strip().lower() in _SCHEMES


def checked_url(text: str) -> str:
    """The URL as given, trimmed; UserError when it names no database."""
    url = text.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES:
        raise UserError(_("Not a server address: {url}").format(url=shown(url)))
    if not parts.path.strip("/"):
        raise UserError(_("The address names no database: write it as postgresql://user@server/database."))
    return url


def engine_url(url: str) -> str:
    """The URL SQLAlchemy opens: the same, with the driver (psycopg 3) named."""
    _scheme, rest = checked_url(url).split("://", 1)
    return f"postgresql+psycopg://{rest}"


def with_password(url: str, password: str) -> str:
    """The URL with a password typed in the window (kept in memory only, never saved)."""
    parts = urlsplit(url)
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[-1]
    netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def without_password(url: str) -> str:
    """The URL as it may be kept in the settings."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    netloc = f"{parts.username}@{host}" if parts.username else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def shown(url: str) -> str:
    """The URL as the program shows and logs it: a password in it is never printed."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    netloc = f"{parts.username or ''}:***@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def database_name(url: str) -> str:
    return unquote(urlsplit(url).path.strip("/"))


def host_name(url: str) -> str:
    """The server's name as a person reads it: the host, or the socket folder of a local server."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host:
        host = parse_qs(parts.query).get("host", [""])[0]
    return host if host not in _LOCAL_HOSTS else "localhost"


def short_name(location: "str | Path") -> str:
    """A file's name, or `dbname @ server`: for the window's title."""
    if is_server(location):
        return f"{database_name(str(location))} @ {host_name(str(location))}"
    return Path(location).name


def backup_stem(url: str) -> str:
    """The name a server database's backups start with: server and database, safe as a file name."""
    raw = f"{host_name(url)}-{database_name(url)}"
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in raw)
