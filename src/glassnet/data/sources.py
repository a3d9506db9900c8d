"""Where dataset files come from: a data directory, the user cache, or a checked download.

Lookup order for a file ``<dataset>/<name>``: the directory given explicitly (``--data-dir``),
else the ``GLASSNET_DATA`` environment variable, then the user cache directory. A file
found nowhere is downloaded by pooch from the public mirrors in turn (or from
``GLASSNET_MIRROR``, a base URL, ``http(s)://`` or ``file://``, holding
``<dataset>/<name>``) into the cache: pooch writes a temporary file beside the target,
checks its MD5 checksum and only then renames it into place.
"""

import contextlib
import logging
import os
import re
import shutil
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import platformdirs

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
    failures = []
    for url in _urls(remote):
        try:
            return _download(url, remote)
        except (OSError, ValueError) as error:  # requests' errors are OSErrors
            failures.append(f"{url}: {_reason(error, remote.md5)}")
    raise FileNotFoundError(_missing_message(remote, where, "; ".join(failures)))


def _urls(remote: RemoteFile) -> list[str]:
    mirror = os.environ.get(MIRROR_ENV)
    if mirror:
        return [f"{mirror.rstrip('/')}/{remote.dataset}/{remote.name}"]
    return [f"{base.rstrip('/')}/{remote.name}" for base in remote.mirrors]


def _download(url: str, remote: RemoteFile) -> Path:
    """pooch fetches ``url`` into the cache, checked against the MD5, renamed when complete."""
    import pooch  # imported only to download: it brings requests along

    if url.startswith("file:"):
        downloader: Any = _copy_file
    else:
        downloader = pooch.HTTPDownloader(timeout=_TIMEOUT_SECONDS)
    with _quiet(pooch.get_logger()):
        path = pooch.retrieve(
            url,
            known_hash=f"md5:{remote.md5}",
            fname=remote.name,
            path=cache_directory() / remote.dataset,
            downloader=downloader,
        )
    return Path(path)


def _copy_file(url: str, output: str | IO[bytes], _: object) -> None:
    """A ``file://`` mirror (a shared folder): pooch's own downloaders speak only networks."""
    source = urllib.request.url2pathname(urllib.parse.urlparse(url).path)
    with open(source, "rb") as reader:
        if isinstance(output, str):
            with open(output, "wb") as writer:
                shutil.copyfileobj(reader, writer)
        else:
            shutil.copyfileobj(reader, output)


@contextlib.contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """Keep pooch's "Downloading ..." lines off stderr: library code prints nothing."""
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _reason(error: BaseException, md5: str) -> str:
    """One short line for a failed download (requests' messages run to several hundred
    characters of connection-pool detail)."""
    text = " ".join(str(error).split())
    mismatch = re.search(r"does not match the known hash: expected \S+ but got (\w+)", text)
    if mismatch:
        return f"checksum mismatch (md5 {mismatch.group(1)}, expected {md5})"
    response = getattr(error, "response", None)
    if response is not None and getattr(response, "status_code", None) is not None:
        return f"HTTP {response.status_code} {response.reason}"
    system = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if system:
        return system.group(1).strip()
    return text if len(text) <= 200 else text[:200] + "..."


def _missing_message(remote: RemoteFile, where: Path, reason: str) -> str:
    return (
        f"{remote.dataset} file {remote.name} not found and could not be downloaded ({reason}); "
        f"put it in {where} or point --data-dir / {DATA_ENV} at a folder holding {remote.dataset}/"
    )
