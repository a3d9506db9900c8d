"""More training images from the ones we have: the book's rotated copies, shifts and noise.

The book (part 3) trains on each MNIST image plus two copies rotated by +10 and −10
degrees with ``scipy.ndimage.rotate(..., order=1, reshape=False)``; ``rotated_copies``
does exactly that, once, before training. ``random_transform`` instead draws a fresh
small rotation, shift and noise for every image in every epoch, so the network never
sees the same picture twice.

Images are rows of raw pixels (``image_shape`` tells how to fold them) whose
background is 0, as in MNIST and the bundled digits. Results keep the input's dtype
(uint8 pixels are rounded back to whole values, at most half a grey level from the
book's floating-point images) unless noise is added, which needs float32.
"""

import numpy as np
import numpy.typing as npt
from scipy import ndimage

Images = npt.NDArray[np.generic]
_CHUNK = 4096  # images rotated per call


def _check_images(images: Images, image_shape: tuple[int, int] | None) -> tuple[int, int]:
    if image_shape is None:
        raise ValueError("image augmentation needs image data (this dataset has no image shape)")
    height, width = image_shape
    if images.ndim != 2 or images.shape[1] != height * width:
        raise ValueError(
            f"images must have shape (n_samples, {height * width}) for {height}x{width} images, "
            f"got {images.shape}"
        )
    return height, width


def _like(values: npt.NDArray[np.floating], dtype: np.dtype[np.generic]) -> Images:
    """Float results back in the images' own dtype: integers rounded and clipped to range."""
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)  # type: ignore[type-var]
        rounded: Images = np.clip(np.rint(values), info.min, info.max).astype(dtype)
        return rounded
    same: Images = values.astype(dtype)
    return same


def rotated_copies(
    images: Images,
    labels: npt.NDArray[np.int64],
    image_shape: tuple[int, int] | None,
    degrees: float = 10.0,
) -> tuple[Images, npt.NDArray[np.int64]]:
    """The book's augmented set: each image, then it rotated by +degrees, then by −degrees.

    Interleaved in that order (image 0, 0 rotated +, 0 rotated −, image 1, ...), which is
    the order the book's loop trains on them. Returns the images and their labels.
    """
    height, width = _check_images(images, image_shape)
    if not 0 < degrees <= 180:
        raise ValueError(f"rotation must be between 0 and 180 degrees, got {degrees}")
    n = len(images)
    result = np.empty((n, 3, height * width), dtype=images.dtype)
    result[:, 0] = images
    for start in range(0, n, _CHUNK):  # a chunk at a time: no float copy of the whole set
        stack = images[start : start + _CHUNK].reshape(-1, height, width).astype(np.float32)
        for column, angle in ((1, degrees), (2, -degrees)):
            # axes=(2, 1) rotates every image of the stack in its own plane, like the book's
            # rotate(image.reshape(28, 28), angle, ...) one image at a time.
            rotated = ndimage.rotate(stack, angle, axes=(2, 1), reshape=False, order=1, cval=0.0)
            result[start : start + _CHUNK, column] = _like(
                rotated.reshape(len(stack), -1), images.dtype
            )
    return result.reshape(3 * n, height * width), np.repeat(labels, 3)


def random_transform(
    images: Images,
    image_shape: tuple[int, int] | None,
    rng: np.random.Generator,
    *,
    rotation: float = 0.0,
    shift: int = 0,
    noise: float = 0.0,
    max_value: float = 255.0,
) -> Images:
    """Each image rotated by a random angle in ±``rotation`` degrees about its centre,
    moved by a random whole number of pixels in ±``shift`` along each axis, and given
    Gaussian noise of standard deviation ``noise``·``max_value`` (clipped to 0..max_value).

    One linear interpolation per image (``scipy.ndimage.affine_transform``); the draws
    come from ``rng`` in a fixed order, so a seed fixes the result.
    """
    height, width = _check_images(images, image_shape)
    if not 0 <= rotation <= 180 or shift < 0 or not 0 <= noise <= 1:
        raise ValueError(
            f"need 0 <= rotation <= 180, shift >= 0 and 0 <= noise <= 1, got {rotation}, {shift}, {noise}"
        )
    n = len(images)
    result: npt.NDArray[np.floating] = images.astype(np.float32)
    if rotation or shift:
        angles = np.deg2rad(rng.uniform(-rotation, rotation, n))
        moves = rng.integers(-shift, shift + 1, size=(n, 2))
        centre = np.array([(height - 1) / 2, (width - 1) / 2])
        stack = result.reshape(n, height, width)
        for index in range(n):
            cos, sin = np.cos(angles[index]), np.sin(angles[index])
            # affine_transform maps each output pixel o to the input pixel M·o + offset:
            # a rotation about the centre, then the image moved by ``moves`` pixels.
            matrix = np.array([[cos, -sin], [sin, cos]])
            offset = centre - matrix @ (centre + moves[index])
            ndimage.affine_transform(
                stack[index].copy(), matrix, offset, output=stack[index], order=1, cval=0.0
            )
    if noise:
        result += rng.normal(0.0, noise * max_value, size=result.shape).astype(np.float32)
        np.clip(result, 0.0, max_value, out=result)
        return result
    return _like(result, images.dtype)
