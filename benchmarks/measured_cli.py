"""Run the glassnet CLI and print, last, a JSON line with its peak memory in KiB.

    python benchmarks/measured_cli.py train mnist --preset book

``peak_rss_kib`` is VmHWM, the high-water mark of the resident set (ru_maxrss would
carry the parent's over from before exec). It counts the library code mapped from files,
and how much of that is resident depends on what the page cache holds: numba's LLVM
library alone is a 178 MB file, and freshly installed, fully cached libraries add 40 MB
or more. ``peak_own_kib`` is the largest anonymous resident memory (RssAnon, sampled
every 5 ms): what the program itself allocated, the same on every machine state.
"""

import json
import sys
import threading
import time

from glassnet.cli import main


def _status_kib(key: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(key + ":"))


class _OwnMemoryPeak(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0

    def run(self) -> None:
        while True:
            self.sample()
            time.sleep(0.005)

    def sample(self) -> None:
        self.peak = max(self.peak, _status_kib("RssAnon"))


if __name__ == "__main__":
    sampler = _OwnMemoryPeak()
    sampler.start()
    status = main(sys.argv[1:])
    sampler.sample()
    peaks = {"peak_rss_kib": _status_kib("VmHWM"), "peak_own_kib": sampler.peak}
    print(json.dumps(peaks))
    sys.exit(status)
