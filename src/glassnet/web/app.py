"""The Starlette app: the page, its static files, and the JSON API under ``/api``.

Every refusal is JSON ``{"error": "..."}`` with a 4xx status: 400 for malformed requests
and foreign ``Host`` headers, 403 for model paths outside the models folder and for
state-changing requests from other sites (``guard``), 404 for unknown models or sessions,
413 for bodies over ``MAX_BODY_BYTES``, 415 for bodies that are not declared JSON, 422
for well-formed requests with bad values.
"""

import contextlib
import os
from collections.abc import AsyncIterator, Iterable
from importlib import resources

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from glassnet.web import api_digits, api_lessons, api_playground
from glassnet.web.guard import LocalOnly
from glassnet.web.http import MAX_BODY_BYTES, ApiError, BodyLimit, error_response
from glassnet.web.lesson_jobs import jobs_of
from glassnet.web.models import LoadedModel, ModelStore
from glassnet.web.pool import Pool
from glassnet.web.registry import Sessions

STATIC = resources.files("glassnet.web") / "static"


def create_app(
    model: LoadedModel,
    models_dir: str | os.PathLike[str] | None = None,
    *,
    max_body_bytes: int = MAX_BODY_BYTES,
    hosts: Iterable[str] = (),
    workers: int | None = None,
    search_subfolders: bool = True,
) -> Starlette:
    """The playground for ``model``; other models load by name from ``models_dir`` only.

    It answers requests for this machine's loopback names and for ``hosts`` (the address
    it is bound to, ``--host``) only, and state changes from its own page only.
    ``workers`` training processes are shared by all sessions (default: one per core but
    one, at most four); ``search_subfolders=False`` offers only the files directly in
    ``models_dir``.
    """
    sessions = Sessions(Pool(workers))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        sessions.close()  # stop every training process with the server
        jobs_of(app.state).stop_all(wait=5.0)  # and the lessons training in threads

    app = Starlette(
        routes=[
            Route("/", _index),
            *api_digits.routes(),
            *api_playground.routes(),
            *api_lessons.routes(),
            Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
        ],
        exception_handlers={ApiError: _api_error, HTTPException: _http_error},
        middleware=[
            Middleware(LocalOnly, hosts=hosts),
            Middleware(BodyLimit, limit=max_body_bytes),
        ],
        lifespan=lifespan,
    )
    app.state.models = ModelStore(model, models_dir, search_subfolders=search_subfolders)
    app.state.sessions = sessions
    return app


async def _index(request: Request) -> Response:
    return FileResponse(str(STATIC / "index.html"), headers={"Cache-Control": "no-cache"})


async def _api_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    return error_response(error.status, error.message)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    message = {
        404: f"no such page: {request.url.path}",
        405: f"{request.method} is not allowed here",
    }
    return error_response(error.status_code, message.get(error.status_code, str(error.detail)))
