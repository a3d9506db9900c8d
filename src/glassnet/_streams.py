"""Reading untrusted streams in bounded pieces: what a file claims is never allocated up front."""

from typing import Protocol

import numpy as np
import numpy.typing as npt


class Readable(Protocol):
    """A binary stream: a file, a ``GzipFile``, an entry of a ``ZipFile``."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readinto(self, buffer: memoryview, /) -> int: ...


PIECE = 1 << 16  # bytes read at a time: memory stays about the data's own
_FIRST_ALLOCATION = 1 << 20  # bytes; a growing buffer starts here and doubles


def read_exactly(stream: Readable, size: int) -> bytes:
    """Up to ``size`` bytes: fewer only at the end of the stream."""
    parts, missing = [], size
    while missing:
        part = stream.read(min(missing, PIECE))
        if not part:
            break
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def read_into(stream: Readable, buffer: memoryview) -> int:
    """Fill ``buffer`` from the stream; the number of bytes it got.

    A piece at a time: asked for everything at once, gzip and zip decompress into a
    temporary as large as the request.
    """
    filled = 0
    while filled < len(buffer):
        count = stream.readinto(buffer[filled : filled + PIECE])
        if not count:
            break
        filled += count
    return filled


def read_growing(stream: Readable, claimed: int) -> npt.NDArray[np.uint8]:
    """Up to ``claimed`` bytes, in a buffer that grows with the data found, never with the claim.

    For streams whose length is unknown until read (gzip): a header claiming 730 GB in a
    1 KB file costs 1 MB before the data runs out, not a ``MemoryError``. Growing by
    doubling keeps the copies few; on Linux a large ``realloc`` moves pages, not bytes.
    """
    data = np.empty(min(claimed, _FIRST_ALLOCATION), dtype=np.uint8)
    filled = 0
    while True:
        with data.data as view:
            filled += read_into(stream, view[filled:])
        if filled < len(data) or len(data) == claimed:
            return data[:filled]
        data.resize(min(claimed, 2 * len(data)), refcheck=False)
