"""The service's limits: body size, people per request, time per request.

``BodyLimit`` is an ASGI middleware that stops reading a request at ``max_body_bytes``
(413), whatever its ``Content-Length`` says, or when its body is still arriving at the time
limit (504: a client that sends slowly holds nothing for long); ``Deadline`` is checked
between people, so that a long request stops at its time limit (504) instead of running on.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

import anyio
import attrs

from clearlaw.service.errors import ServiceError

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit", "Deadline", "Limits", "too_large", "too_slow"]


@attrs.frozen
class Limits:
    """What one request may ask (``clearlaw serve --max-body-mb … --max-people …
    --timeout …``)."""

    max_body_bytes: int = 16 * 1024 * 1024
    max_people: int = 10_000
    timeout_seconds: float = 30.0


def too_large(limit: int) -> ServiceError:
    """The 413 for a body over ``limit`` bytes."""
    return ServiceError(413, f"the request body is larger than {limit:,} bytes (the limit)")


def too_slow(seconds: float) -> ServiceError:
    """The 504 for a request over its time limit of ``seconds``."""
    return ServiceError(504, f"the request took longer than {seconds:g} s (the time limit)")


class Deadline:
    """The time a request may still take; ``check`` raises the 504 once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        """Raise ``ServiceError(504)`` if the request's time is up."""
        if time.monotonic() > self.ends:
            raise too_slow(self.seconds)

    def left(self) -> float:
        """The seconds still left (0 once the time is up)."""
        return max(0.0, self.ends - time.monotonic())


class BodyLimit:
    """Refuse a request body over ``limit`` bytes with 413, before or while it is read, and
    one still arriving after ``seconds`` with 504."""

    def __init__(self, app: ASGIApp, limit: int, seconds: float) -> None:
        self.app = app
        self.limit = limit
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _refuse(send, self.limit)
            return
        deadline = Deadline(self.seconds)
        seen = 0
        complete = False

        async def counted() -> Message:
            nonlocal seen, complete
            if complete:  # later messages (a disconnect) are not the body's
                return await receive()
            try:
                with anyio.fail_after(deadline.left()):
                    message = await receive()
            except TimeoutError:
                raise too_slow(self.seconds) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise too_large(self.limit)
                complete = not message.get("more_body", False)
            return message

        await self.app(scope, counted, send)


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(too_large(limit).to_json()).encode()
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    start: dict[str, Any] = {"type": "http.response.start", "status": 413, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": body})
