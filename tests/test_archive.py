"""Model files and checkpoints from untrusted bytes: checked before anything is allocated.

The cases issue 12 lists: a ``.npy`` header claiming 10¹² values, a 2 MB compressed file
holding an extra 2 GB of zeros, metadata fields of the wrong type, preprocessing that
would turn inputs into NaN; each refused with a ``GlassnetError`` naming the file, and
without reading what it refuses.
"""

import io
import json
import tracemalloc
import zipfile
import zlib

import numpy as np
import pytest

from glassnet import load, mlp, save
from glassnet.data import BookScaling
from glassnet.errors import GlassnetError
from glassnet.files import _archive

ZERO_CHUNK = bytes(1 << 22)


def _entries(path):
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _npy_header(shape, descr="<f8"):
    text = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape!r}, }}"
    text += " " * (63 - (10 + len(text)) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(text).to_bytes(2, "little") + text.encode()


def _rewrite(path, entries, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)


def _peak_bytes(action):
    """The most memory (bytes, as tracemalloc sees Python and NumPy) ``action`` used."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture
def model_path(tmp_path):
    save(mlp([3, 2, 2], rng=0), tmp_path / "model.npz", preprocessing=BookScaling(255.0))
    return tmp_path / "model.npz"


def test_a_header_claiming_a_trillion_values_is_refused_unread(model_path):
    entries = _entries(model_path)
    entries["layer0.weight.npy"] = _npy_header((10**12,)) + bytes(48)
    _rewrite(model_path, entries)

    def refused():
        with pytest.raises(GlassnetError, match=rf"^{model_path}: array layer0\.weight is"):
            load(model_path)

    assert _peak_bytes(refused) < 1_000_000


def test_a_header_matching_huge_metadata_is_refused_for_its_size(model_path):
    """Metadata and header agree on 10⁶x10⁶ weights: the archive entry holds 48 bytes."""
    entries = _entries(model_path)
    metadata = json.loads(entries["metadata.npy"][128:])
    metadata["layers"][0] |= {"n_inputs": 10**6, "n_outputs": 10**6}
    text = json.dumps(metadata).encode()
    entries["metadata.npy"] = _npy_header((len(text),), "|u1") + text
    entries["layer0.weight.npy"] = _npy_header((10**6, 10**6)) + bytes(48)
    _rewrite(model_path, entries)
    with pytest.raises(GlassnetError, match="needs 8,000,000,000,000 bytes of data"):
        load(model_path)


class _RepeatedZeros:
    """zlib's compressor, except that a chunk of zeros comes out as precomputed bytes.

    After a full flush deflate starts afresh, so every zero chunk compresses to the same
    bytes: 2 GB of zeros deflate in well under a second instead of several.
    """

    def __init__(self, real):
        fresh = real(9, zlib.DEFLATED, -15)
        self.zeros = fresh.compress(ZERO_CHUNK) + fresh.flush(zlib.Z_FULL_FLUSH)
        self.compressor = real(9, zlib.DEFLATED, -15)

    def compress(self, data):
        if data == ZERO_CHUNK:
            return self.zeros
        return self.compressor.compress(data) + self.compressor.flush(zlib.Z_FULL_FLUSH)

    def flush(self, mode=zlib.Z_FINISH):
        return self.compressor.flush(mode)


def test_a_2_mb_file_with_2_gb_of_extra_zeros_is_refused_unread(model_path, monkeypatch):
    """Issue 12: such a file took 2.1 GB before being refused as "unexpected arrays"."""
    real = zlib.compressobj
    monkeypatch.setattr(zlib, "compressobj", lambda *args: _RepeatedZeros(real))
    chunks = 477  # 477 x 4 MiB: 2.0 GB of float64 zeros
    with (
        zipfile.ZipFile(model_path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("extra.npy", "w", force_zip64=True) as entry,
    ):
        entry.write(_npy_header((chunks * len(ZERO_CHUNK) // 8,)))
        for _ in range(chunks):
            entry.write(ZERO_CHUNK)
    monkeypatch.undo()
    assert model_path.stat().st_size < 2_500_000

    def refused():
        with pytest.raises(GlassnetError, match=r"entry extra\.npy claims 2,000,683,136 bytes"):
            load(model_path)

    assert _peak_bytes(refused) < 2_000_000


def test_unexpected_arrays_are_refused_without_being_read(model_path, monkeypatch):
    entries = _entries(model_path)
    entries["extra.npy"] = (
        _npy_header((250_000,)) + np.random.default_rng(0).random(250_000).tobytes()
    )
    _rewrite(model_path, entries, zipfile.ZIP_DEFLATED)
    read = []
    original = _archive.Arrays._data
    monkeypatch.setattr(
        _archive.Arrays,
        "_data",
        lambda self, key, *rest: read.append(key) or original(self, key, *rest),
    )
    with pytest.raises(GlassnetError, match=r"unexpected arrays in the file: extra$"):
        load(model_path)
    assert "extra" not in read and "layer0.weight" in read


def test_metadata_over_its_limit_is_refused_unread(model_path, monkeypatch):
    monkeypatch.setattr(_archive, "MAX_METADATA_BYTES", 100)
    with pytest.raises(GlassnetError, match=r"metadata of \d+ bytes is over the limit of 100"):
        load(model_path)


def _with_metadata(path, change):
    entries = _entries(path)
    metadata = json.loads(entries["metadata.npy"][128:])
    change(metadata)
    text = json.dumps(metadata).encode()
    entries["metadata.npy"] = _npy_header((len(text),), "|u1") + text
    _rewrite(path, entries)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update(format=["glassnet-model"]), "not a glassnet model file"),
        (lambda m: m.update(format={"a": 1}), "not a glassnet model file"),
        (lambda m: m["layers"][1].update(type={"a": 1}), "unknown layer type"),
        (lambda m: m["layers"][0].update(n_inputs=3.0), "corrupt description of layer 0"),
        (lambda m: m["layers"][0].update(n_inputs=1e308), "corrupt description of layer 0"),
        (lambda m: m["layers"][0].update(n_inputs=True), "corrupt description of layer 0"),
        (lambda m: m["layers"][0].update(bias="yes"), "corrupt description of layer 0"),
        (lambda m: m.update(kind=["book"]), "unknown kind"),
        (lambda m: m.update(image_shape=[1.5, 2]), "image_shape"),
        (lambda m: m.update(training={"dataset": ["mnist"]}), "training dataset is list"),
        (lambda m: m.update(training={"history": [{"epoch": 1e308}]}), "training history"),
        (lambda m: m.update(preprocessing={"kind": ["range"]}), "unknown preprocessing"),
        (lambda m: m.update(learning_rate=True), "learning_rate must be a positive number"),
    ],
)
def test_metadata_fields_of_the_wrong_type_are_refused(model_path, change, message):
    _with_metadata(model_path, change)
    with pytest.raises(GlassnetError, match=message) as error:
        load(model_path)
    assert str(error.value).startswith(str(model_path))


@pytest.mark.parametrize(
    "preprocessing",
    [
        {"kind": "book-scaling", "max_value": 0},
        {"kind": "book-scaling", "max_value": -255},
        {"kind": "book-scaling", "max_value": "255"},
        {"kind": "standardize", "mean": [0, float("-inf"), 0], "scale": [1, 1, 1]},
        {"kind": "standardize", "mean": [0, 0, 0], "scale": [1, 0, 1]},
        {"kind": "standardize", "mean": [0, 0, 0], "scale": 5e-324},
        {"kind": "standardize", "mean": [[0, 0, 0]], "scale": [1, 1, 1]},
        {"kind": "range", "low": [0, 0, 0], "high": [1, 0, 1]},
        {"kind": "range", "low": -1e308, "high": 1e308},
        {"kind": "range", "low": [0, 0, float("nan")], "high": [1, 1, 1]},
    ],
)
def test_preprocessing_that_would_give_nan_is_refused_at_load(model_path, preprocessing):
    """Issue 12: these were accepted and failed only at predict time."""
    _with_metadata(model_path, lambda m: m.update(preprocessing=preprocessing))
    with pytest.raises(GlassnetError, match=rf"^{model_path}: corrupt metadata \(invalid"):
        load(model_path)


def test_an_entry_claiming_more_than_its_compressed_size_allows_is_refused(model_path):
    with zipfile.ZipFile(model_path) as archive:
        infos = archive.infolist()
    data = bytearray(model_path.read_bytes())
    # Say in the central directory that the first entry unpacks to 10⁹ bytes.
    central = data.index(b"PK\x01\x02")  # the first entry's central directory record
    data[central + 24 : central + 28] = (10**9).to_bytes(4, "little")
    model_path.write_bytes(bytes(data))
    with pytest.raises(GlassnetError, match=rf"entry {infos[0].filename} claims 1,000,000,000"):
        load(model_path)


def test_a_fortran_ordered_array_reads_as_itself(model_path):
    """NumPy writes column-major arrays with ``fortran_order``: still the same values."""
    original = load(model_path).network.dense_layers[0].weight.value
    entries = _entries(model_path)
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.asfortranarray(original))
    entries["layer0.weight.npy"] = buffer.getvalue()
    assert b"'fortran_order': True" in entries["layer0.weight.npy"]
    _rewrite(model_path, entries)
    np.testing.assert_array_equal(load(model_path).network.dense_layers[0].weight.value, original)


@pytest.mark.parametrize("name", ["a\nb.npy", "x" * 300 + ".npy"])
def test_entries_with_unprintable_or_overlong_names_are_refused(model_path, name):
    """Names end up in the one-line message: a newline or 64 KB of name would break it."""
    entries = _entries(model_path)
    entries[name] = entries["layer0.bias.npy"]
    _rewrite(model_path, entries)
    with pytest.raises(GlassnetError, match="name is unprintable or too long") as error:
        load(model_path)
    assert "\n" not in str(error.value)
