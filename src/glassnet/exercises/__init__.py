"""Make your own: exercises in which learners write the network, and a checker that teaches.

``glassnet exercises start DIR`` writes one file per exercise (the documents' order:
the deck's linear classifier, signals, matrices, backpropagated errors and weight
updates, the book's class trained on MNIST, the infographic's 3-2-1 network, TinySpark's
neuron, backward passes judged by numerical gradients, and the book's backquery);
``check`` judges each against glassnet's own engine: the documents' worked numbers
first, then generated inputs (hypothesis), and names the catalogued mistake a wrong
answer matches (``catalogue.MISTAKES``). In a notebook::

    from glassnet.exercises import check
    check("sigmoid", my_sigmoid)

prints the same feedback. There the check runs in the notebook's own process: the time
limit (SIGALRM) interrupts Python code in the main thread, but not one long call into C,
and there is no memory limit. The command line runs each file in a child process with
both limits (``glassnet.exercises.sandbox``).
"""

import os
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from glassnet.exercises.catalogue import MISTAKES, Mistake
from glassnet.exercises.checks import EXERCISES
from glassnet.exercises.core import Exercise, ExerciseResult
from glassnet.exercises.feedback import render
from glassnet.exercises.running import find_exercise, find_part, run_exercise


def check(
    name: str,
    *objects: Any,
    seconds: float | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    quiet: bool = False,
) -> ExerciseResult:
    """Check your own function, class or module here and print the feedback.

    ``check("sigmoid", my_sigmoid)`` checks one part, whatever your function is called;
    ``check("signals", sigmoid, node_output)`` checks an exercise's parts, given in the
    order of its file (or as one module: ``check("signals", my_module)``). The book's
    ``check("book", scale_inputs, make_targets, neuralNetwork)`` ends with its training run.
    ``seconds`` limits the time (by default the exercise's own limit, as on the command
    line). Returns the result (``.passed``, ``.parts``, ``.to_dict()``).
    """
    exercise, named = _objects_for(name, objects)
    only = None if name in {exercise.name, str(exercise.number)} else {name}
    limit = exercise.time_limit if seconds is None else seconds
    result = run_exercise(exercise, named, only=only, seconds=limit, data_dir=data_dir)
    if not quiet:
        print(render(result))
    return result


def _objects_for(name: str, objects: tuple[Any, ...]) -> tuple[Exercise, Mapping[str, Any]]:
    try:
        exercise = find_exercise(name)
    except ValueError:
        exercise = find_part(name)  # one part, whatever the learner's object is called
        if len(objects) != 1:
            raise TypeError(f"check({name!r}, ...) takes your {name} (one object)") from None
        return exercise, {name: objects[0]}
    if len(objects) == 1 and isinstance(objects[0], ModuleType | dict):
        module = objects[0]
        return exercise, module if isinstance(module, dict) else vars(module)
    names = [part.name for part in exercise.parts if not part.requires]
    if len(objects) != len(names):
        raise TypeError(
            f"check({name!r}, ...) takes {len(names)} objects in this order: {', '.join(names)}"
        )
    return exercise, dict(zip(names, objects, strict=True))


__all__ = ["EXERCISES", "MISTAKES", "Exercise", "ExerciseResult", "Mistake", "check"]
