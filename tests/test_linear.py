import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glassnet.engine.linear import LinearClassifier, targets_beside
from tests.lesson_helpers import printed


def test_the_decks_first_update():
    classifier = LinearClassifier(0.25)
    update = classifier.update(3.0, 1.1)
    printed(update.output, "0.75")
    printed(update.error, "0.35")
    assert update.delta == pytest.approx(0.35 / 3.0)  # ΔA = E/x
    assert classifier.slope == pytest.approx(0.25 + 0.35 / 3.0)


@given(
    st.floats(-5, 5),
    st.floats(0.1, 5),
    st.floats(-5, 5),
    st.floats(0.01, 1.0),
)
def test_an_update_moves_the_line_part_of_the_way(slope, x, target, rate):
    """After ΔA = L·E/x the line's error at x is (1 − L) times what it was."""
    classifier = LinearClassifier(slope, rate)
    update = classifier.update(x, target)
    assert target - classifier.predict(x) == pytest.approx((1 - rate) * update.error, abs=1e-9)


def test_without_moderation_the_line_fits_the_last_example():
    classifier = LinearClassifier(0.25)
    for x, target in ((3.0, 1.1), (1.0, 2.9)):
        classifier.update(x, target)
    assert classifier.slope == pytest.approx(2.9)


def test_points_above_and_targets_beside():
    classifier = LinearClassifier(1.0)
    np.testing.assert_array_equal(classifier.is_above([1.0, 1.0], [2.0, 0.5]), [True, False])
    np.testing.assert_allclose(targets_beside([1.0, 3.0], [False, True]), [1.1, 2.9])


@pytest.mark.parametrize(
    ("slope", "rate", "message"),
    [(np.nan, 0.5, "slope"), (0.2, 0.0, "learning rate"), (0.2, 1.5, "learning rate")],
)
def test_bad_settings_are_named(slope, rate, message):
    with pytest.raises(ValueError, match=message):
        LinearClassifier(slope, rate)


def test_an_example_at_zero_is_refused():
    with pytest.raises(ValueError, match="non-zero x"):
        LinearClassifier(1.0).update(0.0, 1.0)
