"""Lesson 1: the linear classifier y = A·x that divides ladybirds from caterpillars."""

from glassnet.engine.linear import LinearClassifier, Update, targets_beside
from glassnet.lessons.core import Lesson, LessonInfo

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


def _train(learning_rate: float) -> list[Update]:
    """The two examples once each, in the table's order, starting from A = 0.25."""
    classifier = LinearClassifier(START_SLOPE, learning_rate)
    widths = [width for width, _, _ in BUGS]
    lengths = [length for _, length, _ in BUGS]
    # A caterpillar is longer than the line (above it); the ladybird below it.
    targets = targets_beside(lengths, [bug == "caterpillar" for *_, bug in BUGS])
    return [classifier.update(x, t) for x, t in zip(widths, targets, strict=True)]


def _update_values(update: Update, moderated: bool) -> dict[str, float]:
    return {
        "x": update.x,
        "target t": update.target,
        "y = A·x": update.output,
        "E = t − y": update.error,
        "ΔA = L·E/x" if moderated else "ΔA = E/x": update.delta,
        "new A": update.slope,
    }


def run() -> Lesson:
    lesson = Lesson(INFO)
    lesson.add(
        "data",
        "Two examples of the truth",
        "The training data: a ladybird is wide and short, a caterpillar narrow and long.",
        {
            "ladybird (width, length)": (BUGS[0][0], BUGS[0][1]),
            "caterpillar (width, length)": (BUGS[1][0], BUGS[1][1]),
        },
    )
    lesson.add(
        "start",
        "A random initial slope",
        "Start with A = 0.25, the line y = 0.25·x, and test it on the ladybird (x = 3.0).",
        {"A": START_SLOPE, "y = A·x": START_SLOPE * BUGS[0][0]},
    )
    plain = _train(1.0)
    lesson.add(
        "ladybird",
        "Error and update from the ladybird",
        "The line should pass just above the ladybird, at 1.1. Since E = ΔA·x, the\n"
        "slope that fits this example is A + E/x.",
        _update_values(plain[0], moderated=False),
        note="the deck's table says length 1.0 and its text target 1.1: the target sits "
        "0.1 above the ladybird so the line passes above it, not through it",
    )
    lesson.add(
        "caterpillar",
        "Then from the caterpillar",
        "The caterpillar (x = 1.0) should be just above the line, at 2.9. Without\n"
        "moderation each update simply fits the last example: A ends at 2.9.",
        _update_values(plain[1], moderated=False),
    )
    moderated = _train(LEARNING_RATE)
    lesson.add(
        "moderated-ladybird",
        "Moderated: learning rate L = 0.5, the ladybird",
        "Take only half of each change, ΔA = L·(E/x).",
        {"L": LEARNING_RATE, **_update_values(moderated[0], moderated=True)},
    )
    lesson.add(
        "moderated-caterpillar",
        "Moderated: the caterpillar",
        "The line keeps some of what the ladybird taught it: A goes 0.25 → 0.3083 → 1.604.",
        _update_values(moderated[1], moderated=True),
    )
    final = LinearClassifier(moderated[-1].slope)
    lesson.add(
        "result",
        "Both bugs on their own side",
        "After the moderated updates the ladybird is below the line and the caterpillar\n"
        "above it, with room on both sides.",
        {
            "A": final.slope,
            "line at the ladybird (x = 3.0)": float(final.predict(3.0)),
            "line at the caterpillar (x = 1.0)": float(final.predict(1.0)),
            "ladybird below the line": not bool(final.is_above(3.0, 1.0)),
            "caterpillar above the line": bool(final.is_above(1.0, 3.0)),
        },
    )
    lesson.data = {
        "bugs": BUGS,
        "slopes without moderation": [START_SLOPE, *(u.slope for u in plain)],
        "slopes with moderation": [START_SLOPE, *(u.slope for u in moderated)],
        "targets": [(u.x, u.target) for u in plain],
        "learning rate": LEARNING_RATE,
    }
    return lesson
