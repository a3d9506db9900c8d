import numpy as np
import pytest

from glassnet import SGD, Adam, Parameter


def _parameter(value, grad, name="weight"):
    p = Parameter(np.array(value, dtype=float), name)
    p.grad[...] = grad
    return p


def test_sgd_is_the_books_update_in_place():
    p = _parameter([1.0, 2.0], [0.5, -1.0])
    view = p.value
    SGD(0.1).step([p])
    np.testing.assert_allclose(p.value, [0.95, 2.1])
    assert view is p.value  # updated in place: views see the new weights


def test_sgd_momentum_accumulates_velocity():
    p = _parameter([0.0], [1.0])
    optimizer = SGD(0.1, momentum=0.9)
    optimizer.step([p])
    optimizer.step([p])
    # v1 = -0.1, w1 = -0.1; v2 = 0.9·(-0.1) − 0.1 = -0.19, w2 = -0.29
    np.testing.assert_allclose(p.value, [-0.29])
    assert "velocities" in optimizer.state()


def test_weight_decay_skips_biases():
    weight, bias = _parameter([1.0], [0.0]), _parameter([1.0], [0.0], "bias")
    SGD(0.1, weight_decay=0.5).step([weight, bias])
    np.testing.assert_allclose(weight.value, [0.95])
    np.testing.assert_allclose(bias.value, [1.0])


def test_adam_matches_its_formula():
    rng = np.random.default_rng(0)
    p = _parameter(rng.normal(size=3), 0.0)
    reference = p.value.copy()
    m = v = np.zeros(3)
    optimizer = Adam(0.01)
    for t in range(1, 6):
        grad = rng.normal(size=3)
        p.grad[...] = grad
        optimizer.step([p])
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        reference -= 0.01 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    np.testing.assert_allclose(p.value, reference, rtol=1e-12)


@pytest.mark.parametrize("rate", [0.0, -0.1, float("nan"), float("inf")])
def test_learning_rate_must_be_positive(rate):
    with pytest.raises(ValueError, match="learning rate must be a positive number"):
        SGD(rate)
    with pytest.raises(ValueError, match="learning rate"):
        Adam(rate)


def test_bad_momentum_and_betas():
    with pytest.raises(ValueError, match="momentum"):
        SGD(0.1, momentum=1.0)
    with pytest.raises(ValueError, match="betas"):
        Adam(0.1, beta1=1.5)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_steps_in_float32_and_float64(momentum):
    """Steps in place, with the roundings of the formula written out in NumPy, in either dtype."""
    rng = np.random.default_rng(0)
    value, grad = rng.normal(size=(30, 20)), rng.normal(size=(30, 20))
    for dtype in (np.float32, np.float64):
        p = Parameter(value.astype(dtype), "weight")
        array = p.value
        optimizer = SGD(0.1, momentum=momentum)
        expected, velocity = value.astype(dtype), np.zeros((30, 20), dtype)
        for _ in range(3):
            p.grad[...] = grad
            optimizer.step([p])
            if momentum:
                velocity *= momentum
                velocity -= 0.1 * grad.astype(dtype)
                expected += velocity
            else:
                expected -= 0.1 * grad.astype(dtype)
        assert p.value is array
        assert p.value.dtype == dtype
        np.testing.assert_array_equal(p.value, expected)


def test_sgd_follows_parameters_that_change_shape():
    """One optimizer stepping different parameter lists (its scratch buffers follow them)."""
    optimizer = SGD(0.5)
    small, large = _parameter([1.0, 2.0], [1.0, 1.0]), _parameter(np.ones((3, 4)), 2.0)
    optimizer.step([small])
    optimizer.step([large, small])
    np.testing.assert_array_equal(small.value, [0.0, 1.0])
    np.testing.assert_array_equal(large.value, np.zeros((3, 4)))


def test_one_blas_thread_limits_blas_and_restores_it():
    """The NumPy book kernel's many small products run on one BLAS thread (see glassnet.kernels._blas)."""
    import threadpoolctl

    from glassnet.kernels._blas import one_blas_thread

    def blas_threads():
        return {
            pool["num_threads"]
            for pool in threadpoolctl.threadpool_info()
            if pool["user_api"] == "blas"
        }

    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        with one_blas_thread():
            assert blas_threads() == {1}
        assert blas_threads() == {2}
