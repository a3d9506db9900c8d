"""Each lesson's inputs: one description (``INPUTS``) that run(), the CLI and the web share."""

import inspect

import numpy as np
import pytest

from glassnet.errors import GlassnetError
from glassnet.lessons import LESSONS, backprop, bugs, descent, matrix, neuron, signals, update
from glassnet.lessons.inputs import Input, InputError, Inputs

DATA_FREE = [name for name in LESSONS if name not in ("mnist", "students", "gestures")]


@pytest.mark.parametrize("name", list(LESSONS))
def test_inputs_are_keywords_of_run_with_the_same_defaults(name):
    module = LESSONS[name]
    parameters = inspect.signature(module.run).parameters
    assert len(module.INPUTS) >= 3
    for input_name, one in module.INPUTS.items():
        assert input_name in parameters, f"{name}: run() has no keyword {input_name}"
        default = parameters[input_name].default
        if one.default is None:
            assert default is None
        else:
            np.testing.assert_array_equal(np.asarray(default), np.asarray(one.default))


@pytest.mark.parametrize("name", DATA_FREE)
def test_every_input_given_at_its_default_prints_the_same_lesson(name):
    module = LESSONS[name]
    keywords, problems = module.INPUTS.parse({})
    assert problems == {}
    assert module.run(**keywords).text() == module.run().text()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("abc", "'abc' is not a number; allowed: a number above 0, up to 10"),
        ("-1", "-1 is outside the range; allowed: a number above 0, up to 10"),
        ("0", "0 is outside the range"),
        ("1e10", "1e+10 is outside the range"),
        ("NaN", "NaN is not a number to compute with"),
        ("inf", "inf is outside the range"),
        ("", "is empty; type a number above 0, up to 10"),
    ],
)
def test_bad_text_is_explained_per_field(text, problem):
    keywords, problems = update.INPUTS.parse({"learning_rate": text, "weights.1.1": "2.5"})
    assert problem in problems["learning_rate"]
    assert "learning_rate" not in keywords  # left out, never used
    np.testing.assert_array_equal(keywords["weights"], [[2.5, 3.0], [1.0, 4.0]])


def test_text_as_people_type_it():
    keywords, problems = update.INPUTS.parse(
        {"output_errors.1": " \u22120.3 ", "weights.2.2": "1e-3"}
    )
    assert problems == {}
    assert keywords["output_errors"][0] == -0.3 and keywords["weights"][1, 1] == 0.001
    _, problems = descent.INPUTS.parse({"restarts": "2.5"})
    assert problems["restarts"].startswith("2.5 is not whole")


def test_unknown_keys_name_the_known_ones():
    with pytest.raises(GlassnetError, match=r"no input 'lr'; the inputs are: hidden_outputs\.1, "):
        update.INPUTS.parse({"lr": "0.2"})


def test_run_checks_its_keywords_with_the_same_limits():
    with pytest.raises(
        InputError,
        match=r"weights\.1\.2 \(w2,1\): 11 is outside the range; allowed: a number from -10 to 10",
    ) as caught:
        update.run(weights=((2.0, 11.0), (1.0, 4.0)))
    assert caught.value.key == "weights.1.2"
    with pytest.raises(InputError, match=r"needs shape \(2, 2\), got \(2,\)"):
        update.run(weights=(1.0, 2.0))
    with pytest.raises(InputError, match="'x' is not a number"):
        signals.run(signals=("x", 1.0))
    with pytest.raises(InputError, match="True is not a number"):
        bugs.run(start_slope=True)
    with pytest.raises(GlassnetError, match="learning_rate"):
        bugs.run(learning_rate=float("nan"))


def test_an_optional_pair_needs_both_numbers():
    keywords, problems = descent.INPUTS.parse({"start.1": "1"})
    assert problems == {"start.2": "is empty; give all of start.1, start.2"}
    assert "start" not in keywords
    keywords, problems = descent.INPUTS.parse({"start.1": "1", "start.2": "-1.5"})
    np.testing.assert_array_equal(keywords["start"], [1.0, -1.5])


def test_advice_outside_the_recommended_range_is_given_but_obeyed():
    keywords, problems = signals.INPUTS.parse({"signals.1": "3"})
    assert problems == {}
    assert signals.INPUTS.advice(keywords) == {
        "signals.1": "outputs of sigmoid nodes lie between 0 and 1"
    }
    assert signals.run(**keywords).step("combined").array("inputs")[0] == 3.0


def test_descriptions_for_the_web_and_the_command_line():
    described = matrix.INPUTS.describe()
    w_ih = next(one for one in described if one["name"] == "w_input_hidden")
    assert w_ih["shape"] == [3, 3]
    # Row 1, column 2 holds the link from input 2 into hidden 1: the deck's w2,1.
    assert w_ih["fields"][1] == {"key": "w_input_hidden.1.2", "label": "w2,1", "default": 0.3}
    lines = list(descent.INPUTS.describe_text())
    assert lines[-1].startswith("start.2        your start on the surface, y: default none")
    with pytest.raises(ValueError, match="2 names for 4 values"):
        Input("w", "w", ((1.0, 2.0), (3.0, 4.0)), 0.0, 1.0, names=("a", "b"))
    assert list(Inputs(Input("a", "a", 1.0, 0.0, 2.0))) == ["a"]


def test_changed_inputs_give_the_numbers_worked_by_hand():
    weights = np.array([[0.5, -0.4], [1.5, 0.25]])
    step = matrix.run(inputs_2x2=(0.3, 0.9), weights_2x2=weights).step("2x2")
    np.testing.assert_allclose(step.array("X = W·I"), weights @ [0.3, 0.9])
    np.testing.assert_allclose(
        step.array("O = sigmoid(X)"), 1 / (1 + np.exp(-(weights @ [0.3, 0.9])))
    )
    assert "w1,1 = 0.5, w1,2 = 1.5, w2,1 = -0.4, w2,2 = 0.25" in step.text

    w_ho = np.array([[1.0, 3.0], [2.0, 2.0]])
    lesson = backprop.run(output_errors=(0.6, 0.2), w_hidden_output=w_ho)
    hidden = (w_ho / w_ho.sum(axis=1, keepdims=True)).T @ [0.6, 0.2]
    np.testing.assert_allclose(lesson.step("hidden").array("e_hidden"), hidden)
    compare = " ".join(lesson.step("compare").text.split())
    assert "Both output nodes' weights sum to 4, so Wᵀ·e is exactly 4 ×" in compare

    one = update.run(learning_rate=0.5, output_errors=(-0.2, 0.1))
    s = 1 / (1 + np.exp(-(2.0 * 0.4 + 3.0 * 0.5)))
    slope = 0.2 * s * (1 - s) * 0.4
    assert one.step("one-weight").number("dE/dw1,1 = −(−0.2) · S · (1 − S) · 0.4") == pytest.approx(
        slope
    )
    assert one.step("new-weight").number("new w1,1") == pytest.approx(2.0 - 0.5 * slope)

    taught = neuron.run(inputs=(0.5, 0.5), weights=(0.1, 0.2), expected=1.0)
    assert taught.step("error").number("error") == pytest.approx(0.15 - 1.0)
    np.testing.assert_allclose(
        taught.step("update").array("new weights"), [0.1 + 0.85 * 0.5, 0.2 + 0.85 * 0.5]
    )
    assert "1 − (0.5² + 0.5²) = 0.5." in taught.step("epochs").text


def test_runaway_numbers_are_stopped_and_explained_never_shown_as_nan():
    lesson = neuron.run(inputs=(2.0, 2.0))
    assert "diverge" in lesson.step("epochs").text
    assert "passed 1e+06" in lesson.step("epochs").note
    assert "nan" not in lesson.text().lower() and "inf" not in lesson.text().replace(
        "infographic", ""
    )
    steep = descent.run(learning_rate=0.3)
    assert any("left the picture" in note for note in steep.notes)
    assert "nan" not in steep.text().lower()
    hot = matrix.run(w_input_hidden=((9.0, 9.0, 9.0), (0.2, 0.8, 0.2), (0.1, 0.5, 0.6)))
    assert any(note.startswith("hidden node 1's sum x = 16.2 is beyond ±5") for note in hot.notes)
    assert matrix.run().notes == []


def test_bugs_says_when_one_pass_is_not_enough():
    lesson = bugs.run(learning_rate=0.05, start_slope=-1.0)
    assert lesson.step("result").title == "Not yet: a bug on the wrong side"
    assert lesson.step("result")["caterpillar above the line"] is True
    assert lesson.step("result")["ladybird below the line"] is False
