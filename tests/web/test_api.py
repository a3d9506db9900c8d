import asyncio
import json
import os

import httpx2 as httpx
import numpy as np
import pytest
from PIL import Image
from starlette.testclient import TestClient

import glassnet
from glassnet.engine.network import mlp
from glassnet.web.app import create_app
from tests.web.helpers import STROKES, ServerThread, data_url, render


@pytest.fixture
def models_dir(tmp_path, digits_model):
    folder = tmp_path / "models"
    folder.mkdir()
    glassnet.save(digits_model.model, folder / "digits.npz")
    (folder / "sub").mkdir()
    glassnet.save(digits_model.model, folder / "sub" / "copy.npz")
    (folder / "broken.npz").write_bytes(b"PK\x03\x04 not really a zip")
    glassnet.save(mlp([4, 3, 2], rng=0), folder / "table.npz")  # no image shape
    glassnet.save(digits_model.model, tmp_path / "outside.npz")
    return folder


@pytest.fixture
def client(digits_model, models_dir):
    app = create_app(digits_model, models_dir, max_body_bytes=200_000)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield client


def _pixels(digit):
    return np.asarray(render(STROKES[digit]).resize((56, 56))).tolist()


def test_page_and_static_files_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and '<canvas id="pad"' in page.text
    for name in (
        "app.js",
        "draw.js",
        "inside.js",
        "train.js",
        "settings.js",
        "boundary.js",
        "network.js",
        "paint.js",
        "api.js",
        "style.css",
    ):
        assert client.get(f"/static/{name}").status_code == 200, name
    assert "http" not in page.text.replace("http-equiv", "")  # offline: nothing from a CDN


@pytest.mark.parametrize("digit", ["1", "0"])
def test_predict_a_drawn_image_and_pixels(client, digit):
    answer = client.post("/api/predict", json={"image": data_url(render(STROKES[digit]))}).json()
    assert answer["label"] == digit and answer["doubt"] == ""
    assert answer["measure"] == "share"  # a sigmoid model: shares of the outputs, not probabilities
    assert len(answer["scores"]) == 10 and sum(answer["scores"]) == pytest.approx(1, abs=1e-3)
    assert answer["scores"] == pytest.approx(
        np.array(answer["outputs"]) / sum(answer["outputs"]), abs=1e-3
    )
    assert (
        len(answer["image"]) == 64 and min(answer["image"]) >= 0.01 and max(answer["image"]) <= 1.0
    )
    assert [len(layer) for layer in answer["hidden"]] == [100]
    assert client.post("/api/predict", json={"pixels": _pixels(digit)}).json()["label"] == digit


def test_predict_with_a_model_from_the_folder(client):
    answer = client.post("/api/predict", json={"pixels": _pixels("1"), "model": "sub/copy.npz"})
    assert answer.status_code == 200 and answer.json()["model"] == "sub/copy.npz"


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"{not json", 400, "malformed JSON"),
        (b"", 400, "body is empty"),
        (b"[1, 2]", 400, "expected a JSON object"),
        (b'{"pixels": [[NaN]]}', 400, "NaN is not a number JSON allows"),
        (b'{"pixels": Infinity}', 400, "Infinity"),
        (b"\xff\xfe", 400, "not UTF-8"),
        (b'{"pixels": [[1, 2], [3, 4]]}', 422, "2x2 pixels"),
        (b'{"pixels": [[1, 2], [3]]}', 422, "equal length"),
        (json.dumps({"pixels": [[1e9] * 10] * 10}).encode(), 422, "0 (ink) to 255"),
        (json.dumps({"pixels": [[255] * 10] * 10}).encode(), 422, "blank"),
        (b'{"image": "data:image/png;base64,aGVsbG8="}', 422, "could not be decoded"),
        (b'{"image": 5}', 422, "data URL string"),
        (b"{}", 422, "either image"),
        (b'{"pixel": []}', 400, "unknown field 'pixel'"),
        (b'{"pixels": [[' + b"9" * 400 + b"]]}", 422, "rows of equal length, of numbers"),
        (b"[" * 100_000 + b"]" * 100_000, 400, "nested too deeply"),
        (b'{"pixels": ' + b"1" * 5000 + b"}", 400, "malformed JSON"),
    ],
)
def test_bad_predict_requests_get_4xx_and_a_clear_message(client, body, status, message):
    response = client.post(
        "/api/predict", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == status
    assert message in response.json()["error"]
    assert client.post("/api/predict", json={"pixels": _pixels("1")}).status_code == 200


def test_oversized_bodies_get_413_and_the_server_keeps_serving(client):
    big = json.dumps({"pixels": [[255] * 1000] * 100}).encode()
    response = client.post(
        "/api/predict", content=big, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"] == "the request body is larger than the limit of 200,000 bytes"

    def chunks():  # no Content-Length: the limit counts what arrives
        for _ in range(30):
            yield b" " * 10_000

    response = client.post("/api/predict", content=chunks())
    assert response.status_code == 413
    assert client.post("/api/predict", json={"pixels": _pixels("0")}).json()["label"] == "0"


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        ("missing.npz", 404, "no model 'missing.npz' in the models folder"),
        ("../outside.npz", 403, "outside the models folder"),
        ("sub/../../outside.npz", 403, "outside the models folder"),
        ("/etc/passwd", 403, "outside the models folder"),
        ("sub", 404, "no model 'sub'"),
        ("broken.npz", 422, "broken.npz: not a glassnet model file"),
        ("table.npz", 422, "not an image model"),
    ],
)
def test_unknown_or_forbidden_model_paths_get_4xx(client, name, status, message):
    for response in (
        client.get("/api/model", params={"name": name}),
        client.get("/api/inside", params={"model": name}),
        client.post("/api/predict", json={"pixels": _pixels("1"), "model": name}),
    ):
        assert response.status_code == status
        assert message in response.json()["error"]
        assert str(client.app.state.models.folder) not in response.json()["error"]


def test_a_link_out_of_the_models_folder_is_refused(client, models_dir):
    os.symlink(models_dir.parent / "outside.npz", models_dir / "link.npz")
    response = client.get("/api/model", params={"name": "link.npz"})
    assert response.status_code == 403


def test_without_a_models_folder_only_the_startup_model_exists(digits_model):
    with TestClient(create_app(digits_model), base_url="http://localhost:8000") as client:
        listing = client.get("/api/models").json()
        assert listing["models"] == [] and listing["has_folder"] is False
        response = client.get("/api/model", params={"name": "digits.npz"})
        assert response.status_code == 404 and "--models-dir" in response.json()["error"]


def test_models_list_and_inside(client, digits_model, models_dir):
    os.symlink(models_dir.parent / "outside.npz", models_dir / "link.npz")
    (models_dir / "numbers.npz").write_bytes((models_dir / "broken.npz").read_bytes())
    np.savez(models_dir / "plain.npz", x=np.zeros(3))  # an npz, but not a glassnet model
    listing = client.get("/api/models").json()
    assert listing["models"] == ["digits.npz", "sub/copy.npz"]
    reasons = {item["name"]: item["reason"] for item in listing["refused"]}
    assert sorted(reasons) == ["broken.npz", "link.npz", "numbers.npz", "plain.npz", "table.npz"]
    assert "outside the models folder" in reasons["link.npz"]
    assert "not a glassnet model file" in reasons["broken.npz"]
    assert "not an image model" in reasons["table.npz"] and "no metadata" in reasons["plain.npz"]
    assert all(str(models_dir) not in reason for reason in reasons.values())
    assert listing["default"]["sizes"] == [64, 100, 10]
    inside = client.get("/api/inside").json()
    assert len(inside["weights"]) == 100 and len(inside["backquery"]) == 10
    assert inside["class_names"] == [str(d) for d in range(10)]


def test_only_a_given_models_dir_is_searched_below_its_top(digits_model, models_dir):
    app = create_app(digits_model, models_dir, search_subfolders=False)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/api/models").json()["models"] == ["digits.npz"]
        response = client.get("/api/model", params={"name": "sub/copy.npz"})
        assert response.status_code == 403 and "subfolder" in response.json()["error"]


def test_noise_is_read_as_not_sure_and_a_digit_as_sure(client):
    rng = np.random.default_rng(0)
    noise = Image.fromarray(rng.integers(0, 256, (200, 200), dtype=np.uint8))
    answer = client.post("/api/predict", json={"image": data_url(noise)}).json()
    assert "scattered" in answer["doubt"]
    sure = client.post("/api/predict", json={"pixels": _pixels("7")}).json()
    assert sure["label"] == "7" and sure["doubt"] == ""


def test_two_specks_far_apart_are_refused_in_words(client):
    image = Image.new("L", (1024, 1024), 255)
    image.putpixel((0, 0), 0)
    image.putpixel((1023, 1023), 0)
    response = client.post("/api/predict", json={"image": data_url(image)})
    assert response.status_code == 422 and "too little ink" in response.json()["error"]


def test_unknown_routes_and_methods_answer_json(client):
    assert client.get("/api/nothing").json() == {"error": "no such page: /api/nothing"}
    assert client.get("/api/predict").status_code == 405


def test_a_preview_makes_no_session_and_start_makes_one(client):
    options = client.get("/api/playground/options").json()
    assert options["defaults"]["dataset"] == "xor" and "spiral" in options["datasets"]
    assert options["rules"]["points"]["text"] == "a whole number from 20 to 2000"
    assert sorted(options["thumbnails"]) == sorted([*options["datasets"][:-1]])
    preview = client.post("/api/playground/preview", json={"dataset": "circle", "hidden": "3"})
    assert preview.json()["sizes"] == [2, 3, 1] and "id" not in preview.json()
    assert client.app.state.sessions.running() == 0
    created = client.post("/api/playground", json={"dataset": "circle", "hidden": "3"}).json()
    assert created["snapshot"]["epoch"] == 0 and created["snapshot"]["running"] is False
    assert len(created["train"]) == 200 and len(created["test"]) == 200
    base = f"/api/playground/{created['id']}"
    assert client.post(f"{base}/step").json()["snapshot"]["epoch"] == 1
    assert client.post(f"{base}/start").json()["snapshot"]["running"] is True
    assert client.post(f"{base}/pause").json()["snapshot"]["running"] is False
    assert client.post(f"{base}/reset").json()["snapshot"]["epoch"] == 0
    assert client.post(f"{base}/fly").status_code == 404
    assert client.delete(base).status_code == 204
    gone = client.post(f"{base}/step")
    assert gone.status_code == 404 and "session has ended" in gone.json()["error"]


def test_create_can_start_or_step_at_once(client):
    stepped = client.post("/api/playground", json={"points": 40, "action": "step"}).json()
    assert stepped["snapshot"]["epoch"] == 1
    started = client.post("/api/playground", json={"points": 40, "action": "start"}).json()
    assert started["snapshot"]["running"] is True
    client.post(f"/api/playground/{started['id']}/pause")
    refused = client.post("/api/playground", json={"action": "fly"})
    assert refused.status_code == 422 and "action: 'fly'" in refused.json()["error"]


def test_check_answers_the_usable_settings_and_every_problem(client):
    answer = client.post(
        "/api/playground/check", json={"dataset": "moons", "learning_rate": 50, "hidden": "2"}
    ).json()
    assert answer["config"]["dataset"] == "xor" and answer["config"]["hidden"] == "2"
    assert list(answer["problems"]) == ["dataset", "learning_rate"]


def test_the_snapshot_poll_waits_for_news_and_says_the_queue(client):
    created = client.post("/api/playground", json={"points": 40}).json()
    base = f"/api/playground/{created['id']}/snapshot"
    first = client.get(base, params={"after": -1}).json()
    assert first["snapshot"]["epoch"] == 0 and first["running"] is False and first["ahead"] is None
    idle = client.get(base, params={"after": first["version"]}).json()
    assert idle["snapshot"] is None  # not running: no wait, nothing new
    client.post(f"/api/playground/{created['id']}/start")
    epochs = []
    version = first["version"]
    while len(epochs) < 3:
        answer = client.get(base, params={"after": version}).json()
        if answer["snapshot"] is not None:
            assert answer["version"] > version
            version = answer["version"]
            epochs.append(answer["snapshot"]["epoch"])
    client.post(f"/api/playground/{created['id']}/pause")
    assert epochs == sorted(epochs) and epochs[-1] > 0
    assert client.get(base, params={"after": "x"}).status_code == 400


def test_weights_and_biases_are_edited_by_hand(client):
    created = client.post("/api/playground", json={"hidden": "2"}).json()
    base = f"/api/playground/{created['id']}/edit"
    weights = client.post(base, json={"layer": 0, "node": 1, "source": 0, "value": 1.5}).json()
    assert weights["snapshot"]["weights"][0][1][0] == 1.5
    biases = client.post(base, json={"layer": 1, "node": 0, "value": -2}).json()
    assert biases["snapshot"]["biases"][1] == [-2.0]
    for body, status, message in (
        ({"layer": 5, "node": 0, "value": 1}, 422, "layer must be 0 to 1"),
        ({"layer": 0, "node": 0, "value": "big"}, 422, "value must be a number"),
        ({"layer": 0.5, "node": 0, "value": 1}, 422, "whole numbers"),
        ({"layer": 0, "node": 0, "value": 1, "colour": 1}, 400, "unknown field 'colour'"),
    ):
        response = client.post(base, json=body)
        assert response.status_code == status and message in response.json()["error"]


def test_playground_csv_upload_and_bad_settings(client):
    text = "x,y,label\n" + "".join(f"{i},{i % 7},{'ab'[i % 2]}\n" for i in range(40))
    created = client.post("/api/playground", json={"dataset": "csv", "csv": text})
    assert created.status_code == 200 and created.json()["class_names"] == ["a", "b"]
    for body, message in (
        ({"dataset": "csv"}, "uploaded CSV"),
        ({"dataset": "csv", "csv": "1,2\n"}, "at least 4 rows"),
        ({"dataset": "csv", "csv": 5}, "csv must be the text"),
        ({"dataset": "csv", "csv": "1e308,1,a\n-1e308,2,b\n0,3,a\n5,4,b\n"}, "too wide"),
        ({"hidden": "20"}, "hidden: '20' is not allowed"),
        ({"learning_rate": "fast"}, "learning_rate: 'fast' is not allowed"),
        ({"points": 10**400}, "points: 10000"),
        ({"learning_rate": 10**400}, "learning_rate: 1000"),
        ({"seed": 2**64}, "seed: 1844"),
    ):
        for path in ("/api/playground", "/api/playground/preview"):
            response = client.post(path, json=body)
            assert response.status_code == 422 and message in response.json()["error"]


def test_many_concurrent_predictions_are_each_answered_correctly(digits_model, models_dir):
    """64 requests at once over real sockets, two models and several digits mixed."""
    images = {digit: data_url(render(STROKES[digit])) for digit in ("0", "1", "7", "4")}

    async def ask_all(url):
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            requests = [
                (digit, model)
                for _ in range(8)
                for digit in images
                for model in (None, "digits.npz")
            ]
            answers = await asyncio.gather(
                *(
                    http.post(
                        "/api/predict", json={"image": images[d], **({"model": m} if m else {})}
                    )
                    for d, m in requests
                )
            )
            return requests, answers

    with ServerThread(create_app(digits_model, models_dir)) as server:
        requests, answers = asyncio.run(ask_all(server.url))
    for (digit, model), answer in zip(requests, answers, strict=True):
        assert answer.status_code == 200
        assert answer.json()["label"] == digit
        assert answer.json()["model"] == (model or digits_model.name)
