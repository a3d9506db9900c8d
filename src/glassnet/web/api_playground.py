"""The Train tab's API: check settings, preview them, and run training sessions.

``POST /api/playground/check`` answers the settings with each bad field at its default
and a message per bad field (how a page loads a link). ``POST /api/playground/preview``
answers the data and the untrained network without creating a session; ``POST
/api/playground`` (settings, ``"csv"``: an uploaded file's text, ``"action"``: start or
step) creates one. ``GET /api/playground/{id}/snapshot?after=N`` waits up to
``POLL_SECONDS`` for a snapshot newer than version N: a request that always ends soon,
so twenty tabs never hold the browser's six connections to a host.
"""

import asyncio
import functools
import json
from typing import Any

import numpy as np
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glassnet.engine.losses import LOSSES
from glassnet.web.datasets2d import KINDS, REGRESSION_KINDS, Points, from_csv, generate
from glassnet.web.features import labels
from glassnet.web.http import ApiError, read_json
from glassnet.web.pictures import describe, snapshot
from glassnet.web.playground import Playground
from glassnet.web.pool import RemoteSession, SessionGoneError
from glassnet.web.registry import Sessions
from glassnet.web.settings import (
    DATASETS,
    HIDDEN_ACTIVATIONS,
    OPTIMIZERS,
    REGULARIZATIONS,
    RULES,
    PlaygroundConfig,
)

POLL_SECONDS = 1.0
_POLL_STEP = 0.03
ACTIONS = ("start", "pause", "step", "reset")
GONE = (
    "this training session has ended (the server restarted, or dropped it to make room for others)"
)


def routes() -> list[Route]:
    return [
        Route("/api/playground/options", options),
        Route("/api/playground/check", check, methods=["POST"]),
        Route("/api/playground/preview", preview, methods=["POST"]),
        Route("/api/playground", create, methods=["POST"]),
        Route("/api/playground/{session}/snapshot", poll),
        Route("/api/playground/{session}/edit", edit, methods=["POST"]),
        Route("/api/playground/{session}/{action}", control, methods=["POST"]),
        Route("/api/playground/{session}", delete, methods=["DELETE"]),
    ]


def _sessions(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.sessions
    return sessions


def _session(request: Request) -> RemoteSession:
    session = _sessions(request).get(request.path_params["session"])
    if session is None:
        raise ApiError(404, GONE)
    return session


async def options(request: Request) -> JSONResponse:
    return JSONResponse(
        {
            "defaults": PlaygroundConfig().to_dict(),
            "rules": {name: rule.to_dict() for name, rule in RULES.items()},
            "datasets": list(DATASETS),
            "regression": list(REGRESSION_KINDS),
            "features": labels(),
            "activations": list(HIDDEN_ACTIVATIONS),
            "losses": list(LOSSES),
            "optimizers": list(OPTIMIZERS),
            "regularizations": list(REGULARIZATIONS),
            "thumbnails": _thumbnails(),
            "workers": _sessions(request).pool.count,
        }
    )


@functools.cache
def _thumbnails() -> dict[str, list[list[float]]]:
    """A small picture of each generated dataset: 150 points, no noise, seed 0."""
    pictures = {}
    for kind in (*KINDS, *REGRESSION_KINDS):
        points = generate(kind, 150, 0.0, np.random.default_rng(0))
        third = points.values if points.values is not None else points.y
        pictures[kind] = [
            [round(float(x), 2), round(float(y), 2), round(float(t), 2)]
            for (x, y), t in zip(points.X, third, strict=True)
        ]
    return pictures


async def check(request: Request) -> JSONResponse:
    body = await read_json(request)
    config, problems = PlaygroundConfig.lenient(body)
    return JSONResponse({"config": config.to_dict(), "problems": problems})


async def _playground(
    body: dict[str, Any],
) -> tuple[PlaygroundConfig, Points | None, Playground]:
    """The settings, the uploaded points if any, and the untrained playground they make."""
    csv_text = body.pop("csv", None)
    try:
        config = PlaygroundConfig.from_dict(body)
        if csv_text is not None and not isinstance(csv_text, str):
            raise ValueError("csv must be the text of a CSV file")
        if config.dataset == "csv" and csv_text is not None:
            uploaded = await run_in_threadpool(from_csv, csv_text)
        else:
            uploaded = None
        return config, uploaded, await run_in_threadpool(Playground, config, uploaded)
    except ValueError as error:
        raise ApiError(422, str(error)) from None


async def preview(request: Request) -> JSONResponse:
    _sessions(request).pool.start()  # a Start is likely to follow: have the workers ready
    _, _, playground = await _playground(await read_json(request))
    state = await run_in_threadpool(
        lambda: {**describe(playground), "snapshot": snapshot(playground)}
    )
    return JSONResponse(state)


async def create(request: Request) -> JSONResponse:
    body = await read_json(request)
    action = body.pop("action", None)
    if action not in (None, "start", "step"):
        raise ApiError(422, f"action: {action!r} is not allowed (start or step, or none)")
    config, uploaded, playground = await _playground(body)
    session = await run_in_threadpool(_sessions(request).create, config, uploaded)
    if action:
        await _run(session, action)
    return _state(session, {"id": session.id, **describe(playground)})


async def _run(session: RemoteSession, action: str, *arguments: Any) -> None:
    """An action in the session's worker process: 404 if it is gone, 422 for bad values."""
    try:
        await run_in_threadpool(getattr(session, action), *arguments)
    except SessionGoneError:
        raise ApiError(404, GONE) from None
    except ValueError as error:
        raise ApiError(422, str(error)) from None


def _state(session: RemoteSession, extra: dict[str, object] | None = None) -> JSONResponse:
    return JSONResponse({**(extra or {}), "snapshot": json.loads(session.snapshot)})


async def control(request: Request) -> JSONResponse:
    action = request.path_params["action"]
    if action not in ACTIONS:
        raise ApiError(404, f"unknown action {action!r}; choose one of: {', '.join(ACTIONS)}")
    session = _session(request)
    await _run(session, action)
    return _state(session)


async def edit(request: Request) -> JSONResponse:
    session = _session(request)
    body = await read_json(request)
    unknown = sorted(set(body) - {"layer", "node", "source", "value"})
    if unknown:
        raise ApiError(400, f"unknown field {unknown[0]!r}; expected layer, node, source, value")
    layer, node, source, value = (body.get(name) for name in ("layer", "node", "source", "value"))
    if type(layer) is not int or type(node) is not int or type(source) not in (int, type(None)):
        raise ApiError(422, "layer, node and source must be whole numbers (no source: the bias)")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ApiError(422, "value must be a number")
    await _run(session, "edit", layer, node, source, float(value))
    return _state(session)


async def delete(request: Request) -> Response:
    session_id = request.path_params["session"]
    if not await run_in_threadpool(_sessions(request).remove, session_id):
        raise ApiError(404, GONE)
    return Response(status_code=204)


async def poll(request: Request) -> Response:
    """The newest snapshot once it is newer than ``after`` (or null after ``POLL_SECONDS``)."""
    session = _session(request)
    text = request.query_params.get("after", "-1")
    if not text.lstrip("-").isdigit() or len(text) > 18:
        raise ApiError(400, f"after must be a whole number (a snapshot version), got {text!r}")
    after = int(text)
    sessions = _sessions(request)
    waited = 0.0
    session.touch()
    while session.version <= after and waited < POLL_SECONDS and session.running:
        await asyncio.sleep(_POLL_STEP)
        waited += _POLL_STEP
        if sessions.get(session.id) is not session:
            raise ApiError(404, GONE)
    version = session.version  # before the text: a newer text is fine, an older one is not
    state = session.snapshot
    ahead = session.ahead if session.running else None
    fresh = state if version > after else "null"
    running = json.dumps(session.running)
    body = f'{{"version": {version}, "running": {running}, "ahead": {json.dumps(ahead)}, "snapshot": {fresh}}}'
    return Response(body, media_type="application/json")
