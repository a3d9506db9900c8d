"""Sessions in worker processes, as the server sees them: commands, snapshots, queue
places, a worker that dies, too many sessions, idle ones."""

import json

import pytest

from glassnet.web import registry as registry_module
from glassnet.web.pool import Pool, SessionGoneError
from glassnet.web.registry import Sessions
from glassnet.web.settings import PlaygroundConfig
from tests.web.helpers import wait_until

SMALL = PlaygroundConfig(points=40)


@pytest.fixture
def sessions():
    registry = Sessions(Pool(1))
    yield registry
    registry.close()


def _epoch(session):
    return json.loads(session.snapshot)["epoch"]


def test_a_session_in_a_worker_process_runs_pauses_and_steps(sessions):
    session = sessions.create(SMALL, None)
    assert _epoch(session) == 0 and not session.running
    session.start()
    wait_until(lambda: _epoch(session) >= 3)  # snapshots arrive by themselves
    session.pause()
    assert not session.running and json.loads(session.snapshot)["running"] is False
    paused = _epoch(session)
    session.step()
    assert _epoch(session) == paused + 1
    with pytest.raises(ValueError, match="layer must be 0 to 2"):
        session.edit(7, 0, None, 1.0)
    session.edit(0, 0, 1, 0.5)
    assert json.loads(session.snapshot)["weights"][0][0][1] == 0.5


def test_sessions_waiting_for_the_worker_know_their_place(sessions):
    heavy = PlaygroundConfig(hidden=(8, 8, 8, 8, 8, 8), points=2000, batch_size=1)
    running = [sessions.create(heavy, None) for _ in range(3)]
    for session in running:
        session.start()
    wait_until(lambda: any(session.ahead for session in running))  # someone waits behind another
    for session in running:
        session.pause()
    assert all(session.ahead is None for session in running)


def test_a_worker_survives_a_command_it_cannot_run(sessions):
    session = sessions.create(SMALL, None)
    with pytest.raises(RuntimeError, match="AttributeError"):
        session.worker.call("fly", session.id)  # a bug, reported as one
    session.step()
    assert _epoch(session) == 1


def test_a_dead_worker_takes_its_sessions_with_it(sessions):
    session = sessions.create(SMALL, None)
    session.worker.process.kill()
    wait_until(lambda: session.gone)
    assert sessions.get(session.id) is None
    with pytest.raises(SessionGoneError):
        session.step()


def test_too_many_sessions_drop_the_least_recently_used_paused_one(sessions, monkeypatch):
    monkeypatch.setattr(registry_module, "MAX_SESSIONS", 2)
    first = sessions.create(SMALL, None)
    second = sessions.create(SMALL, None)
    first.start()  # running: kept
    third = sessions.create(SMALL, None)
    assert sessions.get(second.id) is None
    assert sessions.get(first.id) is first and sessions.get(third.id) is third
    assert sessions.remove(third.id) and not sessions.remove(third.id)
    first.pause()


def test_a_session_nobody_asks_about_pauses_and_says_why(sessions, monkeypatch):
    monkeypatch.setattr(registry_module, "IDLE_SECONDS", 0.2)
    session = sessions.create(SMALL, None)
    session.start()
    wait_until(lambda: not session.running)
    assert json.loads(session.snapshot)["stopped_because"] == "idle"
    assert sessions.running() == 0
