"""Where a database file lives: a network share is a risk SQLite warns about (its locks are not
reliable there), so the program says so."""

import os
import sys
from pathlib import Path


def is_network_path(path: Path) -> bool:
    path = Path(path).resolve()
    text = str(path)
    if text.startswith(("\\\\", "//")):  # UNC path: \\server\share\...
        return True
    if sys.platform == "win32":
        import ctypes

        drive = os.path.splitdrive(text)[0]
        if drive:
            DRIVE_REMOTE = 4
            return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE
        return False
    return _mount_type(path) in {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p", "afs"}


def _mount_type(path: Path) -> str | None:
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best, best_type = "", None
    for line in mounts:
        parts = line.split()
        inside = len(parts) >= 3 and (
            str(path) == parts[1] or str(path).startswith(parts[1].rstrip("/") + "/")
        )
        if inside and len(parts[1]) > len(best):
            best, best_type = parts[1], parts[2]
    return best_type
