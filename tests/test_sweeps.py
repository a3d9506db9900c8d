import json

import pytest

from glassnet.data import load_dataset
from glassnet.errors import GlassnetError
from glassnet.runs import PRESETS, TrainConfig, run
from glassnet.sweeps import (
    DaskBackend,
    LocalBackend,
    SweepSpec,
    display,
    plan,
    read_records,
    run_job,
    run_key,
    run_sweep,
    summarize,
    summary_csv,
)
from glassnet.sweeps.table import read_spec, to_csv, write_records, write_spec

# Small and quick on the bundled digits: a few hundredths of a second per run.
BASE = TrainConfig(
    hidden=(8,), batch_size=32, loss="cross-entropy", optimizer="adam", learning_rate=0.01
)


def small_spec(**changes):
    values = {
        "dataset": "digits",
        "base": BASE,
        "axes": {"learning_rate": (0.003, 0.03), "epochs": (1, 3)},
        "seeds": 2,
    }
    return SweepSpec(**{**values, **changes})


def comparable(records):
    """Everything but wall-clock seconds."""
    return [
        {
            **{k: v for k, v in r.items() if k not in ("seconds", "history")},
            "history": [{k: v for k, v in e.items() if k != "seconds"} for e in r["history"]],
        }
        for r in records
    ]


def test_grid_order_seeds_and_single_values():
    spec = small_spec(axes={"learning_rate": (0.1, 0.2), "epochs": (1, 2, 5), "hidden": ((7,),)})
    configs = spec.configs()
    assert len(configs) == 2 * 3 * 2
    assert [(c.learning_rate, c.epochs, c.seed) for c in configs[:4]] == [
        (0.1, 1, 0),
        (0.1, 1, 1),
        (0.1, 2, 0),
        (0.1, 2, 1),
    ]
    assert all(c.hidden == (7,) and c.batch_size == 32 for c in configs)
    assert spec.swept == ["learning_rate", "epochs"]


def test_spec_round_trips_through_json():
    spec = small_spec(
        axes={"hidden": ((10,), (32, 16)), "targets": ((0.0, 1.0), (0.1, 0.9))}, command="x"
    )
    again = SweepSpec.from_dict(json.loads(json.dumps(spec.to_dict())))
    assert again == spec
    assert [run_key("digits", c) for c in again.configs()] == [
        run_key("digits", c) for c in spec.configs()
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"axes": {"seed": (1, 2)}}, "seeds count"),
        ({"axes": {"colour": (1, 2)}}, "cannot sweep 'colour'"),
        ({"axes": {"epochs": ()}}, "no values to sweep for epochs"),
        ({"axes": {"epochs": (1, 1)}}, "lists a value twice"),
        ({"axes": {"learning_rate": (0.1, -1.0)}}, "learning rate must be > 0"),
        ({"seeds": 0}, "seeds must be a whole number >= 1"),
        ({"seeds": 10**9}, "a sweep has at most 10,000 runs; this one has 4,000,000,000"),
        ({"base": PRESETS["book"], "axes": {"batch_size": (1, 10)}}, "per sample"),
    ],
)
def test_bad_sweeps_are_named(changes, message):
    with pytest.raises(ValueError, match=message):
        small_spec(**changes)


def test_keys_name_the_dataset_and_every_setting():
    assert run_key("digits", BASE) == run_key("digits", BASE.replace())
    assert run_key("digits", BASE) != run_key("mnist", BASE)
    assert run_key("digits", BASE) != run_key("digits", BASE.replace(seed=1))
    # The same network said two ways is the same run.
    assert run_key("digits", TrainConfig(output=None)) == run_key(
        "digits", TrainConfig(output="sigmoid")
    )


def test_runs_that_differ_only_in_epochs_share_one_job():
    spec = small_spec(axes={"learning_rate": (0.003, 0.03), "epochs": (1, 2, 5)})
    jobs = plan(spec, set())
    assert len(jobs) == 4  # two learning rates x two seeds
    assert {job.report_epochs for job in jobs} == {(1, 2, 5)}
    assert {job.config.epochs for job in jobs} == {5}
    scheduled = small_spec(base=BASE.replace(schedule="cosine"))
    assert len(plan(scheduled, set())) == len(scheduled.configs())  # the rate depends on epochs
    assert len(plan(spec, set(), share_epochs=False)) == 12
    done = {run_key("digits", c) for c in spec.configs() if c.epochs == 5}
    assert {job.config.epochs for job in plan(spec, done)} == {2}


@pytest.mark.parametrize("base", [BASE, PRESETS["book"].replace(hidden=(6,))])
def test_a_shared_job_gives_exactly_the_separate_runs(base):
    spec = small_spec(base=base, axes={"epochs": (1, 3)}, seeds=1)
    (job,) = plan(spec, set())
    shared = {r["key"]: r for r in run_job(job)}
    digits = load_dataset("digits")
    for config in spec.configs():
        alone = run(config, digits)
        record = shared[run_key("digits", config)]
        assert record["test_accuracy"] == alone.test_accuracy
        assert record["loss"] == alone.history.loss[-1]
        assert [e["test_accuracy"] for e in record["history"]] == alone.history.validation_accuracy


@pytest.fixture(scope="module")
def local_table(tmp_path_factory):
    folder = tmp_path_factory.mktemp("local")
    return comparable(run_sweep(small_spec(), folder, LocalBackend(1))), folder


def test_sweep_writes_results_as_csv_and_json(local_table):
    table, folder = local_table
    assert len(table) == 8
    rows = (folder / "results.csv").read_text().splitlines()
    assert len(rows) == 9
    assert rows[0].startswith("key,dataset,hidden,activation,")
    assert rows[0].endswith(",test_accuracy,train_accuracy,loss,seconds")
    stored = json.loads((folder / "results.json").read_text())
    assert {r["key"] for r in stored} == {r["key"] for r in table}
    assert all(0.0 <= r["test_accuracy"] <= 1.0 and r["seconds"] >= 0 for r in stored)
    assert json.loads((folder / "sweep.json").read_text())["axes"]["epochs"] == [1, 3]
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".part")]


@pytest.mark.slow
def test_joblib_processes_give_the_same_table(local_table, tmp_path):
    assert comparable(run_sweep(small_spec(), tmp_path, LocalBackend(2))) == local_table[0]


def test_a_dask_cluster_gives_the_same_table(local_table, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=":0"
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        backend = DaskBackend(cluster.scheduler_address)
        assert comparable(run_sweep(small_spec(), tmp_path, backend)) == local_table[0]


def test_an_unreachable_dask_scheduler_is_one_clear_error(tmp_path):
    backend = DaskBackend("tcp://127.0.0.1:9", timeout=0.5)
    with pytest.raises(OSError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        run_sweep(small_spec(), tmp_path, backend)


def test_an_interrupted_sweep_keeps_its_runs_and_skips_them_next_time(local_table, tmp_path):
    seen = []

    def interrupt_after_two(records):
        seen.append(records)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_sweep(small_spec(), tmp_path, LocalBackend(1), on_result=interrupt_after_two)
    kept = read_records(tmp_path)
    assert len(kept) == 4  # two jobs of two epoch counts each
    again = []
    table = run_sweep(small_spec(), tmp_path, LocalBackend(1), on_result=again.append)
    assert len(again) == 2
    assert not {r["key"] for records in again for r in records} & set(kept)
    assert comparable(table) == local_table[0]


def test_summary_over_seeds(local_table):
    _, folder = local_table
    spec = small_spec()
    cells = summarize(spec, read_records(folder))
    assert [cell.values for cell in cells] == [
        {"learning_rate": 0.003, "epochs": 1},
        {"learning_rate": 0.003, "epochs": 3},
        {"learning_rate": 0.03, "epochs": 1},
        {"learning_rate": 0.03, "epochs": 3},
    ]
    first = cells[0]
    assert len(first.accuracies) == 2
    assert first.mean == pytest.approx(sum(first.accuracies) / 2)
    assert first.low <= first.mean <= first.high
    assert first.std == pytest.approx(abs(first.accuracies[0] - first.accuracies[1]) / 2**0.5)
    text = summary_csv(spec, cells).splitlines()
    assert text[0] == "learning_rate,epochs,seeds,mean,std,min,max,mean_seconds,diverged"
    assert text[1].startswith("0.003,1,2,")


def test_csv_writes_settings_as_people_do():
    record = {
        "key": "k",
        "dataset": "digits",
        "config": TrainConfig(hidden=(128, 64), bias=False).to_dict(),
        "test_accuracy": 0.5,
        "train_accuracy": 0.5,
        "loss": 1.0,
        "seconds": 2.0,
    }
    row = to_csv([record]).splitlines()[1].split(",")
    assert row[2] == "128-64"
    assert "no" in row and "0.01:0.99" in row


def test_a_corrupt_results_file_is_named(tmp_path):
    (tmp_path / "results.json").write_text("{not json")
    with pytest.raises(ValueError, match="corrupt results file"):
        read_records(tmp_path)


def test_whole_numbers_in_float_settings_keep_their_run_keys(tmp_path):
    # A sweep made in Python may say weight_decay=0: read back, its runs must be found.
    spec = small_spec(base=BASE.replace(weight_decay=0), axes={"learning_rate": (1, 0.5)})
    write_spec(tmp_path, spec)
    again = read_spec(tmp_path)
    assert [run_key("digits", c) for c in again.configs()] == [
        run_key("digits", c) for c in spec.configs()
    ]


def _swept_folder(folder):
    """A sweep folder as glassnet writes it, with one made-up finished run."""
    spec = small_spec()
    config = spec.configs()[0]
    write_spec(folder, spec)
    record = {
        "key": run_key("digits", config),
        "dataset": "digits",
        "config": config.to_dict(),
        "test_accuracy": 0.9,
        "train_accuracy": 0.95,
        "loss": 0.1,
        "seconds": 1.0,
        "history": [{"epoch": 1, "loss": 0.1, "train_accuracy": 0.95, "test_accuracy": 0.9}],
    }
    write_records(folder, {record["key"]: record})
    return spec


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.update(seeds=10**9), "at most 10,000 runs; this one has 4,000,000,000"),
        (lambda s: s.update(seeds="2"), "the sweep's seeds is text, not a whole number"),
        (lambda s: s.update(axes=[1]), "the sweep's axes is a list, not an object"),
        (lambda s: s["axes"].update(learning_rate=["a"]), "invalid training setting learning_rate"),
        (lambda s: s["axes"].update(epochs=[0]), "epochs must be >= 1"),
        (lambda s: s["axes"].update(learning_rate=[10**400]), "learning_rate"),
        (lambda s: s["base"].update(hidden="8"), "invalid training setting hidden: '8'"),
        (lambda s: s["base"].update(epochs=None), "invalid training setting epochs: None"),
        (lambda s: s.pop("dataset"), "no 'dataset' in the sweep description"),
    ],
)
def test_a_damaged_sweep_json_is_named_with_what_is_wrong(tmp_path, change, message):
    _swept_folder(tmp_path)
    values = json.loads((tmp_path / "sweep.json").read_text())
    change(values)
    (tmp_path / "sweep.json").write_text(json.dumps(values))
    with pytest.raises(GlassnetError, match=message) as raised:
        read_spec(tmp_path)
    assert str(raised.value).startswith(f"{tmp_path / 'sweep.json'}: corrupt sweep description (")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(test_accuracy="0.9"), "numbers or null"),
        (lambda r: r.update(test_accuracy=10**400), "numbers or null"),
        (lambda r: r.pop("loss"), "numbers or null"),
        (lambda r: r.update(seconds=None), "seconds must be a number"),
        (lambda r: r.update(config=5), "no config"),
        (lambda r: r["config"].update(learning_rate="zz"), "invalid training setting"),
        (lambda r: r.update(history=3), "history is not a list of epoch records"),
        (lambda r: r["history"][0].update(loss=[1]), "history is not a list of epoch records"),
        (lambda r: r.update(key=7), "key and dataset must be text"),
    ],
)
def test_a_damaged_run_in_results_json_is_named(tmp_path, change, message):
    spec = _swept_folder(tmp_path)
    assert len(summarize(spec, read_records(tmp_path))) == 1  # the folder as written reads
    records = json.loads((tmp_path / "results.json").read_text())
    change(records[0])
    (tmp_path / "results.json").write_text(json.dumps(records))
    with pytest.raises(GlassnetError, match=f"run 1: .*{message}") as raised:
        read_records(tmp_path)
    assert str(raised.value).startswith(f"{tmp_path / 'results.json'}: corrupt results file (")


@pytest.mark.slow
def test_a_local_dask_cluster_of_processes(local_table, tmp_path):
    backend = DaskBackend("local", workers=1)
    assert backend.description == "Dask distributed (a local Dask cluster of 1)"
    assert comparable(run_sweep(small_spec(), tmp_path, backend)) == local_table[0]


def test_values_for_people_and_for_table_files():
    from glassnet.sweeps.grid import plain

    assert display("rotations", 10.0) == "±10°"
    assert display("random_shift", 2) == "±2 px"
    assert display("random_rotation", 0.0) == "none"
    assert display("hidden", (128, 64)) == plain("hidden", (128, 64)) == "128-64"
    assert plain("rotations", 10.0) == "10.0"
    assert plain("learning_rate", 0.0001) == "0.0001"
    assert display("bias", False) == plain("bias", False) == "no"


@pytest.mark.slow
@pytest.mark.data
def test_the_books_shapes_on_real_mnist(mnist_dir, tmp_path):
    """Small versions of the book's experiments: a moderate learning rate beats a large
    one, more hidden nodes beat fewer, and the rotated copies help."""
    base = PRESETS["book"].replace(hidden=(30,), epochs=1)
    spec = SweepSpec(
        "mnist",
        base,
        {"learning_rate": (0.01, 0.1, 0.6), "hidden": ((10,), (30,)), "rotations": (0.0, 10.0)},
    )
    run_sweep(spec, tmp_path, LocalBackend(2), data_dir=str(mnist_dir))
    mean = {tuple(c.values.values()): c.mean for c in summarize(spec, read_records(tmp_path))}
    assert mean[0.1, (30,), 0.0] > mean[0.6, (30,), 0.0] + 0.01
    assert mean[0.1, (30,), 0.0] > mean[0.1, (10,), 0.0] + 0.01
    assert mean[0.1, (30,), 0.0] > mean[0.01, (30,), 0.0] + 0.01
    # The book trains on its rotated copies with learning rate 0.01.
    assert mean[0.01, (30,), 10.0] > mean[0.01, (30,), 0.0] + 0.005
