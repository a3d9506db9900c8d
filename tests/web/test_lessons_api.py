"""The Lessons tab's API: the list, the inputs, runs with refused values, background jobs."""

import time

import pytest
from starlette.testclient import TestClient

from glassnet.lessons import LESSONS, backprop, update
from glassnet.lessons.core import format_value
from glassnet.web.app import create_app
from tests.test_lessons_data import _fake_gestures, _fake_students


@pytest.fixture
def app(digits_model, tmp_path):
    app = create_app(digits_model)
    app.state.data_dir = str(tmp_path)  # empty: no students, no gestures, no MNIST
    return app


@pytest.fixture
def client(app):
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client


def test_the_list_has_the_eleven_in_order(client):
    lessons = client.get("/api/lessons").json()["lessons"]
    assert [one["name"] for one in lessons] == list(LESSONS)
    assert lessons[9] == {
        "name": "neuron",
        "number": 10,
        "document": "TinySpark page",
        "section": LESSONS["neuron"].INFO.section,
        "summary": LESSONS["neuron"].INFO.summary,
        "background": False,
    }
    assert [one["name"] for one in lessons if one["background"]] == [
        "mnist",
        "students",
        "gestures",
    ]


def test_a_lesson_describes_its_inputs_and_its_data(client):
    described = client.get("/api/lessons/update").json()
    assert [one["name"] for one in described["inputs"]] == list(update.INPUTS)
    weights = described["inputs"][2]
    assert weights["fields"][1] == {"key": "weights.1.2", "label": "w2,1", "default": 3.0}
    assert weights["allowed"] == "a number from -10 to 10"
    assert described["data_note"] == "" and not described["data_missing"]
    students = client.get("/api/lessons/students").json()
    assert students["data_missing"] and "student-mat.csv not found" in students["data_note"]
    mnist = client.get("/api/lessons/mnist").json()
    assert not mnist["data_missing"] and "bundled 8x8 digits" in mnist["data_note"]
    assert [link["tab"] for link in mnist["see_also"]] == ["draw", "inside"]
    assert client.get("/api/lessons/nope").status_code == 404


def test_a_run_answers_every_value_as_the_cli_prints_it(client):
    answer = client.get("/api/lessons/backprop/run?output_errors.1=0.6&w_input_hidden.2.2=5").json()
    lesson = backprop.run(output_errors=(0.6, 0.5), w_input_hidden=((3.0, 2.0), (1.0, 5.0)))
    assert answer["text"] == lesson.text()
    for shown, step in zip(answer["steps"], lesson.steps, strict=True):
        assert shown["key"] == step.key and shown["title"] == step.title
        assert [v["text"] for v in shown["values"]] == [
            format_value(v) for v in step.values.values()
        ]
    assert [figure["id"] for figure in answer["figures"]] == ["backprop-split", "backprop-simple"]


@pytest.mark.parametrize(
    ("query", "field", "problem"),
    [
        ("learning_rate=abc", "learning_rate", "'abc' is not a number"),
        ("learning_rate=-1", "learning_rate", "-1 is outside the range; allowed: a number above 0"),
        ("learning_rate=1e10", "learning_rate", "1e+10 is outside the range"),
        ("weights.2.1=NaN", "weights.2.1", "NaN is not a number to compute with"),
        (
            "hidden_outputs.1=1.5",
            "hidden_outputs.1",
            "1.5 is outside the range; allowed: a number from 0 to 1",
        ),
        ("lr=0.2", "lr", "is not an input of update; its inputs are: hidden_outputs.1"),
    ],
)
def test_refused_values_get_422_naming_the_field(client, query, field, problem):
    reply = client.get(f"/api/lessons/update/run?{query}")
    assert reply.status_code == 422
    body = reply.json()
    assert problem in body["fields"][field]
    assert body["error"].startswith(field)


def test_every_refused_field_is_named_at_once(client):
    reply = client.get("/api/lessons/matrix/run?seed=1.5&inputs_3.2=x&w_hidden_output.3.3=-20")
    assert reply.status_code == 422
    assert set(reply.json()["fields"]) == {"seed", "inputs_3.2", "w_hidden_output.3.3"}


def test_advice_comes_with_the_numbers(client):
    answer = client.get("/api/lessons/signals/run?signals.2=4").json()
    assert answer["advice"] == {"signals.2": "outputs of sigmoid nodes lie between 0 and 1"}
    assert answer["steps"][0]["values"][0]["text"] == "[1, 4]"


def test_data_lessons_run_as_jobs_and_hand_sized_ones_at_once(client):
    assert client.get("/api/lessons/students/run").status_code == 400
    assert client.post("/api/lessons/update/jobs", json={}).status_code == 400
    reply = client.post("/api/lessons/students/jobs", json={"inputs": {}})
    assert reply.status_code == 404
    assert "students file student-mat.csv not found" in reply.json()["error"]
    reply = client.post("/api/lessons/students/jobs", json={"inputs": {"epochs": "many"}})
    assert reply.status_code == 422 and "'many' is not a number" in reply.json()["fields"]["epochs"]
    assert client.post("/api/lessons/students/jobs", json={"inputs": [1]}).status_code == 400
    assert client.get("/api/lessons/jobs/nope").status_code == 404


def _finish(client, job):
    deadline = time.monotonic() + 120
    while job["state"] == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
        job = client.get(f"/api/lessons/jobs/{job['id']}").json()
    return job


def test_a_job_reports_progress_and_its_result(client, app, tmp_path):
    _fake_students(tmp_path)
    started = client.post(
        "/api/lessons/students/jobs", json={"inputs": {"epochs": 200, "seed": "3"}}
    )
    assert started.status_code == 202
    done = _finish(client, started.json())
    assert done["state"] == "done" and done["progress"] == 1.0
    lesson = LESSONS["students"].run(tmp_path, seed=3, epochs=200)
    assert done["result"]["text"] == lesson.text()
    again = client.post("/api/lessons/students/jobs", json={"inputs": {"seed": 3, "epochs": 200}})
    assert again.json()["state"] == "done"  # the same inputs: the kept result at once
    assert again.json()["result"]["text"] == lesson.text()


def test_stop_ends_a_job(client, tmp_path):
    _fake_gestures(tmp_path)
    started = client.post(
        "/api/lessons/gestures/jobs", json={"inputs": {"epochs": 500, "batch_size": 1}}
    ).json()
    while started["progress"] == 0 and started["state"] == "running":
        started = client.get(f"/api/lessons/jobs/{started['id']}").json()
    stopped = client.post(f"/api/lessons/jobs/{started['id']}/stop").json()
    assert stopped["state"] == "stopped" and 0 < stopped["progress"] < 1
    assert stopped["result"] is None


def test_stopping_the_server_stops_its_lesson_jobs(app, tmp_path):
    _fake_gestures(tmp_path)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        started = client.post(
            "/api/lessons/gestures/jobs", json={"inputs": {"epochs": 500, "batch_size": 1}}
        ).json()
        job = app.state.lesson_jobs.get(started["id"])
        while job.progress == 0 and job.state == "running":
            time.sleep(0.01)
    # Leaving the client runs the server's shutdown: the job has stopped, not been left.
    assert job.state == "stopped" and 0 < job.progress < 1


def test_mnist_falls_back_to_the_bundled_digits(client):
    started = client.post("/api/lessons/mnist/jobs", json={"inputs": {"epochs": 1, "n_train": 300}})
    done = _finish(client, started.json())
    assert done["state"] == "done"
    assert any("bundled 8x8 digits" in note for note in done["result"]["notes"])
    assert [figure["kind"] for figure in done["result"]["figures"]] == ["network", "images"]
