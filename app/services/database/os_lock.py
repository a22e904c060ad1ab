"""Locks the operating system keeps on an open file and drops when its process ends, however it
ends: a program that crashed or was killed leaves no lock behind.

POSIX: `flock` on the whole file (advisory: others may still read and write it). Windows: the
locks are mandatory, so `msvcrt.locking` takes one byte far past anything we write into the
file; its text stays readable by others."""

import contextlib
import os
import sys

FAR_BYTE = 1 << 24  # 16 MiB: past the few hundred bytes of a lock file's text


def try_lock(fd: int) -> bool:
    """Lock the open file `fd` for this process, without waiting. False when someone holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, FAR_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, FAR_BYTE, os.SEEK_SET)
        with contextlib.suppress(OSError):  # closing the file lets go of it anyway
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)
