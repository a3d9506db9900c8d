"""Where dataset files come from: a data directory, the user cache, or a checked download.

Lookup order for a file ``<dataset>/<name>``: the directory given explicitly (``--data-dir``),
else the ``GLASSNET_DATA`` environment variable, then the user cache directory. A file
found nowhere is downloaded from the public mirrors (or ``GLASSNET_MIRROR``, a base URL
holding ``<dataset>/<name>``) into the cache, verified against its MD5 checksum, and
renamed into place only once complete.
"""

import hashlib
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from glassnet._atomic import atomic_write

DATA_ENV = "GLASSNET_DATA"
"""The environment variable naming a data folder, searched after ``--data-dir``."""
MIRROR_ENV = "GLASSNET_MIRROR"
"""The environment variable naming a mirror: files are downloaded from ``URL/<dataset>/<file>``."""
_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class RemoteFile:
    """A file of a dataset: its folder, name, MD5 checksum and the URLs it can come from."""

    dataset: str
    name: str
    md5: str
    mirrors: tuple[str, ...]


def cache_directory() -> Path:
    """The per-user cache folder (``~/.cache/glassnet`` on Linux).

    Returns
    -------
    pathlib.Path
        It may not exist yet.
    """
    return Path(platformdirs.user_cache_dir("glassnet"))


def search_directories(data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """The folders searched for data files, in order.

    Parameters
    ----------
    data_dir : str or os.PathLike or None
        A folder given by the user (``--data-dir``); without one, ``GLASSNET_DATA`` if set.

    Returns
    -------
    list of pathlib.Path
        That folder (if any), then the user cache.
    """
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_ENV) or None
    folders = [Path(chosen).expanduser()] if chosen is not None else []
    return [*folders, cache_directory()]


def find_or_download(
    remote: RemoteFile, data_dir: str | os.PathLike[str] | None = None, *, download: bool = True
) -> Path:
    """The local path of ``remote``, downloading it into the cache if it is nowhere yet."""
    folders = search_directories(data_dir)
    for folder in folders:
        for candidate in (folder / remote.dataset / remote.name, folder / remote.name):
            for path in (candidate, candidate.with_suffix("")):  # also accept gunzipped files
                if path.is_file():
                    return path
    where = folders[0] / remote.dataset
    if not download:
        raise FileNotFoundError(_missing_message(remote, where, "downloads are switched off"))
    target = cache_directory() / remote.dataset / remote.name
    failures = []
    for url in _urls(remote):
        try:
            _download(url, target, remote.md5)
            return target
        except (OSError, ValueError) as error:
            failures.append(f"{url}: {_reason(error)}")
    raise FileNotFoundError(_missing_message(remote, where, "; ".join(failures)))


def _urls(remote: RemoteFile) -> list[str]:
    mirror = os.environ.get(MIRROR_ENV)
    if mirror:
        return [f"{mirror.rstrip('/')}/{remote.dataset}/{remote.name}"]
    return [f"{base.rstrip('/')}/{remote.name}" for base in remote.mirrors]


def _download(url: str, target: Path, md5: str) -> None:
    """Stream ``url`` to a temporary file, check its MD5, then rename it to ``target``."""
    digest = hashlib.md5(usedforsecurity=False)
    with (
        urllib.request.urlopen(url, timeout=_TIMEOUT_SECONDS) as response,
        atomic_write(target) as out,
    ):
        while chunk := response.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
        if digest.hexdigest() != md5:
            raise ValueError(f"checksum mismatch (md5 {digest.hexdigest()}, expected {md5})")


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.URLError) and not isinstance(error, urllib.error.HTTPError):
        return str(error.reason)
    return str(error)


def _missing_message(remote: RemoteFile, where: Path, reason: str) -> str:
    return (
        f"{remote.dataset} file {remote.name} not found and could not be downloaded ({reason}); "
        f"put it in {where} or point --data-dir / {DATA_ENV} at a folder holding {remote.dataset}/"
    )
