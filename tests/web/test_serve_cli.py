import re
import signal
import socket
import subprocess
import sys

import httpx2 as httpx
import pytest

import glassnet
from glassnet.cli import build_parser, main
from glassnet.cli.serve import _startup_model
from glassnet.engine.network import mlp
from glassnet.web import quick
from glassnet.web.quick import cached_path, choose_dataset
from tests.conftest import ctrl_c_reaches_it


def _serve(*argv):
    command = [sys.executable, "-m", "glassnet.cli", "serve", "--port", "0", *argv]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_reaches_it,
    )


def _stop(process):
    process.send_signal(signal.SIGINT)
    out, errors = process.communicate(timeout=30)
    assert process.returncode == 0, errors
    return out, errors


def test_serve_prints_its_address_and_serves_the_model_folder(tmp_path, digits_model):
    glassnet.save(digits_model.model, tmp_path / "mine.npz")
    glassnet.save(digits_model.model, tmp_path / "other.npz")
    (tmp_path / "deeper").mkdir()
    glassnet.save(digits_model.model, tmp_path / "deeper" / "hidden.npz")
    process = _serve("--model", str(tmp_path / "mine.npz"))
    try:
        line = process.stdout.readline()
        assert line.startswith("glassnet playground on http://127.0.0.1:"), line
        url = line.split()[3]
        listing = httpx.get(f"{url}api/models", timeout=30).json()
        assert listing["default"]["name"] == "mine.npz"
        assert listing["models"] == ["mine.npz", "other.npz"]  # --model's folder: no subfolders
        assert httpx.get(url, timeout=30).status_code == 200
    finally:
        out, errors = _stop(process)
    assert out == "glassnet playground stopped\n" and errors == ""


def test_a_classroom_server_says_the_address_students_open(tmp_path, digits_model):
    glassnet.save(digits_model.model, tmp_path / "mine.npz")
    (tmp_path / "deeper").mkdir()
    glassnet.save(digits_model.model, tmp_path / "deeper" / "hidden.npz")
    process = _serve("--model", str(tmp_path / "mine.npz"), "--models-dir", str(tmp_path),
                     "--host", "0.0.0.0", "--workers", "2")  # fmt: skip
    try:
        lines = [process.stdout.readline() for _ in range(3)]
        assert lines[0].startswith("glassnet playground on http://0.0.0.0:"), lines
        assert "other machines can reach this page" in lines[1]
        port = lines[0].split()[3].rstrip("/").rsplit(":", 1)[1]
        assert re.fullmatch(rf"students open http://[0-9a-f.:\[\]]+:{port}/\n", lines[2]), lines[2]
        listing = httpx.get(f"http://127.0.0.1:{port}/api/models", timeout=30).json()
        assert listing["models"] == ["deeper/hidden.npz", "mine.npz"]  # a given folder: searched
        options = httpx.get(f"http://127.0.0.1:{port}/api/playground/options", timeout=30).json()
        assert options["workers"] == 2
    finally:
        _stop(process)


def test_quick_model_is_trained_once_then_read_from_the_cache(capsys, monkeypatch, digits_model):
    trained = []

    def train(dataset, callbacks):  # the fixture's model is this function's real result
        trained.append(dataset.name)
        return digits_model.model

    monkeypatch.setattr(quick, "train_quick_model", train)
    cached_path("digits").parent.mkdir(parents=True)
    cached_path("digits").write_bytes(b"not a model")  # a broken cache file is retrained
    args = build_parser().parse_args(["serve", "--dataset", "digits"])
    first = _startup_model(args)
    out = capsys.readouterr().out
    assert "training a quick model on digits" in out and "test accuracy 0.9" in out
    second = _startup_model(args)
    assert capsys.readouterr().out == "" and trained == ["digits"]
    assert second.name == first.name == "digits 64-100-10"
    assert second.model.training == first.model.training


def test_auto_picks_digits_without_mnist_files(tmp_path):
    assert choose_dataset("auto", tmp_path).name == "digits"


@pytest.mark.data
def test_auto_picks_mnist_when_its_files_are_there(mnist_dir):
    assert choose_dataset("auto", mnist_dir).name == "mnist"


def _error(capsys, *argv):
    assert main(["serve", *argv]) == 2
    return capsys.readouterr().err


def test_serve_errors_are_one_line(tmp_path, capsys):
    assert "missing.npz: no such" in _error(
        capsys, "--model", str(tmp_path / "missing.npz"), "--port", "0"
    )
    assert "--port must be 0 to 65535" in _error(capsys, "--port", "70000")
    assert "--workers must be 1 to 64" in _error(capsys, "--workers", "65")
    with pytest.raises(SystemExit) as refused:  # argparse's own check, as for every --workers
        main(["serve", "--workers", "0"])
    assert refused.value.code == 2
    assert "argument --workers: must be >= 1, got 0" in capsys.readouterr().err
    assert "no such folder" in _error(capsys, "--models-dir", str(tmp_path / "nope"), "--port", "0")
    glassnet.save(mlp([4, 3, 2], rng=0), tmp_path / "table.npz")
    assert "not an image model" in _error(
        capsys, "--model", str(tmp_path / "table.npz"), "--port", "0"
    )
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        message = _error(capsys, "--model", str(tmp_path / "table.npz"), "--port", port)
    assert f"cannot listen on 127.0.0.1:{port}" in message and "--port" in message
    assert all(line.startswith("glassnet: error:") for line in capsys.readouterr().err.splitlines())


def test_serve_without_the_web_extra_says_what_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn now fails
    assert "pip install 'glassnet[web]'" in _error(capsys, "--port", "0")
