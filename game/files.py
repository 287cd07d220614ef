"""Reading a file named by a player, a pack or a folder listing, safely.

A path may name a pipe (reading it waits for ever), a device (``/dev/zero`` never ends), a
folder, or a sparse file of gigabytes. :func:`read_regular` opens without blocking, checks
that what it opened is a regular file, and reads at most a limit, so none of them can hang
the game or fill its memory; each is refused with an ``OSError`` whose text says why.
"""

from __future__ import annotations

import os
import stat as stat_mode
from pathlib import Path

MAX_SAVE_BYTES = 32 * 1024 * 1024
"""The largest save read (a long game writes well under a megabyte)."""


def problem_text(error: OSError) -> str:
    """An operating-system error in a few words: ``No space left on device``."""
    return error.strerror or str(error) or type(error).__name__


def read_regular(path: Path, limit: int = MAX_SAVE_BYTES, head: int | None = None
                 ) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file (only the first ``head`` bytes if given), never blocking
    on a pipe nor reading a device; raises OSError with a reason a player can read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat_mode.S_ISREG(info.st_mode):
            kind = "a folder" if stat_mode.S_ISDIR(info.st_mode) else "a special file"
            raise OSError(f"it is {kind}, not a regular file")
        if head is None and info.st_size > limit:
            raise OSError(f"it is too large ({info.st_size:,} bytes; the limit is {limit:,})")
        want = min(info.st_size, limit) if head is None else head
        chunks, got = [], 0
        while got < want:
            chunk = os.read(fd, min(want - got, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks), info
    finally:
        os.close(fd)


