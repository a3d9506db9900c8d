import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from glassnet import ModelFile, mlp
from glassnet.data import BookScaling, load_dataset
from glassnet.errors import GlassnetError
from glassnet.inside.images import MNIST, Framing, image_inputs, ink, read_image
from tests._trained import digits_model, mnist_model


def _image_model(shape=(28, 28), dataset="mnist"):
    n_inputs = shape[0] * shape[1]
    return ModelFile(
        mlp([n_inputs, 5, 10], rng=0),
        BookScaling(255.0),
        [str(i) for i in range(10)],
        shape,
        training={"dataset": dataset},
    )


def test_an_image_of_the_models_size_is_the_books_part_3(tmp_path):
    """The book: img_data = 255 − pixels, then /255·0.99 + 0.01; nothing else."""
    pixels = np.random.default_rng(0).integers(0, 256, (28, 28), dtype=np.uint8)
    pixels[0] = 0  # a light border: dark ink on paper, so it is inverted
    Image.fromarray(255 - pixels).save(tmp_path / "drawn.png")
    model = _image_model()
    raw = image_inputs(tmp_path / "drawn.png", model)
    np.testing.assert_allclose(raw, pixels.reshape(-1), atol=1e-9)
    book = (255.0 - np.asarray(Image.open(tmp_path / "drawn.png"), dtype=float)) / 255 * 0.99 + 0.01
    np.testing.assert_allclose(model.inputs(raw)[0], book.reshape(-1), atol=1e-12)


def test_bright_ink_on_dark_is_kept_and_transparency_is_paper(tmp_path):
    pixels = np.zeros((28, 28), dtype=np.uint8)
    pixels[5:20, 12:15] = 255
    Image.fromarray(pixels).save(tmp_path / "chalk.png")
    np.testing.assert_array_equal(
        image_inputs(tmp_path / "chalk.png", _image_model()), pixels.reshape(-1)
    )
    rgba = np.zeros((28, 28, 4), dtype=np.uint8)  # transparent black everywhere ...
    rgba[5:20, 12:15] = (0, 0, 0, 255)  # ... except an opaque black stroke
    Image.fromarray(rgba, "RGBA").save(tmp_path / "transparent.png")
    np.testing.assert_allclose(
        image_inputs(tmp_path / "transparent.png", _image_model()), pixels.reshape(-1), atol=1e-9
    )


def test_a_large_picture_is_cut_fitted_and_centred_like_mnist(tmp_path):
    picture = np.full((300, 400), 210, dtype=np.uint8)  # grey paper
    picture[40:200, 300:340] = 20  # a tall stroke near the right edge: 160x40 pixels
    values = ink(Image.fromarray(picture), (28, 28), MNIST)
    rows, columns = np.nonzero(values > 0.5)
    assert rows.max() - rows.min() + 1 == 20  # its larger side fills MNIST's 20 pixels
    assert columns.max() - columns.min() + 1 == 5  # keeping the aspect ratio (160:40)
    total = values.sum()
    centre = ((np.indices(values.shape) * values).sum(axis=(1, 2)) / total).round()
    np.testing.assert_array_equal(centre, [14, 14])  # centre of mass in the middle
    assert values.max() == pytest.approx(1.0) and values.min() == 0.0
    boxed = ink(Image.fromarray(picture), (8, 8), Framing(1.0, "box"))
    assert np.count_nonzero(boxed.max(axis=1) > 0.5) == 8  # UCI digits fill the height


def _scanned(pixels, top, rng):
    """A digit as a user might scan it: 20x larger, dark on grey paper, off-centre."""
    big = np.kron(pixels / top, np.ones((20, 20)))
    paper = np.zeros((big.shape[0] + 100, big.shape[1] + 140))
    row, column = rng.integers(0, 100), rng.integers(0, 140)
    paper[row : row + big.shape[0], column : column + big.shape[1]] = big
    return Image.fromarray((225 - paper * 190).astype(np.uint8))


@pytest.mark.parametrize("name", ["digits", "mnist"])
def test_scanned_test_images_get_the_labels_of_the_originals(tmp_path, name, request):
    if name == "mnist":
        request.getfixturevalue("mnist_dir")
        model = mnist_model()
    else:
        model = digits_model()
    dataset = load_dataset(name, download=False)
    rng = np.random.default_rng(0)
    top = dataset.preprocessing.max_value
    agree = 0
    for index in range(60):
        pixels = dataset.X_test[index].reshape(dataset.image_shape)
        _scanned(pixels, top, rng).save(tmp_path / "scan.png")
        raw = image_inputs(tmp_path / "scan.png", model)
        agree += model.predict(raw).argmax() == model.predict(dataset.X_test[index]).argmax()
    # MNIST was made exactly this way (20x20, centre of mass), so nearly all come back;
    # UCI's 8x8 digits were placed less regularly.
    assert agree / 60 >= (0.95 if name == "mnist" else 0.85)


def test_phone_photos_are_turned_upright(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    Image.new("L", (40, 30), 255).save(tmp_path / "photo.jpg", exif=exif)
    assert read_image(tmp_path / "photo.jpg").size == (30, 40)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file, not an image"),
        (b"hello, not a picture", "not an image that Pillow can read"),
        ("truncated", "corrupt or truncated image"),
        ("blank", "the image shows no ink"),
        ("white 28x28", "the image shows no ink"),  # the model's own size: read as is
        ("black 28x28", "the image shows no ink"),
    ],
)
def test_bad_images_are_refused_with_the_file_name(tmp_path, content, message):
    path = tmp_path / "bad.png"
    if content == "truncated":
        Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64), np.uint8)).save(path)
        path.write_bytes(path.read_bytes()[:-300])
    elif content == "blank":
        Image.new("L", (64, 64), 240).save(path)
    elif isinstance(content, str) and content.endswith("28x28"):
        Image.new("L", (28, 28), 255 if content.startswith("white") else 0).save(path)
    else:
        path.write_bytes(content)
    with pytest.raises(ValueError, match=f"^{path}: {message}"):
        image_inputs(path, _image_model())


def test_missing_files_folders_and_non_image_models_are_refused(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        image_inputs(tmp_path / "missing.png", _image_model())
    with pytest.raises(ValueError, match="not a file"):
        image_inputs(tmp_path, _image_model())
    Image.new("L", (8, 8)).save(tmp_path / "x.png")
    with pytest.raises(ValueError, match="not trained on images"):
        image_inputs(tmp_path / "x.png", ModelFile(mlp([4, 3], rng=0)))


def test_sixteen_bit_scans_keep_their_ink(tmp_path):
    scan = np.full((60, 60), 60000, dtype=np.uint16)  # 16-bit paper
    scan[10:50, 28:34] = 3000  # a dark stroke
    Image.fromarray(scan).save(tmp_path / "scan16.png")
    values = ink(read_image(tmp_path / "scan16.png"), (28, 28))
    rows = np.nonzero(values.max(axis=1) > 0.5)[0]
    assert rows.max() - rows.min() + 1 == 20  # not clipped to white: the stroke is found


def _stroke(size=(60, 48)):
    picture = np.full(size, 255, dtype=np.uint8)
    picture[10:50, 20:26] = 0
    return picture


@pytest.mark.parametrize(
    ("mode", "suffix", "options"),
    [
        ("P", "png", {}),
        ("P", "png", {"transparency": 255}),  # a palette whose paper entry is transparent
        ("I;16", "png", {}),
        ("CMYK", "jpg", {"quality": 95}),
        ("1", "tiff", {}),
        ("LA", "png", {}),
    ],
)
def test_other_modes_read_as_the_same_greyscale_digit(tmp_path, mode, suffix, options):
    """Palette, 16-bit, CMYK, bilevel, grey+alpha: each gives the plain greyscale's inputs."""
    picture = _stroke()
    Image.fromarray(picture).save(tmp_path / "plain.png")
    if mode == "I;16":
        image = Image.fromarray(picture.astype(np.uint16) * 257)
    else:
        image = Image.fromarray(picture).convert(mode)
    image.save(tmp_path / f"other.{suffix}", **options)
    # Older Pillow (10.1, our lowest) opens a 16-bit grey PNG as 32-bit "I"; both reach the same pixels.
    sixteen_bit = ("I;16", "I")
    assert read_image(tmp_path / f"other.{suffix}").mode in (
        sixteen_bit if mode == "I;16" else (mode,)
    )
    model = _image_model()
    plain = image_inputs(tmp_path / "plain.png", model)
    other = image_inputs(tmp_path / f"other.{suffix}", model)
    tolerance = 8.0 if suffix == "jpg" else 1e-6  # JPEG's loss, in 0..255 pixel units
    np.testing.assert_allclose(other, plain, atol=tolerance)


def test_an_animated_gif_gives_its_first_frame(tmp_path):
    first, second = Image.fromarray(_stroke()), Image.fromarray(_stroke().T.copy())
    first.save(tmp_path / "anim.gif", save_all=True, append_images=[second.convert("L")])
    first.save(tmp_path / "first.png")
    model = _image_model()
    np.testing.assert_allclose(
        image_inputs(tmp_path / "anim.gif", model), image_inputs(tmp_path / "first.png", model)
    )


def _png_claiming(width, height):
    """A PNG whose header claims ``width``x``height`` pixels but holds 1 KB of data."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(1000)))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "size",
    [
        (9000, 9000),  # over our limit: refused from the header
        (10_000, 10_000),  # past Pillow's own limit, where it only warns
        (200_000, 200_000),  # past twice Pillow's limit, where it refuses too
    ],
)
def test_decompression_bombs_are_refused_from_their_header(tmp_path, size):
    import tracemalloc

    path = tmp_path / "bomb.png"
    path.write_bytes(_png_claiming(*size))
    tracemalloc.start()
    try:
        with pytest.raises(GlassnetError, match=rf"^{path}: image too large to read safely"):
            image_inputs(path, _image_model())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_a_bomb_is_one_line_and_exit_2_for_predict(tmp_path):
    from glassnet import save
    from tests.test_cli import run_cli

    save(_image_model(), tmp_path / "model.npz")
    (tmp_path / "bomb.png").write_bytes(_png_claiming(10_000, 10_000))
    result = run_cli("predict", str(tmp_path / "model.npz"), str(tmp_path / "bomb.png"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "image too large to read safely" in result.stderr
