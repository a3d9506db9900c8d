import json
import zipfile

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import glassnet
from glassnet import ModelFile, load, mlp, save
from glassnet.book import NeuralNetwork
from glassnet.cli import main
from glassnet.data import BookScaling, load_dataset
from glassnet.io import FORMAT_VERSION


@given(
    sizes=st.lists(st.integers(1, 6), min_size=2, max_size=4),
    activation=st.sampled_from(["sigmoid", "relu", "tanh", "identity"]),
    output=st.sampled_from(["sigmoid", "softmax", "identity"]),
    bias=st.booleans(),
    dtype=st.sampled_from([np.float32, np.float64]),
)
def test_save_load_predict_is_identical(tmp_path_factory, sizes, activation, output, bias, dtype):
    model = mlp(sizes, activation=activation, output=output, bias=bias, rng=0, dtype=dtype)
    path = tmp_path_factory.mktemp("io") / "model.npz"
    save(model, path, class_names=[str(i) for i in range(sizes[-1])])
    restored = load(path)
    X = np.random.default_rng(1).normal(size=(7, sizes[0])).astype(dtype)
    np.testing.assert_array_equal(restored.network.predict(X), model.predict(X))
    assert [type(layer) for layer in restored.network] == [type(layer) for layer in model]
    assert restored.class_names == [str(i) for i in range(sizes[-1])]


def test_preprocessing_travels_with_the_model(tmp_path):
    model = mlp([4, 3, 2], rng=0)
    save(model, tmp_path / "m.npz", preprocessing=BookScaling(255.0), image_shape=(2, 2))
    restored = load(tmp_path / "m.npz")
    pixels = np.array([[0, 128, 255, 3]], dtype=np.uint8)
    np.testing.assert_array_equal(
        restored.predict(pixels), model.predict(BookScaling(255.0)(pixels))
    )
    assert restored.image_shape == (2, 2)


def test_book_network_saves_and_loads(tmp_path):
    book = NeuralNetwork(5, 4, 3, 0.25, rng=1)
    book.train([0.1, 0.2, 0.3, 0.4, 0.5], [0.01, 0.99, 0.01])
    book.save(tmp_path / "book.npz")
    again = NeuralNetwork.load(tmp_path / "book.npz")
    np.testing.assert_array_equal(again.wih, book.wih)
    np.testing.assert_array_equal(again.who, book.who)
    assert again.lr == 0.25
    assert load(tmp_path / "book.npz").kind == "book"
    save(mlp([3, 2, 2], rng=0), tmp_path / "other.npz")
    with pytest.raises(ValueError, match="not the book's network"):
        NeuralNetwork.load(tmp_path / "other.npz")


def _write_npz(path, arrays):
    with path.open("wb") as handle:
        np.savez(handle, **arrays)


def _arrays_and_metadata(tmp_path):
    save(mlp([3, 2, 2], rng=0), tmp_path / "good.npz")
    with np.load(tmp_path / "good.npz") as archive:
        arrays = {key: archive[key] for key in archive.files}
    return arrays, json.loads(arrays["metadata"].tobytes())


def _with_metadata(arrays, metadata):
    return arrays | {"metadata": np.frombuffer(json.dumps(metadata).encode(), dtype=np.uint8)}


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda a, m: _with_metadata(a, m | {"format_version": FORMAT_VERSION + 1}),
            "unsupported model format version 2",
        ),
        (lambda a, m: _with_metadata(a, m | {"format": "keras"}), "not a glassnet model file"),
        (
            lambda a, m: {k: v for k, v in a.items() if k != "layer0.bias"},
            "missing array layer0.bias",
        ),
        (lambda a, m: a | {"junk": np.zeros(3)}, "unexpected arrays in the file: junk"),
        (
            lambda a, m: a | {"layer0.weight": np.zeros((3, 2))},
            r"array layer0.weight is float64 \(3, 2\), expected float64 \(2, 3\)",
        ),
        (lambda a, m: a | {"layer0.weight": np.zeros((2, 3), dtype=np.float32)}, "is float32"),
        (lambda a, m: a | {"layer0.weight": np.full((2, 3), np.nan)}, "contains NaN or inf"),
        (lambda a, m: {k: v for k, v in a.items() if k != "metadata"}, "no metadata"),
        (
            lambda a, m: a | {"metadata": np.frombuffer(b"{not json", dtype=np.uint8)},
            "corrupt metadata",
        ),
        (
            lambda a, m: _with_metadata(a, m | {"layers": [{"type": "conv2d"}]}),
            "unknown layer type 'conv2d'",
        ),
        (
            lambda a, m: _with_metadata(a, m | {"preprocessing": {"kind": "magic"}}),
            "unknown preprocessing 'magic'",
        ),
    ],
)
def test_damaged_model_files_are_refused(tmp_path, damage, message):
    arrays, metadata = _arrays_and_metadata(tmp_path)
    _write_npz(tmp_path / "bad.npz", damage(arrays, metadata))
    with pytest.raises(ValueError, match=message):
        load(tmp_path / "bad.npz")


def test_pickle_bearing_file_is_refused(tmp_path):
    arrays, _ = _arrays_and_metadata(tmp_path)
    arrays["layer0.weight"] = np.array([{"evil": "payload"}], dtype=object)
    with (tmp_path / "pickled.npz").open("wb") as handle:
        np.savez(handle, allow_pickle=True, **arrays)
    with pytest.raises(ValueError, match="refused, the file holds pickled Python objects"):
        load(tmp_path / "pickled.npz")


def test_truncated_and_corrupt_files_are_refused(tmp_path):
    save(mlp([30, 20, 2], rng=0), tmp_path / "good.npz")
    data = (tmp_path / "good.npz").read_bytes()
    (tmp_path / "cut.npz").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="not a glassnet model file"):
        load(tmp_path / "cut.npz")
    (tmp_path / "text.npz").write_text("hello")
    with pytest.raises(ValueError, match="not a glassnet model file"):
        load(tmp_path / "text.npz")
    (tmp_path / "empty.npz").write_bytes(b"")
    with pytest.raises(ValueError, match="not a glassnet model file"):
        load(tmp_path / "empty.npz")
    with pytest.raises(ValueError, match="no such model file"):
        load(tmp_path / "missing.npz")
    assert zipfile.is_zipfile(tmp_path / "good.npz")


def test_failed_save_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "model.npz"
    save(mlp([3, 2, 2], rng=0), path)
    before = path.read_bytes()

    def broken_savez(handle, **arrays):
        handle.write(b"PK\x03\x04 half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(glassnet.io.np, "savez", broken_savez)
    with pytest.raises(OSError, match="disk full"):
        save(mlp([3, 2, 2], rng=1), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]


def test_cannot_save_something_else(tmp_path):
    with pytest.raises(TypeError, match="cannot save a dict"):
        save({"weights": 1}, tmp_path / "x.npz")


def test_train_save_then_load_predicts_the_same(tmp_path):
    path = tmp_path / "digits.npz"
    assert main(["train", "--epochs", "2", "--quiet", "--save", str(path)]) == 0
    restored = load(path)
    assert isinstance(restored, ModelFile)
    digits = load_dataset("digits")
    assert restored.class_names == digits.class_names
    assert restored.training["config"]["epochs"] == 2
    labels = restored.predict(digits.X_test).argmax(axis=1)
    assert np.mean(labels == digits.y_test) == pytest.approx(restored.training["test_accuracy"])
