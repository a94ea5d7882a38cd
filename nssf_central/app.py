"""The HTTP API (Starlette). Every route is in docs/api/openapi.yaml, and a test checks
both ways. Errors are problem+json documents with a stable `code`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from nssf_central.state import CentralState

VERSION = "0.1.0"
MAX_JSON_BODY = 64 * 1024
MAX_SCAN_LOG = 4 * 1024 * 1024
PART = re.compile(r"^[a-z]+-[0-9]{4}\.zst$")


def problem(status: int, code: str, detail: str) -> JSONResponse:
    return JSONResponse(
        {"type": "about:blank", "status": status, "code": code, "detail": detail},
        status_code=status,
        media_type="application/problem+json",
    )


async def _json_body(request: Request, limit: int) -> Any:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise _ProblemError(413, "body_too_large", f"request bodies here are at most {limit} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _ProblemError(
                413, "body_too_large", f"request bodies here are at most {limit} bytes"
            )
    try:
        return json.loads(body)
    except ValueError as exc:
        raise _ProblemError(400, "malformed_json", "the body is not JSON") from exc


class _ProblemError(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.response = problem(status, code, detail)


def make_app(directory: Path) -> Starlette:
    state = CentralState.open(directory)

    def facility(request: Request) -> str:
        header = request.headers.get("authorization", "")
        token = header[7:] if header.lower().startswith("bearer ") else ""
        found = state.facility_for(token) if token else None
        if found is None:
            raise _ProblemError(401, "unauthorised", "a valid device token is needed (enrol first)")
        return found

    async def time(request: Request) -> Response:
        now = dt.datetime.now(dt.UTC)
        return JSONResponse({"server_time": now.isoformat(timespec="seconds"), "version": VERSION})

    async def enrol(request: Request) -> Response:
        body = await _json_body(request, MAX_JSON_BODY)
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("code"), str)
            or not isinstance(body.get("facility_id"), str)
        ):
            return problem(422, "invalid_request", "send {code, facility_id} as text")
        facility_id = body["facility_id"].strip()
        if not 0 < len(facility_id) <= 40:
            return problem(422, "invalid_request", "facility_id is 1-40 characters")
        token = state.enrol(body["code"].strip().upper(), facility_id)
        if token is None:
            return problem(403, "code_refused", "unknown or already used enrolment code")
        return JSONResponse({"device_token": token, "facility_id": facility_id}, status_code=201)

    async def trust_list(request: Request) -> Response:
        facility(request)
        path = directory / "trust-list.json"
        if not path.exists():
            return problem(404, "no_trust_list", "this server has no trust list configured")
        return FileResponse(path, media_type="application/json")

    async def latest_snapshot(request: Request) -> Response:
        facility(request)
        sequence = state.latest_sequence()
        if sequence is None:
            return problem(404, "no_snapshot", "no snapshot has been built yet")
        path = state.snapshots / str(sequence) / "manifest.json"
        return FileResponse(path, media_type="application/json",
                            headers={"Cache-Control": "no-cache"})  # fmt: skip

    async def snapshot_part(request: Request) -> Response:
        facility(request)
        sequence, name = request.path_params["sequence"], request.path_params["name"]
        if not PART.match(name):
            return problem(404, "no_such_part", "no such part")
        path = state.snapshots / str(sequence) / name
        if not path.is_file():
            return problem(404, "no_such_part", "no such part")
        return FileResponse(
            path,
            media_type="application/zstd",
            headers={"Cache-Control": "public, max-age=31536000, immutable"},
        )

    async def scan_log(request: Request) -> Response:
        facility_id = facility(request)
        body = await _json_body(request, MAX_SCAN_LOG)
        if not isinstance(body, dict) or not isinstance(body.get("scans"), list):
            return problem(422, "invalid_request", "send {scans: [...]}")
        state.store_scan_log(facility_id, json.dumps(body))
        return JSONResponse({"received": len(body["scans"])}, status_code=202)

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, _ProblemError)  # noqa: S101 - registered for _ProblemError only
        return exc.response

    routes = [
        Route("/v1/time", time, methods=["GET"]),
        Route("/v1/enrol", enrol, methods=["POST"]),
        Route("/v1/trust-list", trust_list, methods=["GET"]),
        Route("/v1/snapshots/latest", latest_snapshot, methods=["GET"]),
        Route("/v1/snapshots/{sequence:int}/parts/{name}", snapshot_part, methods=["GET"]),
        Route("/v1/scan-log", scan_log, methods=["POST"]),
    ]
    return Starlette(routes=routes, exception_handlers={_ProblemError: on_problem})
