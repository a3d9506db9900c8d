"""The Draw and Inside tabs' API: models, predictions for drawings, pictures of the insides.

``POST /api/predict`` takes ``{"image": "data:image/png;base64,..."}`` (the canvas, or a
photo of a handwritten digit) or ``{"pixels": [[...], ...]}`` (greyscale rows, paper 255,
ink 0), and optionally ``"model"``: a model file's path inside the models folder.
"""

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from glassnet.web.drawing import check_pixels, decode_image
from glassnet.web.http import ApiError, read_json
from glassnet.web.models import LoadedModel, ModelStore


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
    names = await run_in_threadpool(store.names)
    return JSONResponse(
        {"default": store.default.info(), "models": names, "has_folder": store.folder is not None}
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
    result = await run_in_threadpool(_predict, model, body)
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
