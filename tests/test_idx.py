import gzip
import struct

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from glassnet.data import read_idx, write_idx
from glassnet.data.idx import parse_idx
from glassnet.errors import GlassnetError

DTYPES = [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64]


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_roundtrip_plain_and_gzip(tmp_path_factory, dtype, data):
    array = data.draw(arrays(dtype, array_shapes(min_dims=1, max_dims=3, max_side=5)))
    folder = tmp_path_factory.mktemp("idx")
    for name in ("a.idx", "a.idx.gz"):
        write_idx(folder / name, array)
        restored = read_idx(folder / name)
        assert restored.dtype == np.dtype(dtype)
        assert restored.shape == array.shape
        np.testing.assert_array_equal(restored, array)


def test_header_layout_is_the_mnist_format(tmp_path):
    write_idx(tmp_path / "labels.idx", np.array([5, 0, 4], dtype=np.uint8))
    assert (tmp_path / "labels.idx").read_bytes() == bytes([0, 0, 8, 1, 0, 0, 0, 3, 5, 0, 4])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x00\x00", "truncated IDX file .2 bytes, no header"),
        (b"\x00\x00\x08\x03\x00\x00", "header needs 16 bytes"),
        (b"\x01\x02\x08\x01\x00\x00\x00\x01\x00", "not an IDX file .bad magic number"),
        (b"\x00\x00\x07\x01\x00\x00\x00\x01\x00", "not an IDX file"),
        (
            bytes([0, 0, 8, 1, 0, 0, 0, 4, 1, 2]),
            "truncated IDX file .shape .4,. needs 4 data bytes, the file holds 2",
        ),
        (
            bytes([0, 0, 8, 1, 0, 0, 0, 1, 1, 2]),
            "corrupt IDX file .shape .1,. needs 1 data bytes, the file holds 2",
        ),
    ],
)
def test_damaged_files_are_named(tmp_path, raw, message):
    path = tmp_path / "bad.idx"
    path.write_bytes(raw)
    with pytest.raises(ValueError, match=message):
        read_idx(path)


def test_truncated_gzip_is_reported(tmp_path):
    write_idx(tmp_path / "ok.gz", np.arange(1000, dtype=np.int32))
    data = (tmp_path / "ok.gz").read_bytes()
    (tmp_path / "cut.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match=r"cut\.gz: corrupt or truncated gzip file"):
        read_idx(tmp_path / "cut.gz")


def test_corrupt_gzip_is_reported(tmp_path):
    payload = bytearray(gzip.compress(bytes([0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3])))
    payload[-6] ^= 0xFF  # break the CRC
    (tmp_path / "crc.gz").write_bytes(bytes(payload))
    with pytest.raises(ValueError, match="corrupt or truncated gzip"):
        read_idx(tmp_path / "crc.gz")


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(ValueError, match="cannot read IDX file"):
        read_idx(tmp_path / "nope.idx")


def test_parse_rejects_unsupported_arrays():
    with pytest.raises(ValueError, match="cannot store dtype"):
        write_idx("/tmp/never-written.idx", np.array([1 + 2j]))
    assert parse_idx(bytes([0, 0, 8, 1, 0, 0, 0, 0])).shape == (0,)


def test_reading_a_gzip_file_takes_about_the_array_s_memory(tmp_path):
    """Decompressed straight into the array: not the file's bytes, then a copy, as well."""
    import tracemalloc

    array = np.random.default_rng(0).integers(0, 256, size=(500, 28, 28), dtype=np.uint8)
    write_idx(tmp_path / "images.gz", array)
    tracemalloc.start()
    try:
        restored = read_idx(tmp_path / "images.gz")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(restored, array)
    assert peak < 1.5 * array.nbytes, f"peak {peak} bytes for a {array.nbytes}-byte array"


def _billion_images_header() -> bytes:
    """A 1 KB file whose header claims 10⁹ images of 28x28 (730 GiB)."""
    return bytes([0, 0, 8, 3]) + struct.pack(">3I", 10**9, 28, 28) + bytes(1008)


@pytest.mark.parametrize("compressed", [False, True])
def test_a_header_claiming_a_billion_images_fails_fast_and_small(tmp_path, compressed):
    """Checked against the data actually there before anything is allocated (issue 12)."""
    import tracemalloc

    raw = _billion_images_header()
    path = tmp_path / ("big.gz" if compressed else "big")
    path.write_bytes(gzip.compress(raw) if compressed else raw)
    tracemalloc.start()
    try:
        with pytest.raises(GlassnetError, match=rf"^{path}: truncated IDX file") as error:
            read_idx(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "needs 784,000,000,000 data bytes" in str(error.value)
    assert peak < 4_000_000, f"{peak} bytes to refuse a 1 KB file"


def test_a_gzip_file_with_more_data_than_its_header_is_refused(tmp_path):
    raw = bytes([0, 0, 8, 1, 0, 0, 0, 3]) + bytes(3 + 5000)
    (tmp_path / "long.gz").write_bytes(gzip.compress(raw))
    with pytest.raises(GlassnetError, match=r"long\.gz: corrupt IDX file \(more data after the 3"):
        read_idx(tmp_path / "long.gz")
