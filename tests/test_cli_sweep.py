import csv
import json
import re
import signal
import subprocess
import sys
import time

import pytest

from glassnet.cli import main
from tests.conftest import ctrl_c_reaches_it
from tests.test_cli import run_cli


def status(args):
    """``main``'s exit status, also when argparse exits (a usage error)."""
    try:
        return main(args)
    except SystemExit as exit:
        return exit.code


SMALL = ["--hidden", "6", "--batch-size", "64", "--loss", "cross-entropy", "--optimizer", "adam"]


def test_sweep_writes_table_figures_and_report_then_skips_finished_runs(tmp_path, capsys):
    out = tmp_path / "sweep"
    args = [
        "sweep",
        "digits",
        *SMALL,
        "--lr",
        "0.003",
        "0.03",
        "--epochs",
        "1",
        "2",
        "--seeds",
        "2",
    ]
    assert main([*args, "--out", str(out), "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(
        f"digits: 8 runs (learning rate (2) × epochs (2), 2 seeds each) in {out}/; "
        "0 already finished; running on 1 local worker (joblib)\n"
    )
    assert printed.count("] learning rate ") == 8
    assert "[8/8]" in printed
    assert re.search(
        r"best: learning rate [\d.]+, epochs \d: test accuracy 0\.\d{4} ± 0\.\d{4} over 2 seeds",
        printed,
    )
    assert f"report: {(out / 'report.html').resolve().as_uri()}" in printed
    with open(out / "results.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 8
    assert {(r["learning_rate"], r["epochs"], r["seed"]) for r in rows} == {
        (lr, e, s) for lr in ("0.003", "0.03") for e in ("1", "2") for s in ("0", "1")
    }
    assert {r["hidden"] for r in rows} == {"6"}
    assert len(json.loads((out / "results.json").read_text())) == 8
    assert (
        (out / "summary.csv").read_text().startswith("learning_rate,epochs,seeds,mean,std,min,max")
    )
    assert (out / "accuracy-vs-learning-rate.png").exists()
    assert (out / "heatmap-learning-rate-epochs.png").exists()

    assert main([*args, "--out", str(out), "--workers", "1"]) == 0
    again = capsys.readouterr().out
    assert "8 already finished" in again
    assert "] learning rate " not in again


def test_sweep_on_a_dask_cluster(tmp_path, capsys):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, processes=False, protocol="tcp", dashboard_address=":0"
    ) as cluster:
        code = main(
            [
                "sweep",
                "digits",
                *SMALL,
                "--lr",
                "0.01",
                "0.1",
                "--out",
                str(tmp_path),
                "--dask",
                cluster.scheduler_address,
                "--quiet",
            ]
        )
    assert code == 0
    printed = capsys.readouterr().out
    assert printed.startswith("best: learning rate ")
    assert len(json.loads((tmp_path / "results.json").read_text())) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lr", "0.1", "abc"], "argument --lr/--learning-rate: expected a number, got 'abc'"),
        (["--hidden", "10,0"], "argument --hidden: must be >= 1, got 0"),
        (["--activation", "relu", "swish"], "argument --activation: invalid choice: 'swish'"),
        (["--epochs", "1", "1"], "epochs lists a value twice"),
        (["--preset", "book"], "the book preset is a 784-200-10 network, but digits has 64 inputs"),
        (["--bias", "maybe"], "expected yes or no, got 'maybe'"),
        (["--bias", "yes", "--no-bias"], "argument --no-bias: not allowed with argument --bias"),
    ],
)
def test_bad_sweeps_are_one_line(args, message, tmp_path, capsys):
    code = status(["sweep", "digits", *args, "--out", str(tmp_path)])
    error = capsys.readouterr().err
    assert code == 2
    assert error.count("\n") == 1
    assert message in error


def test_augmentation_on_tables_is_refused(tmp_path, capsys):
    assert main(["sweep", "iris", "--noise", "0", "0.1", "--out", str(tmp_path)]) == 2
    assert "augmentation (rotations, random rotation/shift, noise) needs images; iris has none" in (
        capsys.readouterr().err
    )


def test_ctrl_c_between_a_written_record_and_its_report_counts_the_kept_run(
    tmp_path, monkeypatch, capsys
):
    # The race the subprocess test below can hit: results.json already holds a run when
    # Ctrl-C lands, before the progress display heard of it. The message must count it.
    import glassnet.cli.sweep as sweep_command

    real_run_sweep = sweep_command.run_sweep

    def interrupted_after_first_write(spec, folder, backend, *, data_dir, on_result):
        def stop(records):
            raise KeyboardInterrupt

        real_run_sweep(spec, folder, backend, data_dir=data_dir, on_result=stop)

    monkeypatch.setattr(sweep_command, "run_sweep", interrupted_after_first_write)
    out = tmp_path / "sweep"
    args = ["sweep", "iris", "--hidden", "4", "--epochs", "1", "--lr", "0.1", "0.2", "0.3"]
    assert main([*args, "--workers", "1", "--out", str(out), "--quiet"]) == 130
    assert len(json.loads((out / "results.json").read_text())) == 1
    assert f"1 of 3 runs are finished and kept in {out}/" in capsys.readouterr().err


@pytest.mark.slow
def test_ctrl_c_keeps_finished_runs_and_the_same_command_finishes_them(tmp_path):
    out = tmp_path / "sweep"
    command = [
        sys.executable,
        "-m",
        "glassnet.cli",
        "sweep",
        "digits",
        "--hidden",
        "30",
        "--batch-size",
        "1",
        "--epochs",
        "10",  # half a second a run or more: the interrupt lands while runs are left
        "--lr",
        *("0.1", "0.2", "0.3", "0.4", "0.5", "0.6"),
        "--workers",
        "1",
        "--out",
        str(out),
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_reaches_it,
    )
    deadline = time.monotonic() + 120
    while not (out / "results.json").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    kept = json.loads((out / "results.json").read_text())
    assert 1 <= len(kept) < 6
    assert f"{len(kept)} of 6 runs are finished and kept in {out}/" in stderr
    assert "Traceback" not in stderr
    finished = run_cli(*command[3:])
    assert finished.returncode == 0, finished.stderr
    assert f"{len(kept)} already finished" in finished.stdout
    assert finished.stdout.count("] learning rate ") == 6 - len(kept)
    assert len(json.loads((out / "results.json").read_text())) == 6


def test_report_command_prints_a_link(tmp_path, capsys):
    assert (
        main(
            [
                "train",
                "--hidden",
                "8",
                "--epochs",
                "1",
                "--quiet",
                "--save",
                str(tmp_path / "m.npz"),
            ]
        )
        == 0
    )
    capsys.readouterr()
    page, figures = tmp_path / "page.html", tmp_path / "figures"
    assert (
        main(["report", str(tmp_path / "m.npz"), "--out", str(page), "--figures", str(figures)])
        == 0
    )
    assert capsys.readouterr().out == f"report: {page.resolve().as_uri()}\n"
    assert sorted(p.name for p in figures.iterdir()) == [
        "backquery.png",
        "confident-mistakes.png",
        "confusion-matrix.png",
        "hidden-weights.png",
        "learning-curves.png",
    ]
    assert main(["report", str(tmp_path / "nothing")]) == 2
    assert (
        capsys.readouterr().err
        == f"glassnet: error: {tmp_path / 'nothing'}: no such file or folder\n"
    )


def test_train_with_augmentation_schedule_and_report(tmp_path, capsys):
    code = main(
        [
            "train",
            "--hidden",
            "16",
            "--epochs",
            "2",
            "--batch-size",
            "16",
            "--random-shift",
            "1",
            "--random-rotation",
            "5",
            "--noise",
            "0.02",
            "--schedule",
            "cosine",
            "--report",
            str(tmp_path / "r.html"),
            "--json",
            str(tmp_path / "r.json"),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert (
        "augmentation: random rotation ±5°, random shift ±1 px, noise 0.02; "
        "learning rate schedule: cosine\n" in printed
    )
    assert f"report: {(tmp_path / 'r.html').resolve().as_uri()}" in printed
    config = json.loads((tmp_path / "r.json").read_text())["config"]
    assert (config["random_shift"], config["random_rotation"], config["noise"]) == (1, 5.0, 0.02)
    assert config["schedule"] == "cosine"
    assert "<h2>Backquery</h2>" in (tmp_path / "r.html").read_text()
    assert status(["train", "--rotations", "-3"]) == 2
    assert "argument --rotations: must be a number >= 0, got -3" in capsys.readouterr().err
