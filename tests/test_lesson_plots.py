"""Every lesson's figures are written, whole, at a readable size."""

import pytest
from matplotlib.image import imread
from PIL import Image

from glassnet.lessons import LESSONS, bugs
from glassnet.plots.lessons import FIGURES, draw
from tests.test_lessons_data import _fake_gestures, _fake_students

EXPECTED = {
    "bugs": ["bugs.png"],
    "iris": ["iris_scatter.png", "iris_accuracy.png", "iris_training.gif"],
    "signals": ["sigmoid.png"],
    "matrix": ["matrix_network.png"],
    "backprop": ["backprop_errors.png"],
    "descent": ["descent_curve.png", "descent_surface.png"],
    "update": ["update.png"],
    "mnist": ["mnist_outputs.png", "mnist_saturation.png"],
    "students": ["students_loss.png", "students_network.png"],
    "neuron": ["neuron_loss.png"],
    "gestures": ["gestures_recordings.png", "gestures_cross_validation.png"],
}


def check_figures(paths, folder, name):
    """``paths`` are the lesson's figures, all of them in ``folder``, whole and readable."""
    assert [p.name for p in paths] == EXPECTED[name]
    assert sorted(p.name for p in folder.iterdir()) == sorted(EXPECTED[name])
    for path in paths:
        if path.suffix == ".gif":
            with Image.open(path) as gif:
                assert gif.n_frames >= 30 and gif.size[0] >= 500
            continue
        height, width = imread(path).shape[:2]
        assert width >= 600 and height >= 250, f"{path.name} is {width}x{height}"


def test_every_lesson_has_figures():
    assert set(FIGURES) == set(LESSONS) == set(EXPECTED)


# The notebooks test draws every lesson's figures (tests/test_notebooks.py); the lessons
# on data are drawn here too, from small made-up files, so they are checked without data.
@pytest.mark.parametrize(
    ("name", "make"), [("students", _fake_students), ("gestures", _fake_gestures)]
)
def test_figures_of_the_data_lessons(name, make, tmp_path):
    lesson = LESSONS[name].run(make(tmp_path / "data"), epochs=40)
    paths = draw(lesson, tmp_path / "figures")
    check_figures(paths, tmp_path / "figures", name)


def test_a_file_in_the_way_is_refused(tmp_path):
    (tmp_path / "taken").write_text("")
    with pytest.raises(ValueError, match="is a file"):
        draw(bugs.run(), tmp_path / "taken")
