"""The playground answers its own page only: not other sites, not DNS rebinding.

``glassnet serve`` listens on 127.0.0.1, but any page the user visits can still send
requests there: a cross-site ``POST`` with a "simple" content type goes out without asking,
and a site whose name briefly resolves to 127.0.0.1 (DNS rebinding) can even read the
answers. ``LocalOnly`` refuses both, as JSON like every other refusal of the API:

- a ``Host`` header naming anything but this machine's loopback names, the address the
  server is bound to and ``--host`` (400; a rebinding site sends its own name);
- a state-changing request (POST, PUT, PATCH, DELETE) from another origin: an ``Origin``
  other than the page's own, or ``Sec-Fetch-Site: cross-site`` (403).

Requests without an ``Origin`` (curl, scripts) are not a browser's cross-site requests and
pass; JSON bodies must also say ``Content-Type: application/json`` (``http.read_json``),
which a cross-site form or ``text/plain`` fetch cannot send without the browser asking
first.
"""

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from glassnet.web.http import error_response

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def host_name(host: str) -> str:
    """``host`` without its port and IPv6 brackets, lower case: "[::1]:8000" → "::1"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        return host.split(":")[0]
    return host


class LocalOnly:
    """ASGI middleware: refuse foreign ``Host`` headers and cross-site state changes."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.hosts = {host_name(h) for h in (*LOCAL_HOSTS, *hosts) if h}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(Headers(scope=scope), scope["method"], scope.get("scheme", "http"))
        if refusal is None:
            await self.app(scope, receive, send)
            return
        status, message = refusal
        await error_response(status, message)(scope, receive, send)

    def refusal(self, headers: Headers, method: str, scheme: str) -> tuple[int, str] | None:
        """(status, reason) for a request to refuse, or None."""
        host = headers.get("host", "")
        if host_name(host) not in self.hosts:
            return 400, (
                f"this playground answers requests for {', '.join(sorted(self.hosts))} only, "
                f"not for the host {host!r}"
            )
        if method.upper() not in _STATE_CHANGING:
            return None
        origin = headers.get("origin")
        own = f"{scheme}://{host}".lower()
        if headers.get("sec-fetch-site") == "cross-site" or (
            origin is not None and origin.lower() != own
        ):
            return 403, f"refused a {method} from another site ({origin or 'cross-site'})"
        return None
