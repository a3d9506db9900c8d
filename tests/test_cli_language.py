"""One command-line language: shared options agree, the overview, the version, old spellings."""

import importlib.metadata
import json
from pathlib import Path

import pytest

from glassnet.cli import build_parser, config_options, main, options
from glassnet.cli.reference import arguments, markdown, shared
from glassnet.cli.sweep import spec_from_args
from glassnet.cli.sweep_syntax import modernize
from tests.test_cli import run_cli

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
DEFINED = [
    *vars(options).values(),
    *vars(config_options).values(),
    *config_options.TRAINING.values(),
    *config_options.AUGMENTATION.values(),
]
REGISTRY = [value for value in DEFINED if isinstance(value, options.Option)]


def test_every_option_shared_by_commands_is_spelled_the_same_and_defined_once():
    common = shared(build_parser())
    assert {"--seed", "--data-dir", "--json", "--hidden", "--lr", "--dataset", "--out"} <= set(
        common
    )
    for name, uses in common.items():
        first = uses[0]
        for use in uses[1:]:
            assert use.spelling == first.spelling, (name, first.command, use.command)
            assert (use.type, use.choices) == (first.type, first.choices), name
        defined = [o for o in REGISTRY if o.flags == first.names and o.help == first.help]
        assert defined, f"{name} is shared but not defined in cli.options or cli.config_options"


def test_dataset_and_model_arguments_take_what_the_options_take():
    for command, found in arguments(build_parser()).items():
        for argument in found:
            if argument.names == ("DATASET",):
                assert argument.choices == tuple(options.DATASET.choices), command
            if argument.names == ("MODEL",):
                assert argument.help == options.MODEL.help, command


def test_a_sweep_takes_train_options_with_several_values_and_nothing_else_differs():
    found = arguments(build_parser())
    train = {a.names: a for a in found["train"]}
    sweep = {a.names: a for a in found["sweep"]}
    for field in config_options.CONFIG_FIELDS:
        flags = (config_options.TRAINING | config_options.AUGMENTATION)[field].flags
        assert sweep[flags].several and not train[flags].several
        assert sweep[flags].spelling == train[flags].spelling
    several = {names for names, a in sweep.items() if a.several}
    assert several == {
        o.flags for o in (config_options.TRAINING | config_options.AUGMENTATION).values()
    }


def test_docs_cli_table_is_current():
    assert DOC.read_text(encoding="utf-8") == markdown(build_parser()), (
        "docs/cli.md is out of date: run `python docs/cli_table.py`"
    )


def test_bare_glassnet_lists_every_command_in_one_line_each():
    bare = run_cli()
    assert bare.returncode == 2 and bare.stdout == ""
    helped = run_cli("--help")
    assert helped.returncode == 0 and helped.stderr == ""
    assert bare.stderr == helped.stdout
    lines = helped.stdout.splitlines()
    listed = lines[lines.index("commands:") + 1 : lines.index("options:") - 1]
    commands = build_parser().commands.lines
    assert {"train", "lesson", "sweep", "serve", "report"} <= {name for name, _ in commands}
    width = max(len(name) for name, _ in commands)
    assert listed == [f"  {name:<{width}}  {text}" for name, text in commands]
    assert all(text for _, text in commands)


def test_version_is_the_package_metadata_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout == f"glassnet {importlib.metadata.version('glassnet')}\n"


def test_abbreviated_options_are_refused(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["train", "--quie"])
    assert exit.value.code == 2
    assert "unrecognized arguments: --quie" in capsys.readouterr().err


def _spec(*words: str):
    return spec_from_args(build_parser().parse_args(["sweep", "digits", *words]))


def test_sweep_values_are_written_as_train_writes_them():
    spec = _spec(
        "--hidden", "100", "128,64", "--targets", "0.01,0.99", "0,1", "--bias", "yes", "no"
    )
    assert spec.axes == {
        "hidden": ((100,), (128, 64)),
        "bias": (True, False),
        "targets": ((0.01, 0.99), (0.0, 1.0)),
    }
    one = _spec("--hidden", "128,64", "--no-bias", "--backprop", "gradient", "--lr", "0.1", "1")
    assert (one.base.hidden, one.base.bias) == ((128, 64), False)
    assert one.axes == {"learning_rate": (0.1, 1.0)}


@pytest.mark.parametrize(
    ("old", "today", "note"),
    [
        ("--lr 0.01,0.1", "--lr 0.01 0.1", "--lr 0.01,0.1 is the old sweep spelling; write --lr 0.01 0.1"),
        ("--lr=0.01,0.1", "--lr 0.01 0.1", "--lr 0.01,0.1 is the old sweep spelling; write --lr 0.01 0.1"),
        ("--hidden 100,128-64", "--hidden 100 128,64", "write --hidden 100 128,64"),
        ("--targets 0.01:0.99,0:1", "--targets 0.01,0.99 0,1", "write --targets 0.01,0.99 0,1"),
        ("--bias yes,no", "--bias yes no", "--bias yes,no is the old sweep spelling"),
        ("--activation relu,tanh --seeds 2", "--activation relu tanh --seeds 2", "write --activation relu tanh ("),
    ],
)  # fmt: skip
def test_old_sweep_spellings_still_work_with_a_note(old, today, note):
    notes: list[str] = []
    words = modernize(["sweep", "digits", *old.split()], notes.append)
    assert words == ["sweep", "digits", *today.split()]
    assert len(notes) == 1 and note in notes[0]


def test_todays_sweep_spellings_are_left_alone():
    words = ["sweep", "digits", "--hidden", "128,64", "100", "--targets", "0,1", "--seed", "3"]
    notes: list[str] = []
    assert modernize(words, notes.append) == words
    assert notes == []


def test_old_spelling_runs_with_a_one_line_note(tmp_path):
    result = run_cli(
        "sweep", "iris", "--hidden", "4", "--epochs", "1", "--lr", "0.1,0.2",
        "--out", str(tmp_path), "--workers", "1", "--quiet",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(
        "glassnet: note: --lr 0.1,0.2 is the old sweep spelling; write --lr 0.1 0.2"
    )
    record = json.loads((tmp_path / "sweep.json").read_text())
    assert record["axes"] == {"learning_rate": [0.1, 0.2]}
    assert "--lr 0.1 0.2" in record["command"]


def test_train_takes_backprop_and_the_yes_no_spelling(tmp_path):
    path = tmp_path / "run.json"
    book = ["train", "--hidden", "8", "--epochs", "1", "--backprop", "book", "--bias", "no"]
    assert main([*book, "--shuffle", "no", "--quiet", "--json", str(path)]) == 0
    config = json.loads(path.read_text())["config"]
    assert (config["backprop"], config["bias"], config["shuffle"]) == ("book", False, False)


def test_renamed_export_option_still_works_with_a_note(tmp_path, capsys):
    model = tmp_path / "m.npz"
    assert main(["train", "--hidden", "4", "--epochs", "1", "--quiet", "--save", str(model)]) == 0
    export = ["export", str(model), "--format", "c", "--name", "net"]
    assert main([*export, "--output", str(tmp_path / "a.h")]) == 0
    assert "glassnet: note: --output is now called --out" in capsys.readouterr().err
    assert main([*export, "--out", str(tmp_path / "b.h")]) == 0
    assert capsys.readouterr().err == ""
    first, second = ((tmp_path / name).read_text() for name in ("a.h", "b.h"))
    assert first.replace("a.h", "b.h").replace("A_H", "B_H") == second


def test_resume_of_a_finished_run_says_there_is_nothing_left(tmp_path, capsys):
    folder = str(tmp_path / "ck")
    assert (
        main(
            [
                "train",
                "iris",
                "--epochs",
                "2",
                "--hidden",
                "4",
                "--quiet",
                "--checkpoint-dir",
                folder,
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["train", "--resume", folder]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"nothing left to do: the run in {folder} has finished its 2 epochs, test accuracy 0."
    )
    assert out.endswith("; --epochs N (more than 2) trains it further\n") and out.count("\n") == 1
    model = tmp_path / "m.npz"
    assert main(["train", "--resume", folder, "--save", str(model), "--quiet"]) == 0
    assert "nothing left to do" in capsys.readouterr().out and model.is_file()
