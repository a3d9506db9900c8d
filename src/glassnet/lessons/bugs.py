"""Lesson 1: the linear classifier y = A·x that divides ladybirds from caterpillars."""

from glassnet.engine.linear import LinearClassifier, Update, targets_beside
from glassnet.lessons.core import Lesson, LessonInfo, format_number, given
from glassnet.lessons.inputs import Input, Inputs

INFO = LessonInfo(
    name="bugs",
    document="Rashid deck",
    section="Training A Simple Classifier … Slowing updates",
    summary="a dividing line y = A·x learns from two bugs; moderation keeps what it learned",
)

# The deck's table: (width, length, bug). Ladybirds are wide, caterpillars long.
BUGS = ((3.0, 1.0, "ladybird"), (1.0, 3.0, "caterpillar"))
START_SLOPE = 0.25
LEARNING_RATE = 0.5
MARGIN = 0.1

INPUTS = Inputs(
    Input("start_slope", "starting slope A", START_SLOPE, -5.0, 5.0, step=0.05),
    Input(
        "learning_rate",
        "learning rate L",
        LEARNING_RATE,
        0.0,
        1.0,
        step=0.05,
        open_low=True,
        help="the share of each change the line takes; 1 is no moderation",
    ),
    *(
        Input(
            bug,
            f"the {bug}",
            (width, length),
            0.0,
            10.0,
            open_low=True,
            names=(f"{bug} width", f"{bug} length"),
        )
        for width, length, bug in BUGS
    ),
    Input(
        "margin",
        "target margin",
        MARGIN,
        0.0,
        2.0,
        step=0.05,
        help="how far beside each bug the line should pass, towards the other kind",
    ),
)


def _train(
    bugs: tuple[tuple[float, float, str], ...], start: float, learning_rate: float, margin: float
) -> list[Update]:
    """The two examples once each, in the table's order, starting from ``start``."""
    classifier = LinearClassifier(start, learning_rate)
    widths = [width for width, _, _ in bugs]
    lengths = [length for _, length, _ in bugs]
    # A caterpillar is longer than the line (above it); the ladybird below it.
    targets = targets_beside(lengths, [bug == "caterpillar" for *_, bug in bugs], margin)
    return [classifier.update(x, t) for x, t in zip(widths, targets, strict=True)]


def _share(learning_rate: float) -> str:
    return "half" if learning_rate == 0.5 else f"a share {given(learning_rate)}"


def _update_values(update: Update, moderated: bool) -> dict[str, float]:
    return {
        "x": update.x,
        "target t": update.target,
        "y = A·x": update.output,
        "E = t − y": update.error,
        "ΔA = L·E/x" if moderated else "ΔA = E/x": update.delta,
        "new A": update.slope,
    }


def run(
    *,
    start_slope: float = START_SLOPE,
    learning_rate: float = LEARNING_RATE,
    ladybird: tuple[float, float] = BUGS[0][:2],
    caterpillar: tuple[float, float] = BUGS[1][:2],
    margin: float = MARGIN,
) -> Lesson:
    """The deck's two bugs; every keyword is an input of its worked example (``INPUTS``)."""
    start = INPUTS["start_slope"].check(start_slope)
    rate = INPUTS["learning_rate"].check(learning_rate)
    margin = INPUTS["margin"].check(margin)
    lady = INPUTS["ladybird"].check(ladybird)
    cater = INPUTS["caterpillar"].check(caterpillar)
    bugs = (
        (float(lady[0]), float(lady[1]), "ladybird"),
        (float(cater[0]), float(cater[1]), "caterpillar"),
    )
    lesson = Lesson(INFO)
    lesson.add(
        "data",
        "Two examples of the truth",
        "The training data: a ladybird is wide and short, a caterpillar narrow and long.",
        {
            "ladybird (width, length)": (bugs[0][0], bugs[0][1]),
            "caterpillar (width, length)": (bugs[1][0], bugs[1][1]),
        },
    )
    lesson.add(
        "start",
        "A random initial slope",
        f"Start with A = {given(start)}, the line y = {given(start)}·x, and test it on the "
        f"ladybird (x = {given(bugs[0][0])}).",
        {"A": start, "y = A·x": start * bugs[0][0]},
    )
    plain = _train(bugs, start, 1.0, margin)
    lesson.add(
        "ladybird",
        "Error and update from the ladybird",
        f"The line should pass just above the ladybird, at {format_number(plain[0].target)}. "
        "Since E = ΔA·x, the\nslope that fits this example is A + E/x.",
        _update_values(plain[0], moderated=False),
        note="the deck's table says length 1.0 and its text target 1.1: the target sits "
        f"{given(margin)} above the ladybird so the line passes above it, not through it",
    )
    lesson.add(
        "caterpillar",
        "Then from the caterpillar",
        f"The caterpillar (x = {given(bugs[1][0])}) should be just above the line, at "
        f"{format_number(plain[1].target)}. Without\nmoderation each update simply fits the "
        f"last example: A ends at {format_number(plain[1].slope)}.",
        _update_values(plain[1], moderated=False),
    )
    moderated = _train(bugs, start, rate, margin)
    lesson.add(
        "moderated-ladybird",
        f"Moderated: learning rate L = {given(rate)}, the ladybird",
        f"Take only {_share(rate)} of each change, ΔA = L·(E/x).",
        {"L": rate, **_update_values(moderated[0], moderated=True)},
    )
    path = " → ".join(format_number(a) for a in (start, moderated[0].slope, moderated[1].slope))
    lesson.add(
        "moderated-caterpillar",
        "Moderated: the caterpillar",
        f"The line keeps some of what the ladybird taught it: A goes {path}.",
        _update_values(moderated[1], moderated=True),
    )
    final = LinearClassifier(moderated[-1].slope)
    below = not bool(final.is_above(bugs[0][0], bugs[0][1]))
    above = bool(final.is_above(bugs[1][0], bugs[1][1]))
    lesson.add(
        "result",
        "Both bugs on their own side" if below and above else "Not yet: a bug on the wrong side",
        "After the moderated updates the ladybird is below the line and the caterpillar\n"
        "above it, with room on both sides."
        if below and above
        else "One pass over the two bugs was not enough to divide them with this start,\n"
        "rate and margin: the line needs more updates (or the bugs cannot be divided).",
        {
            "A": final.slope,
            f"line at the ladybird (x = {given(bugs[0][0])})": float(final.predict(bugs[0][0])),
            f"line at the caterpillar (x = {given(bugs[1][0])})": float(final.predict(bugs[1][0])),
            "ladybird below the line": below,
            "caterpillar above the line": above,
        },
    )
    lesson.data = {
        "bugs": bugs,
        "slopes without moderation": [start, *(u.slope for u in plain)],
        "slopes with moderation": [start, *(u.slope for u in moderated)],
        "targets": [(u.x, u.target) for u in plain],
        "learning rate": rate,
    }
    return lesson
