import base64
import json
import time

import numpy as np
import pytest

from glassnet.web import sessions as sessions_module
from glassnet.web.datasets2d import KINDS, from_csv, generate, split
from glassnet.web.playground import GRID, Playground
from glassnet.web.sessions import Session, Sessions
from glassnet.web.settings import PlaygroundConfig


@pytest.mark.parametrize("kind", KINDS)
def test_generated_sets_are_balanced_seeded_and_in_the_square(kind):
    points = generate(kind, 200, 0.0, np.random.default_rng(1))
    again = generate(kind, 200, 0.0, np.random.default_rng(1))
    assert points.X.shape == (200, 2) and np.array_equal(points.X, again.X)
    assert 85 <= np.bincount(points.y)[0] <= 115  # xor's labels come from random quadrants
    assert np.abs(points.X).max() <= 1.06


def test_xor_labels_follow_the_quadrants():
    points = generate("xor", 300, 0.0, np.random.default_rng(0))
    assert np.array_equal(points.y, (points.X[:, 0] * points.X[:, 1] > 0).astype(int))


def test_split_keeps_the_share_and_every_point_once():
    points = generate("circle", 100, 0.1, np.random.default_rng(0))
    train, test = split(points, 0.7, np.random.default_rng(0))
    assert (len(train.y), len(test.y)) == (70, 30)
    together = np.concatenate([train.X, test.X])
    assert sorted(map(tuple, together)) == sorted(map(tuple, points.X))


def test_csv_with_header_string_labels_and_semicolons():
    text = "x;y;kind\n0;0;cat\n10;5;dog\n5;2.5;cat\n2;1;bird\n"
    points = from_csv(text)
    assert points.class_names == ["bird", "cat", "dog"]
    assert points.y.tolist() == [1, 2, 1, 0]
    assert points.X.min(axis=0).tolist() == [-1, -1] and points.X.max(axis=0).tolist() == [1, 1]
    assert points.bounds == (0.0, 10.0, 0.0, 5.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,2,0\n", "at least 4 rows"),
        ("1,2,0\n1,2\n3,4,1\n5,6,0\n", "row 2 has 2 fields"),
        ("1,2,0\n1,x,1\n3,4,1\n5,6,0\n", "row 2: x and y must be numbers"),
        ("1,2,0\n1,nan,1\n3,4,1\n5,6,0\n", "NaN"),
        ("1,2,0\n1,2,0\n3,4,0\n5,6,0\n", "1 distinct labels"),
        ("".join(f"{i},{i},{i}\n" for i in range(12)), "12 distinct labels"),
        ("1,2,0\n" * 6000, "at most 5,000"),
    ],
)
def test_bad_csv_files_are_refused_with_the_row(text, message):
    with pytest.raises(ValueError, match=message):
        from_csv(text)


def test_config_from_query_strings_and_back():
    config = PlaygroundConfig.from_dict(
        {"dataset": "spiral", "hidden": "8,6,4", "learning_rate": "0.03", "batch_size": "5"}
    )
    assert config.hidden == (8, 6, 4) and config.learning_rate == 0.03 and config.batch_size == 5
    assert PlaygroundConfig.from_dict(config.to_dict()) == config
    assert PlaygroundConfig.from_dict({"hidden": ""}).hidden == ()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"colour": "red"}, "unknown setting 'colour'"),
        ({"dataset": "moons"}, "dataset: unknown 'moons'"),
        ({"activation": "softmax"}, "activation: unknown"),
        ({"hidden": "4,9"}, "1 to 8 neurons"),
        ({"hidden": "1,1,1,1,1,1,1"}, "up to 6 layers"),
        ({"hidden": "a"}, "hidden: 'a' is not a valid value"),
        ({"learning_rate": "nan"}, "learning_rate must be between"),
        ({"learning_rate": 0}, "learning_rate must be between"),
        ({"batch_size": 2.5}, "batch_size: 2.5 is not a valid value"),
        ({"seed": True}, "seed: True is not a valid value"),
        ({"noise": 2}, "noise must be between 0 and 1"),
    ],
)
def test_bad_settings_are_refused_by_name(values, message):
    with pytest.raises(ValueError, match=message):
        PlaygroundConfig.from_dict(values)


def test_training_xor_lowers_the_test_loss_and_is_reproducible():
    first, second = Playground(PlaygroundConfig()), Playground(PlaygroundConfig())
    first.step(60)
    second.step(60)
    assert first.history == second.history
    # margin: 0.058 and 1.0 for the page's default seed 0, the same with 1/2 BLAS threads and GLASSNET_KERNEL=numpy.
    # The default seed is the point: some seeds stall in xor's local minimum (seeds 4 and 15
    # of 0-19 stay at 0.49-0.63 of the loss and 0.71-0.84 accuracy, even after 200 epochs).
    assert first.history[-1][2] < 0.3 * first.history[0][2]
    assert first.snapshot()["test_accuracy"] > 0.95
    first.reset()
    assert first.epoch == 0 and first.history == second.history[:1]


def test_snapshot_has_every_neuron_s_map_and_the_weights():
    playground = Playground(PlaygroundConfig(hidden=(3, 2), activation="relu"))
    snapshot = json.loads(json.dumps(playground.snapshot()))
    assert [len(layer) for layer in snapshot["maps"]] == [3, 2, 1]
    hidden_bytes = base64.b64decode(snapshot["maps"][0][0]["data"])
    output_bytes = base64.b64decode(snapshot["maps"][-1][0]["data"])
    assert len(hidden_bytes) == (GRID // 2) ** 2 and len(output_bytes) == GRID**2
    assert [np.shape(w) for w in snapshot["weights"]] == [(3, 2), (2, 3), (1, 2)]
    assert snapshot["history"] == [
        [
            0,
            pytest.approx(snapshot["train_loss"], abs=1e-5),
            pytest.approx(snapshot["test_loss"], abs=1e-5),
        ]
    ]


def test_output_map_is_the_network_s_output_over_the_plane():
    playground = Playground(PlaygroundConfig(dataset="gaussians"))
    playground.step(20)
    output = playground.snapshot()["maps"][-1][0]
    values = output["low"] + np.frombuffer(base64.b64decode(output["data"]), np.uint8) / 255 * (
        output["high"] - output["low"]
    )
    expected = playground.model.predict(playground.grid)[:, 0]
    assert np.allclose(values, expected, atol=(output["high"] - output["low"]) / 255 + 1e-4)
    top_right = values.reshape(GRID, GRID)[5, -5]  # x1 > 0, x2 > 0: the class-1 gaussian
    assert (
        top_right > 0.9
    )  # margin: lowest 0.9915 over seeds 0-9, 1/2 BLAS threads and GLASSNET_KERNEL=numpy


def test_many_classes_use_one_output_each_and_cross_entropy_uses_softmax():
    text = "".join(
        f"{x},{y},{(x > 0) + 2 * (y > 0)}\n" for x in (-2, -1, 1, 2) for y in (-2, -1, 1, 2)
    )
    playground = Playground(PlaygroundConfig(dataset="csv", loss="cross-entropy"), from_csv(text))
    assert playground.sizes == [2, 4, 4, 4] and playground.output == "softmax"
    playground.step(5)
    assert np.isfinite(playground.history[-1][1])
    with pytest.raises(ValueError, match="uploaded CSV"):
        Playground(PlaygroundConfig(dataset="csv"))


def _wait(condition, seconds=20.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_session_trains_in_its_thread_and_pauses_steps_and_resets():
    session = Session(Playground(PlaygroundConfig()))
    assert json.loads(session.snapshot)["running"] is False
    session.start()
    _wait(lambda: session.playground.epoch >= 5)
    assert json.loads(session.snapshot)["running"] is True
    session.pause()
    epoch = session.playground.epoch
    time.sleep(0.25)
    assert session.playground.epoch == epoch and not session.running
    session.step()
    assert json.loads(session.snapshot)["epoch"] == epoch + 1
    session.reset()
    assert json.loads(session.snapshot)["epoch"] == 0


def test_an_unwatched_session_pauses_itself(monkeypatch):
    monkeypatch.setattr(sessions_module, "IDLE_SECONDS", 0.2)
    session = Session(Playground(PlaygroundConfig(points=40)))
    session.start()
    _wait(lambda: json.loads(session.snapshot)["running"] is False)
    assert not session.running


def test_too_many_sessions_drop_the_oldest(monkeypatch):
    monkeypatch.setattr(sessions_module, "MAX_SESSIONS", 2)
    registry = Sessions()
    made = [Session(Playground(PlaygroundConfig(points=40))) for _ in range(3)]
    for session in made:
        registry.add(session)
    assert registry.get(made[0].id) is None and registry.get(made[2].id) is made[2]
    assert registry.remove(made[1].id) and not registry.remove(made[1].id)
    registry.close()


def test_a_diverging_run_stops_and_reports_it_as_json_without_nan():
    playground = Playground(
        PlaygroundConfig(activation="identity", learning_rate=10, hidden=(8, 8, 8, 8))
    )
    playground.step(50)
    assert playground.diverged and playground.epoch < 50  # epoch 1 for seeds 0-9
    snapshot = json.loads(json.dumps(playground.snapshot(), allow_nan=False))
    assert snapshot["diverged"] is True and snapshot["test_loss"] is None
    session = Session(playground)
    session.start()
    _wait(lambda: json.loads(session.snapshot)["running"] is False)  # stops by itself
    assert not session.running
