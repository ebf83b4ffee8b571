"""One error shape for every failure, JSON or HTML:

    {"error": {"status": 404, "code": "not_found", "message": "no article with id 'x'"}}

Validation errors add ``details`` (which parameter, why). HTML pages get the same fields
rendered by ``error.html`` unless the client asked for JSON.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire.query import AmbiguousActor, InvalidFilter, NotFound, UnknownActor

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "ambiguous",
    411: "length_required",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error with a status, a machine code and a message naming the fix."""

    def __init__(self, status: int, message: str, *, code: str | None = None,
                 details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, HTTPStatus(status).phrase.lower().replace(" ", "_"))
        self.message = message
        self.details = details


def error_body(err: ApiError) -> dict[str, Any]:
    body: dict[str, Any] = {"status": err.status, "code": err.code, "message": err.message}
    if err.details:
        body["details"] = err.details
    return {"error": body}


def wants_json(request: Request) -> bool:
    """API paths, ?format=json and clients that prefer JSON get JSON; browsers get HTML."""
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return True
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def respond(request: Request, err: ApiError) -> Response:
    if wants_json(request):
        return JSONResponse(error_body(err), status_code=err.status)
    from eventwire.web.pages import render_error  # the web layer renders the HTML twin

    return render_error(request, err)


def _details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for e in exc.errors():
        loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body")]
        out.append({"field": ".".join(loc) or "request", "message": e.get("msg", "invalid")})
    return out


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into the one error shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and exc.detail == "Not Found":
            msg = f"no such page or endpoint: {request.url.path} (see /api/ for the endpoints)"
        elif exc.status_code == 405:
            msg = f"{request.method} is not allowed on {request.url.path}"
        else:
            msg = str(exc.detail)
        return respond(request, ApiError(exc.status_code, msg))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = _details(exc)
        msg = "; ".join(f"{d['field']}: {d['message']}" for d in details) or "invalid request"
        return respond(request, ApiError(422, msg, details=details))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        details = None
        if isinstance(exc, UnknownActor) and exc.suggestions:
            details = [{"field": "actor", "message": "a near name", **s} for s in exc.suggestions]
        return respond(request, ApiError(404, str(exc), details=details))

    @app.exception_handler(AmbiguousActor)
    async def _ambiguous(request: Request, exc: AmbiguousActor) -> Response:
        details = [{"field": "actor", "message": "a candidate", **c.to_dict()}
                   for c in exc.candidates]
        return respond(request, ApiError(409, str(exc), details=details))

    @app.exception_handler(InvalidFilter)
    async def _invalid_filter(request: Request, exc: InvalidFilter) -> Response:
        detail: dict[str, Any] = {"field": exc.field, "message": str(exc)}
        if exc.valid:
            detail["valid"] = exc.valid
        return respond(request, ApiError(400, str(exc), details=[detail]))

    @app.exception_handler(ValueError)
    async def _bad_value(request: Request, exc: ValueError) -> Response:
        # the query layer raises ValueError only for invalid filters (limits, ranges, kinds)
        return respond(request, ApiError(400, str(exc)))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return respond(request, ApiError(500, "internal error; the server log has the details"))
