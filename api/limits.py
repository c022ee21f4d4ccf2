"""Request body limits for every request, enforced before any handler reads a byte.

A document upload (``POST /api/documents``) may carry up to ``max_upload_bytes``;
every other request (``/api/cypher``, ``/sparql``, ``/api/partners`` ...) up to
``max_request_bytes``. A larger body is refused with **413**
``payload_too_large`` in the one error shape (:func:`alueverkko.api.errors.error_response`).

* A declared ``Content-Length`` over the limit is refused at once, unread; one
  within it is passed on untouched (the HTTP server delivers no more than declared).
* A body without a length (``Transfer-Encoding: chunked``) is read here up to the
  limit and refused as soon as it passes it, so no handler or body parser ever
  holds more than the limit; a body within the limit is handed on as read.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from alueverkko.errors import PayloadTooLarge
from alueverkko.settings import Settings

UPLOAD_ROUTE = ("POST", "/api/documents")


class BodyLimit:
    """ASGI middleware: 413 for request bodies over the limit of their route."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        setting, limit = self.limit_for(scope)
        declared = declared_length(scope)
        if declared is not None and declared > limit:
            await refuse(scope, receive, send, setting, limit)
            return
        if declared is not None or not is_chunked(scope):
            await self.app(scope, receive, send)
            return
        body = await read_up_to(receive, limit)
        if body is None:
            await refuse(scope, receive, send, setting, limit)
            return
        await self.app(scope, replay(body, receive), send)

    def limit_for(self, scope: Scope) -> tuple[str, int]:
        if (scope["method"], scope["path"].rstrip("/")) == UPLOAD_ROUTE:
            return "max_upload_bytes", self.settings.max_upload_bytes
        return "max_request_bytes", self.settings.max_request_bytes


def declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length" and value.strip().isdigit():
            return int(value)
    return None


def is_chunked(scope: Scope) -> bool:
    return any(name == b"transfer-encoding" for name, _ in scope["headers"])


async def read_up_to(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as it is longer than ``limit`` (the rest is never read)."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away: hand on what came
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives ``body`` in one message, then whatever the client sends next (a disconnect)."""
    given = False

    async def replayed() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}
    return replayed


async def refuse(scope: Scope, receive: Receive, send: Send, setting: str, limit: int) -> None:
    from alueverkko.api.errors import error_response

    variable = "ALUEVERKKO_" + setting.upper()
    fix = ("Split the document, or raise " if setting == "max_upload_bytes" else "Send a smaller request, or raise ")
    error = PayloadTooLarge(f"The request body is larger than the limit of {limit} bytes.", where="body",
                            fix=fix + f"{variable} on the server.", details={setting: limit})
    response = error_response(Request(scope), error)
    await response(scope, receive, send)
