"""GlassnetClassifier and GlassnetRegressor: same results as the native API, partial_fit,
labels and probabilities, random_state, and clear errors."""

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.datasets import make_blobs
from sklearn.exceptions import NotFittedError

import glassnet as gn
from glassnet.data import load_dataset, one_hot
from glassnet.engine.training import TrainingDivergedError
from glassnet.runs import PRESETS, TrainConfig, run
from glassnet.sklearn import GlassnetClassifier, GlassnetRegressor


def _blobs(n_classes: int = 3, n_samples: int = 60, seed: int = 0):
    X, y = make_blobs(n_samples=n_samples, centers=n_classes, n_features=4, random_state=seed)
    return X, y


def _assert_same_weights(a: gn.Sequential, b: gn.Sequential) -> None:
    assert len(a.parameters()) == len(b.parameters())
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        np.testing.assert_array_equal(p.value, q.value)


def test_classifier_equals_mlp_and_train_for_the_same_seed():
    X, y = _blobs()
    clf = GlassnetClassifier(
        hidden_layer_sizes=(8,), optimizer="adam", learning_rate=0.01, epochs=3, batch_size=7
    )
    clf.set_params(random_state=5).fit(X, y)
    rng = np.random.default_rng(5)  # one stream: the weights, then the shuffling
    model = gn.mlp([4, 8, 3], activation="sigmoid", output="softmax", rng=rng)
    history = gn.train(
        model,
        X,
        one_hot(y, 3, off=0.0, on=1.0),
        loss=gn.CrossEntropy(),
        optimizer=gn.Adam(0.01),
        epochs=3,
        batch_size=7,
        rng=rng,
    )
    _assert_same_weights(clf.network_, model)
    assert clf.loss_curve_ == history.loss
    np.testing.assert_array_equal(clf.predict_proba(X), model.predict(X))
    np.testing.assert_array_equal(clf.predict(X), model.predict_labels(X))


def test_from_config_equals_runs_run_on_digits():
    digits = load_dataset("digits")
    # The estimators compute in float64; run() would default to float32 for batches of 8.
    config = TrainConfig(
        hidden=(16,), epochs=2, batch_size=8, momentum=0.5, seed=3, dtype="float64"
    )
    result = run(config, digits)
    clf = GlassnetClassifier.from_config(config)
    clf.fit(digits.preprocessing(digits.X_train), digits.y_train)
    _assert_same_weights(clf.network_, result.model)
    assert clf.loss_curve_ == result.history.loss
    assert clf.score(digits.preprocessing(digits.X_test), digits.y_test) == result.test_accuracy


def test_book_preset_equals_runs_run_with_the_books_backpropagation():
    digits = load_dataset("digits")
    config = PRESETS["book"].replace(hidden=(20,), epochs=1)
    result = run(config, digits)
    clf = GlassnetClassifier.from_config(config)
    clf.fit(digits.preprocessing(digits.X_train), digits.y_train)
    assert clf.get_params()["backprop"] == "book" and clf.get_params()["bias"] is False
    _assert_same_weights(clf.network_, result.model)
    assert clf.score(digits.preprocessing(digits.X_test), digits.y_test) == result.test_accuracy


def test_binary_cross_entropy_uses_one_output_as_runs_does():
    X, y = _blobs(n_classes=2)
    labels = np.where(y == 1, "pass", "fail")
    clf = GlassnetClassifier(loss="binary-cross-entropy", hidden_layer_sizes=(2,), epochs=4)
    clf.set_params(batch_size=1, random_state=1).fit(X, labels)
    rng = np.random.default_rng(1)
    model = gn.mlp([4, 2, 1], output="sigmoid", rng=rng)
    gn.train(
        model, X, y[:, None].astype(float), loss=gn.BinaryCrossEntropy(), optimizer=gn.SGD(0.3),
        epochs=4, batch_size=1, rng=rng,
    )  # fmt: skip
    _assert_same_weights(clf.network_, model)
    assert clf.n_outputs_ == 1 and list(clf.classes_) == ["fail", "pass"]
    p = model.predict(X)[:, 0]
    np.testing.assert_array_equal(clf.predict_proba(X), np.column_stack([1 - p, p]))
    np.testing.assert_array_equal(clf.predict(X), np.where(p > 0.5, "pass", "fail"))


def test_regressor_equals_mlp_and_train_for_the_same_seed():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3))
    Y = np.column_stack([X[:, 0] - X[:, 1], np.sin(X[:, 2])])
    reg = GlassnetRegressor(hidden_layer_sizes=(6, 5), activation="tanh", epochs=3, random_state=2)
    reg.fit(X, Y)
    stream = np.random.default_rng(2)
    model = gn.mlp([3, 6, 5, 2], activation="tanh", output="identity", rng=stream)
    history = gn.train(
        model, X, Y, loss=gn.SquaredError(), optimizer=gn.Adam(0.01), epochs=3, batch_size=16,
        rng=stream,
    )  # fmt: skip
    _assert_same_weights(reg.network_, model)
    assert reg.loss_curve_ == history.loss
    np.testing.assert_array_equal(reg.predict(X), model.predict(X))
    assert reg.fit(X, Y[:, 0]).predict(X).shape == (50,)


@pytest.mark.parametrize(
    "make_state",
    [
        lambda: 7,
        lambda: np.int64(7),
        lambda: np.random.default_rng(7),
        lambda: np.random.SeedSequence(7),
    ],
    ids=["int", "numpy int", "Generator", "SeedSequence"],
)
def test_random_state_forms_give_the_same_network(make_state):
    X, y = _blobs()
    expected = GlassnetClassifier(epochs=2, random_state=7).fit(X, y)
    clf = GlassnetClassifier(epochs=2, random_state=make_state()).fit(X, y)
    _assert_same_weights(clf.network_, expected.network_)


def test_random_state_none_and_randomstate_vary_between_fits():
    X, y = _blobs()
    a = GlassnetClassifier(epochs=1).fit(X, y).predict_proba(X)
    b = GlassnetClassifier(epochs=1).fit(X, y).predict_proba(X)
    assert not np.array_equal(a, b)
    legacy = np.random.RandomState(0)
    c = GlassnetClassifier(epochs=1, random_state=legacy).fit(X, y).predict_proba(X)
    d = GlassnetClassifier(epochs=1, random_state=legacy).fit(X, y).predict_proba(X)
    assert not np.array_equal(c, d)
    again = GlassnetClassifier(epochs=1, random_state=np.random.RandomState(0)).fit(X, y)
    np.testing.assert_array_equal(again.predict_proba(X), c)


BOOK = GlassnetClassifier.from_config(PRESETS["book"].replace(hidden=(10,))).get_params()


@pytest.mark.parametrize(
    "params",
    [
        {"optimizer": "adam", "learning_rate": 0.01},
        {"momentum": 0.9, "learning_rate": 0.1},
        {"loss": "squared-error", "shuffle": False},
        BOOK,
    ],
    ids=["adam", "momentum", "squared-error", "book"],
)
def test_classifier_partial_fit_epochs_equal_one_fit(params):
    X, y = _blobs()
    clf = GlassnetClassifier(**{**params, "epochs": 3, "random_state": 4})
    fitted = clf.fit(X, y)
    weights = [p.value.copy() for p in fitted.network_.parameters()]
    curve = list(fitted.loss_curve_)
    stepped = GlassnetClassifier(**{**params, "random_state": 4})
    for _ in range(3):
        stepped.partial_fit(X, y, classes=[0, 1, 2])
    assert stepped.n_iter_ == 3 and stepped.loss_curve_ == curve
    assert [r.epoch for r in stepped.history_.records] == [1, 2, 3]
    for value, p in zip(weights, stepped.network_.parameters(), strict=True):
        np.testing.assert_array_equal(value, p.value)


def test_learning_rate_changes_between_partial_fits_take_effect():
    X, y = _blobs()
    clf = GlassnetClassifier(hidden_layer_sizes=(6,), momentum=0.5, random_state=3)
    clf.partial_fit(X, y, classes=[0, 1, 2])
    clf.set_params(learning_rate=0.05).partial_fit(X, y)
    rng = np.random.default_rng(3)
    model = gn.mlp([4, 6, 3], output="softmax", rng=rng)
    optimizer = gn.SGD(0.3, momentum=0.5)
    for learning_rate in (0.3, 0.05):
        optimizer.learning_rate = learning_rate
        gn.train(
            model, X, one_hot(y, 3, off=0.0, on=1.0), loss=gn.CrossEntropy(),
            optimizer=optimizer, epochs=1, batch_size=16, rng=rng,
        )  # fmt: skip
    _assert_same_weights(clf.network_, model)


def test_regressor_partial_fit_epochs_equal_one_fit():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 2))
    y = X[:, 0] * X[:, 1]
    fitted = GlassnetRegressor(epochs=4, random_state=0).fit(X, y)
    stepped = GlassnetRegressor(random_state=0)
    for _ in range(4):
        stepped.partial_fit(X, y)
    np.testing.assert_array_equal(stepped.predict(X), fitted.predict(X))
    assert stepped.n_iter_ == 4 and stepped.loss_curve_ == fitted.loss_curve_
    with pytest.raises(ValueError, match="2 target columns but the network was started with 1"):
        stepped.partial_fit(X, np.column_stack([y, y]))


def test_partial_fit_classes_rules():
    X, y = _blobs()
    clf = GlassnetClassifier(epochs=1, random_state=0)
    with pytest.raises(ValueError, match="classes must be given on the first call"):
        clf.partial_fit(X, y)
    clf.partial_fit(X[y < 2], y[y < 2], classes=[0, 1, 2, 3])  # classes not yet seen are fine
    assert clf.predict_proba(X).shape == (60, 4)
    with pytest.raises(ValueError, match=r"labels not in classes_ \[0, 1, 2, 3\]: \[7\]"):
        clf.partial_fit(X[:3], [0, 1, 7])
    with pytest.raises(ValueError, match="differs from the classes of the first call"):
        clf.partial_fit(X, y, classes=[0, 1, 2])
    clf.partial_fit(X, y)
    assert clf.n_iter_ == 2
    assert clf.fit(X, y).n_iter_ == 1 and len(clf.classes_) == 3  # fit starts afresh


@given(
    n_classes=st.integers(2, 4),
    loss=st.sampled_from(["cross-entropy", "binary-cross-entropy", "squared-error"]),
    strings=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_probabilities_sum_to_one_and_agree_with_predict(n_classes, loss, strings, seed):
    X, y = _blobs(n_classes=n_classes, n_samples=24, seed=seed)
    names = np.array(["ant", "bee", "cat", "dog"])[:n_classes]
    labels = names[y] if strings else y * 10 - 5
    clf = GlassnetClassifier(hidden_layer_sizes=(5,), loss=loss, epochs=2, random_state=seed)
    clf.fit(X, labels)
    proba = clf.predict_proba(X)
    assert proba.shape == (24, n_classes) and np.all(proba >= 0)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[np.argmax(proba, axis=1)])
    np.testing.assert_array_equal(clf.classes_, np.unique(labels))
    np.testing.assert_allclose(clf.predict_log_proba(X), np.log(proba))


def test_sigmoid_outputs_are_normalised_into_probabilities():
    X, y = _blobs()
    clf = GlassnetClassifier(loss="squared-error", epochs=2, random_state=0).fit(X, y)
    outputs = clf.network_.predict(X)
    np.testing.assert_allclose(clf.predict_proba(X), outputs / outputs.sum(axis=1, keepdims=True))
    assert clf.get_params()["targets"] is None  # the book's 0.01/0.99 for squared error


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"hidden_layer_sizes": (0,)}, "each hidden layer size must be a whole number >= 1"),
        ({"hidden_layer_sizes": "wide"}, "hidden_layer_sizes must be a whole number or a tuple"),
        ({"epochs": 0}, "epochs must be a whole number >= 1"),
        ({"epochs": 2.5}, "epochs must be a whole number >= 1"),
        ({"batch_size": True}, "batch_size must be a whole number >= 1"),
        ({"learning_rate": -1.0}, "learning rate must be > 0"),
        ({"learning_rate": "fast"}, "learning_rate must be a number"),
        ({"momentum": 1.0}, r"momentum must be in \[0, 1\)"),
        ({"loss": "hinge"}, "unknown loss 'hinge'"),
        ({"activation": "swish"}, "unknown activation 'swish'"),
        ({"optimizer": "lbfgs"}, "unknown optimizer 'lbfgs'"),
        ({"init": "zeros"}, "unknown initialiser 'zeros'"),
        ({"output_activation": "identity"}, "output_activation must be 'sigmoid' or 'softmax'"),
        ({"targets": (0.9, 0.1)}, "targets must be two finite numbers LOW < HIGH"),
        ({"targets": 0.5}, r"targets must be a pair \(off, on\)"),
        ({"backprop": "magic"}, "backprop must be 'gradient' or 'book'"),
        ({"backprop": "book"}, "the book's backpropagation needs one sigmoid hidden layer"),
        ({"random_state": "seed"}, "random_state must be None, an int or a NumPy generator"),
        ({"loss": "binary-cross-entropy", "output_activation": "softmax"}, "use output_activation='sigmoid'"),
    ],
)  # fmt: skip
def test_bad_parameters_fail_at_fit_with_a_clear_message(params, message):
    X, y = _blobs(n_classes=2)
    clf = GlassnetClassifier(**params)  # scikit-learn's rule: __init__ only stores
    with pytest.raises(ValueError, match=message) as error:
        clf.fit(X, y)
    assert "\n" not in str(error.value)


def test_regressor_refuses_classification_losses_and_bad_bce_targets():
    X = np.random.default_rng(0).normal(size=(10, 2))
    with pytest.raises(ValueError, match="a regressor uses one of: squared-error"):
        GlassnetRegressor(loss="cross-entropy").fit(X, X[:, 0])
    with pytest.raises(ValueError, match=r"binary cross-entropy needs targets in \[0, 1\]"):
        GlassnetRegressor(loss="binary-cross-entropy").fit(X, X[:, 0] + 5)
    rates = GlassnetRegressor(loss="binary-cross-entropy", epochs=2, random_state=0)
    predicted = rates.fit(X, np.linspace(0, 1, 10)).predict(X)
    assert np.all((predicted > 0) & (predicted < 1))  # a sigmoid output by default


def test_one_class_is_refused():
    with pytest.raises(ValueError, match="at least 2 classes, got 1 class: 'only'"):
        GlassnetClassifier().fit([[0.0], [1.0]], ["only", "only"])


def test_divergence_is_a_clear_error_not_a_warning():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    reg = GlassnetRegressor(activation="relu", optimizer="sgd", learning_rate=1.0, random_state=0)
    with pytest.raises(
        TrainingDivergedError, match="training diverged in epoch 2, batch 3: the loss became inf"
    ) as caught:
        reg.fit(X, X[:, 0] * 100)  # warnings are errors here: no overflow warning escapes
    assert "use a smaller learning_rate, or scale the inputs" in str(caught.value)
    assert len(caught.value.history.records) == 1  # the epoch finished before it diverged
    with pytest.raises(NotFittedError):
        reg.predict(X)  # nothing half-trained is left to predict with


def test_a_search_scores_a_diverging_setting_as_failed_and_goes_on():
    # scikit-learn's convention for a failed fit: the search warns, scores it error_score.
    from sklearn.exceptions import FitFailedWarning
    from sklearn.model_selection import GridSearchCV

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = X[:, 0] * 100
    reg = GlassnetRegressor(activation="relu", optimizer="sgd", epochs=3, random_state=0)
    search = GridSearchCV(reg, {"learning_rate": [1.0, 1e-4]}, cv=2, error_score=np.nan)
    with (
        pytest.warns(FitFailedWarning, match="training diverged"),
        pytest.warns(UserWarning, match="test scores are non-finite"),
    ):
        search.fit(X, y)
    scores = search.cv_results_["mean_test_score"]
    assert np.isnan(scores[0]) and np.isfinite(scores[1])
    assert search.best_params_ == {"learning_rate": 1e-4}


def test_dataframe_feature_names_and_pickle_and_model_files(tmp_path):
    import pandas as pd  # in the test extra

    X, y = _blobs()
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    clf = GlassnetClassifier.from_config(PRESETS["book"].replace(hidden=(6,), epochs=1))
    clf.fit(frame, pd.Series(y))
    assert list(clf.feature_names_in_) == ["a", "b", "c", "d"] and clf.n_features_in_ == 4
    restored = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(restored.predict_proba(frame), clf.predict_proba(frame))
    restored.partial_fit(frame, y)  # the book's network goes on training after unpickling
    gn.save(clf.network_, tmp_path / "model.npz", class_names=[str(c) for c in clf.classes_])
    np.testing.assert_array_equal(
        gn.load(tmp_path / "model.npz").network.predict(X), clf.network_.predict(X)
    )
