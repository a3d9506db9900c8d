"""The exercises in process: answers pass, other correct answers pass, feedback, notebooks."""

import ast
import json
from pathlib import Path

import numpy as np
import pytest

from glassnet.book import NeuralNetwork
from glassnet.exercises import EXERCISES, MISTAKES, check
from glassnet.exercises.checks.backquery import backquery_with
from glassnet.exercises.checks.book_class import LAYER_MISTAKES, STEP_MISTAKES, book_step
from glassnet.exercises.core import Case, ExerciseResult, compare, show
from glassnet.exercises.feedback import SCHEMA, document, render
from glassnet.exercises.judge import Judge
from glassnet.exercises.running import find_exercise, find_part, run_exercise
from glassnet.exercises.starter import solution_source, starter_source
from tests.exercise_helpers import ALTERNATIVES, alternative, load_source


@pytest.fixture
def no_mnist(monkeypatch: pytest.MonkeyPatch) -> None:
    """The book's training run on the bundled digits: the fast, offline path."""
    monkeypatch.delenv("GLASSNET_DATA", raising=False)


def test_ten_exercises_in_the_documents_order():
    assert [e.name for e in EXERCISES] == [
        "bugs", "signals", "matrix", "backprop", "update",
        "book", "students", "neuron", "gradients", "backquery",
    ]  # fmt: skip
    assert [e.number for e in EXERCISES] == list(range(1, 11))
    assert EXERCISES[0].file_name == "ex01_bugs.py"
    assert find_exercise("6") is find_exercise("book") is find_exercise("ex06_book.py")
    assert find_part("sigmoid").name == "signals"
    with pytest.raises(ValueError, match="unknown exercise 'nope'; choose one of: bugs"):
        find_exercise("nope")


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_the_reference_solutions_pass(exercise, tmp_path):
    """Every part (the book's training run too, in the slow test of test_exercises_cli)."""
    objects = load_source(tmp_path, exercise.file_name[:-3], solution_source(exercise))
    parts = {part.name for part in exercise.parts if not part.requires}
    result = run_exercise(exercise, objects, only=parts, seconds=300)
    assert result.status == "passed", render(result)
    assert all(part.checks >= 2 for part in result.parts)  # worked cases, then generated ones


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_answers_written_differently_pass(exercise, tmp_path, no_mnist):
    """Plain lists and math.exp, the book's class with @, einsum, other names and orders."""
    source = alternative(exercise.file_name)
    result = run_exercise(exercise, load_source(tmp_path, exercise.name, source), seconds=300)
    assert result.status == "passed", render(result)
    if exercise.name == "book":  # the training run, on the bundled digits here
        training = result.parts[-1]
        measured = training.measurements
        assert measured["dataset"] == "digits" and measured["test_images"] == 450
        assert measured["accuracy"] >= measured["threshold"] == 0.93
        assert measured["training_seconds"] > 0
        assert "your neuralNetwork reached" in training.note and "training took" in training.note


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_the_starting_file_has_the_task_and_the_signatures_but_no_answers(exercise, tmp_path):
    source = starter_source(exercise)
    tree = ast.parse(source)
    assert ast.get_docstring(tree) == exercise.answers.__doc__.strip()
    assert f"glassnet lesson {exercise.lesson}" in " ".join(source.split())
    assert "Lessons tab of glassnet serve" in " ".join(source.split())
    assert "import" not in source.replace("Import what", "").replace("from typing import Any", "")
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
    assert functions
    for function in functions:
        assert ast.get_docstring(function)
        [body] = function.body[1:]
        assert isinstance(body, ast.Raise) and "NotImplementedError" in ast.unparse(body)
    objects = load_source(tmp_path, exercise.name, source)
    result = run_exercise(exercise, objects)
    assert result.status == "not-started"


def test_compare_accepts_any_vector_shape_but_not_a_transposed_matrix():
    assert compare([1.0, 2.0], np.array([[1.0], [2.0]])) is None
    assert compare(np.array([1.0, 2.0]), [1.0, 2.0 + 1e-9]) is None
    assert compare(0.5, [0.5]) is None
    assert compare([1.0, 2.0], 1.0) == "expected 2 numbers, got one number"
    matrix = np.arange(6.0).reshape(2, 3)
    assert compare(matrix, matrix.T) == "expected shape (2, 3), got shape (3, 2)"
    assert compare((matrix, 1.0), [matrix, 1.0]) is None
    assert compare((matrix, 1.0), (matrix, 2.0)) == "value 2 of 2: different numbers"
    assert compare(1.0, None) == "expected numbers, got None (is a return statement missing?)"
    assert compare(1.0, "one") == "expected numbers, got a str"
    assert show(np.array([0.5, 1 / 3])) == "[0.5, 0.333333]"
    assert show((np.eye(2), 1.0)) == "[[1, 0],\n [0, 1]],\n1"


def test_a_failure_says_which_input_what_was_expected_and_what_came_back():
    def sigmoid(x):
        return 1.0 / (1.0 + np.exp(x))

    result = check("sigmoid", sigmoid, quiet=True)
    failure = result.parts[0].failure
    assert failure is not None
    assert failure.case == "the deck's small network, x = 0.6 (y = 1/(1 + 0.5488))"
    assert (failure.inputs, failure.expected, failure.got) == ("x = 0.6", "0.645656", "0.354344")
    assert failure.mistake == "sigmoid-sign"


def test_an_exception_names_the_line_of_the_learners_file(tmp_path):
    source = "def moderated_update(slope, x, target, learning_rate):\n    return slope + learning_rate * (target - slope * x) / undefined\n"
    objects = load_source(tmp_path, "ex01_bugs", source)
    result = run_exercise(find_exercise("bugs"), objects)
    failure = result.parts[0].failure
    assert failure is not None
    assert failure.problem == (
        "raised NameError: name 'undefined' is not defined (line 2 of ex01_bugs.py: "
        "return slope + learning_rate * (target - slope * x) / undefined)"
    )


def test_a_missing_function_and_a_wrong_answer_with_no_known_mistake(tmp_path):
    objects = load_source(tmp_path, "signals", "def sigmoid(x):\n    return 0.5 + x / 10\n")
    result = run_exercise(find_exercise("signals"), objects)
    sigmoid, node = result.parts
    assert sigmoid.status == "failed" and sigmoid.failure and sigmoid.failure.mistake is None
    assert node.status == "missing"
    assert "next: fix sigmoid: compare it with the steps of glassnet lesson signals" in render(
        result
    )


def test_the_book_class_needs_its_weights_where_the_book_keeps_them(tmp_path):
    source = alternative("ex06_book.py").replace("self.wih", "self.w_input_hidden")
    result = check(
        "neuralNetwork", load_source(tmp_path, "book", source)["neuralNetwork"], quiet=True
    )
    failure = result.parts[0].failure
    assert failure is not None
    assert (
        "it has no self.wih: the book keeps the link weights in self.wih and self.who"
        in failure.problem
    )


def test_in_a_notebook_check_prints_the_same_feedback(capsys, tmp_path):
    def node(inputs, weights):
        return sum(i * w for i, w in zip(inputs, weights, strict=True))

    result = check("node_output", node)
    out = capsys.readouterr().out
    assert not result.passed
    assert out.startswith(
        " 2. signals: the sigmoid and one node's signal (ex02_signals.py): not yet"
    )
    assert "mistake: left out the sigmoid" in out
    module = load_source(tmp_path, "signals", alternative("ex02_signals.py"))
    assert check("signals", module["sigmoid"], module["node_output"], quiet=True).passed
    with pytest.raises(TypeError, match="takes 2 objects in this order: sigmoid, node_output"):
        check("signals", module["sigmoid"])


def test_in_process_a_hanging_answer_is_stopped_by_the_time_limit():
    def forever(x):
        while True:
            x += 1

    result = check("sigmoid", forever, seconds=0.5, quiet=True)
    assert result.status == "timed-out"
    assert result.message.startswith("stopped after 0.5 s while running sigmoid, on the deck's")
    assert "stopped: out of time" in render(result)


def test_the_mistakes_of_the_book_step_start_from_the_book_itself(rng):
    """book_step without a mistake is glassnet.book's train(), so its variants cannot drift."""
    wih, who = rng.normal(size=(4, 3)), rng.normal(size=(2, 4))
    inputs, targets = rng.uniform(0.01, 1.0, 3), np.array([0.01, 0.99])
    network = NeuralNetwork(3, 4, 2, 0.3)
    network.wih, network.who = wih, who
    network.train(inputs, targets)
    for new, old in zip(
        book_step(wih, who, inputs, targets, 0.3), (network.wih, network.who), strict=True
    ):
        np.testing.assert_allclose(new, old, rtol=1e-12)
    assert set(LAYER_MISTAKES) <= set(STEP_MISTAKES)


def test_the_mistakes_of_backquery_start_from_the_book_itself(rng):
    wih, who = rng.normal(size=(4, 3)), rng.normal(size=(2, 4))
    network = NeuralNetwork(3, 4, 2, 0.3)
    network.wih, network.who = wih, who
    targets = np.array([0.99, 0.01])
    np.testing.assert_allclose(backquery_with(wih, who, targets), network.backquery(targets)[:, 0])


def test_the_json_record_survives_a_round_trip(tmp_path):
    objects = load_source(
        tmp_path,
        "bugs",
        "def moderated_update(slope, x, target, learning_rate):\n    return slope + (target - slope * x) / x\n",
    )
    result = run_exercise(find_exercise("bugs"), objects)
    record = json.loads(json.dumps(result.to_dict()))
    assert record["parts"][0]["failure"]["mistake"] == "no-learning-rate"
    assert record["parts"][0]["failure"]["hint"].startswith("moderate the change")
    assert ExerciseResult.from_dict(record) == result
    whole = document([result], str(tmp_path))
    assert whole["schema"] == SCHEMA and whole["done"] == 0 and whole["total"] == 1
    assert whole["exercises"][0]["next_step"] == (
        "fix moderated_update (the learning rate was not applied), then check again"
    )


def test_hypothesis_reports_the_smallest_failing_input():
    """An answer right on the worked numbers but wrong elsewhere: the generated case shrinks."""

    def sigmoid(x):
        return 1.0 / (1.0 + np.exp(-x)) if x < 5 else 1.0

    judge = Judge()
    exercise = find_exercise("signals")
    part = exercise.part("sigmoid")
    result = part.run({"sigmoid": sigmoid}, judge)
    assert result.status == "failed" and result.failure is not None
    assert result.failure.case == "a generated sum"
    assert result.failure.inputs == "x = 5"  # hypothesis shrank it to the edge
    assert result.checks >= 3


def test_cases_pair_each_mistake_with_its_answer():
    case = Case("a case", (1.0,), 2.0, (("no-sigmoid", 3.0),))
    assert case.mistakes == (("no-sigmoid", 3.0),)
    assert sorted(p.name for p in ALTERNATIVES.iterdir() if p.suffix == ".py") == [
        e.file_name for e in EXERCISES
    ]


def test_the_exercises_page_lists_every_mistake():
    page = (Path(__file__).parents[1] / "docs" / "exercises.md").read_text(encoding="utf-8")
    for key, mistake in MISTAKES.items():
        assert f"| `{key}` | {mistake.name} |" in page


def test_the_command_lists_the_exercises_without_importing_them():
    from glassnet.cli.exercises import NAMES

    assert ", ".join(exercise.name for exercise in EXERCISES) == NAMES
