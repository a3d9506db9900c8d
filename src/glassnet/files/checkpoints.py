"""Training checkpoints: everything needed to continue a run exactly where it stopped.

A checkpoint is one file, ``<folder>/checkpoint.npz``, rewritten atomically after every
epoch: the model (as in a model file), the optimizer's state (momentum velocities, Adam's
moments and step count), the random generator's state (``bit_generator.state``, so the
next epochs shuffle the same way), the history so far, and a description of the run
(dataset, config). A crash at any moment, even in the middle of writing, leaves the
previous epoch's checkpoint intact; resuming from it gives bit for bit the model an
uninterrupted run with the same seed would have given.
"""

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

from glassnet._atomic import remove_stale_parts
from glassnet._checks import is_number
from glassnet._types import Array
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import OPTIMIZERS, Optimizer
from glassnet.engine.training import Callback, EpochRecord, History
from glassnet.errors import GlassnetError
from glassnet.files._archive import Arrays, read_archive, write_archive
from glassnet.files._network_file import check_extras, take_array
from glassnet.files.model_file import ModelFile, build, describe, is_epoch_record

FORMAT = "glassnet-checkpoint"
FORMAT_VERSION = 1
FILE_NAME = "checkpoint.npz"
_OPTIMIZER_NAMES = {cls: name for name, cls in OPTIMIZERS.items()}


@dataclass
class Checkpoint:
    """A run stopped after ``epoch`` epochs: the model and all the state to continue it."""

    model_file: ModelFile
    epoch: int
    history: History
    optimizer_type: str
    optimizer_state: dict[str, list[Array]]
    rng_state: dict[str, Any] | None = None
    run: dict[str, Any] = field(default_factory=dict)  # dataset, config: the caller's record

    def check_continues(self, run: dict[str, Any]) -> None:
        """Refuse to resume a different run: another dataset, other data or other settings.

        Only ``epochs`` may differ (a finished run can be trained further).
        """
        mine = self.run
        if mine.get("dataset") != run.get("dataset"):
            raise ValueError(
                f"the checkpoint is a run on {mine.get('dataset')!r}, not {run.get('dataset')!r}"
            )
        if mine.get("training_data_sha256") != run.get("training_data_sha256"):
            raise ValueError(f"the {run.get('dataset')} training data differ from the checkpoint's")
        old, new = mine.get("config") or {}, run.get("config") or {}
        changed = sorted(
            k for k in set(old) | set(new) if k != "epochs" and old.get(k) != new.get(k)
        )
        if changed:
            details = ", ".join(f"{k} {old.get(k)!r} → {new.get(k)!r}" for k in changed)
            raise ValueError(f"the checkpoint was trained with other settings ({details})")
        if new.get("epochs", self.epoch) < self.epoch:
            raise ValueError(
                f"the checkpoint has {self.epoch} epochs done; ask for at least {self.epoch}"
            )

    def restore(self, model: Sequential, optimizer: Optimizer, rng: np.random.Generator) -> None:
        """Load the weights into ``model``, the state into ``optimizer`` and ``rng``."""
        saved = self.model_file.network
        if [type(layer) for layer in saved] != [type(layer) for layer in model]:
            raise ValueError(f"the checkpoint holds another network: {saved!r}, not {model!r}")
        for target, source in zip(model.parameters(), saved.parameters(), strict=True):
            if target.value.shape != source.value.shape or target.value.dtype != source.value.dtype:
                raise ValueError(f"the checkpoint holds another network: {saved!r}, not {model!r}")
            target.value[...] = source.value
        self.restore_optimizer(optimizer)
        if self.rng_state is not None:
            self.restore_rng(rng)

    def restore_optimizer(self, optimizer: Optimizer) -> None:
        """Give ``optimizer`` (built with the run's settings) the saved state."""
        name = _OPTIMIZER_NAMES.get(type(optimizer))
        if name != self.optimizer_type:
            raise ValueError(
                f"the checkpoint was trained with {self.optimizer_type}, not {name or type(optimizer).__name__}"
            )
        optimizer.load_state(self.optimizer_state)

    def restore_rng(self, rng: np.random.Generator) -> None:
        """Put ``rng`` in the state it had when the checkpoint was written."""
        if self.rng_state is None:
            raise ValueError("the checkpoint holds no random generator state")
        try:
            rng.bit_generator.state = self.rng_state
        except (OverflowError, TypeError, ValueError, KeyError) as error:
            raise GlassnetError(
                f"the checkpoint's random generator state is invalid: {error}"
            ) from None


def checkpoint_path(directory: str | os.PathLike[str]) -> Path:
    """The checkpoint file in ``directory`` (or ``directory`` itself when it is a file)."""
    path = Path(directory)
    return path if path.is_file() else path / FILE_NAME


def save_checkpoint(path: str | os.PathLike[str], checkpoint: Checkpoint) -> None:
    """Write ``checkpoint`` atomically to ``path`` (a file; see ``checkpoint_path``)."""
    model_metadata, arrays = describe(checkpoint.model_file)
    counts = {}
    for key, values in checkpoint.optimizer_state.items():
        counts[key] = len(values)
        arrays.update({f"optimizer.{key}.{i}": np.asarray(v) for i, v in enumerate(values)})
    metadata = {
        "epoch": checkpoint.epoch,
        "history": checkpoint.history.to_dicts(),
        "optimizer": {"type": checkpoint.optimizer_type, "state": counts},
        "rng_state": checkpoint.rng_state,
        "run": checkpoint.run,
        "model": model_metadata,
    }
    write_archive(path, (FORMAT, FORMAT_VERSION), metadata, arrays)


def load_checkpoint(directory: str | os.PathLike[str]) -> Checkpoint:
    """The checkpoint in ``directory`` (or the checkpoint file itself), fully checked."""
    path = checkpoint_path(directory)
    if not path.exists():
        raise GlassnetError(
            f"no checkpoint in {os.fspath(directory)} (glassnet train --checkpoint-dir writes one)"
        )
    formats = {FORMAT: FORMAT_VERSION}
    with read_archive(path, formats, "glassnet checkpoint") as (metadata, arrays):
        return checkpoint_from(metadata, arrays, os.fspath(path))


def checkpoint_from(metadata: dict[str, Any], arrays: Arrays, name: str) -> Checkpoint:
    """A ``Checkpoint`` from a checkpoint file's metadata and arrays (all of them used)."""
    model = metadata.get("model")
    if not isinstance(model, dict):
        raise GlassnetError(f"{name}: corrupt checkpoint (no model)")
    model_file = build(model, arrays, name)
    optimizer = metadata.get("optimizer")
    if not isinstance(optimizer, dict) or optimizer.get("type") not in _OPTIMIZER_NAMES.values():
        raise GlassnetError(f"{name}: corrupt checkpoint (unknown optimizer)")
    kind = optimizer["type"]
    state = _optimizer_state(kind, optimizer.get("state"), model_file.network, arrays, name)
    check_extras(arrays, name)
    history = _history(metadata.get("history"), name)
    epoch = metadata.get("epoch")
    if type(epoch) is not int or epoch != len(history.records):
        raise GlassnetError(
            f"{name}: corrupt checkpoint (epoch {epoch!r:.50} with {len(history.records)} records)"
        )
    rng_state, run = metadata.get("rng_state"), metadata.get("run")
    if not (rng_state is None or isinstance(rng_state, dict)) or not isinstance(run, dict):
        raise GlassnetError(f"{name}: corrupt checkpoint (random state or run description)")
    if rng_state is not None:
        _check_rng_state(rng_state, name)
    model_file.training = run | {"history": history.to_dicts(), "checkpoint_epoch": epoch}
    return Checkpoint(model_file, epoch, history, kind, state, rng_state, run)


class CheckpointWriter(Callback):
    """A training callback that writes a checkpoint after every epoch.

    It holds the live model, optimizer and generator, so what it writes at the end of
    an epoch is exactly the state the next epoch starts from. ``history`` is what came
    before (when resuming); ``run`` is stored as is (dataset name, config).
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        model_file: ModelFile,
        optimizer: Optimizer,
        rng: np.random.Generator | None,
        *,
        history: History | None = None,
        run: dict[str, Any] | None = None,
    ) -> None:
        self.path = Path(directory) / FILE_NAME
        self.model_file = model_file
        self.optimizer = optimizer
        self.rng = rng
        self.records = list(history.records) if history is not None else []
        self.run = run or {}
        remove_stale_parts(self.path.parent)  # what a killed run's last write left

    def on_epoch_end(self, record: EpochRecord) -> None:
        self.records.append(record)
        checkpoint = Checkpoint(
            self.model_file,
            record.epoch,
            History(list(self.records)),
            _OPTIMIZER_NAMES[type(self.optimizer)],
            self.optimizer.state(),
            dict(self.rng.bit_generator.state) if self.rng is not None else None,
            self.run,
        )
        save_checkpoint(self.path, checkpoint)


def _optimizer_state(
    kind: str, counts: Any, network: Sequential, arrays: Arrays, name: str
) -> dict[str, list[Array]]:
    if not isinstance(counts, dict):
        raise GlassnetError(f"{name}: corrupt checkpoint (optimizer state)")
    parameters = network.parameters()
    state: dict[str, list[Array]] = {}
    for key, count in counts.items():
        if key == "steps":
            if type(count) is not int or count != 1:
                raise GlassnetError(f"{name}: corrupt checkpoint (optimizer steps)")
            state[key] = [take_array(arrays, "optimizer.steps.0", (), np.int64, name)]
            continue
        if type(count) is not int or count != len(parameters):
            raise GlassnetError(
                f"{name}: corrupt checkpoint (optimizer {key:.50} has {count!r:.50} arrays)"
            )
        state[key] = [
            take_array(arrays, f"optimizer.{key}.{i}", p.value.shape, p.value.dtype, name)
            for i, p in enumerate(parameters)
        ]
    try:  # the state must be one this kind of optimizer keeps
        OPTIMIZERS[kind](learning_rate=1.0).load_state(state)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise GlassnetError(f"{name}: corrupt checkpoint (optimizer state: {error})") from None
    return state


def _check_rng_state(state: dict[str, Any], name: str) -> None:
    """Refuse a random generator state that ``restore_rng`` could not set, at load time."""
    try:
        np.random.default_rng(0).bit_generator.state = state
    except (OverflowError, TypeError, ValueError, KeyError) as error:
        raise GlassnetError(
            f"{name}: corrupt checkpoint (random generator state: {error!s:.200})"
        ) from None


def _history(records: Any, name: str) -> History:
    names = {f.name for f in fields(EpochRecord)}
    if not isinstance(records, list) or not all(
        isinstance(r, dict) and set(r) == names and is_epoch_record(r) and is_number(r["seconds"])
        for r in records
    ):
        raise GlassnetError(f"{name}: corrupt checkpoint (history)")
    return History([EpochRecord(**r) for r in records])
