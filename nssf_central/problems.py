"""Errors as problem+json (RFC 9457), and request bodies read under a hard size limit.

Every error the server sends has the same shape, so a client can always show why:

    {"type": "urn:nssf-central:problem:<code>", "title": "...", "status": 413,
     "code": "<code>", "detail": "..."}
"""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

PROBLEM_JSON = "application/problem+json"
JSON_LIMIT = 1024 * 1024  # default cap on a JSON body
MAX_JSON_DEPTH = 32

_TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    410: "Gone",
    411: "Length required",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    500: "Internal server error",
    503: "Service unavailable",
}


class Problem(Exception):  # noqa: N818 - named after the RFC's "problem details"
    """Raised anywhere in a handler; becomes a problem+json answer."""

    def __init__(
        self, status: int, code: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}


def problem_response(
    status: int, code: str, detail: str, headers: dict[str, str] | None = None
) -> Response:
    body = {
        "type": f"urn:nssf-central:problem:{code}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "code": code,
        "detail": detail,
    }
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


async def on_problem(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)  # noqa: S101 - registered for Problem only
    return problem_response(exc.status, exc.code, exc.detail, exc.headers)


async def on_http_exception(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)  # noqa: S101 - registered for HTTPException only
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return problem_response(exc.status_code, code, str(exc.detail), dict(exc.headers or {}))


async def on_server_error(_request: Request, _exc: Exception) -> Response:
    # No traceback and no request data in the answer; uvicorn logs the traceback.
    return problem_response(500, "internal_error", "the server failed; try again later")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise Problem(400, "bad_content_length", "Content-Length is not a number")
        if int(declared) > limit:
            raise Problem(413, "body_too_large", f"the body is larger than {limit} bytes")
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise Problem(413, "body_too_large", f"the body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_JSON_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


async def read_json_object(request: Request, limit: int = JSON_LIMIT) -> dict[str, Any]:
    """A JSON object body: content type, size, syntax, nesting and top-level type checked."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise Problem(415, "unsupported_media_type", "send the body as application/json")
    raw = await read_body(request, limit)
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Problem(400, "malformed_json", f"the body is not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise Problem(400, "malformed_json", "the body must be a JSON object")
    if _depth(value) > MAX_JSON_DEPTH:
        raise Problem(400, "malformed_json", f"the JSON nests deeper than {MAX_JSON_DEPTH}")
    return value


def only_parameters(request: Request, *names: str) -> None:
    """400 when the query names a parameter the route does not take (a typo is not ignored)."""
    unknown = sorted(set(request.query_params.keys()) - set(names))
    if unknown:
        raise Problem(400, "bad_parameter", f"unknown query parameter {unknown[0][:40]!r}")
