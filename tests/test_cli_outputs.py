"""What the commands write: checked before the work, '-' for standard output, strict JSON,
pipes and devices written through, and networks too big for memory refused in one line."""

import json
import os
import stat

import numpy as np
import pytest
from PIL import Image

import glassnet.runs.memory
from glassnet.cli import main
from glassnet.cli.outputs import strict_json, write_json
from glassnet.files.model_file import save
from tests._trained import digits_model
from tests.test_atomic import pretend_full

QUICK = ["train", "--epochs", "1", "--hidden", "4", "--quiet"]


def _one_line_error(capsys, *parts):
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("glassnet: error: "), captured.err
    for part in parts:
        assert part in lines[0]
    return captured


def _refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


@pytest.mark.parametrize(
    ("option", "problem"),
    [
        ("--save", "is a folder; give a file name"),
        ("--json", "is a folder; give a file name"),
        ("--report", "is a folder; give a file name"),
    ],
)
def test_a_folder_as_an_output_file_fails_before_training(tmp_path, capsys, option, problem):
    assert main([*QUICK, option, str(tmp_path)]) == 2
    captured = _one_line_error(capsys, f"{option} {tmp_path}: {problem}")
    assert "test accuracy" not in captured.out  # nothing was trained


def test_outputs_under_a_file_or_into_a_file_fail_before_training(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    assert main([*QUICK, "--save", str(tmp_path / "notes.txt" / "model.npz")]) == 2
    _one_line_error(capsys, "--save", "notes.txt is a file, not a folder")
    assert main([*QUICK, "--checkpoint-dir", str(tmp_path / "notes.txt")]) == 2
    _one_line_error(capsys, "--checkpoint-dir", "is a file, not a folder")


def test_every_command_checks_its_outputs_first(tmp_path, capsys):
    model = tmp_path / "digits.npz"
    save(digits_model(), model)
    image = tmp_path / "seven.png"
    Image.fromarray(np.eye(8, dtype=np.uint8) * 255).save(image)
    (tmp_path / "file").write_text("x")
    folder = str(tmp_path)
    for args, option in [
        (["predict", str(model), str(image), "--json", folder], "--json"),
        (["predict", str(model), str(image), "--preview", folder], "--preview"),
        (["evaluate", str(model), "--json", folder], "--json"),
        (["export", str(model), "--format", "c", "-o", folder], "--out"),
        (["report", str(model), "--out", folder], "--out"),
        (["report", str(model), "--figures", str(tmp_path / "file")], "--figures"),
        (["sweep", "digits", "--epochs", "1", "--out", str(tmp_path / "file")], "--out"),
        (["lesson", "neuron", "--plot", str(tmp_path / "file")], "--plot"),
    ]:
        assert main(args) == 2, args
        captured = _one_line_error(capsys, option)
        assert captured.out == "", args  # refused before anything was done


def test_json_dash_is_standard_output_and_the_rest_goes_to_stderr(capsys):
    assert main(["train", "--epochs", "2", "--hidden", "4", "--json", "-"]) == 0
    captured = capsys.readouterr()
    record = json.loads(captured.out)
    assert len(record["epochs"]) == 2
    assert "test accuracy" in captured.err and "epoch 2" in captured.err


def test_a_pipe_as_json_gets_the_record(capsys):
    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "rb") as pipe:
        try:
            assert main([*QUICK, "--json", f"/dev/fd/{write_end}"]) == 0
        finally:
            os.close(write_end)
        assert json.loads(pipe.read())["config"]["hidden"] == [4]


def test_a_full_device_as_json_fails_in_one_line(tmp_path, capsys, monkeypatch):
    fifo = pretend_full(monkeypatch, tmp_path)
    assert main([*QUICK, "--json", str(fifo)]) == 2
    _one_line_error(capsys, "No space left on device", str(fifo))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symlinked_save_replaces_the_target_not_the_link(tmp_path, capsys):
    (tmp_path / "models").mkdir()
    link = tmp_path / "latest.npz"
    link.symlink_to(tmp_path / "models" / "run1.npz")
    assert main([*QUICK, "--save", str(link)]) == 0
    assert link.is_symlink() and (tmp_path / "models" / "run1.npz").is_file()


def test_json_is_strict_nan_and_infinity_become_null(tmp_path):
    record = {"loss": float("nan"), "epochs": [{"loss": float("inf")}, {"loss": 0.5}], "n": 3}
    text = strict_json(record)
    assert json.loads(text, parse_constant=_refuse_constant) == {
        "loss": None,
        "epochs": [{"loss": None}, {"loss": 0.5}],
        "n": 3,
    }
    write_json(str(tmp_path / "r.json"), record)
    json.loads((tmp_path / "r.json").read_text(), parse_constant=_refuse_constant)


def test_a_network_too_big_for_memory_is_one_line(capsys):
    assert main(["train", "--hidden", "1000000000000", "--epochs", "1"]) == 2
    captured = _one_line_error(capsys, "a 64-1000000000000-10 network needs about", "TB of memory")
    assert "choose fewer hidden nodes" in captured.err
    assert main(["sweep", "digits", "--hidden", "4", "1000000000000", "--epochs", "1"]) == 2
    _one_line_error(capsys, "a 64-1000000000000-10 network needs about")


def test_the_memory_check_counts_parameters_gradients_and_state(monkeypatch, capsys):
    monkeypatch.setattr(glassnet.runs.memory, "available_memory", lambda: 200_000_000)
    assert main(["train", "--hidden", "100000000", "--epochs", "1"]) == 2
    # 65·10⁸ + 10·(10⁸ + 1) parameters, 3 copies of each in float64 (180 GB), and the
    # hidden layer's outputs for 4,096 rows at a time, 3 copies (9.8 TB): 10.0 TB
    _one_line_error(
        capsys, "7,500,000,010 parameters in float64", "10.0 TB", "200.0 MB is available"
    )
    needed, parameters = glassnet.runs.memory.memory_needed(
        glassnet.runs.TrainConfig(hidden=(100,), optimizer="adam", batch_size=32), 64, 10
    )
    assert parameters == 65 * 100 + 101 * 10
    assert needed == (parameters * 5 + 3 * 4096 * 110) * 4  # float32 for batches


def test_a_blank_image_is_refused_as_the_docs_say(tmp_path, capsys):
    model = tmp_path / "digits.npz"
    save(digits_model(), model)
    Image.new("L", (8, 8), 255).save(tmp_path / "blank.png")  # the model's own size
    assert main(["predict", str(model), str(tmp_path / "blank.png")]) == 2
    _one_line_error(capsys, "blank.png: the image shows no ink")
