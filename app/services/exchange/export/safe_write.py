"""Writing a file so that the one already there survives any failure: into a temporary file in the
same folder, then one `os.replace` (atomic on Windows and Linux alike). The two steps can be taken
apart (`write_temporary`, then `place`), so that an export is moved into place only once it is
recorded in the database."""

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ....i18n import _
from ...errors import UserError
from ...failures import NO_SPACE, no_space_message


@dataclass
class PendingFile:
    """A complete file under a temporary name, waiting to be put at `target`."""

    target: Path
    tmp: Path
    sha256: str

    def place(self) -> None:
        try:
            os.replace(self.tmp, self.target)
        except OSError as exc:
            self.discard()
            raise _write_error(self.target, exc) from None

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)


def write_temporary(target: Path, write: Callable[[Path], None]) -> PendingFile:
    """Calls `write(temporary path)` in the target's folder; the file is synced to disk and given
    the user's usual permissions (mkstemp makes it private to its owner)."""
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
        os.chmod(tmp, 0o666 & ~_umask())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_error(target, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return PendingFile(target, tmp, digest)


def save_atomically(target: Path, write: Callable[[Path], None]) -> str:
    """Calls `write(temporary path)`, puts the result at `target`; returns its sha256."""
    pending = write_temporary(target, write)
    pending.place()
    return pending.sha256


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it; put back at once
    os.umask(mask)
    return mask


def _write_error(target: Path, exc: OSError) -> UserError:
    if isinstance(exc, PermissionError):
        # Windows refuses to replace a file that Excel holds open.
        return UserError(
            _(
                "Cannot replace {file}: it is open in another program (Excel?) or read-only. "
                "Close it and try again, or choose another name."
            ).format(file=target.name)
        )
    if exc.errno in NO_SPACE:
        return UserError(no_space_message())
    return UserError(_("Cannot write {file}: {reason}").format(file=target, reason=_reason(exc)))


def _reason(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return _("there is a folder with this name")
    if isinstance(exc, PermissionError):
        return _("access denied")
    if isinstance(exc, NotADirectoryError):
        return _("the path goes through a file, not a folder")
    return exc.strerror or str(exc)
