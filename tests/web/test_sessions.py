"""Sessions and the shared workers: slices, pauses between chunks, fairness, eviction."""

import json
import threading
import time

import pytest

from glassnet.web import sessions as sessions_module
from glassnet.web.playground import Playground
from glassnet.web.sessions import Session, Sessions
from glassnet.web.settings import PlaygroundConfig
from glassnet.web.workers import Priority, Workers, default_count

HEAVY = PlaygroundConfig(hidden=(8, 8, 8, 8, 8, 8), points=2000, batch_size=1)


def _wait(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def workers():
    pool = Workers(1)
    yield pool
    pool.close()


def _state(session):
    return json.loads(session.snapshot)


def test_default_worker_count_leaves_a_core_for_the_server(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert default_count() == 1
    monkeypatch.setattr("os.cpu_count", lambda: 16)
    assert default_count() == 4


def test_a_session_trains_pauses_steps_and_resets(workers):
    session = Session(Playground(PlaygroundConfig(points=100)), workers)
    assert _state(session)["running"] is False
    session.start()
    _wait(lambda: session.playground.epoch >= 5)
    session.pause()
    epoch, weights = session.playground.epoch, session.playground.model.parameters()[0].value.copy()
    time.sleep(0.2)
    assert session.playground.epoch == epoch and not session.running
    assert (session.playground.model.parameters()[0].value == weights).all()
    assert _state(session)["running"] is False
    session.step()
    assert _state(session)["epoch"] == epoch + 1
    session.reset()
    assert _state(session)["epoch"] == 0


def test_a_pause_takes_effect_between_two_chunks_of_one_epoch(workers, monkeypatch):
    monkeypatch.setattr(sessions_module, "CHUNK_SECONDS", 1e-9)  # one batch per chunk
    session = Session(Playground(HEAVY), workers)
    session._running.set()
    chunks = []

    def between():
        chunks.append(session.playground._done)
        if len(chunks) == 3:
            threading.Thread(target=session.pause).start()  # as a request would
            _wait(lambda: not session.running)

    assert session.run_slice(between) is None
    assert chunks == [0, 1, 2]  # one batch each, then the pause stopped it
    assert session.playground.epoch == 0 and session.playground.mid_epoch


def test_an_unwatched_session_pauses_itself_and_says_why(workers, monkeypatch):
    monkeypatch.setattr(sessions_module, "IDLE_SECONDS", 0.2)
    session = Session(Playground(PlaygroundConfig(points=40)), workers)
    session.start()
    _wait(lambda: _state(session)["running"] is False)
    assert _state(session)["stopped_because"] == "idle"


def test_a_diverging_session_stops_by_itself(workers):
    config = PlaygroundConfig(activation="identity", learning_rate=10, hidden=(8, 8, 8, 8))
    session = Session(Playground(config), workers)
    session.start()
    _wait(lambda: _state(session)["running"] is False)
    assert _state(session)["diverged"] and _state(session)["stopped_because"] == "diverged"


def test_one_worker_takes_turns_among_all_running_sessions(workers):
    sessions = [Session(Playground(HEAVY), workers) for _ in range(3)]
    for session in sessions:
        session.start()
    _wait(lambda: all(s.playground._done or s.playground.epoch for s in sessions))
    waiting = [workers.ahead(s) for s in sessions]
    for session in sessions:
        session.pause()
    assert all(place in (None, 0, 1) for place in waiting)  # one trains, the others queue
    assert workers.waiting() == 0


class _Blocker:
    """A job that holds the only worker until released."""

    def __init__(self):
        self.started, self.release = threading.Event(), threading.Event()

    def run_slice(self, between):
        self.started.set()
        self.release.wait(10)

    def check_idle(self):
        pass


def test_queued_sessions_know_how_many_wait_before_them(workers):
    blocker = _Blocker()
    workers.submit(blocker)
    blocker.started.wait(10)
    queued = [Session(Playground(PlaygroundConfig(points=40)), workers) for _ in range(3)]
    for session in queued:
        session.start()
    assert [workers.ahead(s) for s in queued] == [0, 1, 2]
    queued[0].pause()  # a paused session leaves the queue at once
    assert [workers.ahead(s) for s in queued] == [None, 0, 1]
    blocker.release.set()
    for session in queued:
        session.pause()


def test_training_waits_while_a_prediction_runs():
    priority, order = Priority(), []
    with priority.hold():
        trainer = threading.Thread(target=lambda: (priority.wait_turn(), order.append("train")))
        trainer.start()
        time.sleep(0.05)
        order.append("predict")
    trainer.join()
    assert order == ["predict", "train"]


def test_too_many_sessions_drop_the_least_recently_used_paused_one(workers, monkeypatch):
    monkeypatch.setattr(sessions_module, "MAX_SESSIONS", 2)
    registry = Sessions(workers)
    first = registry.create(Playground(PlaygroundConfig(points=40)))
    second = registry.create(Playground(PlaygroundConfig(points=40)))
    first.start()  # running: kept
    third = registry.create(Playground(PlaygroundConfig(points=40)))
    assert registry.get(second.id) is None
    assert registry.get(first.id) is first and registry.get(third.id) is third
    assert registry.remove(third.id) and not registry.remove(third.id)
    registry.close()
