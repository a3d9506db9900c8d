"""Every live training session by id, for the server: created on Start or Step, dropped
when there are too many (the least recently used, paused ones first), paused when
nobody asks about them."""

import contextlib
import threading
import time
from collections import OrderedDict

from glassnet.web.datasets2d import Points
from glassnet.web.pool import Pool, RemoteSession, SessionGoneError
from glassnet.web.settings import PlaygroundConfig

IDLE_SECONDS = 10.0  # a running session no page asks about pauses after this
SWEEP_SECONDS = 0.05  # how often idleness is checked
MAX_SESSIONS = 200


class Sessions:
    """All live sessions; past ``MAX_SESSIONS``, the least recently used are dropped."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self._sessions: OrderedDict[str, RemoteSession] = OrderedDict()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._sweeper: threading.Thread | None = None

    def create(self, config: PlaygroundConfig, uploaded: Points | None) -> RemoteSession:
        session = self.pool.create(config, uploaded)
        with self._lock:
            self._sessions[session.id] = session
            dropped = []
            while len(self._sessions) > MAX_SESSIONS:  # never the one just made
                others = [s for s in self._sessions.values() if s is not session]
                paused = [s for s in others if not s.running]
                victim = (paused or others)[0]
                dropped.append(self._sessions.pop(victim.id))
            if self._sweeper is None:
                self._sweeper = threading.Thread(
                    target=self._sweep, name="playground-idle", daemon=True
                )
                self._sweeper.start()
        for old in dropped:
            self.pool.drop(old)
        return session

    def get(self, session_id: str) -> RemoteSession | None:
        """The session (now the most recently used one), or None if it ended."""
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None and session.gone:  # its worker process died
                del self._sessions[session_id]
                return None
            if session is not None:
                self._sessions.move_to_end(session_id)
            return session

    def running(self) -> int:
        with self._lock:
            return sum(session.running for session in self._sessions.values())

    def remove(self, session_id: str) -> bool:
        with self._lock:
            session = self._sessions.pop(session_id, None)
        if session is not None:
            self.pool.drop(session)
        return session is not None

    def _sweep(self) -> None:
        """Pause running sessions that no page has asked about for ``IDLE_SECONDS``."""
        while not self._closed.wait(SWEEP_SECONDS):
            now = time.monotonic()
            with self._lock:
                idle = [
                    s
                    for s in self._sessions.values()
                    if s.running and now - s.watched_at > IDLE_SECONDS
                ]
            for session in idle:
                with contextlib.suppress(SessionGoneError):
                    session.pause("idle")

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            self._sessions.clear()
        self.pool.close()
