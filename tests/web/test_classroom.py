"""A small classroom against a real server: everyone's drawings are read and everyone trains.

The full-size version (forty students, ten seconds each, with timings) is
``benchmarks/web_classroom.py``; this one checks only what must hold on any machine.
"""

import asyncio

from glassnet.web.app import create_app
from tests.web.classroom import percentile, run_class
from tests.web.helpers import ServerThread


def test_a_few_students_draw_and_train_at_once(digits_model):
    app = create_app(digits_model, workers=1)
    with ServerThread(app) as server:
        students = asyncio.run(run_class(server.url, students=4, train_seconds=1.5, predictions=3))
    assert [len(student.predict_seconds) for student in students] == [3] * 4
    assert all(student.wrong == [] for student in students)
    assert all(student.epochs > 0 and student.snapshots > 0 for student in students)
    assert app.state.sessions.running() == 0  # every session paused and deleted


def test_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 0.95) == 19.0 and percentile(values, 0.5) == 10.0
    assert percentile([3.0], 0.95) == 3.0
