"""Training in worker processes, apart from the server that answers the pages.

Each worker process holds some sessions and trains them in turns with one thread
(``glassnet.web.workers``) that runs at a lower scheduling priority (``NICE``), so when
the machine is busy the server's answers, drawing predictions above all, come first and
training gets what is left; the worker's own thread that takes commands (Pause) keeps
the normal priority. Threads in the server's own process could not promise that:
NumPy on small arrays holds the interpreter lock, and with forty students training the
server's own share of a loaded machine went to training (docs/playground.md).

The server holds a ``RemoteSession`` per session. Commands go down a socket to the
worker (``python -m glassnet.web.pool``) and are answered once done; snapshots and queue
places come up the same socket as they happen, so reading them never waits for a worker. A worker that dies takes its sessions with it:
they answer "gone", and the page offers to start again.
"""

import contextlib
import itertools
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection
from typing import Any

from threadpoolctl import threadpool_limits

from glassnet.web.datasets2d import Points
from glassnet.web.playground import Playground
from glassnet.web.sessions import Session
from glassnet.web.settings import PlaygroundConfig
from glassnet.web.workers import Workers

NICE = 10  # how much lower than the server a worker's training thread runs
QUEUE_SECONDS = 0.1  # how often a worker reports its sessions' places in the queue
ANSWER_SECONDS = 120.0  # a command not answered by then (a stuck worker) is an error
SWITCH_SECONDS = 0.0005  # the worker's interpreter-lock turns (Python's default: 0.005)


def default_count() -> int:
    """Worker processes for this machine: one per core but one (the server's), one to four.

    On the two-core machine two workers gave more epochs but twice the predictions' 95th
    percentile (docs/playground.md, "Classroom").
    """
    return max(1, min(4, (os.cpu_count() or 2) - 1))


class SessionGoneError(Exception):
    """The session or its worker process no longer exists."""


class RemoteSession:
    """The server's handle on a session in a worker process: its newest snapshot and state."""

    def __init__(self, session_id: str, worker: "WorkerProcess") -> None:
        self.id = session_id
        self.worker = worker
        self.version, self.snapshot = -1, ""
        self.running, self.stopped_because = False, ""
        self.ahead: int | None = None  # sessions before it in its worker's queue, if waiting
        self.gone = False
        self.watched_at = time.monotonic()

    def touch(self) -> None:
        self.watched_at = time.monotonic()

    def update(self, version: int, snapshot: str, running: bool, reason: str) -> None:
        if version > self.version:
            self.version, self.snapshot = version, snapshot
            self.running, self.stopped_because = running, reason
            if not running:
                self.ahead = None

    def start(self) -> None:
        self.touch()
        self.worker.call("start", self.id)

    def pause(self, reason: str = "") -> None:
        self.worker.call("pause", self.id, reason)

    def step(self) -> None:
        self.worker.call("step", self.id)

    def reset(self) -> None:
        self.worker.call("reset", self.id)

    def edit(self, layer: int, node: int, source: int | None, value: float) -> None:
        self.worker.call("edit", self.id, layer, node, source, value)


class WorkerProcess:
    """One worker process, the pipe to it, and a thread reading what it sends."""

    def __init__(self, index: int) -> None:
        # A fresh interpreter (no fork of a threaded server, and unlike multiprocessing's
        # spawn, no second run of the script that started the server), joined by a socket.
        self._socket, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "glassnet.web.pool", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
            )
        self.connection = Connection(os.dup(self._socket.fileno()))
        self.sessions: dict[str, RemoteSession] = {}
        self._answers: dict[int, list[Any]] = {}
        self._numbers = itertools.count()
        self._lock = threading.Lock()
        self.alive = True
        threading.Thread(target=self._read, name=f"playground-reader-{index}", daemon=True).start()

    def call(self, command: str, session_id: str, *arguments: Any) -> None:
        """Run ``command`` on a session in the worker; its ValueError comes back as one."""
        done = threading.Event()
        answer: list[Any] = [done, None]
        with self._lock:
            if not self.alive:
                raise SessionGoneError(session_id)
            number = next(self._numbers)
            self._answers[number] = answer
            self.connection.send((number, command, session_id, arguments))
        if not done.wait(ANSWER_SECONDS):
            raise RuntimeError(f"the training worker did not answer {command!r} in time")
        if answer[1] is not None:
            kind, message = answer[1]
            if kind == "gone":
                raise SessionGoneError(session_id)
            raise ValueError(message) if kind == "value" else RuntimeError(message)

    def _read(self) -> None:
        while True:
            try:
                message = self.connection.recv()
            except (EOFError, OSError):
                break  # the worker ended, or ``close`` shut the socket
            if message[0] == "snapshot":
                session = self.sessions.get(message[1])
                if session is not None:
                    session.update(*message[2:])
            elif message[0] == "queue":
                for session_id, session in list(self.sessions.items()):
                    session.ahead = message[1].get(session_id)
            else:  # ("answer", number, problem)
                with self._lock:
                    answer = self._answers.pop(message[1])
                answer[1] = message[2]
                answer[0].set()
        with self._lock:  # the worker is gone, and its sessions with it
            self.alive = False
            for answer in self._answers.values():
                answer[1] = ("gone", "")
                answer[0].set()
        for session in self.sessions.values():
            session.gone = True
        self.connection.close()
        self._socket.close()

    def close(self) -> None:
        # Both ends read the end of their input: the worker stops, and so does ``_read``.
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Pool:
    """``count`` worker processes, started with the first session; sessions go to the least busy."""

    def __init__(self, count: int | None = None) -> None:
        self.count = count or default_count()
        self._workers: list[WorkerProcess] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the worker processes if they are not running yet (they load in the background)."""
        with self._lock:
            if not self._workers:
                self._workers = [WorkerProcess(index) for index in range(self.count)]

    def create(self, config: PlaygroundConfig, uploaded: Points | None) -> RemoteSession:
        self.start()
        with self._lock:
            worker = min(self._workers, key=lambda w: (not w.alive, len(w.sessions)))
            session = RemoteSession(secrets.token_urlsafe(9), worker)
            worker.sessions[session.id] = session
        try:
            worker.call("create", session.id, config, uploaded)
        except BaseException:
            worker.sessions.pop(session.id, None)
            raise
        return session

    def drop(self, session: RemoteSession) -> None:
        session.worker.sessions.pop(session.id, None)
        with contextlib.suppress(SessionGoneError):
            session.worker.call("drop", session.id)

    def close(self) -> None:
        with self._lock:
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.close()


def work(connection: Connection) -> None:
    """A worker process: run the server's commands; send snapshots and queue places back."""
    threadpool_limits(limits=1)  # small matrices: BLAS threads only cost time
    # The training thread holds the interpreter lock between NumPy's small steps; a command
    # (Pause) would wait up to 5 ms for it at each of its own steps.
    sys.setswitchinterval(SWITCH_SECONDS)
    sending = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        with sending, contextlib.suppress(OSError):
            connection.send(message)

    def publish(session: Session) -> None:
        state = (session.version, session.snapshot, session.running, session.stopped_because)
        send(("snapshot", session.id, *state))

    workers = Workers(1, nice=NICE)  # only its training thread: commands are answered first
    sessions: dict[str, Session] = {}
    reporting = threading.Thread(target=_report_queue, args=(workers, sessions, send), daemon=True)
    reporting.start()
    while True:
        try:
            number, command, session_id, arguments = connection.recv()
        except (EOFError, OSError):
            break
        problem: tuple[str, str] | None = None
        try:
            if command == "create":
                playground = Playground(*arguments)
                sessions[session_id] = Session(
                    playground, workers, session_id=session_id, listener=publish
                )
            elif command == "drop":
                sessions.pop(session_id).pause()
            else:
                getattr(sessions[session_id], command)(*arguments)
        except KeyError:
            problem = ("gone", "")
        except ValueError as error:
            problem = ("value", str(error))
        except Exception as error:  # a bug: say so, and keep the other sessions going
            traceback.print_exc()
            problem = ("bug", f"{type(error).__name__}: {error}")
        send(("answer", number, problem))
    workers.close()


def _report_queue(workers: Workers, sessions: dict[str, Session], send: Any) -> None:
    """Every ``QUEUE_SECONDS``, each waiting session's place, when the places change."""
    last: dict[str, int] = {}
    while True:
        time.sleep(QUEUE_SECONDS)
        places = {}
        for session_id, session in list(sessions.items()):
            place = workers.ahead(session) if session.running else None
            if place is not None:
                places[session_id] = place
        if places != last:
            send(("queue", places))
            last = places


if __name__ == "__main__":
    work(Connection(int(sys.argv[1])))
