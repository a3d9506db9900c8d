"""``make fuzz``: tens of thousands of mutated inputs for every reader of outside data.

    python tools/fuzz.py [--count 10000] [--memory-mb 1536] [--readers idx-plain,model,...]

Each reader (tests/fuzz_readers.py) runs in its own child process under an address-space
limit (``resource.setrlimit(RLIMIT_AS)``), so an input that makes glassnet allocate
gigabytes fails there as a MemoryError (counted as "other") instead of swapping the
machine. The only acceptable outcomes are "loaded" and "refused" (the project's one-line
error naming the file; for the web API a 4xx answer with a JSON reason). Prints a
Markdown table of the counts, the child's peak resident memory and the slowest input,
with examples of anything else; exits with status 1 when there is anything else.
"""

import argparse
import collections
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = 5  # of each kind of "other", per reader


def run_child(reader_name: str, count: int, memory_mb: int, first_seed: int) -> dict[str, Any]:
    """Fuzz one reader in this process (the child): limit memory, then import and run."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.path.insert(0, str(ROOT))
    import warnings

    warnings.simplefilter("error")  # as in the test suite: a warning is an escape too
    from tests.fuzz_readers import READERS

    counts: collections.Counter[str] = collections.Counter()
    others: dict[str, list[str]] = collections.defaultdict(list)
    slowest = (0.0, -1)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{reader_name}-") as folder:
        reader = READERS[reader_name](Path(folder))
        try:
            reader.valid()  # the seeds load (and the first imports are not timed as an input)
            for seed in range(first_seed, first_seed + count):
                before = time.perf_counter()
                outcome = reader.attempt(random.Random(seed))
                slowest = max(slowest, (time.perf_counter() - before, seed))
                counts[outcome.kind] += 1
                if outcome.kind == "other":
                    key = outcome.detail.split(":")[0]
                    if len(others[key]) < EXAMPLES:
                        others[key].append(f"seed {seed}: {outcome.detail}")
        finally:
            reader.close()
    return {
        "reader": reader_name,
        "inputs": count,
        "counts": dict(counts),
        "others": dict(others),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "seconds": time.perf_counter() - started,
        "slowest_seconds": slowest[0],
        "slowest_seed": slowest[1],
    }


def run_reader(name: str, count: int, memory_mb: int, first_seed: int) -> dict[str, Any]:
    """Run one reader in a child process; a child that dies is reported, not fatal."""
    command = [
        sys.executable,
        __file__,
        "--child",
        name,
        "--count",
        str(count),
        "--memory-mb",
        str(memory_mb),
        "--first-seed",
        str(first_seed),
    ]
    # One BLAS thread: each thread's buffers would count against the address-space limit.
    environment = os.environ | {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    started = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True, env=environment)
    if finished.returncode == 0:
        result: dict[str, Any] = json.loads(finished.stdout.strip().splitlines()[-1])
        return result
    return {
        "reader": name,
        "inputs": count,
        "counts": {"other": count},
        "others": {"child died": [f"status {finished.returncode}: {finished.stderr[-2000:]}"]},
        "peak_rss_mb": float("nan"),
        "seconds": time.perf_counter() - started,
        "slowest_seconds": float("nan"),
        "slowest_seed": -1,
    }


def table(results: list[dict[str, Any]], memory_mb: int) -> str:
    lines = [
        "| reader | inputs | loaded | refused (project error) | anything else | peak RSS | slowest input | time |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        counts = result["counts"]
        lines.append(
            f"| {result['reader']} | {result['inputs']:,} | {counts.get('loaded', 0):,} "
            f"| {counts.get('refused', 0):,} | {counts.get('other', 0):,} "
            f"| {result['peak_rss_mb']:.0f} MB | {1000 * result['slowest_seconds']:.0f} ms "
            f"| {result['seconds']:.0f} s |"
        )
    lines.append(
        f"\nEach reader ran in a child process limited to {memory_mb:,} MB of address space."
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="inputs per reader")
    parser.add_argument("--memory-mb", type=int, default=1024, help="address-space limit")
    parser.add_argument("--readers", help="comma-separated names (default: all)")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.count, args.memory_mb, args.first_seed)))
        return 0
    sys.path.insert(0, str(ROOT))
    from tests.fuzz_readers import READERS

    names = args.readers.split(",") if args.readers else list(READERS)
    results = []
    for name in names:
        result = run_reader(name, args.count, args.memory_mb, args.first_seed)
        print(f"{name}: {result['counts']} in {result['seconds']:.0f} s", file=sys.stderr)
        results.append(result)
    print(table(results, args.memory_mb))
    escapes = [
        (r["reader"], example) for r in results for e in r["others"].values() for example in e
    ]
    for reader, example in escapes:
        print(f"- {reader}: {example}")
    return 1 if escapes else 0


if __name__ == "__main__":
    sys.exit(main())
