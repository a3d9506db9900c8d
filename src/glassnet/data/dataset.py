"""``Dataset``: a train/test split of raw inputs and labels, with its preprocessing."""

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from glassnet.data.preprocessing import Preprocessing


@dataclass
class Dataset:
    """A train/test split of raw inputs and integer labels, with its default preprocessing.

    ``X_*`` keep the stored values (uint8 pixels for image sets) so large sets need no
    float copy; ``preprocessing(X)`` turns them into network inputs.

    Attributes
    ----------
    name : str
        The dataset's name, e.g. ``"mnist"``.
    X_train : numpy.ndarray
        Training inputs (n_train, n_features), as stored.
    y_train : numpy.ndarray
        Training labels (n_train,), int64 in 0..n_classes-1.
    X_test : numpy.ndarray
        Test inputs (n_test, n_features).
    y_test : numpy.ndarray
        Test labels (n_test,).
    class_names : list of str
        A name for each class.
    preprocessing : BookScaling or Standardizer or RangeScaling
        Turns raw inputs into network inputs.
    image_shape : tuple of (int, int) or None
        (height, width) for image sets.
    description : str
        One line about the data and where it comes from.
    extra : dict of str to str
        Anything else worth saying (for example, which files were read).
    """

    name: str
    X_train: npt.NDArray[np.generic]
    y_train: npt.NDArray[np.int64]
    X_test: npt.NDArray[np.generic]
    y_test: npt.NDArray[np.int64]
    class_names: list[str]
    preprocessing: Preprocessing
    image_shape: tuple[int, int] | None = None
    description: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def n_features(self) -> int:
        """Number of inputs per sample."""
        return int(self.X_train.shape[1])

    @property
    def n_classes(self) -> int:
        """Number of classes."""
        return len(self.class_names)


def split(
    X: npt.NDArray[np.generic], y: npt.NDArray[np.int64], test_size: float
) -> tuple[
    npt.NDArray[np.generic], npt.NDArray[np.generic], npt.NDArray[np.int64], npt.NDArray[np.int64]
]:
    """A fixed, stratified split (seed 0), so results are comparable across runs and seeds."""
    from sklearn.model_selection import train_test_split

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=0
    )
    return X_train, X_test, y_train, y_test
