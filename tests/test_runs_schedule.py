"""``runs.run`` trains epoch by epoch: the same numbers as one call, plus schedules."""

import math

import numpy as np
import pytest

from glassnet import SGD, SquaredError, mlp, train
from glassnet.book import NeuralNetwork
from glassnet.data import load_dataset, one_hot
from glassnet.engine.training import Callback
from glassnet.runs import PRESETS, TrainConfig, run


@pytest.fixture(scope="module")
def digits():
    return load_dataset("digits")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_epoch_by_epoch_is_one_call_of_train(digits, dtype):
    config = TrainConfig(hidden=(12,), epochs=3, batch_size=10, momentum=0.5, dtype=dtype)
    result = run(config, digits)
    rng = np.random.default_rng(config.seed)
    model = mlp([64, 12, 10], rng=rng, dtype=dtype)
    history = train(
        model,
        digits.X_train,
        one_hot(digits.y_train, 10, dtype=np.dtype(dtype)),
        loss=SquaredError(),
        optimizer=SGD(0.3, momentum=0.5),
        epochs=3,
        batch_size=10,
        rng=rng,
        validation=(digits.X_test, digits.y_test),
        transform=digits.preprocessing,
    )
    for ours, theirs in zip(result.model.parameters(), model.parameters(), strict=True):
        assert np.array_equal(ours.value, theirs.value)
    assert result.history.loss == history.loss
    assert [r.epoch for r in result.history.records] == [1, 2, 3]


def test_epoch_by_epoch_is_the_books_fit(digits):
    config = PRESETS["book"].replace(hidden=(15,), epochs=2)
    result = run(config, digits)
    book = NeuralNetwork(64, 15, 10, 0.1, rng=np.random.default_rng(config.seed))
    book.fit(digits.preprocessing(digits.X_train), one_hot(digits.y_train, 10), epochs=2)
    assert np.array_equal(result.book_network.wih, book.wih)
    assert np.array_equal(result.book_network.who, book.who)


@pytest.mark.parametrize(
    ("schedule", "rates"),
    [
        ("constant", [0.4, 0.4, 0.4, 0.4]),
        ("linear", [0.4, 0.3, 0.2, 0.1]),
        ("cosine", [0.4 * 0.5 * (1 + math.cos(math.pi * k / 4)) for k in range(4)]),
    ],
)
def test_schedules(schedule, rates):
    config = TrainConfig(learning_rate=0.4, epochs=4, schedule=schedule)
    assert [config.learning_rate_at(e) for e in range(1, 5)] == pytest.approx(rates)


def test_a_schedule_changes_training_after_the_first_epoch(digits):
    constant = TrainConfig(hidden=(10,), epochs=3, batch_size=20)
    decayed = run(constant.replace(schedule="linear"), digits)
    plain = run(constant, digits)
    assert decayed.history.loss[0] == plain.history.loss[0]
    assert decayed.history.loss[1:] != plain.history.loss[1:]
    book = run(PRESETS["book"].replace(hidden=(8,), epochs=2, schedule="cosine"), digits)
    assert book.book_network.lr == pytest.approx(0.1 * 0.5 * (1 + math.cos(math.pi / 2)))


def test_callbacks_see_the_real_epoch_numbers(digits):
    seen = []

    class Spy(Callback):
        def on_epoch_start(self, epoch, n_batches):
            seen.append(("start", epoch))

        def on_batch_end(self, epoch, batch, loss, accuracy):
            if batch == 1:
                seen.append(("batch", epoch))

        def on_epoch_end(self, record):
            seen.append(("end", record.epoch))

    run(TrainConfig(hidden=(4,), epochs=2, batch_size=500), digits, [Spy()])
    assert seen == [("start", 1), ("batch", 1), ("end", 1), ("start", 2), ("batch", 2), ("end", 2)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"schedule": "step"}, "unknown schedule 'step'"),
        ({"rotations": -1.0}, "rotations must be between 0 and 180"),
        ({"random_rotation": 200.0}, "random rotation must be between 0 and 180"),
        ({"random_shift": -2}, "random shift must be >= 0"),
        ({"noise": 1.5}, "noise must be between 0 and 1"),
        ({"seed": -1}, "seed must be >= 0"),
    ],
)
def test_bad_options_are_named(changes, message):
    with pytest.raises(ValueError, match=message):
        TrainConfig(**changes)


def test_new_options_are_in_the_record():
    values = TrainConfig(rotations=10.0, schedule="cosine").to_dict()
    assert values["rotations"] == 10.0
    assert values["schedule"] == "cosine"
    assert values["random_shift"] == 0


class _StopError(Exception):
    pass


class _StopAfter(Callback):
    def __init__(self, epoch):
        self.epoch = epoch

    def on_epoch_end(self, record):
        if record.epoch == self.epoch:
            raise _StopError


@pytest.mark.parametrize(
    "settings",
    [
        {"random_shift": 1, "random_rotation": 8.0, "noise": 0.02, "schedule": "cosine"},
        {
            "rotations": 10.0,
            "schedule": "linear",
            "backprop": "book",
            "bias": False,
            "shuffle": False,
            "batch_size": 1,
        },
    ],
)
def test_resuming_augmented_scheduled_runs_is_bit_identical(tmp_path, digits, settings):
    from glassnet.files.checkpoints import load_checkpoint

    config = TrainConfig(hidden=(10,), epochs=4, batch_size=16, seed=2).replace(**settings)
    whole = run(config, digits)
    with pytest.raises(_StopError):
        run(config, digits, [_StopAfter(3)], checkpoint_dir=tmp_path)
    checkpoint = load_checkpoint(tmp_path)
    assert checkpoint.epoch == 2  # the writer comes after the callback that stopped epoch 3
    resumed = run(config, digits, checkpoint_dir=tmp_path, resume=checkpoint)
    assert [r.epoch for r in resumed.history.records] == [1, 2, 3, 4]
    assert resumed.history.loss == whole.history.loss
    for ours, theirs in zip(resumed.model.parameters(), whole.model.parameters(), strict=True):
        assert ours.value.tobytes() == theirs.value.tobytes()
