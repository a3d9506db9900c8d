import json
import re

import pytest

from glassnet import save
from glassnet.data import load_dataset
from glassnet.report import Page, report_run, write_report
from glassnet.runs import TrainConfig, run
from glassnet.sweeps import LocalBackend, SweepSpec, run_sweep


def assert_self_contained(text):
    """Opens offline: no address to fetch anything from, every image inline."""
    assert text.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", text)
    assert "<script" not in text and "<link" not in text and "@import" not in text
    sources = re.findall(r'<img src="([^"]*)"', text)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
    return len(sources)


@pytest.fixture(scope="module")
def digits():
    return load_dataset("digits")


@pytest.fixture(scope="module")
def trained(digits):
    return run(TrainConfig(hidden=(20,), epochs=3, batch_size=16, learning_rate=0.5), digits)


def test_report_of_a_fresh_run_shows_everything_inside(trained, digits, tmp_path):
    path = report_run(trained, digits, tmp_path / "run.html").path
    text = path.read_text()
    assert assert_self_contained(text) == 5  # confusion, mistakes, weights, backquery, curves
    for heading in ("The network", "Test set", "Hidden nodes", "Backquery", "Learning curves"):
        assert f"<h2>{heading}</h2>" in text
    assert f"Test accuracy {trained.test_accuracy:.4f} on 450 digits samples" in text
    assert "64-20-10; Sigmoid, Sigmoid; with biases" in text


def test_report_of_a_saved_model_finds_its_test_data(trained, digits, tmp_path):
    save(trained.model_file(digits), tmp_path / "model.npz")
    report = write_report(tmp_path / "model.npz")
    assert report.path == tmp_path / "model.html"
    assert report.notes == []
    assert assert_self_contained(report.path.read_text()) == 5


def test_report_of_a_relu_model_says_why_there_is_no_backquery(digits, tmp_path):
    relu = run(TrainConfig(hidden=(10,), activation="relu", epochs=1, batch_size=32), digits)
    path = report_run(relu, digits, tmp_path / "relu.html").path
    text = path.read_text()
    assert "backquery cannot run a ReLU layer backwards" in text
    assert assert_self_contained(text) == 4


def test_report_without_test_data_keeps_what_the_weights_show(trained, digits, tmp_path):
    save(trained.model, tmp_path / "bare.npz", image_shape=(8, 8))
    report = write_report(tmp_path / "bare.npz")
    assert report.notes == [
        "the model file names no dataset (give one) so test-set figures are left out"
    ]
    assert assert_self_contained(report.path.read_text()) == 2  # weights and backquery
    named = write_report(tmp_path / "bare.npz", tmp_path / "named.html", dataset_name="digits")
    assert assert_self_contained(named.path.read_text()) == 4


def test_report_of_a_sweep_has_its_table_and_figures(tmp_path):
    spec = SweepSpec(
        "digits",
        TrainConfig(hidden=(6,), batch_size=64, activation="tanh"),
        {"learning_rate": (0.1, 0.5), "epochs": (1, 2)},
        seeds=2,
        command="glassnet sweep digits --lr 0.1,0.5 --epochs 1,2 <&>",
    )
    run_sweep(spec, tmp_path, LocalBackend(1))
    report = write_report(tmp_path)
    text = report.path.read_text()
    assert report.path == tmp_path / "report.html"
    assert assert_self_contained(text) == 3  # two settings and their heat map
    assert "glassnet sweep digits --lr 0.1,0.5 --epochs 1,2 &lt;&amp;&gt;" in text
    assert text.count('<tr class="best">') == 1
    assert "<td>activation</td><td>tanh</td>" in text
    assert "runs finished</td><td>8 of 8" in text
    assert (tmp_path / "accuracy-vs-epochs.png").exists()
    assert write_report(tmp_path / "sweep.json").path == report.path


def test_report_of_a_run_record(trained, tmp_path):
    (tmp_path / "run.json").write_text(json.dumps(trained.to_dict()))
    text = write_report(tmp_path / "run.json").path.read_text()
    assert assert_self_contained(text) == 1
    assert f"Test accuracy {trained.test_accuracy:.4f}" in text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.npz", None, "no such file or folder"),
        ("notes.txt", "hello", "expected a sweep folder, a model file"),
        ("broken.npz", "not a zip", "not a glassnet model file"),
        ("other.json", "[1, 2]", "not a glassnet run record"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "not a glassnet run record"),
        (
            "lr.json",
            '{"config": {"learning_rate": "x"}}',
            r"\(invalid training setting learning_rate",
        ),
        (
            "huge.json",
            '{"config": {}, "epochs": [{"epoch": 1, "loss": 1%s, "train_accuracy": 1}]}'
            % ("0" * 400),
            r"run record \(training history is not a list of epoch records\)",
        ),
        ("accuracy.json", '{"config": {}, "test_accuracy": "high"}', "test_accuracy is str"),
    ],
)
def test_bad_targets_are_named(tmp_path, name, content, message):
    if content is not None:
        (tmp_path / name).write_text(content)
    with pytest.raises(ValueError, match=message):
        write_report(tmp_path / name)


def test_page_escapes_text():
    page = Page("<b>title</b>")
    page.text("a < b & c")
    page.table(["x"], [["<i>"]])
    text = page.render()
    assert "<b>" not in text and "&lt;b&gt;title" in text
    assert "a &lt; b &amp; c" in text and "<td>&lt;i&gt;</td>" in text


def test_template_escapes_every_value_it_is_given(tmp_path):
    from glassnet.report.page import Page

    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG")
    page = Page("a 'quoted' <title>")
    page.heading("<h2>")
    page.code("glassnet sweep --lr 0.1 </code><script>")
    page.figure(png, '"><script>alert(1)</script>')
    text = page.render(subtitle="<em>")
    assert "<script" not in text and "<em>" not in text and "<h2><h2>" not in text
    assert 'alt="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in text
    assert "<title>a &#39;quoted&#39; &lt;title&gt;</title>" in text
    assert text.count("<figure>") == 1 and text.endswith("</html>\n")
