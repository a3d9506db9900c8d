"""Simulated students for the classroom load test (loopback only).

Each student loads the page, starts training xor, and while it trains draws and asks
for a prediction now and then (a learner switching between the Train and Draw tabs),
then pauses and counts the epochs it got. ``benchmarks/web_classroom.py`` runs forty of
them against a real server process; ``tests/web/test_classroom.py`` runs a few.
"""

import asyncio
import time
from dataclasses import dataclass, field

import httpx2 as httpx

from tests.web.helpers import STROKES, data_url, render

PAGE = ["/", "/static/app.js", "/static/style.css", "/api/models", "/api/playground/options"]


@dataclass
class Student:
    """What one simulated student saw."""

    predict_seconds: list[float] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # digits read as something else
    epochs: int = 0
    pause_seconds: float = 0.0  # from asking to pause to the answer: training has stopped
    snapshots: int = 0
    most_ahead: int = 0  # the longest queue this student waited in


async def _poll(http: httpx.AsyncClient, base: str, student: Student, done: asyncio.Event) -> None:
    """Ask for newer snapshots as the page does, until the training time is over."""
    version = -1
    while not done.is_set():
        answer = (await http.get(f"{base}/snapshot", params={"after": version})).json()
        student.most_ahead = max(student.most_ahead, answer["ahead"] or 0)
        if answer["snapshot"] is not None:
            version = answer["version"]
            student.snapshots += 1


async def run_student(
    url: str, index: int, train_seconds: float, predictions: int, start_delay: float = 0.0
) -> Student:
    student = Student()
    digits = list(STROKES)
    images = {digit: data_url(render(STROKES[digit])) for digit in digits}
    await asyncio.sleep(start_delay)
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        for path in PAGE:
            (await http.get(path)).raise_for_status()
        created = await http.post("/api/playground", json={"dataset": "xor", "action": "start"})
        created.raise_for_status()
        base = f"/api/playground/{created.json()['id']}"
        done = asyncio.Event()
        polling = asyncio.create_task(_poll(http, base, student, done))
        started = time.monotonic()
        for number in range(predictions):
            # Drawings spread over the training time, each student at its own moments.
            moment = train_seconds * (number + (index % 7) / 7) / predictions
            await asyncio.sleep(max(0.0, started + moment - time.monotonic()))
            digit = digits[(index + number) % len(digits)]
            asked = time.perf_counter()
            answer = await http.post("/api/predict", json={"image": images[digit]})
            student.predict_seconds.append(time.perf_counter() - asked)
            answer.raise_for_status()
            if answer.json()["label"] != digit:
                student.wrong.append(digit)
        await asyncio.sleep(max(0.0, started + train_seconds - time.monotonic()))
        done.set()
        await polling
        asked = time.perf_counter()
        paused = await http.post(f"{base}/pause")
        student.pause_seconds = time.perf_counter() - asked
        paused.raise_for_status()
        student.epochs = paused.json()["snapshot"]["epoch"]
        (await http.delete(base)).raise_for_status()
    return student


async def run_class(
    url: str, students: int, train_seconds: float, predictions: int, stagger: float = 1.0
) -> list[Student]:
    """``students`` students at once, arriving over ``stagger`` seconds."""
    return list(
        await asyncio.gather(
            *(
                run_student(url, index, train_seconds, predictions, stagger * index / students)
                for index in range(students)
            )
        )
    )


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]
