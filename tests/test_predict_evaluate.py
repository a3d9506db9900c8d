"""``glassnet predict`` on hand-drawn digits and ``glassnet evaluate``."""

import json

import numpy as np
import pytest
from PIL import Image, ImageDraw

from glassnet import save
from glassnet.cli import main
from glassnet.data import load_dataset
from glassnet.inside.prediction import evaluate
from tests._trained import digits_model, mnist_model
from tests.test_cli import run_cli

INK = (25, 25, 50)


def _draw(path, strokes):
    """A digit drawn with a thick pen on off-white paper, 200x240 pixels."""
    image = Image.new("RGB", (200, 240), (245, 242, 235))
    pen = ImageDraw.Draw(image)
    for kind, points in strokes:
        if kind == "line":
            pen.line(points, fill=INK, width=14, joint="curve")
        elif kind == "ellipse":
            pen.ellipse(points, outline=INK, width=14)
        else:
            box, start, end = points
            pen.arc(box, start, end, fill=INK, width=14)
    image.save(path)
    return str(path)


DIGITS = {
    "0": [("ellipse", [50, 40, 150, 200])],
    "1": [("line", [(85, 60), (110, 40), (110, 200)])],
    "3": [("arc", ([60, 40, 150, 120], 200, 90)), ("arc", ([55, 115, 155, 205], 270, 160))],
    "4": [("line", [(120, 40), (50, 140), (160, 140)]), ("line", [(125, 90), (125, 210)])],
    "7": [("line", [(50, 50), (150, 50), (90, 200)])],
}


@pytest.mark.slow
def test_predict_reads_hand_drawn_digits(tmp_path, mnist_dir, capsys):
    save(mnist_model(), tmp_path / "mnist.npz")
    files = [_draw(tmp_path / f"digit-{label}.png", strokes) for label, strokes in DIGITS.items()]
    assert main(["predict", str(tmp_path / "mnist.npz"), *files, "--json", "-"]) == 0
    predictions = json.loads(capsys.readouterr().out)["predictions"]
    assert [p["label"] for p in predictions] == list(DIGITS)
    for p in predictions:
        assert next(iter(p["probabilities"])) == p["label"]  # most likely first
        assert sum(p["probabilities"].values()) == pytest.approx(1.0)
        assert (
            p["probabilities"][p["label"]] > 0.5
        )  # lowest 0.6683, seeds 0-4, 1/2 BLAS threads and GLASSNET_KERNEL=numpy


def test_predict_prints_labels_and_top_probabilities(tmp_path, capsys):
    save(digits_model(), tmp_path / "digits.npz")
    files = [_draw(tmp_path / "zero.png", DIGITS["0"]), _draw(tmp_path / "four.png", DIGITS["4"])]
    args = ["predict", str(tmp_path / "digits.npz"), *files, "--top", "2"]
    assert (
        main(
            [*args, "--json", str(tmp_path / "out.json"), "--preview", str(tmp_path / "sheet.png")]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[2] == f"wrote {tmp_path / 'sheet.png'}"
    record = json.loads((tmp_path / "out.json").read_text())["predictions"]
    for line, prediction in zip(lines, record, strict=False):
        top = list(prediction["probabilities"].items())[:2]
        shown = ", ".join(f"{name} {p:.1%}" for name, p in top)
        assert line.split()[0] == prediction["file"]
        assert line.endswith(f"  {prediction['label']}  ({shown})")
    assert record[0]["label"] == "0"
    with Image.open(tmp_path / "sheet.png") as sheet:
        assert sheet.size[0] > 600 and sheet.size[1] > 400


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.png", b"", "empty file, not an image"),
        ("notes.png", b"some text", "not an image that Pillow can read (PNG, JPEG, BMP, GIF, ...)"),
        ("missing.png", None, "no such file"),
    ],
)
def test_predict_fails_clearly_on_bad_files(tmp_path, name, content, message, capsys):
    save(digits_model(), tmp_path / "digits.npz")
    good = _draw(tmp_path / "good.png", DIGITS["0"])
    if content is not None:
        (tmp_path / name).write_bytes(content)
    assert main(["predict", str(tmp_path / "digits.npz"), good, str(tmp_path / name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing printed for the good file either
    assert captured.err == f"glassnet: error: {tmp_path / name}: {message}\n"


def test_predict_on_an_empty_file_exits_with_status_2(tmp_path):
    """The real command: one line on stderr, no traceback, exit status 2."""
    save(digits_model(), tmp_path / "digits.npz")
    (tmp_path / "empty.png").write_bytes(b"")
    result = run_cli("predict", str(tmp_path / "digits.npz"), str(tmp_path / "empty.png"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"glassnet: error: {tmp_path / 'empty.png'}: empty file, not an image\n"


def test_predict_needs_an_image_model(tmp_path, capsys):
    iris = load_dataset("iris")
    from glassnet.runs import TrainConfig, run

    save(run(TrainConfig(hidden=(3,), epochs=1), iris).model_file(iris), tmp_path / "iris.npz")
    _draw(tmp_path / "x.png", DIGITS["1"])
    assert main(["predict", str(tmp_path / "iris.npz"), str(tmp_path / "x.png")]) == 2
    assert "the model was not trained on images" in capsys.readouterr().err
    assert main(["predict", str(tmp_path / "x.png"), str(tmp_path / "x.png")]) == 2
    assert "x.png: not a glassnet model file" in capsys.readouterr().err


def test_evaluate_gives_the_training_runs_accuracy(tmp_path, capsys):
    model = digits_model()
    save(model, tmp_path / "digits.npz")
    assert main(["evaluate", str(tmp_path / "digits.npz"), "--json", str(tmp_path / "e.json")]) == 0
    out = capsys.readouterr().out.splitlines()
    accuracy = model.training["test_accuracy"]
    assert (
        out[0]
        == f"digits test set: accuracy {accuracy:.4f} ({round(accuracy * 450):,} of 450 samples)"
    )
    assert out[1].startswith("most confused: ")
    record = json.loads((tmp_path / "e.json").read_text())
    assert record["accuracy"] == accuracy
    assert np.trace(record["confusion_matrix"]) == round(accuracy * 450)
    assert (
        main(
            ["evaluate", str(tmp_path / "digits.npz"), "digits", "--split", "train", "--json", "-"]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["n_samples"] == 1347


def test_evaluate_refuses_a_dataset_the_model_does_not_fit(tmp_path, capsys):
    save(digits_model(), tmp_path / "digits.npz")
    assert main(["evaluate", str(tmp_path / "digits.npz"), "iris"]) == 2
    assert "the model takes 64 inputs, but iris has 4" in capsys.readouterr().err
    save(digits_model().network, tmp_path / "bare.npz")  # no dataset, no classes recorded
    assert main(["evaluate", str(tmp_path / "bare.npz")]) == 2
    assert "does not say which dataset it was trained on" in capsys.readouterr().err
    digits = load_dataset("digits")
    renamed = digits_model()
    names = renamed.class_names
    try:
        renamed.class_names = [f"digit {n}" for n in names]
        with pytest.raises(
            ValueError, match=r"the model's classes \(digit 0, .*\) are not digits's"
        ):
            evaluate(renamed, digits)
    finally:
        renamed.class_names = names
