"""The benchmark's surroundings: the machine, the matmul roofline, CLI runs, the table."""

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np

# A contender's measure: given the repeat's number, (seconds, anything to keep).
Measure = Callable[[int], tuple[float, Any]]
SETTLE_SECONDS = 0.3

# Runs the real CLI and prints its peak memory last (see measured_cli.py).
_MEASURED_CLI = os.path.join(os.path.dirname(os.path.abspath(__file__)), "measured_cli.py")


def interleaved(
    repeats: int, contenders: dict[str, Measure]
) -> dict[str, tuple[float, Any, list[float]]]:
    """Median seconds of each contender, the first repeat's extra, and every repeat's
    seconds. Repeats alternate between the contenders, so a change of machine load during
    the run falls on all of them alike. Each contender's measure returns (seconds,
    anything); the first repeat's "anything" is kept."""
    seconds: dict[str, list[float]] = {name: [] for name in contenders}
    first: dict[str, Any] = {}
    for repeat in range(repeats):
        for name, measure in contenders.items():
            # Let the previous contender's idle threads (OpenBLAS, OpenMP) stop spinning
            # first, so that each starts on quiet cores.
            time.sleep(SETTLE_SECONDS)
            took, extra = measure(repeat)
            seconds[name].append(took)
            first.setdefault(name, extra)
    return {name: (statistics.median(times), first[name], times) for name, times in seconds.items()}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def describe(threads: int | None) -> dict[str, str | int | None]:
    cpu = platform.processor() or platform.machine()
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        cpu = next(
            (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line),
            cpu,
        )
    except OSError:
        pass
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    info: dict[str, str | int | None] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": f"{blas.get('name')} {blas.get('version')}",
        "threads": threads or "all cores",
        "load_before": load(),
    }
    try:
        import numba

        info["numba"] = numba.__version__
    except ImportError:
        info["numba"] = None
    import torch_mlp

    info["torch"] = torch_mlp.version()
    return info


def float32_gflops(size: int = 2048, repeats: int = 3) -> float:
    """Best float32 GFLOP/s of a few square products: the limit at this moment."""
    a = np.random.default_rng(0).random((size, size)).astype(np.float32)
    out = np.empty_like(a)
    np.matmul(a, a, out=out)  # wake the threads
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        np.matmul(a, a, out=out)
        best = min(best, time.perf_counter() - started)
    return 2.0 * size**3 / best / 1e9


def roofline(size: int = 2048, repeats: int = 5) -> dict[str, float]:
    """Best GFLOP/s of a square matrix product, float32 and float64: the machine's limit."""
    result: dict[str, float] = {}
    for dtype in (np.float32, np.float64):
        a = np.random.default_rng(0).random((size, size)).astype(dtype)
        out = np.empty_like(a)
        np.matmul(a, a, out=out)  # warm up threads and caches
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            np.matmul(a, a, out=out)
            best = min(best, time.perf_counter() - started)
        result[f"{np.dtype(dtype).name}_gflops"] = 2.0 * size**3 / best / 1e9
    return result


def cli_runs(data_dir: str | None, threads: int | None) -> dict[str, dict[str, Any]]:
    """``glassnet train mnist --preset fast`` and ``--preset book``, each in a fresh process."""
    env = dict(os.environ)
    if threads:
        env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = str(threads)
    results: dict[str, dict[str, Any]] = {}
    for preset in ("fast", "book"):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "run.json")
            args = ["train", "mnist", "--preset", preset, "--quiet", "--json", path]
            if data_dir:
                args += ["--data-dir", data_dir]
            completed = subprocess.run(
                [sys.executable, _MEASURED_CLI, *args],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
            with open(path) as handle:
                record = json.load(handle)
        peaks = json.loads(completed.stdout.splitlines()[-1])
        results[preset] = {
            "command": f"glassnet train mnist --preset {preset}",
            "test_accuracy": record["test_accuracy"],
            "training_seconds": sum(epoch["seconds"] for epoch in record["epochs"]),
            "peak_rss_mb": peaks["peak_rss_kib"] / 1024,
            "peak_own_mb": peaks["peak_own_kib"] / 1024,
        }
        print(f"cli {preset}: {results[preset]}", flush=True)
    return results


def markdown(report: dict[str, Any]) -> str:
    """The README's table."""
    m, batches = report["machine"], report["minibatch"]
    lines = [
        f"`{report['command']}`, {m['date'][:10]}: {m['cpu']}, NumPy {m['numpy']} "
        f"({m['blas']}), numba {m['numba']}, PyTorch {m['torch']}, threads: {m['threads']}; "
        f"{m['load_before']} before, {m['load_after']} after.",
        "",
        "| measurement (MNIST, 784-200-10 sigmoid) | glassnet | baseline | ratio |",
        "|---|---:|---:|---:|",
    ]
    book = report.get("book", {"kernels": {}})
    for kernel, entry in book["kernels"].items():
        lines.append(
            f"| book mode, one epoch ({book['samples']:,} samples), {kernel} kernel "
            f"| {entry['seconds']:.2f} s | plain book code {book['plain_seconds']:.2f} s "
            f"| **{entry['speedup']:.1f}x faster**, weights within {entry['max_weight_difference']:.1e} |"
        )
    for batch_size, entry in batches.items():
        torch = (
            f"PyTorch {entry['torch_seconds']:.2f} s | **{entry['ratio_to_torch']:.2f}x** the time"
            if "torch_seconds" in entry
            else "PyTorch not installed | –"
        )
        others = f"generic step {entry['generic_seconds']:.2f} s"
        if "uncompiled_seconds" in entry:
            others = f"without numba {entry['uncompiled_seconds']:.2f} s, {others}"
        lines.append(
            f"| mini-batch {batch_size}, float32, one epoch | {entry['glassnet_seconds']:.2f} s "
            f"({entry['gflops']:.0f} GFLOP/s; {others}) | {torch} |"
        )
    roof = report["roofline"]
    size, last = max(batches.items(), key=lambda item: int(item[0]))
    lines.append(
        f"| matmul roofline (2048², best of 5) | float32 {roof['float32_gflops']:.0f} GFLOP/s, "
        f"float64 {roof['float64_gflops']:.0f} | | |"
    )
    lines.append(
        f"| mini-batch {size} against the roofline measured between its epochs (median of best "
        f"of 3) | {last['gflops']:.0f} GFLOP/s | float32 {last['roofline_gflops']:.0f} GFLOP/s "
        f"| **{last['roofline_fraction']:.0%}** |"
    )
    for entry in report.get("cli", {}).values():
        lines.append(
            f"| `{entry['command']}` | test accuracy {entry['test_accuracy']:.4f}, "
            f"trained in {entry['training_seconds']:.2f} s | peak memory "
            f"{entry['peak_rss_mb']:.0f} MB, own {entry['peak_own_mb']:.0f} MB | |"
        )
    return "\n".join(lines)
