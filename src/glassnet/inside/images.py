"""Your own pictures as network inputs, prepared the way the book's part 3 prepares its own.

The book draws digits as 28x28 images, reads them in greyscale and inverts them, because
MNIST's ink is bright on a dark background: ``255 − pixel``, then the usual scaling to
0.01–1.0. An image that already has the model's size goes exactly that way. A larger
picture (a photo or scan of a digit on paper) is first made to look like the training
data: the paper becomes 0 and the darkest ink 1, the ink is cut out and scaled, keeping
its aspect ratio, to fill the middle 20x20 of 28x28 with its centre of mass in the
middle, as LeCun et al. prepared MNIST (UCI's 8x8 digits fill the whole box instead).
"""

import io
import os
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from glassnet._types import Array
from glassnet.data.preprocessing import BookScaling
from glassnet.errors import GlassnetError
from glassnet.files.model_file import ModelFile

INK_THRESHOLD = 0.2  # a pixel with less ink than this (0..1) is paper, for cropping
WORKING_SIZE = 1024  # larger pictures are shrunk to this many pixels on their longer side
# 8000x8000: more than a phone's photo of a digit; decoded as RGBA it takes 256 MB.
MAX_PIXELS = 64_000_000
MAX_FILE_BYTES = 256 << 20  # a 48-megapixel photo takes 25 MB, an 8000x8000 RGB TIFF 192 MB


@dataclass(frozen=True)
class Framing:
    """How a dataset placed its digits: the share of the image the ink's larger side fills,
    and what lands in the middle: the ink's centre of ``mass`` or its bounding ``box``."""

    fill: float
    centre: Literal["mass", "box"]


MNIST = Framing(20 / 28, "mass")  # 20x20 inside 28x28, centre of mass in the middle
FRAMINGS = {
    "mnist": MNIST,
    "fashion-mnist": MNIST,
    "digits": Framing(1.0, "box"),  # UCI's 8x8 digits fill their whole height
}


def read_image(path: str | os.PathLike[str]) -> Image.Image:
    """The image in ``path``, fully decoded, or a ``GlassnetError`` naming what is wrong with it.

    Animated images give their first frame. A picture of more than ``MAX_PIXELS`` is
    refused from its header, before Pillow allocates anything for it.
    """
    name = os.fspath(path)
    file = Path(path)
    if not file.is_file():
        raise GlassnetError(f"{name}: no such file" if not file.exists() else f"{name}: not a file")
    size = file.stat().st_size
    if size == 0:
        raise GlassnetError(f"{name}: empty file, not an image")
    if size > MAX_FILE_BYTES:
        raise GlassnetError(f"{name}: {size:,} bytes, too large for an image of a digit")
    try:
        # Pillow asks its file for as many bytes as a chunk's header claims (2 GB in a
        # damaged PNG): a real file allocates that much at once, bytes in memory do not.
        data = file.read_bytes()
    except OSError as error:
        raise GlassnetError(f"{name}: cannot read it ({error.strerror or error})") from None
    try:
        with warnings.catch_warnings():
            # Pillow warns (UserWarning) about damaged metadata it skips, such as corrupt
            # EXIF tags: the pixels are what counts. Between its size limit and twice
            # that it only warns about a bomb: a refusal here too.
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                _check_size(image, name)
                image.load()
                return ImageOps.exif_transpose(image)  # phone photos carry their rotation in EXIF
    except UnidentifiedImageError:
        raise GlassnetError(
            f"{name}: not an image that Pillow can read (PNG, JPEG, BMP, GIF, ...)"
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise GlassnetError(
            f"{name}: image too large to read safely (more than {MAX_PIXELS:,} pixels)"
        ) from None
    except GlassnetError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        raise GlassnetError(f"{name}: corrupt or truncated image ({error})") from None


def _check_size(image: Image.Image, name: str) -> None:
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise GlassnetError(
            f"{name}: image too large to read safely ({width}x{height} pixels; "
            f"at most {MAX_PIXELS:,})"
        )


def ink(image: Image.Image, shape: tuple[int, int], framing: Framing = MNIST) -> Array:
    """The picture as a ``shape`` array of ink (0 = paper, 1 = the darkest stroke).

    A picture of another size is cut to its ink and placed as ``framing`` says.
    Transparent parts count as white paper. Light pictures (dark ink on paper, the usual
    case) are inverted; dark ones (chalk on a blackboard, MNIST itself) are kept.
    """
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        background = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(background, image.convert("RGBA"))
    if max(image.size) > WORKING_SIZE and image.size != (shape[1], shape[0]):
        image = image.copy()  # a phone photo: shrink first, a digit needs no 12 megapixels
        image.thumbnail((WORKING_SIZE, WORKING_SIZE), Image.Resampling.BOX)
    grey = _grey(image)
    edge = _border(grey)
    values = 1.0 - grey if np.median(edge) > 0.5 else grey
    paper = _check_ink(values)
    if values.shape == tuple(shape):
        return values  # the book's own 28x28 drawings: inverted, nothing else
    return _frame(_normalise(values, paper), shape, framing)


def _grey(image: Image.Image) -> Array:
    """Brightness 0..1. 16-bit and float images keep their range (Pillow's "L" would clip)."""
    if image.mode.startswith(("I", "F")):
        values = np.asarray(image, dtype=np.float64)
        largest = values.max(initial=0.0)
        top = 65535.0 if largest > 255 else (255.0 if largest > 1 else 1.0)
        return np.clip(values / top, 0.0, 1.0)
    return np.asarray(image.convert("L"), dtype=np.float64) / 255.0


def _check_ink(values: Array) -> float:
    """The paper's level (the border's typical value); refuses a picture with no ink on it,
    which a network would still label (a blank 28x28 was once read as "5 31.4%")."""
    paper = float(np.median(_border(values)))
    if float(values.max()) - paper < 0.1:
        raise ValueError("the image shows no ink (it is blank or has almost no contrast)")
    return paper


def _normalise(values: Array, paper: float) -> Array:
    """Paper becomes 0 and the strongest ink 1."""
    strongest = float(values.max())
    scaled: Array = np.clip((values - paper) / (strongest - paper), 0.0, 1.0)
    return scaled


def _frame(values: Array, shape: tuple[int, int], framing: Framing) -> Array:
    """Crop to the ink, scale it keeping its aspect ratio, put its centre in the middle."""
    rows, columns = np.nonzero(values > INK_THRESHOLD)
    crop = values[rows.min() : rows.max() + 1, columns.min() : columns.max() + 1]
    height, width = shape
    scale = min(
        max(1, round(height * framing.fill)) / crop.shape[0],
        max(1, round(width * framing.fill)) / crop.shape[1],
    )
    size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
    # BOX averages the pixels each new pixel covers: MNIST's anti-aliasing, UCI's counts.
    resized = Image.fromarray(crop.astype(np.float32), mode="F").resize(size, Image.Resampling.BOX)
    box = np.clip(np.asarray(resized, dtype=np.float64), 0.0, 1.0)
    if framing.centre == "mass":
        centre_row, centre_column = _centre_of_mass(box)
    else:
        centre_row, centre_column = box.shape[0] / 2, box.shape[1] / 2
    top = int(np.clip(round(height / 2 - centre_row), 0, height - box.shape[0]))
    left = int(np.clip(round(width / 2 - centre_column), 0, width - box.shape[1]))
    result = np.zeros(shape)
    result[top : top + box.shape[0], left : left + box.shape[1]] = box
    return result


def _centre_of_mass(values: Array) -> tuple[float, float]:
    total = values.sum()
    if total == 0:
        return (values.shape[0] - 1) / 2, (values.shape[1] - 1) / 2
    rows, columns = np.indices(values.shape)
    return float((rows * values).sum() / total), float((columns * values).sum() / total)


def _border(values: Array) -> Array:
    return np.concatenate([values[0], values[-1], values[1:-1, 0], values[1:-1, -1]])


def image_inputs(path: str | os.PathLike[str], model: ModelFile) -> Array:
    """Raw pixels for ``model`` from an image file: its image shape, its pixel range.

    ``model.predict`` then applies the model's own preprocessing (the book's 0.01–1.0).
    """
    if model.image_shape is None:
        raise GlassnetError("the model was not trained on images (its file has no image shape)")
    try:
        framing = FRAMINGS.get(model.training.get("dataset", ""), MNIST)
        values = ink(read_image(path), model.image_shape, framing)
    except ValueError as error:
        name = os.fspath(path)
        raise GlassnetError(
            str(error) if str(error).startswith(name) else f"{name}: {error}"
        ) from None
    preprocessing = model.preprocessing
    top = preprocessing.max_value if isinstance(preprocessing, BookScaling) else 255.0
    return values.reshape(-1) * top
