import numpy as np
import pytest

from glassnet import accuracy, confusion_matrix
from glassnet.engine.metrics import labels_from_outputs


def test_accuracy_from_labels_and_outputs():
    assert accuracy([0, 1, 2, 2], [0, 1, 1, 2]) == 0.75
    outputs = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
    assert accuracy(outputs, [0, 1, 1]) == pytest.approx(2 / 3)
    assert accuracy(np.array([[0.7], [0.2]]), [1, 0]) == 1.0


def test_labels_from_outputs_threshold_and_argmax():
    np.testing.assert_array_equal(labels_from_outputs(np.array([[0.51], [0.5]])), [1, 0])
    np.testing.assert_array_equal(labels_from_outputs(np.array([[0.1, 0.3, 0.2]])), [1])


def test_confusion_matrix_rows_are_true_classes():
    matrix = confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], n_classes=3)
    np.testing.assert_array_equal(matrix, [[1, 1, 0], [0, 1, 0], [1, 0, 1]])
    assert matrix.sum() == 5


def test_metrics_reject_mismatched_or_bad_labels():
    with pytest.raises(ValueError, match="as many predictions"):
        accuracy([0, 1], [0, 1, 1])
    with pytest.raises(ValueError, match=r"label 5 is out of range 0\.\.2"):
        confusion_matrix([0, 5], [0, 1], n_classes=3)
    with pytest.raises(ValueError, match="zero samples"):
        accuracy(np.zeros(0, dtype=int), np.zeros(0, dtype=int))
