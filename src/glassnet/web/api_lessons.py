"""The Lessons tab's API: the list, a lesson's inputs, and its numbers for given inputs.

``GET /api/lessons`` lists the eleven; ``GET /api/lessons/{name}`` describes one (its
inputs and whether its data is there); ``GET /api/lessons/{name}/run?key=value…`` runs a
hand-sized lesson with those inputs and answers its steps and figures. The lessons that
train on data start a background job instead: ``POST /api/lessons/{name}/jobs`` with
``{"inputs": {key: value}}``, then ``GET /api/lessons/jobs/{id}`` for progress and the
result, ``POST /api/lessons/jobs/{id}/stop`` to stop it. Inputs the lesson refuses get
422 with ``{"error": ..., "fields": {key: problem}}``, one problem per field.
"""

import json
from collections.abc import Mapping
from typing import Any

import numpy as np
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from glassnet.engine.training import Callback
from glassnet.lessons import LESSONS
from glassnet.lessons.inputs import InputError
from glassnet.web.http import ApiError, read_json
from glassnet.web.lesson_jobs import data_dir_of, jobs_of, planned_epochs
from glassnet.web.lesson_pages import BACKGROUND, describe, index, lesson_module, result


def routes() -> list[Route]:
    return [
        Route("/api/lessons", lessons),
        Route("/api/lessons/jobs/{job}", job_status),
        Route("/api/lessons/jobs/{job}/stop", stop_job, methods=["POST"]),
        Route("/api/lessons/{name}", lesson),
        Route("/api/lessons/{name}/run", run_lesson),
        Route("/api/lessons/{name}/jobs", start_job, methods=["POST"]),
    ]


async def lessons(request: Request) -> JSONResponse:
    return JSONResponse({"lessons": index()})


def _name(request: Request) -> str:
    name = request.path_params["name"]
    if name not in LESSONS:
        raise ApiError(404, f"no lesson {name!r}; the lessons are: {', '.join(LESSONS)}")
    return str(name)


async def lesson(request: Request) -> JSONResponse:
    name = _name(request)
    return JSONResponse(await run_in_threadpool(describe, name, data_dir_of(request.app.state)))


def _refusal(problems: Mapping[str, str], module: Any) -> JSONResponse:
    key, problem = next(iter(problems.items()))
    _, field = module.INPUTS.field(key) if key in module.INPUTS.field_keys else (None, None)
    label = f" ({field.label})" if field is not None else ""
    return JSONResponse(
        {"error": f"{key}{label}: {problem}", "fields": dict(problems)}, status_code=422
    )


def _inputs(name: str, texts: Mapping[str, str]) -> tuple[dict[str, Any], JSONResponse | None]:
    """The run() keywords for these field texts, or the 422 answer naming every bad field."""
    module = lesson_module(name)
    known = module.INPUTS.field_keys
    unknown = {
        key: f"is not an input of {name}; its inputs are: {module.INPUTS.keys_text()}"
        for key in texts
        if key not in known
    }
    if unknown:
        return {}, _refusal(unknown, module)
    keywords, problems = module.INPUTS.parse(texts)
    return keywords, _refusal(problems, module) if problems else None


def _run(
    name: str, keywords: dict[str, Any], callbacks: list[Callback], data_dir: Any
) -> dict[str, Any]:
    module = lesson_module(name)
    extra: dict[str, Any] = {"callbacks": callbacks} if name in BACKGROUND else {}
    if name in BACKGROUND:
        extra["data_dir"] = data_dir
    lesson_run = module.run(**keywords, **extra)
    return result(lesson_run, module.INPUTS.advice(keywords))


async def run_lesson(request: Request) -> JSONResponse:
    name = _name(request)
    if name in BACKGROUND:
        raise ApiError(
            400, f"lesson {name} trains on data: start it with POST /api/lessons/{name}/jobs"
        )
    keywords, refusal = _inputs(name, dict(request.query_params))
    if refusal is not None:
        return refusal
    try:
        answer = await run_in_threadpool(_run, name, keywords, [], None)
    except InputError as error:
        return JSONResponse(
            {"error": str(error), "fields": {error.key: error.problem}}, status_code=422
        )
    except ValueError as error:
        raise ApiError(422, str(error)) from None
    return JSONResponse(answer)


def _texts(body: dict[str, Any]) -> dict[str, str]:
    given = body.get("inputs", {})
    if not isinstance(given, dict):
        raise ApiError(400, "inputs must be a JSON object of input keys and values")
    texts = {}
    for key, value in given.items():
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ApiError(422, f"{key}: {value!r} is not a number")
        texts[str(key)] = value if isinstance(value, str) else repr(value)
    return texts


def _cache_key(keywords: dict[str, Any]) -> str:
    plain = {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in keywords.items()}
    return json.dumps(plain, sort_keys=True)


async def start_job(request: Request) -> JSONResponse:
    name = _name(request)
    if name not in BACKGROUND:
        raise ApiError(400, f"lesson {name} answers at once: GET /api/lessons/{name}/run")
    keywords, refusal = _inputs(name, _texts(await read_json(request)))
    if refusal is not None:
        return refusal
    data_dir = data_dir_of(request.app.state)
    module = lesson_module(name)
    if name != "mnist" and (missing := module.data_note(data_dir)):
        raise ApiError(404, missing)
    planned = await run_in_threadpool(planned_epochs, name, keywords, data_dir)
    job = jobs_of(request.app.state).start(
        name,
        _cache_key(keywords),
        lambda callbacks: _run(name, keywords, callbacks, data_dir),
        planned,
    )
    return JSONResponse(job.status(), status_code=202)


def _job(request: Request) -> Any:
    job = jobs_of(request.app.state).get(request.path_params["job"])
    if job is None:
        raise ApiError(404, "no such lesson run (it ended long ago or the server restarted)")
    return job


async def job_status(request: Request) -> JSONResponse:
    return JSONResponse(_job(request).status())


async def stop_job(request: Request) -> JSONResponse:
    job = _job(request)
    job.stop()
    await run_in_threadpool(job.wait, 5.0)
    return JSONResponse(job.status())
