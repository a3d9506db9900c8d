"""The Train tab's API: create a session from settings, control it, stream its snapshots.

``POST /api/playground`` with the settings (and ``"csv"``: the text of an uploaded file
for the csv dataset) answers the session's id, data and first snapshot;
``POST /api/playground/{id}/{start|pause|step|reset}`` controls it; ``GET
/api/playground/{id}/events`` is a server-sent-events stream of snapshots.
"""

import asyncio
import json
import time
from collections.abc import AsyncIterator

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from glassnet.engine.losses import LOSSES
from glassnet.web.datasets2d import KINDS, from_csv
from glassnet.web.http import ApiError, read_json
from glassnet.web.playground import Playground
from glassnet.web.sessions import Session, Sessions
from glassnet.web.settings import HIDDEN_ACTIVATIONS, PlaygroundConfig

POLL_SECONDS = 0.05
KEEPALIVE_SECONDS = 15.0
ACTIONS = ("start", "pause", "step", "reset")


def routes() -> list[Route]:
    return [
        Route("/api/playground/options", options),
        Route("/api/playground", create, methods=["POST"]),
        Route("/api/playground/{session}/events", events),
        Route("/api/playground/{session}/{action}", control, methods=["POST"]),
        Route("/api/playground/{session}", delete, methods=["DELETE"]),
    ]


def _sessions(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.sessions
    return sessions


def _session(request: Request) -> Session:
    session = _sessions(request).get(request.path_params["session"])
    if session is None:
        raise ApiError(404, "no such playground session (it ended or the server restarted)")
    return session


async def options(request: Request) -> JSONResponse:
    return JSONResponse(
        {
            "defaults": PlaygroundConfig().to_dict(),
            "datasets": [*KINDS, "csv"],
            "activations": list(HIDDEN_ACTIVATIONS),
            "losses": list(LOSSES),
            "optimizers": ["sgd", "adam"],
        }
    )


async def create(request: Request) -> JSONResponse:
    body = await read_json(request)
    csv_text = body.pop("csv", None)
    try:
        config = PlaygroundConfig.from_dict(body)
        if csv_text is not None and not isinstance(csv_text, str):
            raise ValueError("csv must be the text of a CSV file")
        uploaded = from_csv(csv_text) if csv_text is not None and config.dataset == "csv" else None
        playground = await run_in_threadpool(Playground, config, uploaded)
    except ValueError as error:
        raise ApiError(422, str(error)) from None
    session = await run_in_threadpool(Session, playground)
    _sessions(request).add(session)
    return _state(session, {"id": session.id, **playground.describe()})


def _state(session: Session, extra: dict[str, object] | None = None) -> JSONResponse:
    return JSONResponse({**(extra or {}), "snapshot": json.loads(session.snapshot)})


async def control(request: Request) -> JSONResponse:
    session = _session(request)
    action = request.path_params["action"]
    if action not in ACTIONS:
        raise ApiError(404, f"unknown action {action!r}; choose one of: {', '.join(ACTIONS)}")
    await run_in_threadpool(getattr(session, action))
    return _state(session)


async def delete(request: Request) -> Response:
    session_id = request.path_params["session"]
    if not await run_in_threadpool(_sessions(request).remove, session_id):
        raise ApiError(404, "no such playground session")
    return Response(status_code=204)


async def events(request: Request) -> StreamingResponse:
    session = _session(request)
    return StreamingResponse(
        _stream(request, session),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _stream(request: Request, session: Session) -> AsyncIterator[str]:
    """A snapshot whenever the session has a new one; a comment now and then to keep alive."""
    sent, quiet = -1, 0.0
    sessions = _sessions(request)
    while sessions.get(session.id) is session:
        session.watched_at = time.monotonic()
        if session.version != sent:
            sent = session.version
            yield f"id: {sent}\ndata: {session.snapshot}\n\n"
            quiet = 0.0
        elif quiet >= KEEPALIVE_SECONDS:
            yield ": keep-alive\n\n"
            quiet = 0.0
        await asyncio.sleep(POLL_SECONDS)
        quiet += POLL_SECONDS
    yield "event: end\ndata: {}\n\n"
