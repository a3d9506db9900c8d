import json

import numpy as np
import pytest

from glassnet import SGD, Adam, load, mlp
from glassnet.cli import main
from glassnet.data import load_dataset
from glassnet.engine.optimizers import OPTIMIZERS
from glassnet.engine.training import EpochRecord, History
from glassnet.errors import GlassnetError
from glassnet.files.checkpoints import (
    Checkpoint,
    CheckpointWriter,
    load_checkpoint,
    save_checkpoint,
)
from glassnet.files.model_file import ModelFile
from glassnet.runs import TrainConfig, run


@pytest.fixture(scope="module")
def iris():
    return load_dataset("iris")


def _same_parameters(a, b):
    return all(
        p.value.tobytes() == q.value.tobytes()
        for p, q in zip(a.parameters(), b.parameters(), strict=True)
    )


@pytest.mark.parametrize(
    "settings",
    [
        {"optimizer": "sgd", "learning_rate": 0.3},
        {"optimizer": "sgd", "learning_rate": 0.1, "momentum": 0.9, "weight_decay": 1e-3},
        {"optimizer": "adam", "learning_rate": 0.01, "loss": "cross-entropy"},
        {"shuffle": False, "batch_size": 1, "hidden": (5, 4), "activation": "tanh"},
        # The book's own backpropagation and class (per sample, in order, no biases).
        {"backprop": "book", "batch_size": 1, "bias": False, "shuffle": False},
    ],
)
def test_stopping_and_resuming_gives_the_uninterrupted_model(tmp_path, iris, settings):
    config = TrainConfig(hidden=(6,), epochs=5, batch_size=8, seed=3).replace(**settings)
    whole = run(config, iris)
    run(config.replace(epochs=2), iris, checkpoint_dir=tmp_path)
    checkpoint = load_checkpoint(tmp_path)
    assert checkpoint.epoch == 2
    resumed = run(config, iris, checkpoint_dir=tmp_path, resume=checkpoint)
    assert _same_parameters(whole.model, resumed.model)
    assert whole.history.loss == resumed.history.loss
    assert [r.epoch for r in resumed.history.records] == [1, 2, 3, 4, 5]
    assert resumed.test_accuracy == whole.test_accuracy
    assert load_checkpoint(tmp_path).epoch == 5
    if settings.get("backprop") == "book":
        assert load_checkpoint(tmp_path).model_file.kind == "book"


def test_checkpoint_holds_everything_to_continue(tmp_path, iris):
    config = TrainConfig(hidden=(5,), epochs=3, batch_size=16, optimizer="adam", seed=1)
    result = run(config, iris, checkpoint_dir=tmp_path)
    checkpoint = load_checkpoint(tmp_path / "checkpoint.npz")
    assert checkpoint.epoch == 3
    assert checkpoint.optimizer_type == "adam"
    assert set(checkpoint.optimizer_state) == {"first_moments", "second_moments", "steps"}
    assert int(checkpoint.optimizer_state["steps"][0]) == 3 * 7  # 105 samples / 16 per batch
    assert checkpoint.rng_state["bit_generator"] == "PCG64"
    assert checkpoint.history.loss == result.history.loss
    assert checkpoint.run["dataset"] == "iris"
    assert TrainConfig.from_dict(checkpoint.run["config"]).to_dict() == config.to_dict()
    # glassnet.load reads the model inside a checkpoint, preprocessing and classes included.
    model = load(tmp_path / "checkpoint.npz")
    assert _same_parameters(model.network, result.model)
    assert model.class_names == iris.class_names
    np.testing.assert_array_equal(
        model.predict(iris.X_test), result.model.predict(iris.preprocessing(iris.X_test))
    )
    assert model.training["checkpoint_epoch"] == 3
    assert _same_parameters(load(tmp_path).network, result.model)  # the folder works too


def test_resume_refuses_another_run(tmp_path, iris):
    config = TrainConfig(hidden=(5,), epochs=2, batch_size=16, seed=1)
    run(config, iris, checkpoint_dir=tmp_path)
    checkpoint = load_checkpoint(tmp_path)
    with pytest.raises(ValueError, match=r"other settings \(hidden \[5\] → \[6\]\)"):
        run(config.replace(hidden=(6,)), iris, resume=checkpoint)
    with pytest.raises(ValueError, match="has 2 epochs done; ask for at least 2"):
        run(config.replace(epochs=1), iris, resume=checkpoint)
    digits = load_dataset("digits")
    with pytest.raises(ValueError, match="a run on 'iris', not 'digits'"):
        run(config, digits, resume=checkpoint)
    iris.X_train = iris.X_train.copy()
    iris.X_train[0, 0] += 1.0
    try:
        with pytest.raises(ValueError, match="iris training data differ from the checkpoint's"):
            run(config, iris, resume=checkpoint)
    finally:
        iris.X_train[0, 0] -= 1.0


def test_restore_checks_optimizer_and_network(tmp_path, iris):
    run(TrainConfig(hidden=(5,), epochs=1, optimizer="adam", seed=1), iris, checkpoint_dir=tmp_path)
    checkpoint = load_checkpoint(tmp_path)
    with pytest.raises(ValueError, match="trained with adam, not sgd"):
        checkpoint.restore_optimizer(SGD(0.1))
    with pytest.raises(ValueError, match="holds another network"):
        checkpoint.restore(mlp([4, 6, 3], rng=0), Adam(), np.random.default_rng(0))


def _damaged(tmp_path, change):
    """The arrays and metadata of a real checkpoint, changed by ``change``, re-read."""
    run(
        TrainConfig(hidden=(3,), epochs=2, momentum=0.5, seed=1),
        load_dataset("iris"),
        checkpoint_dir=tmp_path,
    )
    with np.load(tmp_path / "checkpoint.npz") as archive:
        arrays = {k: archive[k] for k in archive.files}
    metadata = json.loads(arrays.pop("metadata").tobytes())
    change(metadata, arrays)
    text = np.frombuffer(json.dumps(metadata).encode(), dtype=np.uint8)
    np.savez(tmp_path / "ck.npz", metadata=text, **arrays)
    return load_checkpoint(tmp_path / "ck.npz")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m, a: a.pop("optimizer.velocities.1"), "missing array optimizer.velocities.1"),
        (
            lambda m, a: a.update({"optimizer.velocities.0": np.zeros((2, 2))}),
            r"optimizer.velocities.0 is float64 \(2, 2\), expected float64 \(3, 4\)",
        ),
        (lambda m, a: a.update({"extra": np.zeros(1)}), "unexpected arrays in the file: extra"),
        (lambda m, a: m.update(epoch=5), "epoch 5 with 2 records"),
        (lambda m, a: m["history"][0].pop("loss"), "corrupt checkpoint \\(history\\)"),
        (lambda m, a: m["history"][1].update(loss="low"), "corrupt checkpoint \\(history\\)"),
        (lambda m, a: m["optimizer"].update(type="rmsprop"), "unknown optimizer"),
        (lambda m, a: m.pop("model"), "no model"),
    ],
)
def test_damaged_checkpoints_are_refused(tmp_path, change, message):
    with pytest.raises(ValueError, match=message):
        _damaged(tmp_path, change)


def test_a_bad_random_state_is_reported(tmp_path):
    with pytest.raises(GlassnetError, match=r"ck.npz: corrupt checkpoint .random generator state"):
        _damaged(tmp_path, lambda m, a: m.update(rng_state={"bit_generator": "MT19937"}))
    checkpoint = _damaged(tmp_path, lambda m, a: None)
    checkpoint.rng_state = {"bit_generator": "MT19937"}
    with pytest.raises(GlassnetError, match="random generator state is invalid"):
        checkpoint.restore_rng(np.random.default_rng(0))


def test_writer_writes_after_every_epoch_and_cleans_stale_parts(tmp_path):
    (tmp_path / ".checkpoint.npz.abc12345.part").write_bytes(b"PK half")
    model = mlp([2, 3, 1], rng=0)
    optimizer = SGD(0.1)
    writer = CheckpointWriter(tmp_path, ModelFile(model), optimizer, None, run={"note": "x"})
    assert not list(tmp_path.glob("*.part"))
    for epoch in (1, 2):
        writer.on_epoch_end(EpochRecord(epoch, 0.5, 0.5, None, 0.1))
        checkpoint = load_checkpoint(tmp_path)
        assert checkpoint.epoch == epoch and checkpoint.rng_state is None
    assert checkpoint.run == {"note": "x"}


def test_every_optimizer_round_trips(tmp_path):
    for name, cls in OPTIMIZERS.items():
        model = mlp([3, 2], rng=0)
        optimizer = cls(0.1) if name == "sgd" else cls(0.01)
        if name == "sgd":
            optimizer = SGD(0.1, momentum=0.9)
        for p in model.parameters():
            p.grad[...] = 0.5
        optimizer.step(model.parameters())
        history = History([EpochRecord(1, 1.0, 0.0, None, 0.0)])
        checkpoint = Checkpoint(ModelFile(model), 1, history, name, optimizer.state())
        save_checkpoint(tmp_path / f"{name}.npz", checkpoint)
        again = load_checkpoint(tmp_path / f"{name}.npz")
        fresh = SGD(0.1, momentum=0.9) if name == "sgd" else cls(0.01)
        again.restore_optimizer(fresh)
        for key, values in optimizer.state().items():
            for a, b in zip(values, fresh.state()[key], strict=True):
                np.testing.assert_array_equal(a, b)


def test_cli_resume_rules(tmp_path, capsys):
    folder = str(tmp_path / "ck")
    args = ["train", "iris", "--epochs", "2", "--hidden", "4", "--quiet"]
    assert main([*args, "--checkpoint-dir", folder]) == 0
    assert main([*args, "--checkpoint-dir", folder]) == 2
    assert "already holds a checkpoint; continue it with --resume" in capsys.readouterr().err
    assert main(["train", "--resume", folder, "--hidden", "8", "--lr", "0.1"]) == 2
    assert "leave out --lr, --hidden" in capsys.readouterr().err
    assert main(["train", "iris", "--resume", folder]) == 2
    assert "leave out iris" in capsys.readouterr().err
    assert main(["train", "--resume", str(tmp_path / "nothing")]) == 2
    assert f"no checkpoint in {tmp_path / 'nothing'}" in capsys.readouterr().err
    assert main(["train", "--resume", folder, "--checkpoint-dir", str(tmp_path / "x")]) == 2
    assert "leave out --checkpoint-dir" in capsys.readouterr().err
    writer = CheckpointWriter(tmp_path / "python", ModelFile(mlp([4, 3], rng=0)), SGD(0.1), None)
    writer.on_epoch_end(EpochRecord(1, 0.5, 0.5, None, 0.1))  # a checkpoint from Python code
    assert main(["train", "--resume", str(tmp_path / "python")]) == 2
    assert "not a checkpoint of glassnet train (no dataset or config)" in capsys.readouterr().err
    assert main(["train", "--resume", folder, "--epochs", "3"]) == 0
    out = capsys.readouterr().out
    assert f"resuming after epoch 2 of 3 from {folder}" in out
    assert out.count("epoch 3/3") == 1 and "epoch 2/3" not in out
    assert load_checkpoint(folder).epoch == 3


def _trained_then_edited(folder, change):
    """A real one-epoch ``glassnet train`` checkpoint whose metadata ``change`` edits."""
    args = ["train", "iris", "--epochs", "1", "--hidden", "3", "--quiet"]
    assert main([*args, "--checkpoint-dir", str(folder)]) == 0
    path = folder / "checkpoint.npz"
    with np.load(path) as archive:
        arrays = {k: archive[k] for k in archive.files}
    metadata = json.loads(arrays.pop("metadata").tobytes())
    change(metadata)
    text = np.frombuffer(json.dumps(metadata).encode(), dtype=np.uint8)
    np.savez(path, metadata=text, **arrays)
    return path


@pytest.mark.parametrize(
    "state",
    [
        {"state": -1, "inc": 1},
        {"state": 2**130, "inc": 1},
        {"state": "seven", "inc": 1},
        {"state": 1.5e300, "inc": 1},
        [1, 2],
    ],
)
def test_resume_refuses_a_random_state_out_of_range_in_one_line(tmp_path, capsys, state):
    """Issue 12: --resume gave "OverflowError: Python integer -1 out of bounds for uint64"."""
    path = _trained_then_edited(tmp_path, lambda m: m["rng_state"].update(state=state))
    capsys.readouterr()
    assert main(["train", "--resume", str(tmp_path), "--epochs", "2"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert f"{path}: corrupt checkpoint (random generator state" in error


def test_resume_refuses_settings_that_describe_another_network(tmp_path, capsys):
    """The run builds the network from the settings before restoring the saved one."""
    _trained_then_edited(tmp_path, lambda m: m["run"]["config"].update(hidden=[10**9]))
    capsys.readouterr()
    assert main(["train", "--resume", str(tmp_path), "--epochs", "2"]) == 2
    error = capsys.readouterr().err
    assert "its settings have hidden layers (1000000000,), its network (3,)" in error
