"""HTTP plumbing: one-line JSON errors, strict JSON bodies and a limit on their size."""

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 2 * 1024 * 1024  # a 1024x1024 PNG drawing or a 5,000-row CSV fits easily


class ApiError(Exception):
    """A request the server refuses: an HTTP status and a message for the person using it."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


async def read_json(request: Request) -> dict[str, Any]:
    """The request's JSON object; NaN and Infinity (which Python would accept) are refused.

    The body must be declared ``Content-Type: application/json``: a page on another site
    can send ``text/plain`` without the browser asking first, never JSON.
    """
    body = await request.body()  # first, so that an oversized body is a 413 whatever it is
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise ApiError(415, f"expected Content-Type: application/json, got {media_type or 'none'}")
    if not body:
        raise ApiError(400, "the request body is empty; expected a JSON object")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "the request body is not UTF-8 text") from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ApiError(
            400, f"malformed JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except ValueError as error:  # NaN or Infinity, a number of more than 4,300 digits
        raise ApiError(400, f"malformed JSON: {' '.join(str(error).split())[:200]}") from None
    except RecursionError:
        raise ApiError(400, "malformed JSON: nested too deeply") from None
    if not isinstance(value, dict):
        raise ApiError(400, f"expected a JSON object, got a JSON {type(value).__name__}")
    return value


class _BodyTooLargeError(Exception):
    """Raised from inside ``receive`` when a streamed body grows past the limit."""


class BodyLimit:
    """ASGI middleware: a body over ``limit`` bytes gets 413 with a JSON error, announced
    (Content-Length) or streamed, before the app sees it; other requests pass through."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = error_response(
            413, f"the request body is larger than the limit of {self.limit:,} bytes"
        )
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await refusal(scope, receive, send)
            return
        received, started = 0, False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise _BodyTooLargeError
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _BodyTooLargeError:
            if started:
                raise
            await refusal(scope, receive, send)
