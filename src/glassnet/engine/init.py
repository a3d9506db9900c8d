"""Weight initialisers: each returns a fresh ``(n_outputs, n_inputs)`` weight matrix.

The book's rule of thumb (Rashid, "Weight Initialization") samples from a normal
distribution whose spread is the inverse square root of the number of links into a
node; Glorot and He are the rules later work settled on for tanh and ReLU layers.
"""

from collections.abc import Callable

import numpy as np

from glassnet._types import Array

Initializer = Callable[[int, int, np.random.Generator], Array]


def book(n_inputs: int, n_outputs: int, rng: np.random.Generator) -> Array:
    """The book's N(0, n_in^-0.5): normal, standard deviation 1/sqrt(links into a node).

    Parameters
    ----------
    n_inputs : int
        Links into each node (the layer's inputs).
    n_outputs : int
        Nodes of the layer.
    rng : numpy.random.Generator
        Where the random numbers come from.

    Returns
    -------
    numpy.ndarray
        A float64 weight matrix (n_outputs, n_inputs).

    Examples
    --------
    >>> import numpy as np
    >>> from glassnet.engine.init import book
    >>> weight = book(784, 200, np.random.default_rng(0))
    >>> weight.shape, round(float(weight.std()), 3), round(784**-0.5, 3)
    ((200, 784), 0.036, 0.036)
    """
    return rng.normal(0.0, n_inputs**-0.5, size=(n_outputs, n_inputs))


def glorot(n_inputs: int, n_outputs: int, rng: np.random.Generator) -> Array:
    """Glorot/Xavier uniform: U(-a, a) with a = sqrt(6 / (n_in + n_out)); suits sigmoid/tanh.

    Parameters
    ----------
    n_inputs : int
        Links into each node (the layer's inputs).
    n_outputs : int
        Nodes of the layer.
    rng : numpy.random.Generator
        Where the random numbers come from.

    Returns
    -------
    numpy.ndarray
        A float64 weight matrix (n_outputs, n_inputs).
    """
    limit = np.sqrt(6.0 / (n_inputs + n_outputs))
    return rng.uniform(-limit, limit, size=(n_outputs, n_inputs))


def he(n_inputs: int, n_outputs: int, rng: np.random.Generator) -> Array:
    """He normal: N(0, sqrt(2 / n_in)); keeps ReLU activations from shrinking layer by layer.

    Parameters
    ----------
    n_inputs : int
        Links into each node (the layer's inputs).
    n_outputs : int
        Nodes of the layer.
    rng : numpy.random.Generator
        Where the random numbers come from.

    Returns
    -------
    numpy.ndarray
        A float64 weight matrix (n_outputs, n_inputs).
    """
    return rng.normal(0.0, np.sqrt(2.0 / n_inputs), size=(n_outputs, n_inputs))


def uniform(n_inputs: int, n_outputs: int, rng: np.random.Generator) -> Array:
    """The book's first, simpler choice: U(-0.5, 0.5) (``numpy.random.rand(...) - 0.5``).

    Parameters
    ----------
    n_inputs : int
        Links into each node (the layer's inputs).
    n_outputs : int
        Nodes of the layer.
    rng : numpy.random.Generator
        Where the random numbers come from.

    Returns
    -------
    numpy.ndarray
        A float64 weight matrix (n_outputs, n_inputs).
    """
    return rng.uniform(-0.5, 0.5, size=(n_outputs, n_inputs))


INITIALIZERS: dict[str, Initializer] = {
    "book": book,
    "glorot": glorot,
    "he": he,
    "uniform": uniform,
}


def get_initializer(name: str) -> Initializer:
    """Look an initialiser up by name, with a clear error for unknown names.

    Parameters
    ----------
    name : str
        ``"book"``, ``"glorot"``, ``"he"`` or ``"uniform"``.

    Returns
    -------
    callable
        The initialiser ``(n_inputs, n_outputs, rng) -> weight``.

    Raises
    ------
    ValueError
        For an unknown name, listing the known ones.
    """
    try:
        return INITIALIZERS[name]
    except KeyError:
        known = ", ".join(INITIALIZERS)
        raise ValueError(f"unknown initialiser {name!r}; choose one of: {known}") from None
