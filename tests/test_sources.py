import functools
import hashlib
import http.server
import threading
from pathlib import Path

import numpy as np
import pytest

from glassnet.data import load_mnist, write_idx
from glassnet.data import mnist as mnist_module
from glassnet.data.sources import RemoteFile, cache_directory, find_or_download, search_directories


def _fake_mnist(folder: Path, n_train: int = 12, n_test: int = 5) -> dict[str, str]:
    """Small valid MNIST-format files; returns their MD5s by name."""
    rng = np.random.default_rng(0)
    arrays = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte.gz": rng.integers(0, 10, n_train, dtype=np.uint8),
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte.gz": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, array in arrays.items():
        write_idx(folder / name, array)
    return {name: hashlib.md5((folder / name).read_bytes()).hexdigest() for name in arrays}


@pytest.fixture
def file_server(tmp_path):
    """A local HTTP server over tmp_path/www; yields its base URL."""
    root = tmp_path / "www"
    root.mkdir()

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()
    thread.join()


def test_lookup_order_explicit_then_environment_then_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GLASSNET_DATA", str(tmp_path / "env"))
    assert search_directories() == [tmp_path / "env", cache_directory()]
    assert search_directories(tmp_path / "given") == [tmp_path / "given", cache_directory()]
    monkeypatch.delenv("GLASSNET_DATA")
    assert search_directories() == [cache_directory()]


def test_local_files_are_used_plain_or_gzipped(tmp_path):
    _fake_mnist(tmp_path / "mnist")
    dataset = load_mnist(tmp_path, download=False)
    assert dataset.X_train.shape == (12, 784)
    assert dataset.X_train.dtype == np.uint8
    assert dataset.y_test.shape == (5,)
    remote = RemoteFile("mnist", "train-labels-idx1-ubyte.gz", "x", ())
    (tmp_path / "flat").mkdir()
    (tmp_path / "flat" / "train-labels-idx1-ubyte").write_bytes(b"")
    assert (
        find_or_download(remote, tmp_path / "flat", download=False).name
        == "train-labels-idx1-ubyte"
    )


def test_download_checks_checksum_and_lands_in_cache(tmp_path, monkeypatch, file_server):
    url, root = file_server
    checksums = _fake_mnist(root / "mnist")
    monkeypatch.setattr(mnist_module, "MNIST_MD5", checksums)
    monkeypatch.setenv("GLASSNET_MIRROR", url)
    dataset = load_mnist(tmp_path / "empty")
    assert dataset.X_train.shape == (12, 784)
    assert sorted(p.name for p in (cache_directory() / "mnist").iterdir()) == sorted(checksums)


def test_checksum_mismatch_leaves_no_file(tmp_path, monkeypatch, file_server):
    url, root = file_server
    checksums = _fake_mnist(root / "mnist")
    monkeypatch.setenv("GLASSNET_MIRROR", url)
    name = "train-images-idx3-ubyte.gz"
    with pytest.raises(FileNotFoundError) as caught:
        load_mnist(tmp_path / "empty")
    assert (
        f"{url}/mnist/{name}: checksum mismatch (md5 {checksums[name]}, "
        f"expected {mnist_module.MNIST_MD5[name]})" in str(caught.value)
    )
    assert not (cache_directory() / "mnist").exists() or not any(
        (cache_directory() / "mnist").iterdir()
    )


def test_a_failing_mirror_falls_back_to_the_next_quietly(tmp_path, monkeypatch, file_server, capfd):
    url, root = file_server
    checksums = _fake_mnist(root / "mnist")
    name = "t10k-labels-idx1-ubyte.gz"
    monkeypatch.delenv("GLASSNET_MIRROR")
    remote = RemoteFile("mnist", name, checksums[name], ("http://127.0.0.1:9/", f"{url}/mnist/"))
    path = find_or_download(remote, tmp_path / "empty")
    assert path == cache_directory() / "mnist" / name
    assert path.read_bytes() == (root / "mnist" / name).read_bytes()
    assert capfd.readouterr() == ("", "")  # pooch's "Downloading ..." stays off stderr
    assert [p.name for p in path.parent.iterdir()] == [name]  # no temporary file left


def test_a_file_mirror_is_checked_like_any_other(tmp_path, monkeypatch):
    checksums = _fake_mnist(tmp_path / "share" / "mnist")
    monkeypatch.setattr(mnist_module, "MNIST_MD5", checksums)
    monkeypatch.setenv("GLASSNET_MIRROR", (tmp_path / "share").as_uri())
    assert load_mnist(tmp_path / "empty").X_test.shape == (5, 784)
    assert sorted(p.name for p in (cache_directory() / "mnist").iterdir()) == sorted(checksums)


def test_missing_files_and_http_errors_are_named_in_one_line(tmp_path, monkeypatch, file_server):
    url, _ = file_server
    remote = RemoteFile("mnist", "nothing.gz", "0" * 32, ())
    monkeypatch.setenv("GLASSNET_MIRROR", url)
    with pytest.raises(FileNotFoundError) as caught:
        find_or_download(remote, tmp_path / "data")
    assert f"({url}/mnist/nothing.gz: HTTP 404 File not found); put it in " in str(caught.value)
    monkeypatch.setenv("GLASSNET_MIRROR", (tmp_path / "share").as_uri())
    with pytest.raises(FileNotFoundError, match="No such file or directory"):
        find_or_download(remote, tmp_path / "data")


def test_unreachable_download_says_where_to_put_files(tmp_path, monkeypatch):
    monkeypatch.setenv("GLASSNET_MIRROR", "http://127.0.0.1:9")
    with pytest.raises(FileNotFoundError) as caught:
        load_mnist(tmp_path / "data")
    message = str(caught.value)
    assert "train-images-idx3-ubyte.gz not found and could not be downloaded" in message
    assert "(http://127.0.0.1:9/mnist/train-images-idx3-ubyte.gz: Connection refused)" in message
    assert str(tmp_path / "data" / "mnist") in message
    assert "\n" not in message


def test_downloads_can_be_switched_off(tmp_path):
    with pytest.raises(FileNotFoundError, match="downloads are switched off"):
        load_mnist(tmp_path, download=False)


def test_labels_out_of_range_are_reported(tmp_path):
    _fake_mnist(tmp_path / "mnist")
    write_idx(
        tmp_path / "mnist" / "t10k-labels-idx1-ubyte.gz", np.array([1, 2, 3, 11, 0], dtype=np.uint8)
    )
    with pytest.raises(
        ValueError, match=r"t10k-labels-idx1-ubyte.gz: labels: label 11 is out of range 0..9"
    ):
        load_mnist(tmp_path, download=False)


def test_label_count_must_match_images(tmp_path):
    _fake_mnist(tmp_path / "mnist")
    write_idx(tmp_path / "mnist" / "t10k-labels-idx1-ubyte.gz", np.array([1, 2], dtype=np.uint8))
    with pytest.raises(ValueError, match="expected 5 labels"):
        load_mnist(tmp_path, download=False)
