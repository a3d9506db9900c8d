"""The IDX file format of MNIST and Fashion-MNIST: read and write, plain or gzip.

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number of
dimensions), one big-endian 32-bit size per dimension, then the values, big-endian.
"""

import gzip
import struct
import zlib
from pathlib import Path

import numpy as np
import numpy.typing as npt

from glassnet._files import atomic_write

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
    """The array stored in an IDX file (``.gz`` or not), with a clear error if it is damaged."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ValueError(f"{path}: cannot read IDX file ({error.strerror or error})") from None
    if raw[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as error:
            raise ValueError(f"{path}: corrupt or truncated gzip file ({error})") from None
    return parse_idx(raw, str(path))


def parse_idx(raw: bytes, name: str = "IDX data") -> npt.NDArray[np.generic]:
    """Decode IDX bytes, checking the magic number, dimensions and length."""
    if len(raw) < 4:
        raise ValueError(f"{name}: truncated IDX file ({len(raw)} bytes, no header)")
    zero1, zero2, type_code, n_dims = raw[0], raw[1], raw[2], raw[3]
    if zero1 or zero2 or type_code not in _TYPES or not 1 <= n_dims <= 4:
        raise ValueError(f"{name}: not an IDX file (bad magic number {raw[:4].hex()})")
    header_size = 4 + 4 * n_dims
    if len(raw) < header_size:
        raise ValueError(
            f"{name}: truncated IDX file (header needs {header_size} bytes, got {len(raw)})"
        )
    shape = struct.unpack(f">{n_dims}I", raw[4:header_size])
    dtype = _TYPES[type_code]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    found = len(raw) - header_size
    if found < expected:
        raise ValueError(
            f"{name}: truncated IDX file (shape {shape} needs {expected} data bytes, found {found})"
        )
    if found > expected:
        raise ValueError(
            f"{name}: corrupt IDX file ({found - expected} bytes after the data of shape {shape})"
        )
    values = np.frombuffer(raw, dtype=dtype, count=expected // dtype.itemsize, offset=header_size)
    return values.reshape(shape).astype(dtype.newbyteorder("="))


def write_idx(path: str | Path, array: npt.ArrayLike, *, compress: bool | None = None) -> None:
    """Write ``array`` as an IDX file (gzip if ``compress`` or the name ends in ``.gz``), atomically."""
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
