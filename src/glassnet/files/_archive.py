"""The container shared by model files and checkpoints: a ``.npz`` of arrays plus JSON metadata.

The metadata is stored as one more array, ``metadata``: the UTF-8 bytes of a JSON object
whose ``format`` and ``format_version`` say what the file is. Reading never unpickles
(``allow_pickle=False``) and refuses anything that is not exactly a zip archive written
by NumPy: junk before or after it, bad checksums, truncation, entries that are not arrays.
"""

import json
import os
import zipfile
from typing import Any

import numpy as np
import numpy.typing as npt

from glassnet._atomic import atomic_write

_ZIP_START = b"PK\x03\x04"  # the first local file header
_ZIP_END = b"PK\x05\x06"  # the end-of-central-directory record, 22 bytes without a comment


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


def read_archive(
    path: str | os.PathLike[str], formats: dict[str, int], what: str
) -> tuple[dict[str, Any], dict[str, npt.NDArray[Any]]]:
    """The metadata and arrays of a file whose format is one of ``formats`` (name → version).

    ``what`` names the kind of file in messages ("glassnet model"). Every problem is a
    ValueError that starts with the file's name and says what is wrong.
    """
    name = os.fspath(path)
    arrays = _read_arrays(path, name, what)
    raw = arrays.pop("metadata", None)
    if raw is None or raw.dtype != np.uint8 or raw.ndim != 1:
        raise ValueError(f"{name}: not a {what} file (no metadata)")
    try:
        metadata = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{name}: corrupt metadata ({error})") from None
    if not isinstance(metadata, dict) or metadata.get("format") not in formats:
        found = metadata.get("format") if isinstance(metadata, dict) else None
        raise ValueError(f"{name}: not a {what} file (its format is {found!r})")
    version = metadata.get("format_version")
    supported = formats[metadata["format"]]
    if type(version) is not int or version != supported:
        raise ValueError(
            f"{name}: unsupported format version {version!r} of {metadata['format']} "
            f"(this glassnet reads version {supported})"
        )
    return metadata, arrays


def _read_arrays(path: str | os.PathLike[str], name: str, what: str) -> dict[str, npt.NDArray[Any]]:
    not_ours = f"{name}: not a {what} file"
    try:
        # Our own handle: np.load leaks it when the archive turns out to be broken.
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            if size == 0:
                raise ValueError(f"{not_ours} (the file is empty)")
            handle.seek(0)
            start = handle.read(4)
            handle.seek(max(0, size - 22))
            end = handle.read(22)
            if start != _ZIP_START or end[:4] != _ZIP_END or end[-2:] != b"\0\0":
                raise ValueError(f"{not_ours} (not a .npz archive, or junk before or after it)")
            handle.seek(0)
            with np.load(handle, allow_pickle=False) as archive:
                keys = archive.files
                bad = [key for key in archive.zip.namelist() if not key.endswith(".npy")]
                if bad:
                    raise ValueError(f"{name}: unexpected entries in the archive: {', '.join(bad)}")
                return {key: archive[key] for key in keys}
    except FileNotFoundError:
        raise ValueError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise ValueError(f"{name}: is a folder, not a file") from None
    except PermissionError:
        raise ValueError(f"{name}: cannot read it (permission denied)") from None
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise ValueError(f"{not_ours} (corrupt or truncated: {error})") from None
    except ValueError as error:
        if str(error).startswith(name):
            raise
        if "pickle" in str(error):
            raise ValueError(f"{name}: refused, the file holds pickled Python objects") from None
        raise ValueError(f"{not_ours} ({error})") from None
