"""A diverging run stops at once, says where and why, and leaves nothing from the diverged state.

Warnings are errors in this suite, so every test here also proves that no NumPy overflow
warning escapes on the way to the NaN.
"""

import subprocess
import sys

import numpy as np
import pytest

import glassnet as gn
from glassnet import GlassnetError
from glassnet.book import NeuralNetwork
from glassnet.data import load_dataset, one_hot
from glassnet.engine.training import Callback, TrainingDivergedError
from glassnet.files.checkpoints import load_checkpoint
from glassnet.runs import TrainConfig, run
from glassnet.sweeps import LocalBackend, SweepSpec, run_sweep
from glassnet.sweeps.table import read_records, summarize, summary_csv

DIVERGING = TrainConfig(hidden=(30,), activation="relu", output="identity", learning_rate=5.0)


@pytest.fixture(scope="module")
def digits():
    return load_dataset("digits")


@pytest.mark.parametrize("kernel", ["plain", "numpy", "numba"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_train_stops_at_the_batch_where_the_loss_became_nan(digits, kernel, dtype):
    model = gn.mlp([64, 30, 10], activation="relu", output="identity", rng=0, dtype=dtype)
    targets = one_hot(digits.y_train, 10)
    settings = {"loss": gn.SquaredError(), "batch_size": 1, "rng": 0, "kernel": kernel}
    with pytest.raises(TrainingDivergedError) as caught:
        gn.train(
            model,
            digits.X_train,
            targets,
            optimizer=gn.SGD(5.0),
            epochs=3,
            transform=digits.preprocessing,
            **settings,
        )
    error = caught.value
    assert isinstance(error, GlassnetError)
    assert error.epoch == 1 and error.batch > 1 and error.history.records == []
    assert str(error) == (
        f"training diverged in epoch 1, batch {error.batch}: {error.what}; "
        "try a learning rate below 5"
    )
    assert error.what in ("the loss became nan", "the loss became inf")


def test_the_history_of_the_finished_epochs_comes_with_the_error(digits):
    model = gn.mlp([64, 30, 10], rng=0)

    class Poison(Callback):
        """Breaks a weight at the start of epoch 3, as a blow-up would."""

        def on_epoch_start(self, epoch, n_batches):
            if epoch == 3:
                model.dense_layers[0].weight.value[0, 0] = np.nan

    with pytest.raises(TrainingDivergedError, match="in epoch 3, batch 1: the loss became nan"):
        gn.train(
            model,
            digits.X_train,
            one_hot(digits.y_train, 10),
            loss=gn.SquaredError(),
            optimizer=gn.SGD(0.1),
            epochs=4,
            batch_size=16,
            rng=0,
            transform=digits.preprocessing,
            callbacks=[Poison()],
        )


def test_a_weight_that_became_infinite_in_the_last_batch_is_caught_at_the_epochs_end():
    model = gn.mlp([2, 2], activation="identity", output="identity", rng=0)

    class Overflow(Callback):
        def on_batch_end(self, epoch, batch, loss, accuracy):
            if batch == 4:  # the last batch: no later loss would show it
                model.dense_layers[0].weight.value[0, 0] = np.inf

    X = np.eye(2)[[0, 1, 0, 1]]
    with pytest.raises(TrainingDivergedError, match="batch 4: a weight became NaN or infinite"):
        gn.train(model, X, X, loss=gn.SquaredError(), optimizer=gn.SGD(0.1), callbacks=[Overflow()])


@pytest.mark.parametrize("kernel", ["plain", "numpy", "numba"])
def test_the_books_fit_stops_at_the_sample_where_it_diverged(kernel):
    rng = np.random.default_rng(0)
    inputs = rng.uniform(0.01, 1.0, size=(50, 6))
    targets = one_hot(rng.integers(0, 3, 50), 3)
    network = NeuralNetwork(6, 4, 3, 0.1, rng=0)
    network.fit(inputs, targets, kernel=kernel)  # one good epoch
    network.wih[0, :2] = [np.inf, -np.inf]  # ∞ − ∞: the hidden signal becomes NaN
    with pytest.raises(TrainingDivergedError) as caught:
        network.fit(inputs, targets, epochs=2, kernel=kernel)
    assert (caught.value.epoch, caught.value.batch) == (1, 1)
    assert "try a learning rate below 0.1" in str(caught.value)


def test_a_run_with_checkpoints_keeps_the_last_good_one(tmp_path, digits):
    config = TrainConfig(hidden=(20,), epochs=3, learning_rate=0.1)

    class PoisonAtEpoch2(Callback):
        def __init__(self):
            self.model = None

        def on_epoch_start(self, epoch, n_batches):
            if epoch == 2:
                from glassnet.files import load

                # the live weights are those the checkpoint of epoch 1 was made from
                live = load(tmp_path / "ckpt").network.dense_layers[0].weight.value
                assert np.all(np.isfinite(live))

        def on_batch_end(self, epoch, batch, loss, accuracy):
            if epoch == 2 and batch == 5 and self.model is not None:
                self.model.dense_layers[0].weight.value[:] = np.nan

    poison = PoisonAtEpoch2()
    original = gn.engine.trainer.Trainer.fit

    def fit(self, *args, **kwargs):
        poison.model = self.network
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gn.engine.trainer.Trainer, "fit", fit)
        with pytest.raises(TrainingDivergedError, match="epoch 2, batch 6"):
            run(config, digits, [poison], checkpoint_dir=tmp_path / "ckpt")
    checkpoint = load_checkpoint(tmp_path / "ckpt")
    assert checkpoint.epoch == 1
    assert all(np.all(np.isfinite(p.value)) for p in checkpoint.model_file.network.parameters())
    assert [p.name for p in (tmp_path / "ckpt").iterdir()] == ["checkpoint.npz"]


def test_the_command_exits_non_zero_with_one_line_and_writes_nothing(tmp_path):
    command = [
        sys.executable,
        "-m",
        "glassnet.cli",
        "train",
        "--lr",
        "1000",
        "--activation",
        "relu",
        "--output",
        "identity",
        "--save",
        str(tmp_path / "model.npz"),
        "--checkpoint-dir",
        str(tmp_path / "ckpt"),
        "--json",
        str(tmp_path / "run.json"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    errors = result.stderr.strip().splitlines()
    assert errors[-1].startswith("glassnet: error: training diverged in epoch 1, batch ")
    assert errors[-1].endswith("try a learning rate below 1000")
    assert "Warning" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "model.npz").exists() and not (tmp_path / "run.json").exists()
    assert not (tmp_path / "ckpt" / "checkpoint.npz").exists()


def test_a_sweep_records_a_diverged_run_and_goes_on(tmp_path, digits):
    base = TrainConfig(hidden=(30,), activation="relu", output="identity", epochs=2)
    spec = SweepSpec("digits", base, {"learning_rate": (0.05, 5.0)}, seeds=1)
    run_sweep(spec, tmp_path, LocalBackend(workers=1))
    records = read_records(tmp_path)
    by_rate = {r["config"]["learning_rate"]: r for r in records.values()}
    assert by_rate[0.05]["test_accuracy"] > 0.5 and "diverged" not in by_rate[0.05]
    diverged = by_rate[5.0]
    assert diverged["test_accuracy"] is None
    assert diverged["diverged"].startswith("training diverged in epoch 1, batch ")
    cells = {c.values["learning_rate"]: c for c in summarize(spec, records)}
    assert cells[5.0].diverged == 1 and cells[5.0].accuracies == []
    assert cells[0.05].diverged == 0 and len(cells[0.05].accuracies) == 1
    rows = summary_csv(spec, list(cells.values())).splitlines()
    assert rows[0].endswith(",diverged") and rows[2].endswith(",1")


def test_a_run_too_big_for_memory_is_refused_before_any_array_is_made(digits, monkeypatch):
    import glassnet.runs.memory as memory

    monkeypatch.setattr(memory, "available_memory", lambda: 50_000_000)
    with pytest.raises(GlassnetError, match=r"a 64-100000-10 network needs about .* choose fewer"):
        run(TrainConfig(hidden=(100_000,)), digits)
