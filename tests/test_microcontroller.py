"""The gesture model on the board: exported to C, run by the Arduino sketch (on a PC)."""

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from glassnet import load
from glassnet.cli import main
from glassnet.data.local import read_gestures
from glassnet.export.int8 import int8_model
from tests._c_driver import run_header
from tests.conftest import real_data_dir, skip_without_tool

ROOT = Path(__file__).parent.parent
SKETCH = ROOT / "examples" / "arduino" / "gestures" / "gestures.ino"
DOCS = ROOT / "docs" / "microcontroller.md"
TRAIN = ["train", "gestures", "--hidden", "15", "--epochs", "50", "--quiet"]  # as in the docs


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The docs' commands: train the gesture model, export it as float and int8 headers."""
    folder = real_data_dir()
    if folder is None or not (folder / "gestures" / "punch.csv").is_file():
        pytest.skip("gesture recordings not available (set GLASSNET_DATA)")
    out = tmp_path_factory.mktemp("gestures")
    assert main([*TRAIN, "--save", str(out / "gestures.npz")]) == 0
    for extra in ([], ["--int8"]):
        assert main(["export", str(out / "gestures.npz"), "--format", "c", *extra]) == 0
    recordings = np.concatenate(
        [read_gestures(folder / "gestures" / f"{name}.csv") for name in ("punch", "flex")]
    )
    return out, recordings


@pytest.mark.data
def test_the_gesture_headers_agree_with_glassnet_on_every_recording(exported):
    out, recordings = exported
    model = load(out / "gestures.npz")
    raw = recordings.reshape(len(recordings), -1)  # time-major: aX..gZ of each sample in turn
    for header, name, reference in [
        ("gestures.h", "gestures", model),
        ("gestures-int8.h", "gestures_int8", int8_model(model)),
    ]:
        labels, outputs = run_header(out / header, name, raw, 2)
        expected = reference.predict(raw)
        np.testing.assert_allclose(outputs, expected, atol=1e-5)
        np.testing.assert_array_equal(labels, expected.argmax(axis=1))
    assert "gestures_input_scale[i % 6]" in (out / "gestures.h").read_text()  # 6 ranges, not 714


@pytest.mark.data
def test_the_arduino_sketch_recognises_the_recorded_gestures(exported, tmp_path):
    compiler = shutil.which("g++")
    if compiler is None:
        skip_without_tool("g++ is not installed")
    out, recordings = exported
    program = tmp_path / "sketch"
    subprocess.run(
        [
            compiler,
            "-std=c++11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-I",
            str(ROOT / "tests" / "arduino"),
            "-I",
            str(out),
            "-include",
            "Arduino.h",
            "-x",
            "c++",
            str(SKETCH),
            "-x",
            "none",
            str(ROOT / "tests" / "arduino" / "main.cpp"),
            "-o",
            str(program),
            "-lm",
        ],
        check=True,
        capture_output=True,
    )
    lines = []
    for gesture in recordings:  # a sharp movement starts the recording, then 119 samples
        lines.append("4,0,0,0,0,0")
        lines.extend(",".join(repr(float(v)) for v in row) for row in gesture)
    printed = subprocess.run(
        [str(program)], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert printed[0] == "Move the board: punch or flex"
    model = load(out / "gestures.npz")
    outputs = model.predict(recordings.reshape(len(recordings), -1))
    expected = [
        f"{model.classes[i]} ({row[i]:.3f})"
        for i, row in zip(outputs.argmax(1), outputs, strict=True)
    ]
    assert printed[1:] == expected  # e.g. "punch (0.962)" for each of the 35 recordings


@pytest.mark.data
def test_the_docs_show_the_exports_sizes(exported, capsys):
    out, _ = exported
    text = DOCS.read_text()
    for extra in ([], ["--int8"]):
        main(["export", str(out / "gestures.npz"), "--format", "c", "-o", str(out / "x.h"), *extra])
        report = capsys.readouterr().out
        flash, ram = re.search(
            r"const data ([\d,]+) bytes .* buffers ([\d,]+) bytes", report
        ).groups()
        assert flash in text and f"{ram} bytes" in text
    assert " ".join(["glassnet", *TRAIN[:-1]]) in text
