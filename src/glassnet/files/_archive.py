"""The container shared by model files and checkpoints: a ``.npz`` of arrays plus JSON metadata.

The metadata is stored as one more array, ``metadata``: the UTF-8 bytes of a JSON object
whose ``format`` and ``format_version`` say what the file is. Reading never unpickles and
refuses anything that is not exactly a zip archive of ``.npy`` arrays: junk before or
after it, bad checksums, truncation, entries that are not arrays.

Nothing a file claims is allocated before it is checked. An array is read only when the
caller takes it, and only after its ``.npy`` header (a few hundred bytes) matches the
shape and dtype the metadata leads the caller to expect and the archive entry holds
exactly that many bytes; entries nobody takes are never read. Every problem is a
``GlassnetError`` that starts with the file's name.
"""

import contextlib
import io
import json
import math
import os
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

import numpy as np
import numpy.typing as npt

from glassnet._atomic import atomic_write
from glassnet._streams import read_exactly, read_into
from glassnet.errors import GlassnetError

_ZIP_START = b"PK\x03\x04"  # the first local file header
_ZIP_END = b"PK\x05\x06"  # the end-of-central-directory record, 22 bytes without a comment
MAX_METADATA_BYTES = 16 << 20  # a run's history of 10,000 epochs takes about 1.5 MB
_MAX_NPY_HEADER = 10_000  # NumPy's own limit; its writer needs 128 bytes for our arrays
# Deflate can shrink zeros 1,000-fold, trained weights hardly at all: an entry claiming
# more than this many times its compressed size is a decompression bomb, not weights.
_MAX_EXPANSION = 64
_SMALL_ENTRY = 1 << 16  # bytes; small entries may compress better (a zero bias, a header)
# What zipfile and zlib raise on damaged archives (a truncated central directory is a
# struct.error, an unknown compression method NotImplementedError, encryption RuntimeError).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    zlib.error,
    struct.error,
    NotImplementedError,
    RuntimeError,
    OverflowError,
)


def write_archive(
    path: str | os.PathLike[str],
    format: tuple[str, int],
    metadata: dict[str, Any],
    arrays: dict[str, npt.NDArray[Any]],
) -> None:
    """Write ``arrays`` and ``metadata`` atomically: the old file survives any failure.

    ``format`` (name, version) and the glassnet version head the metadata.
    """
    from glassnet._version import __version__

    header = {"format": format[0], "format_version": format[1], "glassnet_version": __version__}
    text = json.dumps(header | metadata).encode("utf-8")
    payload = {**arrays, "metadata": np.frombuffer(text, dtype=np.uint8)}
    # What np.savez writes, member by member, so that allow_pickle=False holds with every
    # NumPy (savez takes it only from 2.2 on; before, it became one more array).
    with (
        atomic_write(path) as handle,
        zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED, allowZip64=True) as archive,
    ):
        for key, array in payload.items():
            with archive.open(f"{key}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)


@dataclass(frozen=True)
class _Header:
    """What an entry's ``.npy`` header says, and how many bytes the header itself takes."""

    shape: tuple[int, ...]
    dtype: np.dtype[Any]
    fortran_order: bool
    size: int


class Arrays:
    """The arrays of an open archive, by name; each is read only when taken, after checks."""

    def __init__(self, archive: zipfile.ZipFile, name: str, what: str) -> None:
        self._archive = archive
        self.name = name
        self._not_ours = f"{name}: not a {what} file"
        self._entries = {info.filename.removesuffix(".npy"): info for info in archive.infolist()}

    def names(self) -> list[str]:
        """The arrays nobody has taken yet, sorted."""
        return sorted(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def take(self, key: str, shape: tuple[int, ...], dtype: npt.DTypeLike) -> npt.NDArray[Any]:
        """The array ``key`` if its header says exactly ``shape`` and ``dtype``; else refused unread."""
        info = self._pop(key)
        header = self._header(key, info)
        expected = (tuple(shape), np.dtype(dtype))
        if (header.shape, header.dtype) != expected:
            raise GlassnetError(
                f"{self.name}: array {key} is {header.dtype} {header.shape}, "
                f"expected {expected[1]} {expected[0]}"
            )
        return self._data(key, info, header)

    def take_bytes(self, key: str, limit: int) -> bytes:
        """A 1-D uint8 array (text) of at most ``limit`` bytes, as bytes."""
        info = self._pop(key)
        header = self._header(key, info)
        if header.dtype != np.uint8 or len(header.shape) != 1:
            raise GlassnetError(
                f"{self._not_ours} ({key} is {header.dtype} {header.shape}, not bytes)"
            )
        if header.shape[0] > limit:
            raise GlassnetError(
                f"{self.name}: {key} of {header.shape[0]:,} bytes is over the limit of {limit:,}"
            )
        return self._data(key, info, header).tobytes()

    def _pop(self, key: str) -> zipfile.ZipInfo:
        if key not in self._entries:
            raise GlassnetError(f"{self.name}: missing array {key}")
        return self._entries.pop(key)

    def _header(self, key: str, info: zipfile.ZipInfo) -> _Header:
        try:
            with self._archive.open(info) as entry:
                stream = io.BytesIO(entry.read(_MAX_NPY_HEADER))
        except _ZIP_ERRORS as error:
            raise GlassnetError(f"{self._not_ours} (corrupt or truncated: {error})") from None
        try:
            version = np.lib.format.read_magic(stream)
            if version == (1, 0):
                header = np.lib.format.read_array_header_1_0(stream, _MAX_NPY_HEADER)
            elif version == (2, 0):
                header = np.lib.format.read_array_header_2_0(stream, _MAX_NPY_HEADER)
            else:
                raise GlassnetError(f"{self.name}: array {key} has .npy version {version}")
        except GlassnetError:
            raise
        except Exception as error:
            # NumPy parses the header's text with ast.literal_eval and builds a dtype
            # from it: hostile text raises SyntaxError, TypeError, tokenize.TokenError,
            # RecursionError... The text is at most _MAX_NPY_HEADER bytes, so any
            # failure to parse it means a corrupt header, whatever NumPy calls it.
            raise GlassnetError(
                f"{self.name}: array {key} has a corrupt .npy header ({type(error).__name__}: "
                f"{' '.join(str(error).split())[:200]})"
            ) from None
        shape, fortran_order, dtype = header
        if dtype.hasobject:
            raise GlassnetError(f"{self.name}: refused, the file holds pickled Python objects")
        return _Header(shape, dtype, fortran_order, stream.tell())

    def _data(self, key: str, info: zipfile.ZipInfo, header: _Header) -> npt.NDArray[Any]:
        n_bytes = math.prod(header.shape) * header.dtype.itemsize
        if header.size + n_bytes != info.file_size:
            raise GlassnetError(
                f"{self._not_ours} (corrupt or truncated: array {key} needs {n_bytes:,} bytes "
                f"of data, its entry holds {info.file_size - header.size:,})"
            )
        shape = header.shape[::-1] if header.fortran_order else header.shape
        values = np.empty(shape, dtype=header.dtype)
        try:
            # ZipFile.open is typed as returning IO[bytes]; it is a ZipExtFile, with readinto.
            with cast(zipfile.ZipExtFile, self._archive.open(info)) as entry:
                read_exactly(entry, header.size)
                with values.reshape(-1).view(np.uint8).data as buffer:
                    found = read_into(entry, buffer)
                rest = entry.read(1)  # reaching the end makes zipfile check the CRC
        except _ZIP_ERRORS as error:
            raise GlassnetError(f"{self._not_ours} (corrupt or truncated: {error})") from None
        if found != n_bytes or rest:
            raise GlassnetError(f"{self._not_ours} (corrupt or truncated: array {key})")
        return np.ascontiguousarray(values.T) if header.fortran_order else values


@contextlib.contextmanager
def read_archive(
    path: str | os.PathLike[str], formats: dict[str, int], what: str
) -> Iterator[tuple[dict[str, Any], Arrays]]:
    """The metadata and the (not yet read) arrays of a file whose format is one of ``formats``.

    ``formats`` maps format names to the version this glassnet reads; ``what`` names the
    kind of file in messages ("glassnet model"). The archive stays open inside the
    ``with`` block, where the caller takes the arrays it expects.
    """
    name = os.fspath(path)
    with _open(path, name) as handle, _zip(handle, name, what) as archive:
        arrays = Arrays(archive, name, what)
        yield _metadata(arrays, formats, what), arrays


def _open(path: str | os.PathLike[str], name: str) -> BinaryIO:
    try:
        return open(path, "rb")  # read_archive's ``with`` closes it
    except FileNotFoundError:
        raise GlassnetError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise GlassnetError(f"{name}: is a folder, not a file") from None
    except PermissionError:
        raise GlassnetError(f"{name}: cannot read it (permission denied)") from None
    except OSError as error:
        raise GlassnetError(f"{name}: cannot read it ({error.strerror or error})") from None


def _zip(handle: BinaryIO, name: str, what: str) -> zipfile.ZipFile:
    """The archive in ``handle``, its entries checked before any is read."""
    not_ours = f"{name}: not a {what} file"
    try:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            raise GlassnetError(f"{not_ours} (the file is empty)")
        handle.seek(0)
        start = handle.read(4)
        handle.seek(max(0, size - 22))
        end = handle.read(22)
        if start != _ZIP_START or end[:4] != _ZIP_END or end[-2:] != b"\0\0":
            raise GlassnetError(f"{not_ours} (not a .npz archive, or junk before or after it)")
        handle.seek(0)
        archive = zipfile.ZipFile(handle)
    except _ZIP_ERRORS as error:
        raise GlassnetError(f"{not_ours} (corrupt or truncated: {error})") from None
    except ValueError as error:
        if isinstance(error, GlassnetError):
            raise
        raise GlassnetError(f"{not_ours} (corrupt or truncated: {error})") from None
    problem = _entry_problem(archive.infolist(), size)
    if problem:
        archive.close()
        raise GlassnetError(f"{name}: {problem}")
    return archive


def _entry_problem(entries: list[zipfile.ZipInfo], archive_size: int) -> str | None:
    """Why the archive's entries cannot be ours, from the central directory alone."""
    names = [info.filename for info in entries]
    if not all(name.isprintable() and len(name) <= 200 for name in names):
        return "not a valid archive (an entry's name is unprintable or too long)"
    bad = [name for name in names if not name.endswith(".npy")]
    if bad:
        return f"unexpected entries in the archive: {', '.join(bad)}"
    if len(set(names)) != len(names):
        return "not a valid archive (an entry appears twice)"
    for info in entries:
        if info.flag_bits & 0x1:
            return f"entry {info.filename} is encrypted"
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return f"entry {info.filename} uses an unsupported compression method"
        stored = info.compress_type == zipfile.ZIP_STORED
        if (stored and info.file_size != info.compress_size) or (
            info.file_size > _MAX_EXPANSION * info.compress_size + _SMALL_ENTRY
        ):
            return (
                f"entry {info.filename} claims {info.file_size:,} bytes from "
                f"{info.compress_size:,} in the file (corrupt, or a decompression bomb)"
            )
        if info.header_offset + info.compress_size > archive_size:
            return f"entry {info.filename} runs past the end of the file (truncated)"
    return None


def _metadata(arrays: Arrays, formats: dict[str, int], what: str) -> dict[str, Any]:
    """The metadata's JSON object, checked to be one of ``formats`` at its version."""
    name = arrays.name
    if "metadata" not in arrays:
        raise GlassnetError(f"{name}: not a {what} file (no metadata)")
    raw = arrays.take_bytes("metadata", MAX_METADATA_BYTES)
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as error:  # bad UTF-8 or JSON, 5,000-digit numbers
        message = " ".join(str(error).split())[:200]
        raise GlassnetError(f"{name}: corrupt metadata ({message})") from None
    if not isinstance(metadata, dict):
        raise GlassnetError(f"{name}: not a {what} file (its metadata is not a JSON object)")
    found = metadata.get("format")
    if not isinstance(found, str) or found not in formats:
        raise GlassnetError(f"{name}: not a {what} file (its format is {found!r:.100})")
    version = metadata.get("format_version")
    if type(version) is not int or version != formats[found]:
        raise GlassnetError(
            f"{name}: unsupported format version {version!r:.50} of {found} "
            f"(this glassnet reads version {formats[found]})"
        )
    return metadata
