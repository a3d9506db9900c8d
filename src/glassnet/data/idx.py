"""The IDX file format of MNIST and Fashion-MNIST: read and write, plain or gzip.

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number of
dimensions), one big-endian 32-bit size per dimension, then the values, big-endian.
"""

import gzip
import io
import math
import os
import struct
import zlib
from pathlib import Path

import numpy as np
import numpy.typing as npt

from glassnet._atomic import atomic_write
from glassnet._streams import read_exactly, read_growing
from glassnet.errors import GlassnetError

# IDX type code -> NumPy dtype (big-endian, as the format stores them).
_TYPES: dict[int, np.dtype[np.generic]] = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_CODES = {
    dtype.newbyteorder(">") if dtype.itemsize > 1 else dtype: code for code, dtype in _TYPES.items()
}
_GZIP_MAGIC = b"\x1f\x8b"


def read_idx(path: str | Path) -> npt.NDArray[np.generic]:
    """The array stored in an IDX file (``.gz`` or not), or a ``GlassnetError`` naming the file.

    The header's claimed size is checked against the data actually there before anything
    is allocated: the plain file's size, or for ``.gz`` the data as it is decompressed,
    in pieces, into a buffer that grows with it. Reading MNIST's 47 MB of training
    images takes 47 MB, not the compressed file, its bytes and a copy at once.

    Parameters
    ----------
    path : str or pathlib.Path
        An IDX file, gzip-compressed or not (recognised by its content, not its name).

    Returns
    -------
    numpy.ndarray
        The array, with the dtype and 1 to 4 dimensions the header says.

    Raises
    ------
    ValueError
        When the file is missing, truncated, or not an IDX file.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from glassnet.data import read_idx, write_idx
    >>> path = os.path.join(tempfile.mkdtemp(), "labels-idx1-ubyte.gz")
    >>> write_idx(path, np.array([7, 2, 1], dtype=np.uint8))
    >>> read_idx(path)
    array([7, 2, 1], dtype=uint8)
    """
    path = Path(path)
    name = str(path)
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            compressed = file.read(2) == _GZIP_MAGIC
            file.seek(0)
            if not compressed:
                return _read_stream(file, name, size)
            try:
                with gzip.GzipFile(fileobj=file) as stream:
                    return _read_stream(stream, name, None)
            except (OSError, EOFError, zlib.error) as error:
                raise GlassnetError(f"{name}: corrupt or truncated gzip file ({error})") from None
    except OSError as error:
        raise GlassnetError(f"{name}: cannot read IDX file ({error.strerror or error})") from None


def parse_idx(raw: bytes, name: str = "IDX data") -> npt.NDArray[np.generic]:
    """Decode IDX bytes, checking the magic number, dimensions and length."""
    return _read_stream(io.BytesIO(raw), name, len(raw))


def _read_stream(stream: io.BufferedIOBase, name: str, size: int | None) -> npt.NDArray[np.generic]:
    """The array in ``stream``; ``size`` is the stream's length in bytes when known."""
    head = read_exactly(stream, 4)
    if len(head) < 4:
        raise GlassnetError(f"{name}: truncated IDX file ({len(head)} bytes, no header)")
    zero1, zero2, type_code, n_dims = head
    if zero1 or zero2 or type_code not in _TYPES or not 1 <= n_dims <= 4:
        raise GlassnetError(f"{name}: not an IDX file (bad magic number {head.hex()})")
    header_size = 4 + 4 * n_dims
    sizes = read_exactly(stream, 4 * n_dims)
    if len(sizes) < 4 * n_dims:
        raise GlassnetError(
            f"{name}: truncated IDX file (header needs {header_size} bytes, got {4 + len(sizes)})"
        )
    shape = struct.unpack(f">{n_dims}I", sizes)
    dtype = _TYPES[type_code]
    expected = math.prod(shape) * dtype.itemsize  # Python integers: no overflow
    if size is not None and size - header_size != expected:
        found = size - header_size
        problem = "truncated" if found < expected else "corrupt"
        raise GlassnetError(
            f"{name}: {problem} IDX file (shape {shape} needs {expected:,} data bytes, "
            f"the file holds {found:,})"
        )
    data = read_growing(stream, expected)  # a plain file's size was checked just above
    if len(data) < expected:
        raise GlassnetError(
            f"{name}: truncated IDX file (shape {shape} needs {expected:,} data bytes, "
            f"found {len(data):,})"
        )
    # One byte more: the end of the stream, where gzip checks its CRC, or an overrun,
    # refused at once (a gzip bomb after the data is never decompressed).
    if stream.read(1):
        raise GlassnetError(
            f"{name}: corrupt IDX file (more data after the {expected:,} bytes of shape {shape})"
        )
    return data.view(dtype).reshape(shape).astype(dtype.newbyteorder("="), copy=False)


def write_idx(path: str | Path, array: npt.ArrayLike, *, compress: bool | None = None) -> None:
    """Write ``array`` as an IDX file (gzip if ``compress`` or the name ends in ``.gz``), atomically.

    Parameters
    ----------
    path : str or pathlib.Path
        The file to write.
    array : array_like
        1 to 4 dimensions of uint8, int8, int16, int32, float32 or float64.
    compress : bool or None
        Gzip the file; by default, when ``path`` ends in ``.gz``.

    Raises
    ------
    ValueError
        For a dtype or number of dimensions IDX cannot store.
    """
    values = np.asarray(array)
    big_endian = values.dtype.newbyteorder(">") if values.dtype.itemsize > 1 else values.dtype
    if big_endian not in _CODES:
        raise ValueError(f"IDX cannot store dtype {values.dtype}")
    if not 1 <= values.ndim <= 4:
        raise ValueError(f"IDX stores arrays of 1 to 4 dimensions, got {values.ndim}")
    header = bytes([0, 0, _CODES[big_endian], values.ndim]) + struct.pack(
        f">{values.ndim}I", *values.shape
    )
    payload = header + values.astype(big_endian).tobytes()
    path = Path(path)
    if compress if compress is not None else path.suffix == ".gz":
        payload = gzip.compress(payload, mtime=0)
    with atomic_write(path) as handle:
        handle.write(payload)
