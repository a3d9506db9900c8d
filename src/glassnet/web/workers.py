"""Training threads that running sessions share in turn (one per worker process).

A running session is either *ready* (it has epochs due: it waits in a first-come queue
for a free thread), *sleeping* (it is ahead of its pace; a clock thread wakes it when its
next epoch is due) or being trained for one short slice, after which it goes to the back
of the queue. However many sessions run, at most ``count`` train at once, and each waits
its turn: on a busy machine every session slows down by the same share instead of some
freezing. The page shows a waiting session's place in the queue (``ahead``).
"""

import collections
import contextlib
import heapq
import itertools
import os
import threading
import time
from typing import Protocol


class Job(Protocol):
    """What a worker runs: a session, one slice at a time."""

    def run_slice(self) -> float | None:
        """Train a while; the time its next epoch is due, or None once it stopped."""


class Workers:
    """``count`` training threads, a queue of ready jobs and a clock for sleeping ones."""

    def __init__(self, count: int = 1, *, nice: int = 0) -> None:
        self.count = count
        self.nice = nice  # how much lower than the process's other threads training runs
        self._ready: collections.deque[Job] = collections.deque()
        self._sleeping: list[tuple[float, int, Job]] = []
        self._busy: set[Job] = set()
        self._again: set[Job] = set()  # submitted while a worker had them: queue after the slice
        self._order = itertools.count()  # ties in the sleepers' heap
        self._changed = threading.Condition()
        self._closed = False
        self._threads: list[threading.Thread] = []  # started with the first job

    def _start_threads(self) -> None:
        """Start the workers and the clock (the lock is held)."""
        targets = [self._work] * self.count + [self._clock]
        for index, target in enumerate(targets):
            name = f"playground-worker-{index}" if index < self.count else "playground-clock"
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def submit(self, job: Job) -> None:
        """Queue ``job`` for a worker unless it is queued, sleeping or being trained already."""
        with self._changed:
            if self._closed:
                return
            if not self._threads:
                self._start_threads()
            if job in self._busy:
                self._again.add(job)
            elif job not in self._ready:
                self._remove_sleeper(job)
                self._ready.append(job)
                self._changed.notify_all()

    def withdraw(self, job: Job) -> None:
        """Take ``job`` out of the queue and the sleepers (a slice under way still ends)."""
        with self._changed:
            self._again.discard(job)
            with contextlib.suppress(ValueError):
                self._ready.remove(job)
            self._remove_sleeper(job)

    def _remove_sleeper(self, job: Job) -> None:
        if any(entry[2] is job for entry in self._sleeping):
            self._sleeping = [entry for entry in self._sleeping if entry[2] is not job]
            heapq.heapify(self._sleeping)

    def ahead(self, job: Job) -> int | None:
        """How many jobs wait before ``job`` for a worker; None when it is not waiting."""
        with self._changed:
            for place, waiting in enumerate(self._ready):
                if waiting is job:
                    return place
        return None

    def waiting(self) -> int:
        with self._changed:
            return len(self._ready)

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        for thread in self._threads:
            thread.join(timeout=5)

    def _work(self) -> None:
        if self.nice:
            # Linux schedules threads one by one: only training yields to the rest.
            with contextlib.suppress(OSError, AttributeError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self.nice)
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._closed or bool(self._ready))
                if self._closed:
                    return
                job = self._ready.popleft()
                self._busy.add(job)
            due = None
            try:
                due = job.run_slice()
            finally:
                self._after_slice(job, due)

    def _after_slice(self, job: Job, due: float | None) -> None:
        with self._changed:
            self._busy.discard(job)
            if job in self._again:  # started again while its slice was ending
                self._again.discard(job)
                due = time.monotonic()
            if due is None:
                return
            if due <= time.monotonic():
                self._ready.append(job)  # the back of the queue: everyone gets a turn
                self._changed.notify_all()
            else:
                heapq.heappush(self._sleeping, (due, next(self._order), job))
                self._changed.notify_all()  # the clock may have to wake sooner

    def _clock(self) -> None:
        """Move each sleeper to the queue when its next epoch is due."""
        with self._changed:
            while not self._closed:
                now = time.monotonic()
                while self._sleeping and self._sleeping[0][0] <= now:
                    self._ready.append(heapq.heappop(self._sleeping)[2])
                    self._changed.notify_all()
                wait = self._sleeping[0][0] - now if self._sleeping else None
                self._changed.wait(wait)
