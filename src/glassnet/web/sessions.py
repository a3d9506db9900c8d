"""A training session: a ``Playground`` that a ``glassnet.web.workers`` pool trains in turns.

While it runs, the session gets slices of a worker thread's time; each slice trains a
few batches at a time (``CHUNK_SECONDS``), checking between them whether the session was
paused, so a pause takes effect after at most one chunk, however long an epoch is.
Snapshots (JSON text) are published with a version number, and handed to ``listener``
(``glassnet.web.pool`` sends them to the server). Sessions live in the worker processes
of ``glassnet.web.pool``; the server holds ``RemoteSession`` handles.
"""

import itertools
import json
import secrets
import threading
import time
from collections.abc import Callable

from glassnet.web.pictures import snapshot
from glassnet.web.playground import Playground
from glassnet.web.workers import Workers

EPOCHS_PER_SECOND = 60.0  # like TensorFlow Playground: about one epoch per screen frame
BURST_EPOCHS = 30.0  # epochs a session may run ahead of pace to catch up after a wait
SLICE_SECONDS = 0.025  # a worker's turn on one session before the next one's
CHUNK_SECONDS = 0.004  # training between two checks of the pause flag
SNAPSHOT_SECONDS = 0.1
MAX_EPOCHS = 100_000


class Session:
    """A playground with start/pause/step/reset/edit, safe to call from any thread."""

    def __init__(
        self,
        playground: Playground,
        workers: Workers,
        *,
        session_id: str | None = None,
        listener: Callable[["Session"], None] | None = None,
    ) -> None:
        self.id = session_id or secrets.token_urlsafe(9)
        self.playground = playground
        self.workers = workers
        self.listener = listener
        self._running = threading.Event()  # cleared by pause, read by the worker between chunks
        self.stopped_because = ""  # why it stopped without a Pause: "idle", "diverged", ...
        self._lock = threading.Lock()  # held while training a chunk or taking a snapshot
        self._versions = itertools.count()
        self.version = -1
        self.snapshot = ""
        self._published_at = 0.0
        self._tokens, self._filled_at = 1.0, time.monotonic()
        self._chunk = 1  # batches per chunk, adapted to take about CHUNK_SECONDS
        self._publish()

    @property
    def running(self) -> bool:
        return self._running.is_set()

    def _publish(self) -> None:
        """Take a snapshot (the caller holds the lock, or nobody else has the session)."""
        state = snapshot(self.playground)
        state["running"] = self.running
        state["stopped_because"] = self.stopped_because
        self.snapshot = json.dumps(state)
        self.version = next(self._versions)
        self._published_at = time.monotonic()
        if self.listener is not None:
            self.listener(self)

    def start(self) -> None:
        with self._lock:
            if self.running:
                return
            self._running.set()
            self.stopped_because = ""
            self._tokens, self._filled_at = 1.0, time.monotonic()
            self._publish()
        self.workers.submit(self)

    def pause(self, reason: str = "") -> None:
        """Stop after the chunk under way; ``reason`` says why if nobody asked ("idle")."""
        self._running.clear()
        self.workers.withdraw(self)
        with self._lock:  # waits for the chunk under way, if any
            self.stopped_because = reason
            self._publish()

    def _locked(self, action: Callable[[], None]) -> None:
        self._running.clear()
        self.workers.withdraw(self)
        with self._lock:
            action()
            self._publish()

    def step(self) -> None:
        self._locked(self.playground.step)

    def reset(self) -> None:
        self._locked(self.playground.reset)

    def edit(self, layer: int, node: int, source: int | None, value: float) -> None:
        self._locked(lambda: self.playground.set_parameter(layer, node, source, value))

    def run_slice(self) -> float | None:
        """Train until the slice's time is up or the session is on pace; the next due time."""
        end = time.monotonic() + SLICE_SECONDS
        playground = self.playground
        while self._running.is_set():
            now = time.monotonic()
            self._tokens = min(
                BURST_EPOCHS, self._tokens + (now - self._filled_at) * EPOCHS_PER_SECOND
            )
            self._filled_at = now
            if (self._tokens < 1 and not playground.mid_epoch) or now >= end:
                break
            with self._lock:
                if not self._running.is_set():  # paused while waiting for the lock
                    break
                self._train_chunk()
        if not self._running.is_set():
            return None
        with self._lock:
            if time.monotonic() - self._published_at >= SNAPSHOT_SECONDS:
                self._publish()
        return time.monotonic() + max(0.0, 1 - self._tokens) / EPOCHS_PER_SECOND

    def _train_chunk(self) -> None:
        """A few batches, sized to take about ``CHUNK_SECONDS``; the lock is held."""
        playground = self.playground
        epoch, started = playground.epoch, time.perf_counter()
        batches = playground.advance(self._chunk)
        seconds = time.perf_counter() - started
        if batches and seconds > 0:
            per_batch = seconds / batches
            self._chunk = max(1, min(4096, round(CHUNK_SECONDS / per_batch)))
        if playground.epoch > epoch:
            self._tokens -= 1
        reason = (
            "diverged"
            if playground.diverged
            else "finished"
            if playground.epoch >= MAX_EPOCHS
            else ""
        )
        if reason:
            self._running.clear()
            self.stopped_because = reason
            self._publish()
