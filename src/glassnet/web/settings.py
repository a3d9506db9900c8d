"""The playground's settings: what the page puts in its URL, validated in one place."""

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from glassnet.engine.activations import ACTIVATIONS
from glassnet.engine.losses import LOSSES
from glassnet.web.datasets2d import KINDS

HIDDEN_ACTIVATIONS = tuple(name for name in ACTIVATIONS if name != "softmax")


@dataclass(frozen=True)
class PlaygroundConfig:
    """Every setting of the playground, with the page's defaults."""

    dataset: str = "xor"
    points: int = 400
    noise: float = 0.0
    train_percent: int = 50
    hidden: tuple[int, ...] = (4, 4)
    activation: str = "tanh"
    loss: str = "binary-cross-entropy"
    optimizer: str = "sgd"
    learning_rate: float = 0.1
    batch_size: int = 10
    weight_decay: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        _choice("dataset", self.dataset, (*KINDS, "csv"))
        _choice("activation", self.activation, HIDDEN_ACTIVATIONS)
        _choice("loss", self.loss, tuple(LOSSES))
        _choice("optimizer", self.optimizer, ("sgd", "adam"))
        _within("points", self.points, 20, 2000)
        _within("noise", self.noise, 0.0, 1.0)
        _within("train_percent", self.train_percent, 10, 90)
        _within("learning_rate", self.learning_rate, 1e-6, 10.0)
        _within("batch_size", self.batch_size, 1, 2000)
        _within("weight_decay", self.weight_decay, 0.0, 1.0)
        _within("seed", self.seed, 0, 2**31 - 1)
        if len(self.hidden) > 6 or any(not 1 <= n <= 8 for n in self.hidden):
            raise ValueError("hidden: up to 6 layers of 1 to 8 neurons, e.g. 4,2")

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> "PlaygroundConfig":
        """Settings from JSON or a query string (numbers may come as text); unknown keys refused."""
        known = {field.name: field for field in dataclasses.fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(
                f"unknown setting {unknown[0]!r:.60}; settings are: {', '.join(known)}"
            )
        changes: dict[str, Any] = {}
        for name, value in values.items():
            default = getattr(cls, name)
            try:
                if name == "hidden":
                    if not isinstance(value, str | list):
                        raise TypeError
                    text = value if isinstance(value, str) else ",".join(map(str, value))
                    changes[name] = tuple(int(part) for part in text.split(",") if part.strip())
                elif isinstance(default, bool) or isinstance(value, bool):
                    raise TypeError
                elif isinstance(default, int):
                    changes[name] = _whole(value)
                elif isinstance(default, float):
                    changes[name] = float(value)
                elif isinstance(value, str):
                    changes[name] = value
                else:
                    raise TypeError
            except (TypeError, ValueError, OverflowError):  # OverflowError: 400-digit numbers
                raise ValueError(f"{name}: {value!r:.60} is not a valid value") from None
        return cls(**changes)

    def to_dict(self) -> dict[str, Any]:
        values = dataclasses.asdict(self)
        values["hidden"] = ",".join(str(n) for n in self.hidden)
        return values


def _choice(name: str, value: str, known: tuple[str, ...]) -> None:
    if value not in known:
        raise ValueError(f"{name}: unknown {value!r:.60}; choose one of: {', '.join(known)}")


def _within(name: str, value: float, low: float, high: float) -> None:
    # math, not NumPy: a whole number past 2**63 is no NumPy integer, but compares fine.
    finite = isinstance(value, int) or math.isfinite(value)
    if not (finite and low <= value <= high):
        raise ValueError(f"{name} must be between {low:g} and {high:g}, got {value!r:.40}")


def _whole(value: Any) -> int:
    number = float(value)
    if not number.is_integer():
        raise ValueError
    return int(number)
