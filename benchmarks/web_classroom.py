"""A classroom on one machine: forty students draw and train at once (loopback only).

    .venv/bin/python benchmarks/web_classroom.py [--students 40] [--seconds 10] [--workers N]

Starts ``glassnet serve`` in its own process on 127.0.0.1 (the quick digits model), then
forty simulated students (``tests/web/classroom.py``): each loads the page, starts
training xor, draws and asks for ten predictions during its ten seconds of training, and
pauses. Prints the predictions' latency (median, 95th percentile), the epochs each
student's network trained, and the server's memory. Needs the ``web`` and ``test``
extras. Figures: docs/playground.md.
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.web.classroom import percentile, run_class

import glassnet
from glassnet.data import load_dataset
from glassnet.web.pool import Pool
from glassnet.web.quick import train_quick_model
from glassnet.web.registry import Sessions
from glassnet.web.settings import PlaygroundConfig


def pause_milliseconds(students: int, workers: int | None) -> list[float]:
    """Pauses measured at the server's side: ``students`` sessions train xor, half pause.

    From asking to the answer, which comes once training has stopped and the last
    snapshot is taken: without HTTP and without the simulated students' own delays.
    """
    registry = Sessions(Pool(workers))
    try:
        sessions = [registry.create(PlaygroundConfig(), None) for _ in range(students)]
        for session in sessions:
            session.start()
        time.sleep(3)
        times = []
        for session in sessions[: students // 2]:
            started = time.perf_counter()
            session.pause()
            times.append((time.perf_counter() - started) * 1000)
        return times
    finally:
        registry.close()


def resident_megabytes(pid: int) -> float:
    """Resident memory of a process (Linux), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker_pids(pid: int) -> list[int]:
    """The server's child processes: its training workers."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def start_server(
    model_path: Path, workers: int | None, python: str = sys.executable
) -> tuple[subprocess.Popen[str], str]:
    """``glassnet serve`` in its own process on a free port; the process and its address."""
    command = [python, "-m", "glassnet.cli", "serve", "--model", str(model_path)]
    command += ["--port", "0"] + (["--workers", str(workers)] if workers else [])
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    line = server.stdout.readline()
    if not line.startswith("glassnet playground on "):
        server.kill()
        raise RuntimeError(f"the server did not start: {line!r}")
    return server, line.split()[3].rstrip("/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--predictions", type=int, default=10)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        model_path = Path(folder) / "digits.npz"
        glassnet.save(train_quick_model(load_dataset("digits")), model_path)
        server, url = start_server(model_path, args.workers)
        try:
            before = resident_megabytes(server.pid)
            started = time.monotonic()
            students = asyncio.run(run_class(url, args.students, args.seconds, args.predictions))
            wall = time.monotonic() - started
            after = resident_megabytes(server.pid)
            workers = sum(resident_megabytes(child) for child in worker_pids(server.pid))
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies = [seconds * 1000 for student in students for seconds in student.predict_seconds]
    epochs = sorted(student.epochs for student in students)
    wrong = sum(len(student.wrong) for student in students)
    print(
        f"{args.students} students, {args.seconds:g} s of xor each, {len(latencies)} predictions "
        f"({wrong} misread), {wall:.1f} s in all"
    )
    print(
        f"predict latency: median {statistics.median(latencies):.0f} ms, "
        f"95th percentile {percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms"
    )
    print(
        f"epochs per student: median {statistics.median(epochs):.0f}, "
        f"least {epochs[0]}, most {epochs[-1]} (alone: {args.seconds * 60:.0f} at 60 a second); "
        f"longest queue seen {max(s.most_ahead for s in students)}"
    )
    pauses = [student.pause_seconds * 1000 for student in students]
    direct = pause_milliseconds(args.students, args.workers)
    print(
        f"pause (answered once training stopped): as the students saw it, median "
        f"{statistics.median(pauses):.0f} ms, max {max(pauses):.0f} ms; at the server, "
        f"{len(direct)} pauses while {args.students} train: median "
        f"{statistics.median(direct):.1f} ms, max {max(direct):.1f} ms"
    )
    print(
        f"server memory: {before:.0f} MB before, {after:.0f} MB after; "
        f"training workers {workers:.0f} MB"
    )


if __name__ == "__main__":
    main()
