"""Writing a file so that the one already there survives any failure: into a temporary file in the
same folder, then one `os.replace` (atomic on Windows and Linux alike)."""

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ...i18n import _
from ..errors import UserError


def save_atomically(target: Path, write: Callable[[Path], None]) -> str:
    """Calls `write(temporary path)`, puts the result at `target`; returns its sha256."""
    target = Path(target)
    folder = target.parent
    try:
        fd, name = tempfile.mkstemp(prefix=".~export-", suffix=target.suffix or ".tmp", dir=folder)
    except FileNotFoundError:
        raise UserError(_("The folder {folder} does not exist.").format(folder=folder)) from None
    except OSError as exc:
        raise UserError(
            _("Cannot write into the folder {folder}: {reason}").format(folder=folder, reason=_reason(exc))
        ) from None
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        os.replace(tmp, target)
    except PermissionError:
        # Windows refuses to replace a file that Excel holds open.
        raise UserError(
            _(
                "Cannot replace {file}: it is open in another program (Excel?) or read-only. "
                "Close it and try again, or choose another name."
            ).format(file=target.name)
        ) from None
    except OSError as exc:
        raise UserError(_("Cannot write {file}: {reason}").format(file=target, reason=_reason(exc))) from None
    finally:
        tmp.unlink(missing_ok=True)
    return digest


def _reason(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return _("there is a folder with this name")
    if isinstance(exc, PermissionError):
        return _("access denied")
    if isinstance(exc, NotADirectoryError):
        return _("the path goes through a file, not a folder")
    return exc.strerror or str(exc)
