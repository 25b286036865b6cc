"""``clearlaw serve``: the HTTP JSON API (``/v1/…``) and the browser playground (``/``).

* ``app``: the FastAPI application, its routes, error handlers and request log;
* ``operations``: what each endpoint does, without HTTP (the library's own loaders, checker,
  evaluator, scenario runner, diff and documents: every face calls the same functions);
* ``limits``: body size, people per request and time per request;
* ``schemas``: the request and response shapes (the OpenAPI document is built from them);
* ``errors``: ``ServiceError`` and diagnostics as JSON;
* ``cli``: the ``serve`` subcommand.

docs/service.md describes the endpoints, the limits and the playground.
"""

from __future__ import annotations

__all__: list[str] = []  # import ``clearlaw.service.app`` (FastAPI) only when serving
