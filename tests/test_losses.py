import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from glassnet import BinaryCrossEntropy, CrossEntropy, Sigmoid, Softmax, SquaredError
from glassnet.engine.gradcheck import numerical_gradient
from glassnet.engine.losses import get_loss

probabilities = arrays(np.float64, (4, 3), elements=st.floats(0.02, 0.98))
targets = arrays(np.float64, (4, 3), elements=st.floats(0.0, 1.0))


@pytest.mark.parametrize("loss", [SquaredError(), BinaryCrossEntropy(), CrossEntropy()])
@given(predicted=probabilities, target=targets)
def test_gradient_matches_numerical(loss, predicted, target):
    numeric = numerical_gradient(lambda: loss.value(predicted, target), predicted, step=1e-7)
    np.testing.assert_allclose(loss.gradient(predicted, target), numeric, atol=1e-5)


@given(
    logits=arrays(np.float64, (4, 1), elements=st.floats(-8, 8)),
    target=arrays(np.float64, (4, 1), elements=st.sampled_from([0.0, 1.0])),
)
def test_sigmoid_with_bce_delta_is_yhat_minus_y(logits, target):
    """The infographic: with a sigmoid output, dE/dz = ŷ − y (per sample, averaged over m)."""
    sigmoid, loss = Sigmoid(), BinaryCrossEntropy()
    predicted = sigmoid.forward(logits)
    chained = sigmoid.backward(loss.gradient(predicted, target))
    fused = loss.delta(predicted, target)
    np.testing.assert_allclose(fused, (predicted - target) / len(target))
    np.testing.assert_allclose(chained, fused, atol=1e-9)


@given(
    logits=arrays(np.float64, (3, 4), elements=st.floats(-8, 8)),
    target=arrays(np.float64, (3, 4), elements=st.floats(0, 1)),
)
def test_softmax_with_cross_entropy_delta_matches_chain(logits, target):
    softmax, loss = Softmax(), CrossEntropy()
    predicted = softmax.forward(logits)
    chained = softmax.backward(loss.gradient(predicted, target))
    np.testing.assert_allclose(loss.delta(predicted, target), chained, atol=1e-8)


def test_squared_error_is_half_sum_per_sample_averaged_over_batch():
    predicted = np.array([[0.2, 0.9], [0.5, 0.5]])
    target = np.array([[0.0, 1.0], [1.0, 0.0]])
    expected = (0.5 * (0.04 + 0.01) + 0.5 * (0.25 + 0.25)) / 2
    assert SquaredError().value(predicted, target) == pytest.approx(expected)
    np.testing.assert_allclose(SquaredError().gradient(predicted, target), (predicted - target) / 2)


def test_binary_cross_entropy_value_is_the_infographics_formula():
    predicted = np.array([[0.8], [0.3], [0.6]])
    target = np.array([[1.0], [0.0], [1.0]])
    expected = -np.mean(target * np.log(predicted) + (1 - target) * np.log(1 - predicted))
    assert BinaryCrossEntropy().value(predicted, target) == pytest.approx(expected, rel=1e-12)


def test_losses_stay_finite_at_saturation():
    saturated = np.array([[0.0, 1.0, 1.0, 0.0]])
    target = np.array([[0.0, 1.0, 0.0, 1.0]])  # two right, two maximally wrong
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for loss in (BinaryCrossEntropy(), CrossEntropy()):
            assert np.isfinite(loss.value(saturated, target))
            assert np.all(np.isfinite(loss.gradient(saturated, target)))
    assert BinaryCrossEntropy().value(np.array([[0.0, 1.0]]), np.array([[0.0, 1.0]])) < 1e-12


def test_cross_entropy_value():
    predicted = np.array([[0.7, 0.2, 0.1]])
    assert CrossEntropy().value(predicted, np.array([[1.0, 0.0, 0.0]])) == pytest.approx(
        -np.log(0.7)
    )


def test_loss_by_name():
    assert isinstance(get_loss("cross-entropy"), CrossEntropy)
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        get_loss("hinge")
