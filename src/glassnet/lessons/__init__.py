"""Every worked example of the three documents, as a lesson you can run.

``glassnet.lessons.<name>.run()`` returns a ``Lesson``: the steps with their named values,
which the ``glassnet lesson NAME`` command prints, the tests check, and
``glassnet.plots.lessons.draw`` turns into figures. Each lesson module has an ``INFO``
saying which document and section it follows.
"""

from types import ModuleType

from glassnet.lessons import (
    backprop,
    bugs,
    descent,
    gestures,
    iris,
    matrix,
    mnist,
    neuron,
    signals,
    students,
    update,
)
from glassnet.lessons.core import Lesson, LessonInfo, Step, Table, format_value

# In the order a reader meets them: the deck, then the infographic, then TinySpark.
LESSONS: dict[str, ModuleType] = {
    module.INFO.name: module
    for module in (
        bugs,
        iris,
        signals,
        matrix,
        backprop,
        descent,
        update,
        mnist,
        students,
        neuron,
        gestures,
    )
}
"""Every lesson module by name, in the order a reader meets them."""


def get_lesson(name: str) -> ModuleType:
    """The lesson module called ``name``, with a clear error listing the others."""
    try:
        return LESSONS[name]
    except KeyError:
        raise ValueError(f"unknown lesson {name!r}; choose one of: {', '.join(LESSONS)}") from None


__all__ = ["LESSONS", "Lesson", "LessonInfo", "Step", "Table", "format_value", "get_lesson"]
