"""Safe file writes: a crash or a full disk never leaves a half-written file behind.

A regular file (or a new path) is written to a temporary file beside it, which is then
renamed over it. Anything else is written through, as a shell's ``>`` would: a device
such as ``/dev/null`` or ``/dev/full``, a FIFO, ``/dev/stdout`` or ``/dev/fd/N`` (renaming
over those would replace the device or the pipe with an ordinary file). A symbolic link
is followed, and the file it points to is replaced, never the link.
"""

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

# tempfile.mkstemp's names: ".NAME." + 8 characters of its alphabet + ".part".
_PART = re.compile(r"\..+\.[a-z0-9_]{8}\.part")
# Where /proc cannot say whether a process still writes a temporary file, it is stale
# once it is this old.
STALE_SECONDS = 3600.0
_FILE_DESCRIPTORS = re.compile(r"/proc/(self|thread-self|\d+)(/task/\d+)?/fd")


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """Write a file safely: replace a regular file atomically, write through to anything else.

    For a regular file (or a new one) the block writes to a temporary file beside it, which
    is fsynced and renamed into place; if the block raises, the temporary file is removed
    and the file is left as it was. Temporary files that killed writers left in the folder
    are removed first. Devices, FIFOs and descriptors are opened and written directly;
    their errors (``ENOSPC`` from ``/dev/full``) are raised as ``OSError`` naming the path.
    """
    target, replace = destination(path)
    if not replace:
        # Appending: /dev/stdout redirected to a file (`> log`, `>> log`) keeps what the
        # command printed before; devices and pipes have no end to append to.
        with _written_through(target), open(target, "ab") as handle:
            yield handle
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(target.parent)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".part", dir=target.parent
    )
    try:
        os.chmod(temporary, _file_mode(target))
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_directory(target.parent)


def destination(path: str | os.PathLike[str]) -> tuple[Path, bool]:
    """The file a write to ``path`` reaches, and whether to replace it atomically.

    Symbolic links are followed one at a time, so that a link into ``/proc/PID/fd``
    (``/dev/stdout``, ``/dev/fd/1``) is recognised as a descriptor and written through,
    whatever the descriptor is open on.
    """
    current = Path(os.path.abspath(path))
    for _ in range(40):  # the kernel's own limit on links in a row
        if not current.is_symlink():
            break
        folder = Path(os.path.realpath(current.parent))
        if _FILE_DESCRIPTORS.fullmatch(str(folder)):
            return Path(path), False
        link = folder / os.readlink(current)
        current = Path(os.path.realpath(link.parent)) / link.name
    else:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), os.fspath(path))
    try:
        mode = os.stat(current).st_mode
    except (FileNotFoundError, NotADirectoryError):  # a new file (or a path under a file)
        return current, True
    return current, stat.S_ISREG(mode)


@contextlib.contextmanager
def _written_through(target: Path) -> Iterator[None]:
    """Name the destination in the error: "No space left on device: '/dev/full'"."""
    try:
        yield
    except OSError as error:
        if error.filename is not None or error.errno is None:
            raise
        raise OSError(error.errno, error.strerror, os.fspath(target)) from None


def remove_stale_parts(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files that writers killed mid-write left in ``folder``.

    Only files named as ``atomic_write`` names them (``.NAME.XXXXXXXX.part``) are touched,
    and only when no process has them open (a write in progress keeps its file open); where
    /proc cannot tell (no /proc, or the file's owner has processes we may not look into),
    only those older than ``STALE_SECONDS``. Returns the removed paths.
    """
    try:
        candidates = [
            entry
            for entry in Path(folder).iterdir()
            if _PART.fullmatch(entry.name) and entry.is_file() and not entry.is_symlink()
        ]
    except OSError:  # no folder, or not one we may list: nothing to clean
        return []
    if not candidates:
        return []
    held, hidden_owners = _open_files()
    removed = []
    for candidate in candidates:
        with contextlib.suppress(OSError):  # gone already, or not ours to remove
            if os.path.realpath(candidate) in held:
                continue
            status = candidate.stat()
            unsure = hidden_owners is None or status.st_uid in hidden_owners
            if unsure and time.time() - status.st_mtime < STALE_SECONDS:
                continue
            candidate.unlink()
            removed.append(candidate)
    return removed


def _open_files() -> tuple[set[str], set[int] | None]:
    """The paths open in the processes whose descriptors we may read, and the owners of
    those we may not (other users' processes, unless we are root); None without /proc."""
    held: set[str] = set()
    hidden_owners: set[int] = set()
    try:
        processes = [entry for entry in os.scandir("/proc") if entry.name.isdigit()]
    except OSError:
        return held, None
    for process in processes:
        try:
            descriptors = list(os.scandir(f"{process.path}/fd"))
        except FileNotFoundError:  # it ended meanwhile
            continue
        except OSError:
            with contextlib.suppress(OSError):
                hidden_owners.add(process.stat().st_uid)
            continue
        for descriptor in descriptors:
            with contextlib.suppress(OSError):
                held.add(os.readlink(descriptor.path))
    return held, hidden_owners


def _file_mode(target: Path) -> int:
    """The mode a plain ``open(path, "w")`` would give (mkstemp's 0600 would hide shared files)."""
    with contextlib.suppress(FileNotFoundError):
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable: after a power cut the new name must still be there."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # some platforms (Windows) cannot open a directory; the rename still holds
        return
    try:
        with contextlib.suppress(OSError):  # some file systems refuse fsync on a directory
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` safely (see ``atomic_write``)."""
    with atomic_write(path) as handle:
        handle.write(text.encode("utf-8"))


def output_problem(path: str | os.PathLike[str], *, folder: bool = False) -> str | None:
    """Why a file (or, with ``folder``, files inside a folder) could not be written at
    ``path``, or None: checked before long work, so that it fails at once, not at the end."""
    try:
        target, replace = destination(path)
    except OSError as error:
        return error.strerror or str(error)
    if target.is_dir() and not folder:
        return "is a folder; give a file name"
    if target.exists() and folder and not target.is_dir():
        return "is a file, not a folder"
    if target.exists() and not replace:
        return None if os.access(target, os.W_OK) else "not writable"
    existing = target if folder and target.exists() else target.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"cannot write in {existing} (permission denied)"
    return None
