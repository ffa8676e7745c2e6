"""Reading a file a user or a repository named: a regular file, bounded, never a device or a FIFO.

A repository can commit a symlink to ``/dev/zero`` or name ``/dev/stdin`` (the language server's
own protocol stream); reading either would exhaust memory or hang. So every such read opens
without blocking, checks what it opened (not what the name pointed at a moment earlier), and
reads at most ``max_bytes`` + 1 bytes.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class UnreadableFile(OSError):
    """Not a regular file, or over the size limit; ``strerror`` says which in plain words.

    ``size`` is the file's size when the limit refused it (callers word the limit their way).
    """

    size: int | None = None


def read_regular_file(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``; raises ``OSError`` (or ``UnreadableFile``)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO must not wait for a writer
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            what = "a folder" if stat.S_ISDIR(st.st_mode) else "a device, FIFO or socket"
            raise UnreadableFile(errno.EINVAL, f"not a regular file ({what})", str(path))
        size = st.st_size
        if size > max_bytes:  # refused before reading: a 2 GB file costs nothing
            too_big = UnreadableFile(errno.EFBIG, f"larger than {max_bytes} bytes", str(path))
            too_big.size = size
            raise too_big
        chunks: list[bytes] = []
        left = max_bytes + 1
        # First the size fstat gave and one byte more (a buffer of 1 MiB per file cost a batch run
        # more than its reads); a file that grew, or one the system sizes as 0 (procfs), goes on.
        want = min(left, size + 1 if size else 1 << 16)
        while left > 0:
            chunk = os.read(fd, want)
            chunks.append(chunk)
            left -= len(chunk)
            if len(chunk) < want:  # a short read of a regular file is its end: no extra read for EOF
                break
            want = min(left, 1 << 20)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise UnreadableFile(errno.EFBIG, f"larger than {max_bytes} bytes", str(path))
    return data
