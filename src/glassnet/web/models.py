"""The image models the page draws on: the startup model and those in the models folder.

Only files inside the models folder can be loaded (``--models-dir``, or the folder of
``--model``): a name is resolved, links included, and refused unless it stays inside.
Subfolders are searched only in a folder given as ``--models-dir``. Each file is checked
once per version (its metadata, with ``glassnet.files.model_file.read_metadata``); the
list says why a file was refused.

A prediction gives one number per class: for a softmax model its probability, for a
sigmoid model (independent yes/no outputs, the book's) each output's share of their sum,
and says which. It is marked *not sure* when the top class is weak or the ink does not
look like writing (``doubt``).
"""

import base64
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np

from glassnet.files import load
from glassnet.files.model_file import ModelFile, read_metadata
from glassnet.inside.network import backquery, label_targets
from glassnet.web.drawing import digit_format, fit, scattered, working_ink
from glassnet.web.http import ApiError
from glassnet.web.inside import activations, layer_pairs, quantise

_CACHED_MODELS = 8
MAX_LISTED = 500  # model files looked at in a folder, at most
SURE = 0.5  # the top class needs at least this share (or probability) to be called
MAX_SCATTERED = 0.25  # more of the ink than this in small pieces: noise, not writing


class LoadedModel:
    """An image classifier ready for drawings: checked once, then used from many threads."""

    def __init__(self, name: str, model: ModelFile) -> None:
        if model.image_shape is None or model.class_names is None:
            raise ValueError(
                f"{name} is not an image model (its file has no image shape or class names); "
                "train one on digits, mnist or fashion-mnist"
            )
        layer_pairs(model.network)  # refuses shapes the page cannot show
        rows, cols = model.image_shape
        if model.network.n_inputs != rows * cols or model.network.n_outputs < 2:
            raise ValueError(f"{name}: the network does not fit its {rows}x{cols} images")
        self.name = name
        self.model = model
        max_value = getattr(model.preprocessing, "max_value", 255.0)
        self.format = digit_format((rows, cols), max_value)
        # Layers keep their last forward's values for backward: one forward at a time.
        self._lock = threading.Lock()
        self._inside: dict[str, Any] | None = None

    def info(self) -> dict[str, Any]:
        network = self.model.network
        sizes = [network.n_inputs, *(dense.n_outputs for dense, _ in layer_pairs(network))]
        kinds = [type(activation).__name__.lower() for _, activation in layer_pairs(network)]
        return {
            "name": self.name,
            "sizes": sizes,
            "activations": kinds,
            "class_names": self.model.class_names,
            "image_shape": list(self.format.shape),
            "dataset": self.model.training.get("dataset"),
            "test_accuracy": self.model.training.get("test_accuracy"),
        }

    def predict(self, grey: np.ndarray) -> dict[str, Any]:
        """Prediction, network input image and hidden activations for a greyscale drawing."""
        ink = working_ink(grey)
        raw = fit(ink, self.format).reshape(1, -1)
        inputs = self.model.preprocessing(raw) if self.model.preprocessing else raw
        with self._lock:
            layers = activations(self.model.network, np.asarray(inputs, dtype=np.float64))
        outputs = layers[-1][0]
        softmax = self.info()["activations"][-1] == "softmax"
        # Sigmoid outputs are independent yes/no scores: shown as shares of their sum.
        positive = np.clip(outputs, 0.0, None)
        total = float(positive.sum())
        scores = positive / total if total > 0 else np.full_like(outputs, 1 / len(outputs))
        best = int(np.argmax(outputs))
        label = self.model.class_names[best] if self.model.class_names else str(best)
        return {
            "model": self.name,
            "index": best,
            "label": label,
            "class_names": self.model.class_names,
            "measure": "probability" if softmax else "share",
            "scores": _rounded(scores),
            "outputs": _rounded(outputs),
            "doubt": doubt(outputs, scores, scattered(ink), softmax=softmax),
            "image": _rounded(inputs[0]),
            "image_shape": list(self.format.shape),
            "hidden": [_rounded(layer[0]) for layer in layers[:-1]],
        }

    def inside(self) -> dict[str, Any]:
        """Weight images of the first hidden layer and a backquery image per label (cached)."""
        with self._lock:
            if self._inside is None:
                self._inside = self._compute_inside()
            return self._inside

    def _compute_inside(self) -> dict[str, Any]:
        network = self.model.network
        weights = layer_pairs(network)[0][0].weight.value
        scales = np.abs(weights).max(axis=1)
        nodes = [
            _b64(quantise(row / scale if scale > 0 else row, -1.0, 1.0))
            for row, scale in zip(weights, scales, strict=True)
        ]
        inside: dict[str, Any] = {"weights": nodes, "weight_scales": _rounded(scales)}
        try:
            images = backquery(network, label_targets(network.n_outputs))
            inside["backquery"] = [_b64(quantise(image, 0.01, 0.99)) for image in images]
        except ValueError as error:
            inside["backquery"], inside["backquery_error"] = None, str(error)
        return inside


def doubt(outputs: np.ndarray, scores: np.ndarray, scattered_share: float, *, softmax: bool) -> str:
    """Why the prediction is not sure, in words; empty when it is.

    Not sure when more than ``MAX_SCATTERED`` of the ink lies outside its four largest
    pieces (noise, not strokes), when the top class's score (share or probability) is
    under ``SURE``, or, for sigmoid outputs, when no output says yes (all under 0.5).
    """
    best = int(np.argmax(scores))
    if scattered_share > MAX_SCATTERED:
        return f"{scattered_share:.0%} of the ink is in small scattered pieces, unlike writing"
    if scores[best] < SURE:
        what = "probability" if softmax else "share of the outputs"
        return f"the top class has only {scores[best]:.0%} {what}"
    if not softmax and outputs[best] < 0.5:
        return f"no output node says yes: the highest is {outputs[best]:.2f} (under 0.5)"
    return ""


class ModelStore:
    """The startup model plus, by name, the model files inside ``folder``."""

    def __init__(
        self,
        default: LoadedModel,
        folder: str | os.PathLike[str] | None,
        *,
        search_subfolders: bool = True,
    ) -> None:
        self.default = default
        self.folder = Path(folder).resolve() if folder is not None else None
        self.search_subfolders = search_subfolders
        self._cache: OrderedDict[tuple[str, int, int], LoadedModel] = OrderedDict()
        self._checked: dict[tuple[str, int, int], str] = {}  # file version → "" or why refused
        self._lock = threading.Lock()

    def names(self) -> list[str]:
        return [name for name, reason in self.listing() if not reason]

    def listing(self) -> list[tuple[str, str]]:
        """Every ``.npz`` file in the folder with "" if it is an image model, else why not."""
        if self.folder is None or not self.folder.is_dir():
            return []
        return sorted((name, self._check(name)) for name in self._candidates(self.folder))

    def _candidates(self, folder: Path) -> list[str]:
        found: list[str] = []
        for top, folders, files in os.walk(folder):  # links to folders are not followed
            found += [
                (Path(top) / name).relative_to(folder).as_posix()
                for name in sorted(files)
                if name.endswith(".npz")
            ]
            if not self.search_subfolders or len(found) >= MAX_LISTED:
                break
            folders.sort()
        return found[:MAX_LISTED]

    def _check(self, name: str) -> str:
        """ "" for an image model file inside the folder, else the reason (cached per version)."""
        try:
            path = self.resolve(name)
        except ApiError as error:
            return error.message
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in self._checked:
            try:
                metadata = read_metadata(path)
                if not metadata.get("image_shape") or not metadata.get("class_names"):
                    raise ValueError(f"{path}: not an image model (no image shape or class names)")
                self._checked[key] = ""
            except ValueError as error:
                self._checked[key] = str(error).replace(str(path), name)
        return self._checked[key]

    def get(self, name: object) -> LoadedModel:
        """The model called ``name`` (None or "" for the startup model), or an ApiError."""
        if name is None or name == "" or name == self.default.name:
            return self.default
        path = self.resolve(name)
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        try:
            model = LoadedModel(str(name), load(path))
        except ValueError as error:
            message = str(error).replace(str(path), str(name))
            raise ApiError(422, message) from None
        with self._lock:
            self._cache[key] = model
            while len(self._cache) > _CACHED_MODELS:
                self._cache.popitem(last=False)
        return model

    def resolve(self, name: object) -> Path:
        if not isinstance(name, str) or "\0" in name or len(name) > 255:
            raise ApiError(400, "a model is named by a path relative to the models folder")
        if self.folder is None:
            raise ApiError(
                404, f"no model {name!r}: this server has no models folder (see --models-dir)"
            )
        path = (self.folder / name).resolve()
        if not path.is_relative_to(self.folder):
            raise ApiError(403, f"model path {name!r} is outside the models folder")
        if not self.search_subfolders and path.parent != self.folder:
            raise ApiError(
                403, f"model path {name!r} is in a subfolder; only --models-dir searches those"
            )
        if not path.is_file():
            raise ApiError(404, f"no model {name!r} in the models folder")
        return path


def default_name(model: ModelFile) -> str:
    """A readable name for an unnamed startup model, e.g. "digits 64-100-10"."""
    network = model.network
    sizes = [network.n_inputs, *(dense.n_outputs for dense in network.dense_layers)]
    dataset = model.training.get("dataset", "model")
    return f"{dataset} {'-'.join(str(n) for n in sizes)}"


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(v), 4) for v in values]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
