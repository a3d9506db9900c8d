"""``glassnet lesson``: the list, a lesson's printed steps, its figures, and its errors."""

import numpy as np
import pytest

from glassnet.cli import main
from glassnet.lessons import LESSONS, Lesson, LessonInfo, Table, format_value, get_lesson
from glassnet.lessons.core import format_number
from tests.test_cli import run_cli


def test_the_list_covers_all_eleven(capsys):
    assert main(["lesson"]) == 0
    out = capsys.readouterr().out
    assert list(LESSONS) == [
        "bugs", "iris", "signals", "matrix", "backprop", "descent",
        "update", "mnist", "students", "neuron", "gestures",
    ]  # fmt: skip
    for name, module in LESSONS.items():
        info = module.INFO
        assert f"{name.ljust(8)}  {info.document}: {info.section}" in out
        assert info.summary in out


def test_a_lesson_prints_its_steps_to_four_digits():
    result = run_cli("lesson", "bugs")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("bugs: ")
    assert "   ΔA = L·E/x = 0.05833\n   new A      = 0.3083" in out
    assert "   new A      = 1.604" in out  # 1.6042 to 4 significant digits
    assert "note: the deck's table says length 1.0" in out
    assert "7. Both bugs on their own side" in out


def test_plot_writes_the_figures(tmp_path, capsys):
    assert main(["lesson", "signals", "--plot", str(tmp_path / "figures")]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'figures' / 'sigmoid.png'}" in out
    assert [p.name for p in (tmp_path / "figures").iterdir()] == ["sigmoid.png"]


def test_seed_changes_a_random_lesson(capsys):
    assert main(["lesson", "matrix", "--seed", "1"]) == 0
    one = capsys.readouterr().out
    assert main(["lesson", "matrix", "--seed", "2"]) == 0
    two = capsys.readouterr().out
    assert "seed           = 1" in one and one != two


def test_mnist_without_mnist_uses_the_digits_with_a_note(tmp_path, capsys):
    assert main(["lesson", "mnist", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "note: real MNIST not found" in out
    assert "pixels per image        = 64" in out
    assert 'label  example "5"  example "0"  example "9"' in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["lesson", "students", "--data-dir", "{empty}"],
            "students file student-mat.csv not found",
        ),
        (["lesson", "gestures", "--data-dir", "{empty}"], "gestures file punch.csv not found"),
        (["lesson", "bugs", "--seed", "1"], "lesson bugs makes no random choices, so --seed"),
        (["lesson", "signals", "--data-dir", "{empty}"], "reads no data files, so --data-dir"),
        (["lesson", "--plot", "{empty}"], "need a lesson NAME"),
        (["lesson", "bugs", "--plot", "{file}"], "is a file, not a folder"),
        (["lesson", "nope"], "invalid choice: 'nope'"),
    ],
)
def test_errors_are_one_line_with_status_2(tmp_path, args, message, capsys):
    (tmp_path / "a-file").write_text("")
    filled = [a.format(empty=tmp_path, file=tmp_path / "a-file") for a in args]
    try:
        status = main(filled)
    except SystemExit as exit_:  # argparse's own errors
        status = exit_.code
    err = capsys.readouterr().err
    assert status == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_missing_data_file_from_the_real_command(tmp_path):
    result = run_cli("lesson", "students", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith("glassnet: error: students file student-mat.csv not found")
    assert len(result.stderr.strip().splitlines()) == 1


def test_get_lesson_names_the_choices():
    assert get_lesson("neuron") is LESSONS["neuron"]
    with pytest.raises(ValueError, match="unknown lesson 'x'; choose one of: bugs, iris"):
        get_lesson("x")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.6457, "0.6457"),
        (1.60416667, "1.604"),
        (0.0583333, "0.05833"),
        (35.0, "35"),
        (45.7, "45.7"),
        (12345.6, "12,345.6"),
        (60000.0, "60,000"),
        (7.88e-05, "7.88e-05"),
        (0.0, "0"),
    ],
)
def test_numbers_have_four_significant_digits(value, text):
    assert format_number(value) == text


def test_values_of_every_kind():
    assert format_value(True) == "yes"
    assert format_value(60000) == "60,000"
    assert format_value(["G1", "G2"]) == "G1, G2"
    assert format_value((0.5, 0.25)) == "[0.5, 0.25]"
    assert format_value(np.array([[1.0, 2.0], [3.0, 4.0]])) == "[1, 2]\n[3, 4]"
    table = Table("label", ("0", "1"), ("a", "b"), np.array([[0.5, 0.25], [0.125, 1.0]]))
    assert format_value(table).splitlines() == [
        "label      a     b",
        "    0    0.5  0.25",
        "    1  0.125     1",
    ]
    with pytest.raises(ValueError, match="do not fit"):
        Table("label", ("0",), ("a", "b"), np.zeros((2, 2)))


def test_lesson_structure_errors():
    lesson = Lesson(LessonInfo("x", "doc", "section", "summary"))
    step = lesson.add("one", "One", "text", {"a": 1.0})
    assert lesson.step("one") is step and step.number("a") == 1.0
    with pytest.raises(ValueError, match="already has a step 'one'"):
        lesson.add("one", "Again", "")
    with pytest.raises(KeyError, match="no step 'two'"):
        lesson.step("two")
    with pytest.raises(KeyError, match="no value 'b'"):
        step["b"]
    assert lesson.text().splitlines()[:3] == ["x: summary", "(doc, section)", ""]


def test_set_changes_an_input_and_the_rest_stays(capsys):
    assert main(["lesson", "update", "--set", "learning_rate=0.2", "--set", "weights.1.1=2.5"]) == 0
    out = capsys.readouterr().out
    assert "with learning rate α = 0.2." in out
    assert "Σ w·o = 2.5·0.4 + 3.0·0.5" in out
    assert main(["lesson", "update"]) == 0
    assert "with learning rate α = 0.1." in capsys.readouterr().out


def test_set_and_the_data_free_defaults_print_exactly_what_the_lesson_prints(capsys):
    assert main(["lesson", "neuron", "--set", "expected=0.4", "--set", "seed=0"]) == 0
    assert capsys.readouterr().out == LESSONS["neuron"].run().text() + "\n"


def test_inputs_lists_keys_defaults_and_ranges(capsys):
    assert main(["lesson", "bugs", "--inputs"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "start_slope    starting slope A: default 0.25, a number from -5 to 5"
    assert (
        "ladybird.2     the ladybird, ladybird length: default 1, a number above 0, up to 10"
        in lines
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (["lr=0.2"], "lesson update has no input 'lr'; its inputs are: hidden_outputs.1, "),
        (
            ["learning_rate=abc"],
            "--set learning_rate: 'abc' is not a number; allowed: a number above 0",
        ),
        (["learning_rate=-1"], "--set learning_rate: -1 is outside the range"),
        (
            ["weights.1.1=1e10"],
            "--set weights.1.1: 1e+10 is outside the range; allowed: a number from -10 to 10",
        ),
        (["weights.1.1=nan"], "--set weights.1.1: NaN is not a number to compute with"),
        (["learning_rate"], "--set 'learning_rate': write KEY=VALUE"),
    ],
)
def test_set_errors_are_one_line(settings, message, capsys):
    args = ["lesson", "update"]
    for setting in settings:
        args += ["--set", setting]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_seed_and_set_seed_together_are_refused(capsys):
    assert main(["lesson", "matrix", "--seed", "1", "--set", "seed=2"]) == 2
    assert "--seed and --set seed= both set the seed" in capsys.readouterr().err
