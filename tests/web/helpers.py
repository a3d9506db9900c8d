"""Shared by the web tests: digits drawn as strokes, and a real server in a thread."""

import base64
import io
import math
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence

import numpy as np
from PIL import Image, ImageDraw

Point = tuple[float, float]


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 40) -> list[Point]:
    """Points round an ellipse, starting at the top, as a hand draws a 0."""
    return [
        (cx + rx * math.sin(2 * math.pi * i / n), cy - ry * math.cos(2 * math.pi * i / n))
        for i in range(n + 1)
    ]


# Strokes on the page's 280x280 pad: a "1" is one vertical line, a "0" an upright ellipse.
STROKES: dict[str, list[list[Point]]] = {
    "0": [ellipse(140, 140, 55, 90)],
    "1": [[(140, 50), (140, 230)]],
    "7": [[(80, 60), (200, 60), (120, 230)]],
    "4": [[(160, 230), (160, 50), (70, 170), (210, 170)]],
}


def render(strokes: Sequence[Sequence[Point]], width: int = 18, scale: float = 1.0) -> Image.Image:
    """The strokes drawn black on white, like the page's pad (``scale`` shrinks the digit)."""
    image = Image.new("L", (280, 280), 255)
    draw = ImageDraw.Draw(image)
    for stroke in strokes:
        points = [(140 + (x - 140) * scale, 140 + (y - 140) * scale) for x, y in stroke]
        draw.line(points, fill=0, width=width, joint="curve")
        for x, y in points:  # round caps, as the canvas draws them
            draw.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=0)
    return image


def grey(strokes: Sequence[Sequence[Point]], **options: float) -> np.ndarray:
    return np.asarray(render(strokes, **options), dtype=np.float64)  # type: ignore[arg-type]


def data_url(image: Image.Image, kind: str = "PNG") -> str:
    buffer = io.BytesIO()
    image.save(buffer, format=kind)
    return f"data:image/{kind.lower()};base64,{base64.b64encode(buffer.getvalue()).decode()}"


def wait_until(condition: Callable[[], object], seconds: float = 60.0) -> None:
    """Poll ``condition`` until it holds; fail after ``seconds`` (generous: a shared machine)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


class ServerThread:
    """uvicorn serving ``app`` on 127.0.0.1 at a free port, in a background thread."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1)  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def __enter__(self) -> "ServerThread":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


def serve(app: object) -> Iterator[ServerThread]:
    with ServerThread(app) as server:
        yield server
