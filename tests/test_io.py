import json
import os
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
from glassnet.files.model_file import FORMAT_VERSION


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
            "unsupported format version 2 of glassnet-model",
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
    with pytest.raises(ValueError, match="no such file"):
        load(tmp_path / "missing.npz")
    assert zipfile.is_zipfile(tmp_path / "good.npz")


def test_failed_save_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "model.npz"
    save(mlp([3, 2, 2], rng=0), path)
    before = path.read_bytes()

    def broken_write(member, array, allow_pickle):
        member.write(b"\x93NUMPY half an array")
        raise OSError("disk full")

    monkeypatch.setattr(np.lib.format, "write_array", broken_write)
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


def test_junk_around_the_archive_and_flipped_bytes_are_refused(tmp_path):
    save(mlp([30, 20, 2], rng=0), tmp_path / "good.npz")
    data = (tmp_path / "good.npz").read_bytes()
    middle = len(data) // 2
    damaged = {
        "after": data + b"junk",
        "before": b"junk" + data,
        "flipped": data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :],
    }
    for name, content in damaged.items():
        (tmp_path / f"{name}.npz").write_bytes(content)
        with pytest.raises(ValueError, match="not a glassnet model file") as error:
            load(tmp_path / f"{name}.npz")
        assert "pickle" not in str(error.value)


def test_entries_that_are_not_arrays_are_refused(tmp_path):
    save(mlp([3, 2, 2], rng=0), tmp_path / "model.npz")
    with zipfile.ZipFile(tmp_path / "model.npz", "a") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(ValueError, match=r"unexpected entries in the archive: notes\.txt"):
        load(tmp_path / "model.npz")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"class_names": ["a", "b", "c"]}, "class_names must be 2 strings"),
        ({"class_names": [1, 2]}, "class_names must be 2 strings"),
        ({"image_shape": [2, 2]}, r"image_shape \[2, 2\] does not hold the network's 3 inputs"),
        ({"kind": "keras"}, "unknown kind 'keras'"),
        ({"training": [1]}, "training must be an object"),
        ({"learning_rate": -1}, "learning_rate must be a positive number"),
        ({"learning_rate": 2**64}, "learning_rate must be a positive number"),
        (
            {"preprocessing": {"kind": "standardize", "mean": [0, 0], "scale": [1, 1]}},
            "preprocessing has 2 columns, the network 3 inputs",
        ),
    ],
)
def test_metadata_that_does_not_fit_the_network_is_refused(tmp_path, change, message):
    arrays, metadata = _arrays_and_metadata(tmp_path)
    _write_npz(tmp_path / "bad.npz", _with_metadata(arrays, metadata | change))
    with pytest.raises(ValueError, match=message):
        load(tmp_path / "bad.npz")


def test_layers_that_do_not_fit_together_are_refused(tmp_path):
    arrays, metadata = _arrays_and_metadata(tmp_path)
    metadata["layers"][2]["n_inputs"] = 5
    arrays["layer2.weight"] = np.zeros((2, 5))
    _write_npz(tmp_path / "bad.npz", _with_metadata(arrays, metadata))
    with pytest.raises(ValueError, match="layer 2 takes 5 inputs but the layer before gives 2"):
        load(tmp_path / "bad.npz")


def test_saving_what_cannot_be_loaded_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"cannot save the model \(class_names must be 2 strings"):
        save(mlp([3, 2, 2], rng=0), tmp_path / "m.npz", class_names=["a"])
    with pytest.raises(ValueError, match="image_shape"):
        save(mlp([3, 2, 2], rng=0), tmp_path / "m.npz", image_shape=(2, 2))
    assert not list(tmp_path.iterdir())


def test_metadata_names_everything_the_issue_lists(tmp_path):
    save(
        mlp([4, 3, 2], rng=0),
        tmp_path / "m.npz",
        preprocessing=BookScaling(255.0),
        class_names=["no", "yes"],
        image_shape=(2, 2),
        training={"config": {"epochs": 1}},
    )
    with np.load(tmp_path / "m.npz") as archive:
        metadata = json.loads(archive["metadata"].tobytes())
    assert metadata["format"] == "glassnet-model"
    assert metadata["format_version"] == FORMAT_VERSION
    assert metadata["glassnet_version"] == glassnet.__version__
    assert [layer["type"] for layer in metadata["layers"]] == ["dense", "sigmoid"] * 2
    assert metadata["preprocessing"] == {"kind": "book-scaling", "max_value": 255.0}
    assert metadata["class_names"] == ["no", "yes"]
    assert metadata["training"] == {"config": {"epochs": 1}}


def test_saved_files_are_durable_and_readable_by_others(tmp_path, monkeypatch):
    synced = []
    real_fsync = glassnet._atomic.os.fsync

    def fsync(descriptor):
        synced.append(os.path.isdir(f"/proc/self/fd/{descriptor}"))
        real_fsync(descriptor)

    monkeypatch.setattr(glassnet._atomic.os, "fsync", fsync)
    save(mlp([3, 2, 2], rng=0), tmp_path / "m.npz")
    assert synced == [False, True]  # the file's data, then the folder holding its new name
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "m.npz").stat().st_mode & 0o777 == 0o666 & ~umask


def test_probabilities_sum_to_one_for_every_output_kind():
    X = np.random.default_rng(0).normal(size=(5, 3))
    for output in ("sigmoid", "softmax", "identity", "tanh"):
        for n_outputs in (1, 4):
            model = ModelFile(mlp([3, 4, n_outputs], output=output, rng=1))
            p = model.probabilities(X)
            assert p.shape == (5, max(2, n_outputs))
            np.testing.assert_allclose(p.sum(axis=1), 1.0)
            assert np.all(p >= 0)
            outputs = model.predict(X)
            if n_outputs == 1:  # P(class 1) > 1/2: a sigmoid above 0.5, other outputs above 0
                labels = outputs[:, 0] > (0.5 if output == "sigmoid" else 0.0)
            else:
                labels = outputs.argmax(axis=1)
            np.testing.assert_array_equal(p.argmax(axis=1), labels)
    assert ModelFile(mlp([3, 1], rng=0)).classes == ["0", "1"]


def test_a_diverged_model_is_not_saved(tmp_path):
    model = mlp([3, 2, 2], rng=0)
    model.layers[2].weight.value[0, 0] = np.nan
    with pytest.raises(
        ValueError, match=r"the weight of layer 2 contains NaN or inf \(did training diverge"
    ):
        save(model, tmp_path / "m.npz")
    assert not list(tmp_path.iterdir())
