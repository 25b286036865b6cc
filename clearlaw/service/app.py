"""The FastAPI application: the ``/v1`` routes, the playground at ``/``, the OpenAPI
document at ``/openapi.json`` and its page at ``/docs`` (rendered here: no CDN), the error
handlers (``{"error": {"message": …}}``) and the request log.  JSON bodies are decoded as the
records reader decodes a line (``clearlaw.io.jsonl.decode``: keys given twice are not lost).

The log holds the method, path, status, duration and counts only, never a record's
contents.  Each request's work runs in a worker thread under the time limit
(``clearlaw.service.limits``).
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import AsyncIterator, Callable, Coroutine
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import anyio
import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.responses import StreamingResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clearlaw import __version__
from clearlaw.io import jsonl
from clearlaw.io.outputs import json_line
from clearlaw.service import operations as op
from clearlaw.service import schemas as s
from clearlaw.service.errors import INTERNAL, ServiceError
from clearlaw.service.limits import BodyLimit, Deadline, Limits, too_slow

__all__ = ["NDJSON", "create_app"]

log = logging.getLogger("clearlaw.service")
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

NDJSON = "application/x-ndjson"
HERE = Path(__file__).resolve().parent
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": s.ErrorResponse, "description": why}
    for code, why in (
        (400, "a malformed request: bad JSON, a bad field, an unknown reading"),
        (404, "an unknown statute id"),
        (413, "the body or the number of people is over the limit"),
        (422, "a statute or tests text that does not check (with its diagnostics)"),
        (504, "the request took longer than the time limit"),
    )
}
_CHECK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": s.CheckRequest.model_json_schema()},
            NDJSON: {
                "schema": {
                    "type": "string",
                    "description": "JSON Lines: the first line is the request object without "
                    "`people`, each further line one person",
                }
            },
        },
    }
}


def create_app(limits: Limits | None = None) -> ASGIApp:
    """The service as an ASGI application, with ``limits`` (default: ``Limits()``)."""
    limits = limits or Limits()
    app = FastAPI(
        title="clearlaw",
        version=__version__,
        summary="Clean-slate statutes as code: check records, explain, lint, test, diff.",
        docs_url=None,
        redoc_url=None,
    )
    app.router.route_class = _Route
    _routes(app, limits)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(ServiceError, _service_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _internal_error)
    return _RequestLog(BodyLimit(app, limits.max_body_bytes, limits.timeout_seconds))


async def _work(limits: Limits, job: Callable[[Deadline], T]) -> T:
    """``job`` in a worker thread, given its ``Deadline``; 504 at the time limit (the
    thread stops at its next ``Deadline.check``)."""
    deadline = Deadline(limits.timeout_seconds)
    try:
        with anyio.fail_after(limits.timeout_seconds):
            return await anyio.to_thread.run_sync(job, deadline, abandon_on_cancel=True)
    except TimeoutError:
        deadline.ends = 0.0
        raise too_slow(limits.timeout_seconds) from None


def _count(request: Request, **counts: int) -> None:
    """Counts for the request log (people, determinations, rejected)."""
    request.state.counts = {**getattr(request.state, "counts", {}), **counts}


class _Request(Request):
    """A request whose JSON body is ``_decoded`` (FastAPI validates it from there)."""

    async def json(self) -> Any:
        return _decoded(await self.body())


class _Route(APIRoute):
    """A route whose handler is given a ``_Request`` (FastAPI's way to decode a body)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def decoded(request: Request) -> Response:
            return await handler(_Request(request.scope, request.receive))

        return decoded


def _decoded(raw: bytes, line: int | None = None) -> Any:
    """A request object (the body, or ``line`` of a JSON Lines body) decoded as the records
    reader decodes a line: its people keep the keys given twice, for ``op.read_people`` to
    reject them person by person; 400 if it is not JSON or gives a key twice elsewhere."""
    where = "" if line is None else f"line {line}: "
    try:
        body = jsonl.decode(raw)
    except (ValueError, RecursionError) as err:
        why = err if isinstance(err, ValueError) else "nested too deeply"
        what = "the body is not JSON" if line is None else "not a JSON object"
        raise ServiceError(400, f"{where}{what}: {why}") from None
    twice = _given_twice(body)
    if twice is not None:
        raise ServiceError(400, f"{where}{twice}: given more than once")
    return body


def _given_twice(value: object, path: str = "") -> str | None:
    """The first key given more than once in a request object, its people left out."""
    if not isinstance(value, dict):
        return None
    twice = jsonl.duplicate_keys(value)
    if twice:
        return f"{path}.{twice[0]}" if path else twice[0]
    for key, item in value.items():
        if path or key not in ("person", "people"):
            found = _given_twice(item, f"{path}.{key}" if path else key)
            if found is not None:
                return found
    return None


def _too_many(limits: Limits, number: int) -> None:
    if number > limits.max_people:
        raise ServiceError(
            413, f"{number:,} people in one request; the limit is {limits.max_people:,}"
        )


def _model(model: type[M], value: object) -> M:
    try:
        return model.model_validate(value)
    except ValidationError as err:
        raise ServiceError(400, _messages(err.errors())) from None


def _routes(app: FastAPI, limits: Limits) -> None:
    @app.get("/", include_in_schema=False)
    async def playground() -> FileResponse:
        return FileResponse(HERE / "static" / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(_docs_page(app.openapi()))

    @app.get("/v1/statutes", response_model=list[s.StatuteInfo], tags=["statutes"])
    async def statutes() -> list[dict[str, Any]]:
        """Every statute of the library (``clearlaw list``)."""
        return await _work(limits, lambda _: op.statute_infos())

    @app.get(
        "/v1/statutes/{sid:path}",
        response_model=s.StatuteDetail,
        responses=ERRORS,
        tags=["statutes"],
    )
    async def statute(sid: str) -> dict[str, Any]:
        """One library statute: its summary (``clearlaw describe``), contested readings,
        text and scenario tests."""
        return await _work(limits, lambda _: op.statute_detail(sid))

    @app.post(
        "/v1/check",
        response_model=s.CheckResponse,
        responses=ERRORS,
        openapi_extra=_CHECK_BODY,
        tags=["decisions"],
    )
    async def check(request: Request) -> Any:
        """Decide every count of every person (``clearlaw check``).  As JSON Lines
        (``Content-Type: application/x-ndjson``) the answer streams: one determination a
        line, ``{"rejected": …}`` lines, and a last ``{"done": …}`` or ``{"error": …}``."""
        if request.headers.get("content-type", "").split(";")[0].strip() == NDJSON:
            return await _check_lines(request, limits)
        req = _model(s.CheckRequest, await request.json())
        _too_many(limits, len(req.people))

        def job(deadline: Deadline) -> op.Checked:
            st = op.statute(req.statute, req.readings)
            return op.check(
                st,
                op.as_of(req.as_of),
                op.read_people(req.people),
                explanation=req.explain,
                decided_only=req.decided_only,
                tick=deadline.check,
            )

        done = await _work(limits, job)
        _count(
            request,
            people=len(req.people),
            determinations=len(done.determinations),
            rejected=len(done.rejected),
        )
        return JSONResponse(  # as it is: re-validating thousands of determinations is slow
            {
                "determinations": done.determinations,
                "rejected": [op.rejection_to_json(x) for x in done.rejected],
            }
        )

    @app.post("/v1/explain", response_model=s.ExplainResponse, responses=ERRORS, tags=["decisions"])
    async def explain(req: s.ExplainRequest, request: Request) -> dict[str, Any]:
        """One person's determinations with their explanation trees (``clearlaw
        explain``)."""
        _count(request, people=1)
        return await _work(
            limits,
            lambda _: op.explain(
                op.statute(req.statute, req.readings), op.as_of(req.as_of), req.person
            ),
        )

    @app.post("/v1/lint", response_model=s.LintResponse, tags=["drafting"])
    async def lint(req: s.LintRequest) -> dict[str, Any]:
        """Check a statute text, every alternative reading and, if given, its tests
        (``clearlaw lint``); the diagnostics are the answer, not an error."""
        ok, diagnostics = await _work(limits, lambda _: op.lint(req.statute, req.tests))
        return {"ok": ok, "diagnostics": diagnostics}

    @app.post("/v1/test", response_model=s.TestResponse, responses=ERRORS, tags=["drafting"])
    async def test(req: s.TestRequest) -> dict[str, Any]:
        """Run scenario tests against a statute (``clearlaw test``)."""
        return await _work(
            limits, lambda _: op.run_tests(op.statute(req.statute, req.readings), req.tests)
        )

    @app.post("/v1/diff", response_model=s.DiffResponse, responses=ERRORS, tags=["drafting"])
    async def diff(req: s.DiffRequest, request: Request) -> JSONResponse:
        """What ``amended`` changes against ``base`` on the posted people, or on a synthetic
        population of the base statute's jurisdiction (``clearlaw diff``)."""
        if (req.people is None) == (req.population is None):
            raise ServiceError(400, "diff: give `people` or `population` (one of them)")
        _too_many(limits, len(req.people) if req.people is not None else req.population.size)  # type: ignore[union-attr]

        def job(deadline: Deadline) -> dict[str, Any]:
            base = op.statute(req.base, path="<base>")
            amended = op.statute(req.amended, path="<amended>")
            when = op.as_of(req.as_of)
            if req.people is not None:
                people = op.read_people(req.people)
            else:
                assert req.population is not None
                people = op.population(base, req.population.size, req.population.seed)
            return op.diff(base, amended, people, when, deadline.check)

        found = await _work(limits, job)
        _count(request, people=found["people"], changes=len(found["changes"]))
        return JSONResponse(found)

    @app.post(
        "/v1/documents",
        responses={
            200: {"content": {t.split(";")[0]: {} for t in op.MEDIA_TYPES.values()}},
            **ERRORS,
        },
        response_class=Response,
        tags=["documents"],
    )
    async def documents(req: s.DocumentRequest, request: Request) -> Response:
        """A notice, report, motion or run summary as HTML, PDF or DOCX (``clearlaw
        documents``), from the built-in templates."""
        if req.kind == "summary":
            if req.people is None or req.person is not None:
                raise ServiceError(400, "documents: a summary takes `people` (not `person`)")
            values: list[Any] = req.people
            _too_many(limits, len(values))
        else:
            if req.person is None or req.people is not None:
                raise ServiceError(400, f"documents: a {req.kind} takes `person` (not `people`)")
            values = [req.person]
        _count(request, people=len(values))

        def job(deadline: Deadline) -> tuple[bytes, str]:
            return op.document(
                op.statute(req.statute),
                op.as_of(req.as_of),
                req.kind,
                values,
                case=req.case,
                all_cases=req.all_cases,
                lang=req.lang,
                fmt=req.format,
                tick=deadline.check,
            )

        body, media = await _work(limits, job)
        return Response(body, media_type=media)


async def _check_lines(request: Request, limits: Limits) -> StreamingResponse:
    """``POST /v1/check`` as JSON Lines: the first line read (and its statute loaded, so
    that a bad request is a plain error status) before the answer starts streaming."""
    lines = _lines(request.stream())
    head = await anext(lines, [b""])
    req = _model(s.CheckRequest, _decoded(head[0], line=1))
    if req.people:
        raise ServiceError(400, "line 1: as JSON Lines, each person is a line of its own")
    st = await _work(limits, lambda _: op.statute(req.statute, req.readings))
    when = op.as_of(req.as_of)
    deadline = Deadline(limits.timeout_seconds)
    first_line: dict[str, int] = {}  # person ids and their lines, for duplicates
    counts = {"people": 0, "determinations": 0, "rejected": 0}
    request.state.counts = counts

    def batch(people: list[bytes], start: int) -> list[str]:
        done = op.check(
            st,
            when,
            op.read_lines(people, start, first_line),
            explanation=req.explain,
            decided_only=req.decided_only,
            tick=deadline.check,
        )
        counts["determinations"] += len(done.determinations)
        counts["rejected"] += len(done.rejected)
        out = [json_line(d) for d in done.determinations]
        out += [json.dumps({"rejected": op.rejection_to_json(x)}) for x in done.rejected]
        return out

    async def answer() -> AsyncIterator[str]:
        number = 2  # the line of people[0]
        people = head[1:]
        try:
            while True:
                counts["people"] += sum(1 for line in people if line.strip())
                _too_many(limits, counts["people"])
                with anyio.fail_after(deadline.left()):
                    out = await anyio.to_thread.run_sync(
                        partial(batch, people, number), abandon_on_cancel=True
                    )
                number += len(people)
                if out:
                    yield "\n".join(out) + "\n"
                found = await anext(lines, None)
                if found is None:
                    break
                people = found
        except TimeoutError:
            deadline.ends = 0.0
            yield json.dumps(too_slow(limits.timeout_seconds).to_json()) + "\n"
            return
        except ServiceError as err:
            yield json.dumps(err.to_json()) + "\n"
            return
        except Exception:
            yield json.dumps(INTERNAL.to_json()) + "\n"
            raise  # logged by _RequestLog, without its message
        yield json.dumps({"done": counts}) + "\n"

    return _Streamed(answer(), media_type=NDJSON)


class _Streamed(StreamingResponse):
    """An answer streamed while the request body is still being read: Starlette's own
    would listen for a disconnect meanwhile, taking the body's messages away from us."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.stream_response(send)


async def _lines(chunks: AsyncIterator[bytes]) -> AsyncIterator[list[bytes]]:
    """The body's complete lines, a batch per chunk read (the last line may lack its
    newline)."""
    pending = b""
    async for chunk in chunks:
        *complete, pending = (pending + chunk).split(b"\n")
        if complete:
            yield complete
    if pending:
        yield [pending]


def _messages(errors: Any) -> str:
    """pydantic's validation errors as ``field: message`` lines."""
    out = []
    for e in errors:
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
        out.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
    return "; ".join(out)


async def _service_error(request: Request, err: ServiceError) -> JSONResponse:
    return JSONResponse(err.to_json(), status_code=err.status)


async def _http_error(request: Request, err: HTTPException) -> JSONResponse:
    """Starlette's and FastAPI's own errors (404 for an unknown path, 405, a body that could
    not be read: our 413 when that is why) in the service's error shape."""
    if isinstance(err.__cause__, ServiceError):
        return await _service_error(request, err.__cause__)
    return JSONResponse(ServiceError(err.status_code, str(err.detail)).to_json(), err.status_code)


async def _invalid_request(request: Request, err: RequestValidationError) -> JSONResponse:
    return JSONResponse(ServiceError(400, _messages(err.errors())).to_json(), status_code=400)


async def _internal_error(request: Request, err: Exception) -> JSONResponse:
    """A bug: 500 in the error shape (the log names the exception's type and place only)."""
    return JSONResponse(INTERNAL.to_json(), status_code=500)


@jinja2.pass_context
def _pretty(_: Any, value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
_TEMPLATES.filters["pretty"] = _pretty


def _docs_page(openapi: dict[str, Any]) -> str:
    """The API reference page, from the OpenAPI document."""
    return _TEMPLATES.get_template("docs.html").render(api=openapi)


class _RequestLog:
    """One log line a request: method, path, status, duration and counts; never a body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def watched(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as err:  # answered 500 already; its message may hold record contents
            status = status or 500
            place = traceback.extract_tb(err.__traceback__)[-1]
            where = f"{Path(place.filename).name}:{place.lineno}"
            scope.setdefault("state", {})["counts"] = {"error": f"{type(err).__name__}@{where}"}
        finally:
            counts = scope.get("state", {}).get("counts", {})
            extra = "".join(f" {k}={v}" for k, v in counts.items())
            took = (time.perf_counter() - started) * 1000
            log.info("%s %s %s %.1fms%s", scope["method"], scope["path"], status, took, extra)
