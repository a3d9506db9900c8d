"""How fast the web playground answers: predictions over HTTP, and playground epochs.

    .venv/bin/python benchmarks/web_playground.py [--requests 400] [--concurrency 16]

Baselines are measured in the same run: the in-process ``LoadedModel.predict`` (the
network and the preprocessing without HTTP), and ``Playground.step`` without the
worker thread's pacing. Needs the ``web`` and ``test`` extras (uvicorn, httpx2).
"""

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx2
from tests.web.helpers import STROKES, ServerThread, data_url, render

from glassnet.data import load_dataset
from glassnet.web.app import create_app
from glassnet.web.drawing import decode_image
from glassnet.web.models import LoadedModel, default_name
from glassnet.web.pictures import snapshot
from glassnet.web.playground import Playground
from glassnet.web.quick import train_quick_model
from glassnet.web.settings import PlaygroundConfig


async def _hammer(url: str, body: dict[str, str], n: int, concurrency: int) -> list[float]:
    limit = asyncio.Semaphore(concurrency)
    async with httpx2.AsyncClient(base_url=url, timeout=60) as client:

        async def one() -> float:
            async with limit:
                started = time.perf_counter()
                response = await client.post("/api/predict", json=body)
                response.raise_for_status()
                return time.perf_counter() - started

        return await asyncio.gather(*(one() for _ in range(n)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    model_file = train_quick_model(load_dataset("digits"))
    model = LoadedModel(default_name(model_file), model_file)
    body = {"image": data_url(render(STROKES["0"]))}

    started = time.perf_counter()
    for _ in range(args.requests):
        model.predict(decode_image(body["image"]))
    in_process = (time.perf_counter() - started) / args.requests

    with ServerThread(create_app(model)) as server:
        asyncio.run(_hammer(server.url, body, 20, 4))  # warm up
        started = time.perf_counter()
        latencies = asyncio.run(_hammer(server.url, body, args.requests, args.concurrency))
        wall = time.perf_counter() - started
    print(f"predict, in process:  {in_process * 1000:.2f} ms per drawing (280x280 PNG, 64-100-10)")
    print(
        f"predict over HTTP:    {args.requests / wall:.0f} requests/s with {args.concurrency} at once, "
        f"median latency {statistics.median(latencies) * 1000:.1f} ms, "
        f"{wall / args.requests / in_process:.1f}x the in-process time per request"
    )

    playground = Playground(PlaygroundConfig())
    started = time.perf_counter()
    playground.step(200)
    per_epoch = (time.perf_counter() - started) / 200
    started = time.perf_counter()
    for _ in range(20):
        snapshot(playground)
    per_snapshot = (time.perf_counter() - started) / 20
    print(
        f"playground (xor, 2-4-4-1, 200 points, batch 10): {1 / per_epoch:.0f} epochs/s unpaced "
        f"(the page is paced at 60), snapshot {per_snapshot * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
