"""Accuracy and the confusion matrix."""

import numpy as np
import numpy.typing as npt

from glassnet._checks import check_labels


def labels_from_outputs(outputs: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """The class a network's outputs (or one-hot targets) stand for.

    Several outputs: the largest one (the book's ``numpy.argmax``). One output: 1 when it
    is above 0.5, as for the infographic's pass/fail node.

    Parameters
    ----------
    outputs : array_like
        Outputs or targets (n_samples, n_outputs), or labels already (n_samples,).

    Returns
    -------
    numpy.ndarray
        One int64 label per sample.
    """
    array = np.asarray(outputs)
    if array.ndim == 1:
        return array.astype(np.int64)
    if array.shape[1] == 1:
        return (array[:, 0] > 0.5).astype(np.int64)
    labels: npt.NDArray[np.int64] = np.argmax(array, axis=1).astype(np.int64)
    return labels


def accuracy(predicted: npt.ArrayLike, expected: npt.ArrayLike) -> float:
    """Share of samples whose predicted class equals the expected one.

    Parameters
    ----------
    predicted : array_like
        Class labels (n_samples,) or outputs (n_samples, n_outputs).
    expected : array_like
        Class labels (n_samples,) or one-hot targets (n_samples, n_outputs).

    Returns
    -------
    float
        Between 0 and 1.

    Raises
    ------
    ValueError
        When the two hold different numbers of samples, or none.

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.accuracy([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]], [0, 1, 1])
    0.6666666666666666
    """
    predicted_labels = labels_from_outputs(predicted)
    expected_labels = labels_from_outputs(expected)
    if predicted_labels.shape != expected_labels.shape:
        raise ValueError(
            f"accuracy needs as many predictions as expected labels, "
            f"got {len(predicted_labels)} and {len(expected_labels)}"
        )
    if len(expected_labels) == 0:
        raise ValueError("accuracy of zero samples is undefined")
    return float(np.mean(predicted_labels == expected_labels))


def confusion_matrix(
    expected: npt.ArrayLike, predicted: npt.ArrayLike, n_classes: int | None = None
) -> npt.NDArray[np.int64]:
    """Counts ``matrix[true_class, predicted_class]``; rows are what the samples really are.

    Parameters
    ----------
    expected : array_like
        True labels (n_samples,) or one-hot targets.
    predicted : array_like
        Predicted labels (n_samples,) or outputs.
    n_classes : int or None
        The matrix's size; by default one more than the largest label seen.

    Returns
    -------
    numpy.ndarray
        int64 counts (n_classes, n_classes); each row sums to that class's samples.

    Raises
    ------
    ValueError
        When the two hold different numbers of samples, or a label is outside
        0..n_classes-1.

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2])
    array([[1, 0, 0],
           [0, 1, 1],
           [0, 0, 1]])
    """
    expected_labels = labels_from_outputs(expected)
    predicted_labels = labels_from_outputs(predicted)
    if expected_labels.shape != predicted_labels.shape:
        raise ValueError("confusion_matrix needs as many predictions as expected labels")
    if n_classes is None:
        n_classes = int(max(expected_labels.max(initial=0), predicted_labels.max(initial=0))) + 1
    check_labels(expected_labels, n_classes, "expected labels")
    check_labels(predicted_labels, n_classes, "predicted labels")
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(matrix, (expected_labels, predicted_labels), 1)
    return matrix
