"""Playground sessions: each a ``Playground`` trained by its own worker thread.

The event loop never trains: a running session's thread takes a few epochs at a time
under the session's lock and publishes a snapshot (already JSON) with a version number;
the server-sent-events stream only reads the latest one. A session nobody watches pauses
itself, and the oldest sessions are dropped when there are too many.
"""

import itertools
import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from glassnet.web.playground import Playground

EPOCHS_PER_SECOND = 60.0  # like TensorFlow Playground: about one epoch per screen frame
SNAPSHOT_SECONDS = 0.1
IDLE_SECONDS = 30.0  # a running session with no page watching it pauses after this
MAX_EPOCHS = 100_000
MAX_SESSIONS = 32


class Session:
    """A playground with start/pause/step/reset, safe to call from any thread."""

    def __init__(self, playground: Playground) -> None:
        self.id = secrets.token_urlsafe(9)
        self.playground = playground
        self.description = json.dumps(playground.describe())
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._versions = itertools.count()
        self.version = -1
        self.snapshot = ""
        self.watched_at = time.monotonic()
        self._publish()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stop.is_set()

    def _publish(self) -> None:
        """Take a snapshot (the lock is held by the caller or nobody else has the session)."""
        state = self.playground.snapshot()
        state["running"] = self._thread is not None and not self._stop.is_set()
        self.snapshot = json.dumps(state)
        self.version = next(self._versions)

    def _locked(self, action: Callable[[], None]) -> None:
        with self._lock:
            action()
            self._publish()

    def start(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self.watched_at = time.monotonic()
            self._thread = threading.Thread(
                target=self._run, name=f"playground-{self.id}", daemon=True
            )
            self._thread.start()
            self._publish()

    def pause(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        with self._lock:
            self._thread = None
            self._publish()

    def step(self) -> None:
        self.pause()
        self._locked(self.playground.step)

    def reset(self) -> None:
        self.pause()
        self._locked(self.playground.reset)

    def _run(self) -> None:
        started, done = time.monotonic(), 0
        while not self._stop.is_set():
            with self._lock:
                # Catch up with the clock, one snapshot's worth of epochs at a time at most.
                due = int((time.monotonic() - started) * EPOCHS_PER_SECOND) - done
                epochs = max(0, min(due, int(EPOCHS_PER_SECOND * SNAPSHOT_SECONDS) + 1))
                if epochs:
                    self.playground.step(epochs)
                    done += epochs
                finished = self.playground.epoch >= MAX_EPOCHS or self.playground.diverged
                idle = time.monotonic() - self.watched_at > IDLE_SECONDS
                if finished or idle:
                    self._stop.set()
                self._publish()
            self._stop.wait(SNAPSHOT_SECONDS)


class Sessions:
    """All live sessions by id; creating one past ``MAX_SESSIONS`` drops the oldest."""

    def __init__(self) -> None:
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, session: Session) -> None:
        with self._lock:
            self._sessions[session.id] = session
            dropped = []
            while len(self._sessions) > MAX_SESSIONS:
                dropped.append(self._sessions.popitem(last=False)[1])
        for old in dropped:
            old.pause()

    def get(self, session_id: str) -> Session | None:
        with self._lock:
            return self._sessions.get(session_id)

    def remove(self, session_id: str) -> bool:
        with self._lock:
            session = self._sessions.pop(session_id, None)
        if session is not None:
            session.pause()
        return session is not None

    def close(self) -> None:
        with self._lock:
            sessions = list(self._sessions.values())
            self._sessions.clear()
        for session in sessions:
            session.pause()
