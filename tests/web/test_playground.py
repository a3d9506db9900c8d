import base64
import json

import numpy as np
import pytest

from glassnet.engine.losses import get_loss
from glassnet.engine.network import mlp
from glassnet.engine.optimizers import SGD
from glassnet.engine.training import train
from glassnet.web.datasets2d import KINDS, REGRESSION_KINDS, from_csv, generate, split
from glassnet.web.features import FEATURES, feature_matrix
from glassnet.web.pictures import GRID, PLANE, describe, snapshot
from glassnet.web.playground import Playground
from glassnet.web.regularization import L1
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


def test_training_xor_lowers_the_test_loss_and_is_reproducible():
    first, second = Playground(PlaygroundConfig()), Playground(PlaygroundConfig())
    first.step(60)
    second.step(60)
    assert first.history == second.history
    # margin: 0.058 and 1.0 for the page's default seed 0, the same with 1/2 BLAS threads and GLASSNET_KERNEL=numpy.
    # The default seed is the point: some seeds stall in xor's local minimum (seeds 4 and 15
    # of 0-19 stay at 0.49-0.63 of the loss and 0.71-0.84 accuracy, even after 200 epochs).
    assert first.history[-1][2] < 0.3 * first.history[0][2]
    assert snapshot(first)["test_accuracy"] > 0.95
    first.reset()
    assert first.epoch == 0 and first.history == second.history[:1]


def test_snapshot_has_every_neuron_s_map_and_the_weights():
    playground = Playground(PlaygroundConfig(hidden=(3, 2), activation="relu"))
    state = json.loads(json.dumps(snapshot(playground)))
    assert [len(layer) for layer in state["maps"]] == [3, 2, 1]
    hidden_bytes = base64.b64decode(state["maps"][0][0]["data"])
    output_bytes = base64.b64decode(state["maps"][-1][0]["data"])
    assert len(hidden_bytes) == (GRID // 2) ** 2 and len(output_bytes) == GRID**2
    assert [np.shape(w) for w in state["weights"]] == [(3, 2), (2, 3), (1, 2)]
    assert [np.shape(b) for b in state["biases"]] == [(3,), (2,), (1,)]
    first = playground.model.dense_layers[0]
    assert state["biases"][0] == pytest.approx(first.bias.value.tolist(), abs=1e-4)
    assert state["history"] == [
        [
            0,
            pytest.approx(state["train_loss"], abs=1e-5),
            pytest.approx(state["test_loss"], abs=1e-5),
        ]
    ]


def test_output_map_is_the_network_s_output_over_the_plane():
    playground = Playground(PlaygroundConfig(dataset="gaussians"))
    playground.step(20)
    output = snapshot(playground)["maps"][-1][0]
    values = output["low"] + np.frombuffer(base64.b64decode(output["data"]), np.uint8) / 255 * (
        output["high"] - output["low"]
    )
    expected = playground.model.predict(PLANE)[:, 0]
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


def test_slices_of_epochs_train_exactly_as_whole_epochs_of_train():
    config = PlaygroundConfig(points=100, batch_size=7)
    sliced = Playground(config)
    for _ in range(3):  # each epoch in slices of 2 batches (the last one shorter)
        while sliced.advance(2) and sliced.mid_epoch:
            pass
    model = mlp([2, 4, 4, 1], activation="tanh", output="sigmoid", rng=config.seed + 1)
    shuffle = np.random.default_rng(config.seed + 2)
    loss, optimizer = get_loss(config.loss), SGD(config.learning_rate)
    for _ in range(3):
        train(model, sliced.inputs, sliced.targets, loss=loss, optimizer=optimizer,
              batch_size=7, rng=shuffle)  # fmt: skip
    assert sliced.epoch == 3 and len(sliced.history) == 4
    for mine, theirs in zip(sliced.model.parameters(), model.parameters(), strict=True):
        assert np.array_equal(mine.value, theirs.value)


def test_advance_stops_inside_an_epoch_and_counts_it_once_done():
    playground = Playground(PlaygroundConfig(points=100, batch_size=10))  # 5 batches an epoch
    assert playground.advance(3) == 3 and playground.mid_epoch and playground.epoch == 0
    assert playground.advance(3) == 2 and not playground.mid_epoch and playground.epoch == 1


@pytest.mark.parametrize("kind", REGRESSION_KINDS)
def test_regression_sets_have_values_in_range_and_seeded(kind):
    points = generate(kind, 300, 0.0, np.random.default_rng(3))
    again = generate(kind, 300, 0.0, np.random.default_rng(3))
    assert points.values is not None and np.array_equal(points.values, again.values)
    assert points.values.min() >= -1 and points.values.max() <= 1 and points.values.std() > 0.2
    assert points.class_names == [] and np.array_equal(points.y, points.values > 0)


def test_plane_values_are_the_mean_of_the_coordinates():
    points = generate("plane", 50, 0.0, np.random.default_rng(0))
    assert np.allclose(points.values, points.X.mean(axis=1))


def test_a_regression_network_has_one_identity_output_and_learns_the_plane():
    playground = Playground(PlaygroundConfig.from_dict({"dataset": "plane", "hidden": "3"}))
    assert playground.sizes == [2, 3, 1] and playground.output == "identity"
    assert playground.config.loss == "squared-error"
    playground.step(30)
    assert playground.history[-1][2] < 0.05 * playground.history[0][2]
    state = snapshot(playground)
    assert state["test_accuracy"] is None and describe(playground)["regression"] is True
    assert isinstance(describe(playground)["train"][0][2], float)


def test_feature_columns_are_their_formulas():
    points = np.array([[0.5, -0.25], [-1.0, 1.0]])
    columns = feature_matrix(points, list(FEATURES))
    x1, x2 = points.T
    expected = [x1, x2, x1**2, x2**2, x1 * x2, np.sin(np.pi * x1), np.sin(np.pi * x2)]
    assert np.allclose(columns, np.column_stack(expected))


def test_squared_inputs_separate_the_circle_without_hidden_layers():
    config = PlaygroundConfig(
        dataset="circle", features=("x1x1", "x2x2"), hidden=(), learning_rate=1
    )
    playground = Playground(config)
    assert playground.sizes == [2, 1]
    playground.step(100)
    assert snapshot(playground)["test_accuracy"] > 0.95
    plain = Playground(PlaygroundConfig(dataset="circle", hidden=(), learning_rate=1))
    plain.step(100)
    assert snapshot(plain)["test_accuracy"] < 0.8  # a line cannot separate a circle


def test_describe_sends_every_feature_s_picture():
    pictures = describe(Playground(PlaygroundConfig()))["features"]
    assert list(pictures) == list(FEATURES) and pictures["x1x1"]["label"] == "x₁²"
    assert pictures["x1x1"]["low"] == pytest.approx(0, abs=1e-3) and pictures["x1x1"][
        "high"
    ] == pytest.approx(1.5625)
    assert len(base64.b64decode(pictures["x1"]["data"])) == (GRID // 2) ** 2


def test_l1_adds_rate_times_sign_of_each_weight_to_its_gradient():
    network = mlp([2, 3, 1], rng=0)
    parameters = network.parameters()
    for parameter in parameters:
        parameter.grad = np.full_like(parameter.value, 0.5)
    before = [p.value.copy() for p in parameters]
    L1(SGD(0.1), rate=0.2).step(parameters)
    for parameter, old in zip(parameters, before, strict=True):
        penalty = 0.0 if parameter.name == "bias" else 0.2 * np.sign(old)
        assert np.allclose(parameter.value, old - 0.1 * (0.5 + penalty))
    with pytest.raises(ValueError, match="L1 rate"):
        L1(SGD(0.1), rate=-1)


def test_l1_makes_a_network_s_weights_smaller_than_none_or_l2():
    sums = {}
    for kind in ("none", "l1", "l2"):
        rate = 0.0 if kind == "none" else 0.01
        config = PlaygroundConfig(regularization=kind, weight_decay=rate, hidden=(8,))
        playground = Playground(config)
        playground.step(60)
        sums[kind] = sum(np.abs(d.weight.value).sum() for d in playground.model.dense_layers)
    assert sums["l1"] < sums["l2"] < sums["none"]


def test_weights_and_biases_can_be_set_by_hand():
    playground = Playground(PlaygroundConfig())
    playground.set_parameter(0, 1, 0, 2.5)
    playground.set_parameter(2, 0, None, -1.5)
    dense = playground.model.dense_layers
    assert dense[0].weight.value[1, 0] == 2.5 and dense[2].bias.value[0] == -1.5
    assert playground.history[-1][1] == pytest.approx(
        get_loss("binary-cross-entropy").value(
            playground.model.forward(playground.inputs), playground.targets
        )
    )
    for arguments, message in (
        ((3, 0, 0, 1.0), "layer must be 0 to 2"),
        ((0, 4, 0, 1.0), "node must be 0 to 3"),
        ((0, 0, 2, 1.0), "source must be 0 to 1"),
        ((0, 0, 0, float("nan")), "value must be a number"),
        ((0, 0, 0, 1e9), "value must be a number from -100 to 100"),
    ):
        with pytest.raises(ValueError, match=message):
            playground.set_parameter(*arguments)


def test_a_diverging_run_stops_and_reports_it_as_json_without_nan():
    playground = Playground(
        PlaygroundConfig(activation="identity", learning_rate=10, hidden=(8, 8, 8, 8))
    )
    playground.step(50)
    assert playground.diverged and playground.epoch < 50
    state = json.loads(json.dumps(snapshot(playground), allow_nan=False))
    assert state["diverged"] is True and state["test_loss"] is None
    assert playground.advance(5) == 0  # nothing more trains
