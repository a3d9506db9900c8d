"""Every reader of outside data, with small valid seeds, as a target for the fuzzers.

A ``Reader`` writes its valid files into a folder once; ``attempt(rng)`` replaces one of
them (or builds one request) with a mutated copy, reads it the way glassnet does, and
says how that went. The only acceptable outcomes are "loaded" and "refused": the
project's one-line error naming the file (for the web API, a 4xx answer with a JSON
reason). Anything else (another exception, an error that does not name the file, a
500) is "other", with the details. Used by tests/test_fuzz_readers.py and tools/fuzz.py.
"""

import base64
import gzip
import io
import json
import random
import struct
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from PIL import Image

from glassnet.errors import GlassnetError
from tests.fuzzing import mutate_bytes, mutate_json, mutate_npz, mutate_png_size, mutate_table


class Outcome(NamedTuple):
    """``kind`` is "loaded", "refused" or "other"; ``detail`` says what happened."""

    kind: str
    detail: str = ""


LOADED = Outcome("loaded")


def judge(error: Exception, names: Sequence[str]) -> Outcome:
    """A refusal if ``error`` is the project's one-line error naming one of ``names``."""
    message = str(error)
    if not isinstance(error, GlassnetError):
        return Outcome("other", f"{type(error).__name__}: {message[:300]}")
    if "\n" in message:
        return Outcome("other", f"GlassnetError on several lines: {message[:300]!r}")
    if names and not any(name in message for name in names):
        return Outcome("other", f"GlassnetError without the file's name: {message[:300]}")
    return Outcome("refused", message)


class Reader:
    """A reader under test: its valid inputs live in ``folder``."""

    name = ""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def attempt(self, rng: random.Random) -> Outcome:
        raise NotImplementedError

    def valid(self) -> None:
        """Read every valid input unchanged (each must load: the seeds are not damaged)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release what ``__init__`` started (the web readers' test client)."""

    def _read_mutated(
        self,
        path: Path,
        valid: bytes,
        mutated: bytes,
        read: Callable[[], object],
        name: Path | None = None,
    ) -> Outcome:
        """Put ``mutated`` at ``path``, read, judge, and put the valid file back.

        The error must name ``name`` (the file, or the folder the user gave).
        """
        path.write_bytes(mutated)
        try:
            read()
            return LOADED
        except Exception as error:  # judged, not hidden: anything unexpected is "other"
            return judge(error, [str(name or path)])
        finally:
            path.write_bytes(valid)


class Mnist(Reader):
    """``load_mnist`` on a folder of four small IDX files, one of them mutated."""

    def __init__(self, folder: Path, compressed: bool) -> None:
        from glassnet.data import write_idx
        from glassnet.data.mnist import MNIST_MD5

        super().__init__(folder)
        self.name = "IDX .gz" if compressed else "IDX plain"
        self.compressed = compressed
        rng = np.random.default_rng(0)
        arrays = [
            rng.integers(0, 256, (6, 28, 28), dtype=np.uint8),
            np.array([0, 1, 2, 3, 4, 5], dtype=np.uint8),
            rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
            np.array([7, 8, 9], dtype=np.uint8),
        ]
        (folder / "mnist").mkdir(parents=True, exist_ok=True)
        self.files: dict[Path, bytes] = {}
        for name, array in zip(MNIST_MD5, arrays, strict=True):
            path = folder / "mnist" / (name if compressed else name.removesuffix(".gz"))
            write_idx(path, array, compress=compressed)
            self.files[path] = path.read_bytes()

    def valid(self) -> None:
        from glassnet.data import load_mnist

        load_mnist(self.folder, download=False)

    def attempt(self, rng: random.Random) -> Outcome:
        from glassnet.data import load_mnist

        path = rng.choice(sorted(self.files))
        valid = self.files[path]
        choice = rng.random()
        if self.compressed and choice >= 0.65:  # the gzip stream itself damaged
            mutated = mutate_bytes(valid, rng)
        else:  # the IDX data damaged (then packed again)
            payload = gzip.decompress(valid) if self.compressed else valid
            # A dimension of the header made huge, zero or negative; or any bytes.
            damage = _idx_header_size if choice < 0.3 else mutate_bytes
            payload = damage(payload, rng)
            mutated = gzip.compress(payload, mtime=0) if self.compressed else payload
        return self._read_mutated(
            path, valid, mutated, lambda: load_mnist(self.folder, download=False)
        )


def _idx_header_size(payload: bytes, rng: random.Random) -> bytes:
    n_dims = payload[3] if len(payload) > 3 else 0
    if not 1 <= n_dims <= 4:
        return payload
    index = 4 + 4 * rng.randrange(n_dims)
    value = rng.choice((0, 1, 27, 29, 10**6, 10**9, 2**31, 2**32 - 1))
    return payload[:index] + struct.pack(">I", value) + payload[index + 4 :]


def _tiny_network(sizes: Sequence[int], seed: int = 0) -> Any:
    from glassnet.engine.network import mlp

    return mlp(list(sizes), rng=seed)


class ModelFiles(Reader):
    """``glassnet.load`` on mutated copies of three small model files."""

    name = "model file"

    def __init__(self, folder: Path) -> None:
        from glassnet.data.preprocessing import BookScaling, RangeScaling, Standardizer
        from glassnet.engine.network import mlp
        from glassnet.files.model_file import ModelFile, save

        super().__init__(folder)
        history = [
            {
                "epoch": 1,
                "loss": 0.5,
                "train_accuracy": 0.6,
                "validation_accuracy": 0.5,
                "seconds": 0.1,
            }
        ]
        training = {
            "dataset": "iris",
            "config": {"epochs": 1},
            "history": history,
            "test_accuracy": 0.5,
        }
        models = [
            ModelFile(
                _tiny_network([4, 3, 3]),
                Standardizer([1, 2, 3, 4], [1, 1, 2, 2]),
                class_names=["a", "b", "c"],
                training=training,
            ),
            ModelFile(_tiny_network([4, 3, 2]), BookScaling(255.0), ["0", "1"], image_shape=(2, 2)),
            ModelFile(  # the book's class: no biases, its own learning rate
                mlp([3, 2, 1], bias=False, rng=0),
                RangeScaling([0, 0, 0], [1, 2, 3]),
                ["no", "yes"],
                kind="book",
                training=training,
                learning_rate=0.3,
            ),
        ]
        self.seeds = []
        for index, model in enumerate(models):
            save(model, folder / f"seed{index}.npz")
            self.seeds.append((folder / f"seed{index}.npz").read_bytes())
        self.path = folder / "model.npz"

    def valid(self) -> None:
        from glassnet.files import load

        for index in range(len(self.seeds)):
            load(self.folder / f"seed{index}.npz")

    def attempt(self, rng: random.Random) -> Outcome:
        from glassnet.files import load

        seed = rng.choice(self.seeds)
        mutated = mutate_npz(seed, rng) if rng.random() < 0.7 else mutate_bytes(seed, rng)
        return self._read_mutated(self.path, seed, mutated, lambda: load(self.path))


class Checkpoints(Reader):
    """``glassnet train --resume``'s loading (and restoring the optimizer and generator)."""

    name = "checkpoint"

    def __init__(self, folder: Path) -> None:
        from glassnet.engine.optimizers import SGD, Adam
        from glassnet.engine.training import EpochRecord, History
        from glassnet.files.checkpoints import Checkpoint, save_checkpoint
        from glassnet.files.model_file import ModelFile
        from glassnet.runs import TrainConfig

        super().__init__(folder)
        self.seeds = []
        runs = [
            (Adam(0.01), "adam", TrainConfig(hidden=(3,), epochs=2, optimizer="adam")),
            (SGD(0.1, momentum=0.9), "sgd", TrainConfig(hidden=(3,), epochs=2, momentum=0.9)),
        ]
        for index, (optimizer, kind, config) in enumerate(runs):
            network = _tiny_network([4, 3, 3], index)
            for parameter in network.parameters():  # one step, so the optimizer has state
                parameter.grad = np.full_like(parameter.value, 0.1)
            optimizer.step(network.parameters())
            rng = np.random.default_rng(index)
            rng.random(5)
            checkpoint = Checkpoint(
                ModelFile(network, None, ["a", "b", "c"]),
                1,
                History([EpochRecord(1, 0.5, 0.6, 0.5, 0.1)]),
                kind,
                optimizer.state(),
                dict(rng.bit_generator.state),
                {"dataset": "iris", "config": config.to_dict(), "training_data_sha256": "0" * 64},
            )
            save_checkpoint(folder / f"seed{index}.npz", checkpoint)
            self.seeds.append((folder / f"seed{index}.npz").read_bytes())
        (folder / "run").mkdir(exist_ok=True)
        self.path = folder / "run" / "checkpoint.npz"

    def valid(self) -> None:
        for seed in self.seeds:
            self.path.write_bytes(seed)
            self._resume()

    def attempt(self, rng: random.Random) -> Outcome:
        seed = rng.choice(self.seeds)
        mutated = mutate_npz(seed, rng) if rng.random() < 0.7 else mutate_bytes(seed, rng)
        # --resume names the folder; errors name it, or the file inside it.
        return self._read_mutated(self.path, seed, mutated, self._resume, self.path.parent)

    def _resume(self) -> None:
        from glassnet.cli import build_parser
        from glassnet.cli.train import resume_from
        from glassnet.engine.optimizers import OPTIMIZERS

        args = build_parser().parse_args(["train", "--resume", str(self.folder / "run")])
        checkpoint = resume_from(args)
        checkpoint.restore_optimizer(OPTIMIZERS[checkpoint.optimizer_type](0.1))
        if checkpoint.rng_state is not None:
            checkpoint.restore_rng(np.random.default_rng(0))


STUDENTS_HEADER = "school;sex;age;studytime;G1;G2;G3"


def students_csv() -> str:
    """A small student-mat.csv: 24 students, quoted fields as in the UCI file."""
    rng = random.Random(0)
    rows = [STUDENTS_HEADER]
    for index in range(24):
        g1 = rng.randint(3, 19)
        rows.append(
            f'"GP";"F";{15 + index % 5};{1 + index % 4};"{g1}";"{g1 + rng.randint(-2, 2)}";{g1 if index % 3 else 5}'
        )
    return "\n".join(rows) + "\n"


class Students(Reader):
    """``load_students`` on a mutated student-mat.csv."""

    name = "students CSV"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        (folder / "students").mkdir(parents=True, exist_ok=True)
        self.path = folder / "students" / "student-mat.csv"
        self.text = students_csv().encode()
        self.path.write_bytes(self.text)

    def valid(self) -> None:
        from glassnet.data.local import load_students

        load_students(self.folder)

    def attempt(self, rng: random.Random) -> Outcome:
        from glassnet.data.local import load_students

        mutated = mutate_table(self.text, ";", rng)
        return self._read_mutated(self.path, self.text, mutated, lambda: load_students(self.folder))


def gestures_csv(seed: int) -> str:
    """Three recorded gestures of 119 IMU rows each, in the Arduino sketch's format."""
    rng = random.Random(seed)
    rows = ["aX,aY,aZ,gX,gY,gZ"]
    for _ in range(3 * 119):
        accelerations = [f"{rng.uniform(-4, 4):.3f}" for _ in range(3)]
        rotations = [f"{rng.uniform(-2000, 2000):.3f}" for _ in range(3)]
        rows.append(",".join(accelerations + rotations))
    return "\n".join(rows) + "\n"


class Gestures(Reader):
    """``load_gestures`` on punch.csv and flex.csv, one of them mutated."""

    name = "gestures CSV"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        (folder / "gestures").mkdir(parents=True, exist_ok=True)
        self.files: dict[Path, bytes] = {}
        for index, name in enumerate(("punch", "flex")):
            path = folder / "gestures" / f"{name}.csv"
            self.files[path] = gestures_csv(index).encode()
            path.write_bytes(self.files[path])

    def valid(self) -> None:
        from glassnet.data.local import load_gestures

        load_gestures(self.folder)

    def attempt(self, rng: random.Random) -> Outcome:
        from glassnet.data.local import load_gestures

        path = rng.choice(sorted(self.files))
        valid = self.files[path]
        mutated = mutate_table(valid, ",", rng)
        return self._read_mutated(path, valid, mutated, lambda: load_gestures(self.folder))


def image_seeds() -> list[tuple[str, bytes]]:
    """A digit-like stroke saved in the formats and modes people send: (suffix, bytes)."""
    picture = np.full((30, 24), 255, dtype=np.uint8)
    picture[5:25, 10:14] = 0
    grey = Image.fromarray(picture)
    second = Image.fromarray(255 - picture).convert("P")
    rgba = grey.convert("RGBA")
    rgba.putpixel((0, 0), (0, 0, 0, 0))
    seeds = []
    for suffix, image, options in (
        ("png", grey, {}),
        ("png", grey.convert("P"), {"transparency": 255}),
        ("png", Image.fromarray(picture.astype(np.uint16) * 257), {}),
        ("png", rgba, {}),
        ("gif", grey.convert("P"), {"save_all": True, "append_images": [second]}),
        ("jpg", grey.convert("RGB"), {"quality": 80}),
        ("jpg", grey.convert("CMYK"), {}),
        ("bmp", grey, {}),
        ("tiff", grey.convert("1"), {}),
    ):
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG" if suffix == "jpg" else suffix.upper(), **options)
        seeds.append((suffix, buffer.getvalue()))
    return seeds


def image_model() -> Any:
    """A 784-4-10 model for 28x28 images (untrained: only reading is under test)."""
    from glassnet.data.preprocessing import BookScaling
    from glassnet.files.model_file import ModelFile

    return ModelFile(
        _tiny_network([784, 4, 10]), BookScaling(255.0), [str(i) for i in range(10)], (28, 28)
    )


class Images(Reader):
    """``glassnet predict``'s reading of image files."""

    name = "images"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.seeds = image_seeds()
        self.model = image_model()

    def valid(self) -> None:
        from glassnet.inside.images import image_inputs

        for index, (suffix, seed) in enumerate(self.seeds):
            path = self.folder / f"seed{index}.{suffix}"
            path.write_bytes(seed)
            image_inputs(path, self.model)

    def attempt(self, rng: random.Random) -> Outcome:
        from glassnet.inside.images import image_inputs

        suffix, seed = rng.choice(self.seeds)
        mutated = mutate_png_size(seed, rng) if rng.random() < 0.15 else mutate_bytes(seed, rng)
        path = self.folder / f"picture.{suffix}"
        return self._read_mutated(path, seed, mutated, lambda: image_inputs(path, self.model))


class _Web(Reader):
    """A reader behind the playground's HTTP API, through Starlette's test client."""

    bodies: list[tuple[str, Any]]  # valid (url, body) pairs

    def __init__(self, folder: Path) -> None:
        from starlette.testclient import TestClient

        from glassnet.web.app import create_app
        from glassnet.web.models import LoadedModel

        super().__init__(folder)
        model = LoadedModel("tiny", _eight_by_eight_model())
        self.client = TestClient(create_app(model), base_url="http://127.0.0.1")
        self.client.__enter__()

    def close(self) -> None:
        self.client.__exit__(None, None, None)

    def valid(self) -> None:
        for url, body in self.bodies:
            outcome = self.post(url, json.dumps(body).encode())
            if outcome != LOADED:
                raise AssertionError(f"{url} refused a valid body: {outcome.detail}")

    def post(self, url: str, body: bytes) -> Outcome:
        """POST ``body`` as JSON; 2xx is loaded, 4xx with a JSON reason refused."""
        try:
            response = self.client.post(
                url, content=body, headers={"content-type": "application/json"}
            )
        except Exception as error:  # the app raised instead of answering
            return Outcome("other", f"{type(error).__name__}: {str(error)[:300]}")
        if response.is_success:
            answer = response.json()
            if url == "/api/playground" and isinstance(answer, dict) and "id" in answer:
                self.client.delete(f"/api/playground/{answer['id']}")
            return LOADED
        reason = _json_error(response.content) if 400 <= response.status_code < 500 else None
        if reason is None:
            return Outcome("other", f"HTTP {response.status_code}: {response.text[:300]}")
        return Outcome("refused", f"{response.status_code} {reason}")


def _json_error(content: bytes) -> str | None:
    try:
        answer = json.loads(content)
    except ValueError:
        return None
    reason = answer.get("error") if isinstance(answer, dict) else None
    return reason if isinstance(reason, str) and reason else None


def _eight_by_eight_model() -> Any:
    from glassnet.data.preprocessing import BookScaling
    from glassnet.files.model_file import ModelFile

    return ModelFile(
        _tiny_network([64, 6, 10]), BookScaling(16.0), [str(i) for i in range(10)], (8, 8)
    )


def playground_csv(seed: int) -> str:
    """Points x, y, label for the playground's upload: a header, two or three classes."""
    rng = random.Random(seed)
    delimiter = ",;"[seed % 2]
    rows = ["x,y,label".replace(",", delimiter)] if seed % 2 == 0 else []
    for index in range(16):
        x, y = rng.uniform(-5, 5), rng.uniform(0, 100)
        rows.append(
            delimiter.join((f"{x:.3f}", f"{y:.2f}", ("cat", "dog", "owl")[index % (2 + seed % 2)]))
        )
    return "\n".join(rows) + "\n"


class PlaygroundCsv(_Web):
    """The playground's CSV upload: ``POST /api/playground`` with a mutated file's text."""

    name = "playground CSV"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.bodies = [
            ("/api/playground", {"dataset": "csv", "csv": playground_csv(seed)}) for seed in (0, 1)
        ]

    def attempt(self, rng: random.Random) -> Outcome:
        seed = rng.randrange(2)
        text = playground_csv(seed).encode()
        mutated = mutate_table(text, ",;"[seed], rng).decode("utf-8", errors="replace")
        body = {"dataset": "csv", "csv": mutated, "hidden": "3", "batch_size": 4}
        return self.post("/api/playground", json.dumps(body).encode())


def api_bodies() -> list[tuple[str, Any]]:
    """Valid JSON bodies of every endpoint that takes one: (url, body)."""
    stroke = np.full((24, 24), 255)
    stroke[4:20, 10:14] = 0
    buffer = io.BytesIO()
    Image.fromarray(stroke.astype(np.uint8)).save(buffer, format="PNG")
    image = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    settings = {
        "dataset": "circle",
        "points": 40,
        "noise": 0.1,
        "hidden": "3,2",
        "activation": "relu",
        "learning_rate": 0.03,
        "batch_size": 5,
        "seed": 3,
        "optimizer": "adam",
    }
    return [
        ("/api/predict", {"pixels": stroke.tolist()}),
        ("/api/predict", {"image": image, "model": ""}),
        ("/api/playground", settings),
        ("/api/playground", {"dataset": "csv", "csv": playground_csv(0), "train_percent": 60}),
    ]


class ApiBodies(_Web):
    """Every JSON body of the web API, mutated as JSON or as text."""

    name = "API bodies"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.bodies = api_bodies()

    def attempt(self, rng: random.Random) -> Outcome:
        url, body = rng.choice(self.bodies)
        if rng.random() < 0.7:
            raw = json.dumps(mutate_json(body, rng)).encode()
        else:
            raw = mutate_bytes(json.dumps(body).encode(), rng)
        return self.post(url, raw)


def _mutated_json(valid: bytes, rng: random.Random) -> bytes:
    """Mostly one JSON field changed, removed or added; sometimes the bytes themselves."""
    if rng.random() < 0.7:
        return json.dumps(mutate_json(json.loads(valid), rng)).encode()
    return mutate_bytes(valid, rng)


class SweepFolder(Reader):
    """A sweep folder's sweep.json and results.json, read as ``glassnet report`` and a
    resumed ``glassnet sweep`` read them: the spec, the records, the summary, the CSV."""

    name = "sweep folder"

    def __init__(self, folder: Path) -> None:
        from glassnet.cli import main

        super().__init__(folder)
        self.sweep = folder / "sweep"
        argv = ["sweep", "iris", "--hidden", "2", "--epochs", "2", "--lr", "0.1", "0.2"]
        if main([*argv, "--seeds", "2", "--workers", "1", "--quiet", "-o", str(self.sweep)]):
            raise AssertionError("the seed sweep did not run")
        self.files = {
            name: (self.sweep / name).read_bytes() for name in ("sweep.json", "results.json")
        }

    def read(self) -> None:
        from glassnet.sweeps.table import read_records, read_spec, summarize, to_csv

        records = read_records(self.sweep)
        summarize(read_spec(self.sweep), records)
        to_csv(list(records.values()))

    def valid(self) -> None:
        self.read()

    def attempt(self, rng: random.Random) -> Outcome:
        name = rng.choice(sorted(self.files))
        valid = self.files[name]
        path = self.sweep / name
        return self._read_mutated(path, valid, _mutated_json(valid, rng), self.read)


class RunRecord(Reader):
    """A ``glassnet train --json`` record, read as ``glassnet report`` reads it."""

    name = "run record"

    def __init__(self, folder: Path) -> None:
        from glassnet.cli import main

        super().__init__(folder)
        self.path = folder / "run.json"
        argv = ["train", "iris", "--hidden", "2", "--epochs", "3", "--quiet"]
        if main([*argv, "--json", str(self.path)]):
            raise AssertionError("the seed run did not train")
        self.text = self.path.read_bytes()

    def read(self) -> None:
        """What the report reads before it draws: the record and its learning curve."""
        from glassnet.report import read_run_record
        from glassnet.report.model import history_from_dicts

        record = read_run_record(self.path)
        history_from_dicts(record.get("history") or record.get("epochs") or [])

    def valid(self) -> None:
        self.read()

    def attempt(self, rng: random.Random) -> Outcome:
        mutated = _mutated_json(self.text, rng)
        return self._read_mutated(self.path, self.text, mutated, self.read)


READERS: dict[str, Callable[[Path], Reader]] = {
    "idx-plain": lambda folder: Mnist(folder, compressed=False),
    "idx-gz": lambda folder: Mnist(folder, compressed=True),
    "model": ModelFiles,
    "checkpoint": Checkpoints,
    "students": Students,
    "gestures": Gestures,
    "playground-csv": PlaygroundCsv,
    "images": Images,
    "api": ApiBodies,
    "sweep-folder": SweepFolder,
    "run-record": RunRecord,
}
