"""Writing files safely: regular files replaced atomically, everything else written through.

The device cases never touch the real /dev: pipes (/dev/fd/N names the pipe, not a
device), FIFOs and device nodes made inside tmp_path (as root), and a write that fails
with ENOSPC by monkeypatching.
"""

import errno
import io
import os
import stat
import threading
import time

import pytest

import glassnet._atomic
from glassnet._atomic import (
    destination,
    output_problem,
    remove_stale_parts,
    write_text,
)


def _device(tmp_path, name, minor):
    """A character device node in tmp_path (1,3 is null, 1,7 is full), or skip: making
    one needs root and a file system mounted without nodev."""
    path = tmp_path / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        with open(path, "wb"):
            pass
    except OSError as error:
        pytest.skip(f"cannot make a device node here ({error.strerror})")
    return path


def test_a_regular_file_is_replaced_and_keeps_its_mode(tmp_path):
    path = tmp_path / "out.json"
    path.write_text("old")
    path.chmod(0o640)
    inode = path.stat().st_ino
    write_text(path, "new")
    assert path.read_text() == "new"
    assert path.stat().st_ino != inode  # a new file renamed over the old one
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert destination(path) == (path, True)


def test_a_symlink_is_followed_and_its_target_replaced(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "model.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(os.path.join("real", "model.json"))  # relative, as people make them
    chained = tmp_path / "chained.json"
    chained.symlink_to(link)
    write_text(chained, "new")
    assert link.is_symlink() and chained.is_symlink()
    assert target.read_text() == "new"
    assert not [p for p in (tmp_path / "real").iterdir() if p.name.endswith(".part")]
    assert destination(chained) == (target, True)


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made" / "new.json")
    write_text(link, "hello")
    assert link.is_symlink() and (tmp_path / "made" / "new.json").read_text() == "hello"


def test_a_symlink_loop_is_an_error(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OSError, match="Too many levels of symbolic links"):
        write_text(tmp_path / "a", "x")


def test_a_pipe_given_as_dev_fd_is_written_through(tmp_path):
    read_end, write_end = os.pipe()
    try:
        for name in (f"/dev/fd/{write_end}", f"/proc/self/fd/{write_end}"):
            assert destination(name) == (glassnet._atomic.Path(name), False)
            write_text(name, "through the pipe\n")
            assert os.read(read_end, 100) == b"through the pipe\n"
    finally:
        os.close(read_end)
        os.close(write_end)


def test_standard_output_redirected_to_a_file_is_appended_to_not_replaced(tmp_path):
    """`glassnet predict ... --json /dev/stdout > out.txt`: /dev/stdout is /dev/fd/1."""
    log = tmp_path / "out.txt"
    with open(log, "wb") as redirected:
        redirected.write(b"printed before\n")
        redirected.flush()
        write_text(f"/dev/fd/{redirected.fileno()}", "{}\n")
        inode = os.fstat(redirected.fileno()).st_ino
    assert log.read_bytes() == b"printed before\n{}\n"
    assert log.stat().st_ino == inode


def test_a_closed_pipe_is_an_error_naming_it():
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        with pytest.raises(BrokenPipeError, match=f"/dev/fd/{write_end}"):
            write_text(f"/dev/fd/{write_end}", "nobody reads this")
    finally:
        os.close(write_end)


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_text(fifo, "to the reader")
    reader.join(timeout=10)
    assert received == [b"to the reader"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.fifo"]


def test_a_device_node_is_written_through_and_stays_a_device(tmp_path):
    null = _device(tmp_path, "null", 3)
    write_text(null, "discarded")
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_full_device_reports_no_space_naming_it(tmp_path):
    full = _device(tmp_path, "full", 7)
    with pytest.raises(OSError, match=f"No space left on device: '{full}'") as caught:
        write_text(full, "x" * 100_000)
    assert caught.value.errno == errno.ENOSPC
    assert stat.S_ISCHR(os.lstat(full).st_mode)


class FullDevice(io.RawIOBase):
    """What /dev/full does: every write fails with ENOSPC."""

    def writable(self):
        return True

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def pretend_full(monkeypatch, tmp_path):
    """A FIFO in tmp_path that, opened by glassnet._atomic, behaves like /dev/full."""
    fifo = tmp_path / "full.fifo"
    os.mkfifo(fifo)
    monkeypatch.setattr(
        glassnet._atomic, "open", lambda path, mode: io.BufferedWriter(FullDevice()), raising=False
    )
    return fifo


def test_a_write_through_that_fails_with_enospc_names_the_file(tmp_path, monkeypatch):
    fifo = pretend_full(monkeypatch, tmp_path)
    with pytest.raises(OSError, match=f"No space left on device: '{fifo}'"):
        write_text(fifo, "x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_stale_parts_of_killed_writers_are_removed_by_the_next_write(tmp_path):
    stale = tmp_path / ".model.npz.k1ll3d00.part"  # a writer was killed mid-write
    stale.write_bytes(b"PK half a model")
    other_name = tmp_path / ".report.html.abcd_123.part"  # another file's, also ours
    other_name.write_bytes(b"<html")
    not_ours = [tmp_path / "download.part", tmp_path / ".notes.txt.part", tmp_path / "x.tmp"]
    for path in not_ours:
        path.write_bytes(b"keep")
    write_text(tmp_path / "run.json", "{}")
    assert not stale.exists() and not other_name.exists()
    assert all(path.exists() for path in not_ours)


def test_a_part_that_a_process_holds_open_is_kept(tmp_path):
    in_progress = tmp_path / ".model.npz.w0rk1ng0.part"
    with open(in_progress, "wb") as handle:
        handle.write(b"being written")
        assert remove_stale_parts(tmp_path) == []
        assert in_progress.exists()
    assert remove_stale_parts(tmp_path) == [in_progress]


def test_without_proc_only_old_parts_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(glassnet._atomic, "_open_files", lambda: (set(), None))
    young, old = tmp_path / ".a.npz.y0ung000.part", tmp_path / ".a.npz.0ld00000.part"
    young.write_bytes(b"")
    old.write_bytes(b"")
    hours_ago = time.time() - 2 * glassnet._atomic.STALE_SECONDS
    os.utime(old, (hours_ago, hours_ago))
    assert remove_stale_parts(tmp_path) == [old]
    assert young.exists()


def test_output_problems_are_found_before_any_work(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file.txt").write_text("x")
    assert output_problem(tmp_path / "folder") == "is a folder; give a file name"
    assert output_problem(tmp_path / "file.txt" / "model.npz") == (
        f"{tmp_path / 'file.txt'} is a file, not a folder"
    )
    assert output_problem(tmp_path / "file.txt", folder=True) == "is a file, not a folder"
    assert output_problem(tmp_path / "new" / "deeper" / "model.npz") is None
    assert output_problem(tmp_path / "new" / "deeper", folder=True) is None
    assert output_problem(tmp_path / "folder", folder=True) is None
    assert output_problem(tmp_path / "file.txt") is None  # replaced, as asked


def test_an_unwritable_folder_is_an_output_problem(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    if os.geteuid() == 0:  # root writes anywhere: make os.access answer as for a user
        real_access = os.access
        monkeypatch.setattr(
            glassnet._atomic.os,
            "access",
            lambda path, mode: False if str(path) == str(locked) else real_access(path, mode),
        )
    assert output_problem(locked / "model.npz") == f"cannot write in {locked} (permission denied)"
