"""The server's memory after bursts of large images: does it come back down?

    .venv/bin/python benchmarks/web_memory.py [--burst 50] [--bursts 3] [--python PATH]

Starts ``glassnet serve`` in its own process (``--python``: another checkout's
interpreter, to compare), sends one drawing to warm it up, then ``--bursts`` bursts of
``--burst`` predictions at once, each a 1024x1024 PNG of a drawn digit, and prints the
server's resident memory after each (two seconds after the burst ends). Figures:
docs/playground.md.
"""

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx2
from tests.web.helpers import STROKES, data_url, render

import glassnet
from glassnet.data import load_dataset
from glassnet.web.quick import train_quick_model
from web_classroom import resident_megabytes, start_server


async def _burst(url: str, body: dict[str, str], count: int) -> float:
    async with httpx2.AsyncClient(base_url=url, timeout=300) as client:
        started = time.perf_counter()
        answers = await asyncio.gather(
            *(client.post("/api/predict", json=body) for _ in range(count))
        )
        for answer in answers:
            answer.raise_for_status()
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=50)
    parser.add_argument("--bursts", type=int, default=3)
    parser.add_argument("--python", default=sys.executable, help="the server's interpreter")
    args = parser.parse_args()
    image = render(STROKES["0"]).resize((1024, 1024))
    body = {"image": data_url(image)}
    print(f"image: 1024x1024 PNG, {len(body['image']) / 1024:.0f} KiB as a data URL")
    with tempfile.TemporaryDirectory() as folder:
        model_path = Path(folder) / "digits.npz"
        glassnet.save(train_quick_model(load_dataset("digits")), model_path)
        server, url = start_server(model_path, None, args.python)
        try:
            asyncio.run(_burst(url, body, 1))
            time.sleep(1)
            baseline = resident_megabytes(server.pid)
            print(f"after one prediction: {baseline:.0f} MB")
            for number in range(1, args.bursts + 1):
                seconds = asyncio.run(_burst(url, body, args.burst))
                time.sleep(2)
                now = resident_megabytes(server.pid)
                print(
                    f"after burst {number} ({args.burst} at once, {seconds:.1f} s): {now:.0f} MB "
                    f"({now - baseline:+.0f} MB)"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
