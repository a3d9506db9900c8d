"""Sessions and the threads of a worker process: slices, pauses between chunks, turns."""

import json
import threading
import time

import pytest

from glassnet.web import sessions as sessions_module
from glassnet.web.playground import Playground
from glassnet.web.sessions import Session
from glassnet.web.settings import PlaygroundConfig
from glassnet.web.workers import Workers
from tests.web.helpers import wait_until

HEAVY = PlaygroundConfig(hidden=(8, 8, 8, 8, 8, 8), points=2000, batch_size=1)


@pytest.fixture
def workers():
    pool = Workers(1)
    yield pool
    pool.close()


def _state(session):
    return json.loads(session.snapshot)


def test_a_session_trains_pauses_steps_and_resets(workers):
    session = Session(Playground(PlaygroundConfig(points=100)), workers)
    assert _state(session)["running"] is False
    session.start()
    wait_until(lambda: session.playground.epoch >= 5)
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
    train_chunk = session._train_chunk

    def counted():
        train_chunk()
        chunks.append(session.playground._done)
        if len(chunks) == 3:  # a request pauses while the third chunk ends
            threading.Thread(target=session.pause).start()
            wait_until(lambda: not session.running)

    monkeypatch.setattr(session, "_train_chunk", counted)
    assert session.run_slice() is None
    assert chunks == [1, 2, 3]  # one batch each, then the pause stopped it
    assert session.playground.epoch == 0 and session.playground.mid_epoch


def test_a_diverging_session_stops_by_itself(workers):
    config = PlaygroundConfig(activation="identity", learning_rate=10, hidden=(8, 8, 8, 8))
    session = Session(Playground(config), workers)
    session.start()
    wait_until(lambda: _state(session)["running"] is False)
    assert _state(session)["diverged"] and _state(session)["stopped_because"] == "diverged"


def test_snapshots_go_to_the_listener_as_they_are_published(workers):
    seen = []
    session = Session(
        Playground(PlaygroundConfig(points=40)), workers, listener=lambda s: seen.append(s.version)
    )
    session.step()
    session.pause("idle")
    assert seen == [0, 1, 2] and _state(session)["stopped_because"] == "idle"


def test_one_worker_takes_turns_among_all_running_sessions(workers):
    sessions = [Session(Playground(HEAVY), workers) for _ in range(3)]
    for session in sessions:
        session.start()
    wait_until(lambda: all(s.playground._done or s.playground.epoch for s in sessions))
    waiting = [workers.ahead(s) for s in sessions]
    for session in sessions:
        session.pause()
    assert all(place in (None, 0, 1) for place in waiting)  # one trains, the others queue
    assert workers.waiting() == 0


class _Blocker:
    """A job that holds the only worker until released."""

    def __init__(self):
        self.started, self.release = threading.Event(), threading.Event()

    def run_slice(self):
        self.started.set()
        self.release.wait(10)


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
