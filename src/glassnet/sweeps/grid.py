"""A sweep as data: a dataset, a base ``TrainConfig``, the values to try, and seeds.

Every cell of the grid is exactly one ``glassnet train`` run (``runs.run``). Each run is
known by a key made from the dataset and its full configuration, so a sweep folder can
tell which runs are finished and skip them when the sweep is started again.
"""

import dataclasses
import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from typing import Any

from glassnet.runs import TrainConfig

SWEEPABLE = tuple(f.name for f in dataclasses.fields(TrainConfig) if f.name != "seed")
MAX_RUNS = 10_000  # a day of small runs; more is a typing slip (or a damaged sweep.json)


def run_key(dataset: str, config: TrainConfig) -> str:
    """A stable name for one run: the same dataset and settings give the same key."""
    text = json.dumps({"dataset": dataset, "config": config.to_dict()}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def display(name: str, value: Any) -> str:
    """A value as people write it: hidden (128, 64) → 128-64, rotations 10 → ±10°."""
    if name in _UNITS:
        return f"±{value:g}{_UNITS[name]}" if value else "none"
    return plain(name, value)


def plain(name: str, value: Any) -> str:
    """A value for a table file: hidden (128, 64) → 128-64, numbers as numbers."""
    if name == "hidden":
        return "-".join(str(n) for n in value)
    if name == "targets":
        return "default" if value is None else f"{value[0]:g}:{value[1]:g}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return repr(value)
    return str(value)


_UNITS = {"rotations": "°", "random_rotation": "°", "random_shift": " px"}
LABELS = {
    "learning_rate": "learning rate",
    "hidden": "hidden nodes",
    "epochs": "epochs",
    "batch_size": "batch size",
    "weight_decay": "weight decay",
    "random_rotation": "random rotation",
    "random_shift": "random shift",
    "rotations": "rotated copies",
}


def label(name: str) -> str:
    """The words for a configuration field on an axis or in a table heading."""
    return LABELS.get(name, name.replace("_", " "))


@dataclass(frozen=True)
class SweepSpec:
    """Every combination of ``axes`` values applied to ``base``, each with ``seeds`` seeds.

    ``axes`` maps ``TrainConfig`` field names to the values to try, in the order given;
    the seeds are ``base.seed``, ``base.seed + 1``, ... ``command`` records how it was
    started, for reports.
    """

    dataset: str
    base: TrainConfig = field(default_factory=TrainConfig)
    axes: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    seeds: int = 1
    command: str = ""

    def __post_init__(self) -> None:
        for name, values in self.axes.items():
            if name == "seed":
                raise ValueError("sweep over seeds with the seeds count, not as an axis")
            if name not in SWEEPABLE:
                raise ValueError(f"cannot sweep {name!r}; choose from: {', '.join(SWEEPABLE)}")
            if not values:
                raise ValueError(f"no values to sweep for {label(name)}")
            if len(set(values)) != len(values):
                raise ValueError(f"{label(name)} lists a value twice: {list(values)}")
        if isinstance(self.seeds, bool) or not isinstance(self.seeds, int) or self.seeds < 1:
            raise ValueError(f"seeds must be a whole number >= 1, got {self.seeds!r:.60}")
        runs = math.prod(len(values) for values in self.axes.values()) * self.seeds
        if runs > MAX_RUNS:
            raise ValueError(f"a sweep has at most {MAX_RUNS:,} runs; this one has {runs:,}")
        self.configs()  # every combination must be a valid configuration

    @property
    def swept(self) -> list[str]:
        """The fields that take more than one value, in the order given."""
        return [name for name, values in self.axes.items() if len(values) > 1]

    def configs(self) -> list[TrainConfig]:
        """Every run of the sweep, in grid order (first axis slowest, seeds fastest)."""
        names = list(self.axes)
        runs: list[TrainConfig] = []
        for values in itertools.product(*(self.axes[n] for n in names)):
            cell = self.base.replace(**dict(zip(names, values, strict=True)))
            runs.extend(cell.replace(seed=self.base.seed + s) for s in range(self.seeds))
        return runs

    def cell_of(self, config: TrainConfig) -> tuple[Any, ...]:
        """The swept values of a run, in the order of ``swept``."""
        return tuple(getattr(config, name) for name in self.swept)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "base": _plain(dataclasses.asdict(self.base)),
            "axes": {name: [_plain(v) for v in values] for name, values in self.axes.items()},
            "seeds": self.seeds,
            "command": self.command,
        }

    @classmethod
    def from_dict(cls, values: Any) -> "SweepSpec":
        """The spec back from ``to_dict`` (e.g. a sweep folder's sweep.json), each value
        checked for its type and range; a ValueError says which one is wrong."""
        expected = {"dataset": str, "base": dict, "axes": dict, "seeds": int, "command": str}
        if not isinstance(values, dict):
            raise ValueError(f"a sweep description is an object, not {_kind(values)}")
        for key, kind in expected.items():
            if key != "command" and key not in values:
                raise ValueError(f"no {key!r} in the sweep description")
            value = values.get(key, "")
            if type(value) is not kind:
                raise ValueError(f"the sweep's {key} is {_kind(value)}, not {_KINDS[kind]}")
        for name, items in values["axes"].items():
            if not isinstance(items, list):
                raise ValueError(f"the values of {label(str(name))} are {_kind(items)}")
        axes = {
            name: tuple(TrainConfig.stored_setting(name, v) for v in items)
            for name, items in values["axes"].items()
        }
        base = TrainConfig.from_dict(values["base"])
        return cls(values["dataset"], base, axes, values["seeds"], values.get("command", ""))


def _plain(value: Any) -> Any:
    """JSON-friendly: tuples become lists."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_KINDS = {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a whole number"}


def _kind(value: Any) -> str:
    """What a value read from JSON is, in words, for messages."""
    return _KINDS.get(type(value), "null" if value is None else "a number")
