import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from glassnet._atomic import atomic_write
from glassnet.cli import main
from glassnet.data import write_idx
from tests.test_sources import _fake_mnist


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess, so exit status and stderr are what a user sees."""
    return subprocess.run(
        [sys.executable, "-m", "glassnet.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
        check=False,
    )


def test_default_train_on_digits_reaches_95_percent(tmp_path, capsys):
    assert main(["train", "--json", str(tmp_path / "run.json")]) == 0
    out = capsys.readouterr().out
    assert "digits: 1,347 training / 450 test samples; network 64-100-10" in out
    assert out.count("\nepoch") + out.startswith("epoch") == 20
    record = json.loads((tmp_path / "run.json").read_text())
    assert set(record) == {"dataset", "config", "epochs", "test_accuracy", "seconds"}
    assert record["dataset"] == "digits"
    assert (
        record["test_accuracy"] >= 0.95
    )  # margin: lowest 0.9644 over seeds 0-9, 1/2 BLAS threads and GLASSNET_KERNEL=numpy
    assert set(record["epochs"][0]) == {
        "epoch",
        "loss",
        "train_accuracy",
        "test_accuracy",
        "seconds",
    }
    assert record["config"]["hidden"] == [100]
    assert record["config"]["seed"] == 0


@pytest.mark.parametrize("seed", ["1", "2", "3"])
def test_default_train_is_robust_to_the_seed(seed, capsys):
    assert main(["train", "--seed", seed, "--quiet"]) == 0
    accuracy = float(capsys.readouterr().out.split()[2])
    assert (
        accuracy >= 0.95
    )  # margin: lowest 0.9644 (seed 0) over seeds 0-9, 1/2 BLAS threads and GLASSNET_KERNEL=numpy


def test_same_seed_same_history(tmp_path):
    for name in ("a", "b"):
        assert (
            main(
                [
                    "train",
                    "iris",
                    "--epochs",
                    "3",
                    "--batch-size",
                    "8",
                    "--quiet",
                    "--json",
                    str(tmp_path / f"{name}.json"),
                ]
            )
            == 0
        )
    a, b = (json.loads((tmp_path / f"{n}.json").read_text()) for n in "ab")

    def strip(record):
        return [{k: v for k, v in e.items() if k != "seconds"} for e in record["epochs"]]

    assert strip(a) == strip(b)
    assert a["test_accuracy"] == b["test_accuracy"]


def test_options_reach_the_config(tmp_path):
    path = tmp_path / "run.json"
    args = [
        "train",
        "iris",
        "--hidden",
        "8,6",
        "--activation",
        "tanh",
        "--loss",
        "cross-entropy",
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--epochs",
        "2",
        "--batch-size",
        "16",
        "--init",
        "glorot",
        "--no-bias",
        "--seed",
        "4",
        "--quiet",
        "--json",
        str(path),
    ]
    assert main(args) == 0
    config = json.loads(path.read_text())["config"]
    assert (config["hidden"], config["activation"], config["output"], config["loss"]) == (
        [8, 6],
        "tanh",
        "softmax",
        "cross-entropy",
    )
    assert (
        config["optimizer"],
        config["learning_rate"],
        config["batch_size"],
        config["init"],
        config["bias"],
    ) == ("adam", 0.01, 16, "glorot", False)
    assert config["targets"] == [0.0, 1.0]


def test_book_preset_can_be_overridden_but_must_fit_the_data(capsys):
    assert main(["train", "digits", "--preset", "book"]) == 2
    assert (
        "the book preset is a 784-200-10 network, but digits has 64 inputs"
        in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "cifar"], "invalid choice: 'cifar'"),
        (["train", "--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["train", "--epochs", "0"], "argument --epochs: must be >= 1, got 0"),
        (["train", "--epochs", "two"], "argument --epochs: expected a whole number"),
        (
            ["train", "--lr", "-1"],
            "argument --lr/--learning-rate: must be a positive number, got -1",
        ),
        (["train", "--lr", "0"], "must be a positive number, got 0"),
        (["train", "--hidden", "10,0"], "argument --hidden: must be >= 1"),
        (["train", "--loss", "hinge"], "argument --loss: invalid choice"),
        (["train", "--preset", "book"], "the book preset is a 784-200-10 network"),
        (["train", "--momentum", "1.5"], "momentum must be in [0, 1)"),
        (["fly"], "invalid choice: 'fly'"),
    ],
)
def test_bad_usage_is_one_line_and_status_2(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_truncated_idx_file_is_one_line(tmp_path):
    _fake_mnist(tmp_path / "mnist")
    path = tmp_path / "mnist" / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-40])
    result = run_cli("train", "mnist", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "train-images-idx3-ubyte.gz: corrupt or truncated gzip file" in result.stderr


def test_labels_out_of_range_in_files_is_one_line(tmp_path):
    _fake_mnist(tmp_path / "mnist")
    write_idx(tmp_path / "mnist" / "train-labels-idx1-ubyte.gz", np.full(12, 10, dtype=np.uint8))
    result = run_cli("train", "mnist", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "label 10 is out of range 0..9" in result.stderr


def test_unreachable_download_is_one_line_and_writes_nothing(tmp_path):
    cache = tmp_path / "cache"
    result = run_cli(
        "train",
        "fashion-mnist",
        "--data-dir",
        str(tmp_path / "data"),
        "--json",
        str(tmp_path / "out.json"),
        env={"GLASSNET_MIRROR": "http://127.0.0.1:9", "XDG_CACHE_HOME": str(cache)},
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert (
        "fashion-mnist file train-images-idx3-ubyte.gz not found and could not be downloaded"
        in result.stderr
    )
    assert not (tmp_path / "out.json").exists()
    assert not cache.exists() or not any(p.is_file() for p in cache.rglob("*"))


def test_atomic_write_keeps_the_old_file_when_interrupted(tmp_path):
    path = tmp_path / "result.json"
    path.write_text("old")

    def crash_while_writing():
        with atomic_write(path) as handle:
            handle.write(b"half of the new")
            raise RuntimeError("crash in the middle of a write")

    with pytest.raises(RuntimeError):
        crash_while_writing()
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_small_mnist_files_train_end_to_end(tmp_path, capsys):
    _fake_mnist(tmp_path / "mnist", n_train=30, n_test=10)
    assert (
        main(
            [
                "train",
                "mnist",
                "--data-dir",
                str(tmp_path),
                "--preset",
                "book",
                "--epochs",
                "1",
                "--hidden",
                "5",
            ]
        )
        == 0
    )
    assert "mnist: 30 training / 10 test samples; network 784-5-10" in capsys.readouterr().out


# Runs the CLI in a subprocess and prints its peak memory last, as a JSON line.
_MEASURED_CLI = Path(__file__).resolve().parents[1] / "benchmarks" / "measured_cli.py"


@pytest.mark.slow
@pytest.mark.data
def test_book_preset_on_real_mnist_reaches_97_percent(mnist_dir, tmp_path):
    """The book's network, trained as the book does, on the real MNIST (book: 0.974),
    in at most 200 MB of its own memory: the uint8 pixels are scaled a chunk at a time,
    never copied whole (a float64 copy of the training images alone would be 376 MB).

    Own memory is the anonymous resident set (benchmarks/measured_cli.py), about 160 MB.
    The whole resident set adds numba's library code mapped from files: 257 MB on the
    development machine, 300 MB on a fresh clone whose files are all in the page cache.
    Measured like any run after the first: numba's compiled kernel is loaded from its
    cache (the very first run compiles it and keeps 30-45 MB more)."""
    path = tmp_path / "book.json"
    args = ["train", "mnist", "--preset", "book", "--data-dir", str(mnist_dir), "--json", str(path)]
    warm_up = (
        "from glassnet.kernels import numba_available\n"
        "if numba_available():\n"
        "    from glassnet.kernels.book_numba import _compile\n"
        "    _compile()\n"
    )
    subprocess.run([sys.executable, "-c", warm_up], check=True, timeout=300)
    result = subprocess.run(
        [sys.executable, str(_MEASURED_CLI), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(path.read_text())
    # margin: lowest 0.9723 over seeds 0-4 (seed 0: 0.9739), 1/2 BLAS threads and GLASSNET_KERNEL=numpy
    assert record["test_accuracy"] >= 0.970
    assert len(record["epochs"]) == 5
    assert record["config"]["backprop"] == "book"
    assert record["config"]["dtype"] == "float64"
    assert "trained in" in result.stdout
    peaks = json.loads(result.stdout.splitlines()[-1])
    own_mb, rss_mb = peaks["peak_own_kib"] / 1024, peaks["peak_rss_kib"] / 1024
    assert own_mb <= 200, f"peak memory {own_mb:.0f} MB of its own ({rss_mb:.0f} MB resident)"


@pytest.mark.slow
@pytest.mark.data
def test_fast_preset_on_real_mnist_reaches_97_percent(mnist_dir, tmp_path):
    """The recommended fast settings (float32 mini-batches); their time is benchmarked."""
    path = tmp_path / "fast.json"
    result = run_cli(
        "train",
        "mnist",
        "--preset",
        "fast",
        "--data-dir",
        str(mnist_dir),
        "--json",
        str(path),
        env={"OPENBLAS_NUM_THREADS": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "batch 128, float32" in result.stdout
    assert "trained in" in result.stdout.splitlines()[-2]
    record = json.loads(path.read_text())
    assert (
        record["test_accuracy"] >= 0.970
    )  # margin: lowest 0.9740 over seeds 0-9, 1/2 BLAS threads and GLASSNET_KERNEL=numpy
    assert record["config"]["dtype"] == "float32"


def test_dtype_option(tmp_path, capsys):
    path = tmp_path / "run.json"
    args = ["train", "iris", "--epochs", "1", "--batch-size", "8", "--json", str(path)]
    assert main(args) == 0
    assert "batch 8, float32" in capsys.readouterr().out
    assert json.loads(path.read_text())["config"]["dtype"] == "float32"
    assert main([*args, "--dtype", "float64", "--quiet"]) == 0
    assert json.loads(path.read_text())["config"]["dtype"] == "float64"
    result = run_cli("train", "--dtype", "float16")
    assert result.returncode == 2
    assert "argument --dtype: invalid choice: 'float16'" in result.stderr
    result = run_cli("train", "mnist", "--preset", "book", "--dtype", "float32")
    assert result.returncode == 2
    assert "the book's backpropagation computes in float64" in result.stderr


def test_threads_limits_blas_during_training(monkeypatch, capsys):
    """--threads N holds NumPy's BLAS to N threads while training, and only then."""
    import threadpoolctl

    import glassnet.cli.train as train_command

    def blas_threads():
        pools = threadpoolctl.threadpool_info()
        return {pool["num_threads"] for pool in pools if pool["user_api"] == "blas"}

    seen = []
    real_run = train_command.run

    def watched_run(*args, **kwargs):
        seen.append(blas_threads())
        return real_run(*args, **kwargs)

    monkeypatch.setattr(train_command, "run", watched_run)
    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        assert main(["train", "--epochs", "1", "--threads", "1", "--quiet"]) == 0
        assert main(["train", "--epochs", "1", "--quiet"]) == 0
        assert blas_threads() == {2}
    assert seen == [{1}, {2}]
    assert capsys.readouterr().out.count("test accuracy") == 2
    with pytest.raises(SystemExit) as exit_status:
        main(["train", "--threads", "0"])
    assert exit_status.value.code == 2
    assert "--threads: must be >= 1" in capsys.readouterr().err


def test_a_header_claiming_a_billion_images_is_one_line_and_exit_2(tmp_path):
    """Issue 12: a 1 KB file claiming 10⁹ images was a MemoryError traceback (730 GiB)."""
    _fake_mnist(tmp_path / "mnist")
    path = tmp_path / "mnist" / "train-images-idx3-ubyte.gz"
    header = bytes([0, 0, 8, 3]) + (10**9).to_bytes(4, "big") + (28).to_bytes(4, "big") * 2
    path.write_bytes(gzip.compress(header + bytes(1000)))
    result = run_cli("train", "mnist", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"{path}: truncated IDX file (shape (1000000000, 28, 28)" in result.stderr
