"""Checks of exercise 1: the deck's ladybird and caterpillar, then generated examples."""

from hypothesis import strategies as st

from glassnet.exercises.answers import bugs as answers
from glassnet.exercises.checks._strategies import numbers
from glassnet.exercises.core import Case, Exercise
from glassnet.exercises.parts import FunctionPart


def _case(label: str, slope: float, x: float, target: float, rate: float) -> Case:
    new = answers.moderated_update(slope, x, target, rate)
    change = new - slope
    error = target - slope * x
    return Case(
        label,
        (slope, x, target, rate),
        new,
        (
            ("no-learning-rate", slope + change / rate),
            ("update-sign", slope - change),
            ("rate-twice", slope + change * rate),
            ("returned-change", change),
            ("times-x", slope + rate * error * x),
        ),
    )


def _worked() -> list[Case]:
    after_ladybird = answers.moderated_update(0.25, 3.0, 1.1, 0.5)
    return [
        _case("the deck's ladybird (A = 0.25, x = 3.0, target 1.1, L = 0.5)", 0.25, 3.0, 1.1, 0.5),
        _case(
            "then the caterpillar (A = 0.3083, x = 1.0, target 2.9, L = 0.5)",
            after_ladybird,
            1.0,
            2.9,
            0.5,
        ),
    ]


@st.composite
def _generated(draw: st.DrawFn) -> Case:
    slope, x = draw(numbers(-2.0, 2.0)), draw(numbers(0.25, 4.0))
    target, rate = draw(numbers(-3.0, 3.0)), draw(numbers(0.05, 1.0))
    return _case("a generated example", slope, x, target, rate)


EXERCISE = Exercise(
    number=1,
    name="bugs",
    title="the linear classifier's moderated update",
    lesson="bugs",
    answers=answers,
    parts=(FunctionPart(answers.moderated_update, _worked, _generated),),
)
