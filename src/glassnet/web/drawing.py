"""From a drawing to the image a network sees: the book's "your own handwriting" steps.

The book tests its MNIST network on photographed digits by making them greyscale,
28x28, inverted (ink bright, paper dark) and scaled to 0.01–1.0. A digit drawn on a
canvas also needs what the datasets did to their digits before that: MNIST fitted each
digit into a 20x20 box keeping its aspect ratio and centred its centre of mass in 28x28;
scikit-learn's 8x8 digits (UCI optdigits) were scaled to fill a 32x32 frame and counted
in 4x4 blocks, so they fill all 8 rows. Both were written with pens whose strokes are a
fixed share of the digit's height, so a thin stroke is thickened to that share first.

``glassnet.inside.images`` prepares image files for ``glassnet predict`` along the same lines,
but it does not thicken strokes, scale the ink to full strength or place the digit to a
quarter pixel, and it centres an 8x8 digit by its bounding box. Canvas strokes need these:
the quick digits model misreads 6 of the web tests' 24 strokes (4 digits, pens 4–18 px,
two sizes) prepared by ``images``, and none prepared here.
"""

import base64
import binascii
import io
import struct
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image, UnidentifiedImageError
from scipy import ndimage

from glassnet._types import Array

MAX_SIDE = 1024  # pixels; a drawing or photo larger than this is refused, not resized
MIN_SIDE = 8
DECODE_SIDE = 512  # larger images are decoded at a half or less: a digit needs far fewer pixels
_FINE = 4  # working resolution, in sub-pixels per pixel of the frame
_WORK_SIDE = 160  # pixels: the longest side a drawing is worked on at


@dataclass(frozen=True)
class DigitFormat:
    """How a dataset's digits sit in their frame: box the digit is fitted into, stroke width."""

    shape: tuple[int, int]
    box: int  # the digit's longer side, in pixels of the frame
    stroke: float  # stroke width as a share of the digit's longer side
    max_value: float  # raw value of full ink (255 for MNIST, 16 for the 8x8 digits)


def digit_format(shape: tuple[int, int], max_value: float = 255.0) -> DigitFormat:
    """The format of a model's images: MNIST's for 28x28, optdigits' for 8x8, else MNIST-like."""
    if shape == (8, 8):
        return DigitFormat(shape, 8, 0.19, max_value)
    # MNIST's 20-in-28 box, scaled to other frame sizes.
    return DigitFormat(shape, max(1, round(min(shape) * 20 / 28)), 0.13, max_value)


def decode_image(data_url: str) -> Array:
    """A ``data:image/...;base64,`` URL (PNG, JPEG, ...) as greyscale 0–255, paper white.

    Images over ``DECODE_SIDE`` pixels a side come back reduced by a whole factor (block
    averages; JPEGs are decoded at that scale), so a request's buffers stay small: a
    1024² photo is never held as 1024² floats.
    """
    header, comma, payload = data_url.partition(",")
    if not comma or not header.startswith("data:image/") or not header.endswith(";base64"):
        raise ValueError("image must be a data URL like 'data:image/png;base64,...'")
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("image is not valid base64") from None
    try:
        with Image.open(io.BytesIO(raw)) as image:
            check_size(image.width, image.height)
            factor = -(-max(image.size) // DECODE_SIDE)
            if factor > 1 and image.format == "JPEG":
                image.draft("RGB", (image.width // factor, image.height // factor))
            # Transparent parts are paper: composite onto white before dropping alpha.
            rgba = image.convert("RGBA")
    except (  # what Pillow's decoders raise on damaged data (ValueErrors pass as they are)
        UnidentifiedImageError,
        OSError,
        EOFError,
        SyntaxError,
        struct.error,
        Image.DecompressionBombError,
        # Pillow warns above its limit and errs at twice it; check_size refuses both anyway,
        # and where warnings are errors (the tests) the warning arrives as an exception.
        Image.DecompressionBombWarning,
    ):
        raise ValueError("image could not be decoded (not a PNG, JPEG, GIF or WebP)") from None
    factor = -(-max(rgba.size) // DECODE_SIDE)
    if factor > 1:
        rgba = rgba.reduce(factor)
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    grey = Image.alpha_composite(paper, rgba).convert("L")
    return np.asarray(grey, dtype=np.float64)


def check_size(width: int, height: int) -> None:
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise ValueError(
            f"image is {width}x{height} pixels; each side must be {MIN_SIDE}–{MAX_SIDE}"
        )


def check_pixels(pixels: npt.ArrayLike) -> Array:
    """A greyscale picture given as rows of numbers 0–255 (paper 255, ink 0), validated."""
    try:
        array = np.asarray(pixels, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):  # OverflowError: 400-digit numbers
        raise ValueError("pixels must be a list of rows of equal length, of numbers") from None
    if array.ndim != 2:
        raise ValueError(f"pixels must be a 2-D list of rows, got {array.ndim} dimension(s)")
    check_size(array.shape[1], array.shape[0])
    if not np.all(np.isfinite(array)):
        raise ValueError("pixels contain NaN or infinity")
    if array.min() < 0 or array.max() > 255:
        raise ValueError("pixels must be greyscale values from 0 (ink) to 255 (paper)")
    return array


def to_digit(grey: Array, fmt: DigitFormat) -> Array:
    """Greyscale picture (paper light) → raw digit image in ``fmt`` (ink bright, 0..max_value)."""
    return fit(working_ink(grey), fmt)


def working_ink(grey: Array) -> Array:
    """The ink of a greyscale picture, 0–1, cropped to it at most ``_WORK_SIDE`` pixels a side."""
    ink = 255.0 - grey
    # Paper in a photo is not pure white: take the typical (median) pixel as background.
    background = float(np.median(ink[::4, ::4]))  # every 16th pixel is plenty for a median
    peak = float(ink.max())
    if peak - background < 32:
        raise ValueError("the image is blank: draw a digit first")
    ink = _working_crop(np.clip((ink - background) / (peak - background), 0.0, 1.0))
    if not np.any(ink > 0.5):  # a few specks far apart, averaged away at the working size
        raise ValueError("too little ink to read: draw the digit larger or with a thicker pen")
    return ink


def scattered(ink: Array) -> float:
    """The share of the ink outside its four largest connected pieces.

    Written digits are one to four strokes (a 4 or a 5 may lift the pen): 0 for every
    test stroke. Random noise is thousands of specks: about 0.99.
    """
    pieces, count = ndimage.label(ink > 0.5)
    sizes = np.sort(np.bincount(pieces.ravel())[1:])[::-1]
    return float(1.0 - sizes[:4].sum() / sizes.sum()) if count else 0.0


def fit(ink: Array, fmt: DigitFormat) -> Array:
    """Working ink → the digit as the dataset's format has it: thickened, fitted, centred."""
    mask = ink > 0.5
    rows, cols = np.nonzero(mask)
    ink = _thicken(ink, mask, fmt.stroke * max(np.ptp(rows) + 1, np.ptp(cols) + 1))
    rows, cols = np.nonzero(ink > 0.1)
    crop = ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    # Work at 4x the frame's resolution, then average 4x4 blocks (as optdigits counted its
    # 32x32 bitmaps in 4x4 blocks): positions and stroke widths keep quarter-pixel detail.
    fine = (fmt.shape[0] * _FINE, fmt.shape[1] * _FINE)
    scale = fmt.box * _FINE / max(crop.shape)
    height = min(fine[0], max(1, round(crop.shape[0] * scale)))
    width = min(fine[1], max(1, round(crop.shape[1] * scale)))
    small = Image.fromarray(crop.astype(np.float32), mode="F").resize(
        (width, height), Image.Resampling.BOX
    )
    frame = _centre(np.asarray(small, dtype=np.float64), fine)
    digit: Array = frame.reshape(fmt.shape[0], _FINE, fmt.shape[1], _FINE).mean(axis=(1, 3))
    return digit * (fmt.max_value / float(digit.max()))


def _working_crop(ink: Array) -> Array:
    """The ink's bounding box with room to thicken, at most ``_WORK_SIDE`` pixels a side.

    Distance transforms cost time per pixel: a digit needs ~150 pixels, not a photo's 1000.
    """
    rows, cols = np.nonzero(ink > 0.1)
    margin = 2 + (max(np.ptp(rows), np.ptp(cols)) + 1) // 4  # thickening grows strokes this much
    top, left = max(0, rows.min() - margin), max(0, cols.min() - margin)
    crop = ink[top : rows.max() + margin + 1, left : cols.max() + margin + 1]
    scale = _WORK_SIDE / max(crop.shape)
    if scale >= 1:
        return crop
    size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
    small = Image.fromarray(crop.astype(np.float32), mode="F").resize(size, Image.Resampling.BOX)
    return np.asarray(small, dtype=np.float64)


def _thicken(ink: Array, mask: npt.NDArray[np.bool_], target: float) -> Array:
    """Widen strokes thinner than ``target`` pixels (never thin them)."""
    inside = ndimage.distance_transform_edt(mask)
    # A band of width w has inner distances spread over 1..w/2: mean ≈ w/4 + 1/2.
    width = 4.0 * (float(inside[mask].mean()) - 0.5)
    grow = (target - width) / 2.0
    if grow < 0.5:
        return ink
    outside = ndimage.distance_transform_edt(~mask)
    thick: Array = np.maximum(ink, (outside <= grow).astype(np.float64))
    return thick


def _centre(small: Array, shape: tuple[int, int]) -> Array:
    """Place ``small`` in a frame of ``shape`` with its centre of mass in the middle."""
    frame = np.zeros(shape)
    mass_row, mass_col = ndimage.center_of_mass(small)
    top = round(shape[0] / 2 - 0.5 - mass_row)
    left = round(shape[1] / 2 - 0.5 - mass_col)
    top = min(max(top, 0), shape[0] - small.shape[0])
    left = min(max(left, 0), shape[1] - small.shape[1])
    frame[top : top + small.shape[0], left : left + small.shape[1]] = small
    return frame
