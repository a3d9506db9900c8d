"""The playground's settings: what the page puts in its URL, validated in one place.

Every field has one rule (``RULES``) that says what it allows in words; a bad request or
link is answered with every bad field, its value and that rule, e.g. ``learning_rate: 50
is not allowed (a number from 1e-06 to 10)``. ``PlaygroundConfig.lenient`` keeps the good
fields of a link and reports the bad ones, so a page can load the rest of its state.
"""

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from glassnet.engine.activations import ACTIVATIONS
from glassnet.engine.losses import LOSSES
from glassnet.web.datasets2d import KINDS, REGRESSION_KINDS
from glassnet.web.features import FEATURES

HIDDEN_ACTIVATIONS = tuple(name for name in ACTIVATIONS if name != "softmax")
DATASETS = (*KINDS, *REGRESSION_KINDS, "csv")
OPTIMIZERS = ("sgd", "adam")
REGULARIZATIONS = ("none", "l1", "l2")
MAX_LAYERS, MAX_NEURONS = 6, 8


@dataclass(frozen=True)
class Rule:
    """What one setting allows: a choice, a number range (whole or not), or a list."""

    kind: str  # "choice", "number", "whole", "features" or "layers"
    choices: tuple[str, ...] = ()
    low: float = 0.0
    high: float = 0.0

    def describe(self) -> str:
        if self.kind == "choice":
            return f"one of {', '.join(self.choices)}"
        if self.kind == "features":
            return f"1 to {len(self.choices)} different inputs from {', '.join(self.choices)}"
        if self.kind == "layers":
            return f"up to {MAX_LAYERS} layers of 1 to {MAX_NEURONS} neurons, e.g. 4,2"
        what = "a whole number" if self.kind == "whole" else "a number"
        return f"{what} from {self.low:g} to {self.high:g}"

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "text": self.describe()}


RULES = {
    "dataset": Rule("choice", DATASETS),
    "points": Rule("whole", low=20, high=2000),
    "noise": Rule("number", low=0, high=1),
    "train_percent": Rule("whole", low=10, high=90),
    "features": Rule("features", tuple(FEATURES)),
    "hidden": Rule("layers"),
    "activation": Rule("choice", HIDDEN_ACTIVATIONS),
    "loss": Rule("choice", tuple(LOSSES)),
    "optimizer": Rule("choice", OPTIMIZERS),
    "learning_rate": Rule("number", low=1e-6, high=10),
    "batch_size": Rule("whole", low=1, high=2000),
    "regularization": Rule("choice", REGULARIZATIONS),
    "weight_decay": Rule("number", low=0, high=1),
    "seed": Rule("whole", low=0, high=2**31 - 1),
}


@dataclass(frozen=True)
class PlaygroundConfig:
    """Every setting of the playground, with the page's defaults (TensorFlow Playground's)."""

    dataset: str = "xor"
    points: int = 400
    noise: float = 0.0
    train_percent: int = 50
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 4)
    activation: str = "tanh"
    loss: str = "binary-cross-entropy"
    optimizer: str = "sgd"
    learning_rate: float = 0.1
    batch_size: int = 10
    regularization: str = "none"
    weight_decay: float = 0.0  # the regularisation rate λ (the name older links use)
    seed: int = 0

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems.values()))

    @property
    def regression(self) -> bool:
        return self.dataset in REGRESSION_KINDS

    def problems(self) -> dict[str, str]:
        """Each bad field's message: its value and what it allows (empty when all are fine)."""
        return problems_of(dataclasses.asdict(self))

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> "PlaygroundConfig":
        """Settings from JSON or a query string (numbers may come as text); every bad one refused."""
        config, problems = cls.lenient(values)
        if problems:
            raise ValueError("; ".join(problems.values()))
        return config

    @classmethod
    def lenient(cls, values: dict[str, Any]) -> tuple["PlaygroundConfig", dict[str, str]]:
        """The settings with each bad field at its default, and what was wrong with each."""
        changes, problems = _parse(values)
        defaults = dataclasses.asdict(cls())
        while found := problems_of({**defaults, **changes}):
            for name, message in found.items():
                problems.setdefault(name, message)
                changes.pop(name, None)
            if changes.get("dataset") in REGRESSION_KINDS:
                changes["loss"] = "squared-error"
        order = list(RULES)
        ranked = sorted(problems, key=lambda name: order.index(name) if name in order else -1)
        return cls(**changes), {name: problems[name] for name in ranked}

    def to_dict(self) -> dict[str, Any]:
        values = dataclasses.asdict(self)
        values["hidden"] = ",".join(str(n) for n in self.hidden)
        values["features"] = ",".join(self.features)
        return values


def problems_of(values: dict[str, Any]) -> dict[str, str]:
    """The problems of a full set of typed values: each field's rule, then the pairs."""
    found = {
        name: _refusal(name, _shown(values[name]))
        for name, rule in RULES.items()
        if not _allowed(rule, values[name])
    }
    regression = values["dataset"] in REGRESSION_KINDS
    if "loss" not in found and regression and values["loss"] != "squared-error":
        found["loss"] = (
            f"loss: {values['loss']!r} is not allowed with the regression dataset "
            f"{values['dataset']!r} (only squared-error)"
        )
    rate = values["weight_decay"]
    if "weight_decay" not in found and values["regularization"] == "none" and rate:
        found["weight_decay"] = (
            f"weight_decay: {rate!r} has no effect with regularization 'none' "
            "(choose l1 or l2, or 0)"
        )
    return found


def _parse(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed values of the known, well-formed fields, and a message for each other field."""
    changes: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, value in values.items():
        rule = RULES.get(str(name))
        if rule is None:
            problems[str(name)] = f"{name}: unknown setting (settings are: {', '.join(RULES)})"
            continue
        try:
            changes[name] = _typed(rule, value)
        except (TypeError, ValueError, OverflowError):
            problems[name] = _refusal(name, _shown(value))
    if "regularization" not in values and changes.get("weight_decay"):
        changes["regularization"] = "l2"  # links made before L1 existed meant L2
    if "loss" not in values and changes.get("dataset") in REGRESSION_KINDS:
        changes["loss"] = "squared-error"  # the only loss a regression dataset takes
    return changes, problems


def _typed(rule: Rule, value: Any) -> Any:
    if isinstance(value, bool):
        raise TypeError
    if rule.kind in ("layers", "features"):
        if not isinstance(value, str | list):
            raise TypeError
        parts = value.split(",") if isinstance(value, str) else value
        if rule.kind == "features":
            return tuple(str(part).strip() for part in parts if str(part).strip())
        return tuple(_whole(part) for part in parts if str(part).strip())
    if rule.kind == "choice":
        if not isinstance(value, str):
            raise TypeError
        return value
    if rule.kind == "whole":
        return _whole(value)
    number = float(value) if isinstance(value, int | float | str) else _type_error()
    if not np.isfinite(number):
        raise ValueError
    return number


def _whole(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError
    if isinstance(value, int):
        return value
    number = float(value) if isinstance(value, float | str) else _type_error()
    if not number.is_integer():
        raise ValueError
    return int(number)


def _type_error() -> float:
    raise TypeError


def _allowed(rule: Rule, value: Any) -> bool:
    if rule.kind == "choice":
        return value in rule.choices
    if rule.kind == "features":
        return 1 <= len(value) == len(set(value)) and set(value) <= set(rule.choices)
    if rule.kind == "layers":
        return len(value) <= MAX_LAYERS and all(1 <= n <= MAX_NEURONS for n in value)
    return bool(rule.low <= value <= rule.high)


def _refusal(name: str, shown: str) -> str:
    return f"{name}: {shown} is not allowed ({RULES[name].describe()})"


def _shown(value: Any) -> str:
    """A value as the message shows it: text quoted, lists as in the URL, long ones cut."""
    if isinstance(value, tuple | list):
        value = ",".join(str(part) for part in value)
    if isinstance(value, float):
        text = format(value, ".15g")  # 50 rather than 50.0, 0.1 rather than 0.1000000000000000055
    else:
        text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
