"""The Draw and Inside tabs' API: models, predictions for drawings, pictures of the insides.

``POST /api/predict`` takes ``{"image": "data:image/png;base64,..."}`` (the canvas, or a
photo of a handwritten digit) or ``{"pixels": [[...], ...]}`` (greyscale rows, paper 255,
ink 0), and optionally ``"model"``: a model file's path inside the models folder.

Images are worked on by a small pool of their own threads (``IMAGE_THREADS``): at most
that many large buffers exist at once, and the memory a burst of big photos took is
reused by the next burst instead of growing with every thread of the server's pool
(each thread's allocations stay in its own arena). Training runs in other processes
(``glassnet.web.pool``), so a prediction never waits for it.
"""

import asyncio
import concurrent.futures
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from glassnet.web.drawing import check_pixels, decode_image
from glassnet.web.http import ApiError, read_json
from glassnet.web.models import LoadedModel, ModelStore

IMAGE_THREADS = 2
Result = TypeVar("Result")


@functools.cache
def _image_pool() -> concurrent.futures.ThreadPoolExecutor:
    return concurrent.futures.ThreadPoolExecutor(IMAGE_THREADS, "glassnet-image")


async def _in_image_pool(work: Callable[[], Result]) -> Result:
    return await asyncio.get_running_loop().run_in_executor(_image_pool(), work)


def routes() -> list[Route]:
    return [
        Route("/api/models", list_models),
        Route("/api/model", model_info),
        Route("/api/inside", inside),
        Route("/api/predict", predict, methods=["POST"]),
    ]


def _store(request: Request) -> ModelStore:
    store: ModelStore = request.app.state.models
    return store


async def _model(request: Request, name: object) -> LoadedModel:
    # Loading a file is disk and NumPy work: keep it off the event loop.
    return await run_in_threadpool(_store(request).get, name)


async def list_models(request: Request) -> JSONResponse:
    store = _store(request)
    listing = await run_in_threadpool(store.listing)
    return JSONResponse(
        {
            "default": store.default.info(),
            "models": [name for name, reason in listing if not reason],
            "refused": [{"name": name, "reason": reason} for name, reason in listing if reason],
            "has_folder": store.folder is not None,
        }
    )


async def model_info(request: Request) -> JSONResponse:
    model = await _model(request, request.query_params.get("name"))
    return JSONResponse(model.info())


async def inside(request: Request) -> JSONResponse:
    model = await _model(request, request.query_params.get("model"))
    pictures = await run_in_threadpool(model.inside)
    return JSONResponse({**model.info(), **pictures})


async def predict(request: Request) -> JSONResponse:
    body = await read_json(request)
    unknown = sorted(set(body) - {"image", "pixels", "model"})
    if unknown:
        raise ApiError(400, f"unknown field {unknown[0]!r}; expected image or pixels, and model")
    model = await _model(request, body.get("model"))
    result = await _in_image_pool(lambda: _predict(model, body))
    return JSONResponse(result)


def _predict(model: LoadedModel, body: dict[str, Any]) -> dict[str, Any]:
    try:
        if ("image" in body) == ("pixels" in body):
            raise ValueError("send either image (a data URL) or pixels (rows of 0–255), not both")
        if "image" in body:
            if not isinstance(body["image"], str):
                raise ValueError("image must be a data URL string")
            grey = decode_image(body["image"])
        else:
            grey = check_pixels(body["pixels"])
        return model.predict(grey)
    except ValueError as error:
        raise ApiError(422, str(error)) from None
