"""The Starlette application: the routes of docs/api/openapi.yaml.

No authentication: GET /v1/time and POST /v1/enrol. Every other route needs
`Authorization: Bearer <device token>`. Snapshot parts are static immutable files
(ETag is their SHA-256, HTTP Range supported, cacheable for a year), so that at
national scale a CDN or an object store serves them instead of this process.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sqlalchemy import Connection, select
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from nssf_central import API_VERSION, __version__
from nssf_central.auth import FACILITY_ID, EnrolmentError, enrol
from nssf_central.claims import get_claim_changes, post_claim, put_attachment
from nssf_central.config import CentralConfig, load_config
from nssf_central.db import LATEST_SEQ, get_int, open_central, utc_now
from nssf_central.problems import (
    Problem,
    on_http_exception,
    on_problem,
    on_server_error,
    only_parameters,
    read_json_object,
)
from nssf_central.publish import DOCUMENT_KINDS, SIGNED_MEDIA_TYPE, document_path
from nssf_central.scanlog import post_scan_log
from nssf_central.schema import change_batches, snapshot_parts, snapshots
from nssf_central.web import Central, central, in_transaction, require_device

IMMUTABLE = "public, max-age=31536000, immutable"
MAX_SEQUENCE = 2**62  # the contract's bound on sequence numbers and cursors
PART_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
SEQ_HEADER = "NSSF-Seq"
LATEST_HEADER = "NSSF-Latest-Seq"


def _etag(data: bytes) -> str:
    return f'"{hashlib.sha256(data).hexdigest()}"'


def _not_modified(request: Request, etag: str) -> bool:
    tags = [t.strip() for t in request.headers.get("if-none-match", "").split(",")]
    return etag in tags or "*" in tags


def _bytes(request: Request, data: bytes, media: str, headers: dict[str, str]) -> Response:
    etag = _etag(data)
    headers = {"ETag": etag, **headers}
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=media, headers=headers)


async def get_time(request: Request) -> Response:
    def read(connection: Connection) -> dict[str, object]:
        latest = connection.execute(
            select(snapshots.c.seq).order_by(snapshots.c.seq.desc())
        ).first()
        return {
            "server_time": utc_now(),
            "version": __version__,
            "api_version": API_VERSION,
            "latest_seq": get_int(connection, LATEST_SEQ),
            "snapshot_seq": latest[0] if latest else None,
        }

    return JSONResponse(await in_transaction(request, read), headers={"Cache-Control": "no-store"})


async def post_enrol(request: Request) -> Response:
    body = await read_json_object(request, 4096)
    code, facility = body.get("code"), body.get("facility_id")
    if not isinstance(code, str) or not 1 <= len(code) <= 64:
        raise Problem(422, "bad_enrolment", "code must be the one-time enrolment code")
    if not isinstance(facility, str) or not FACILITY_ID.match(facility):
        raise Problem(422, "bad_enrolment", "facility_id: 1 to 40 of A-Z a-z 0-9 _ -")
    try:
        token = await in_transaction(request, lambda c: enrol(c, code, facility))
    except EnrolmentError as exc:
        raise Problem(403, "enrolment_refused", str(exc)) from exc
    return JSONResponse({"device_token": token, "facility_id": facility}, status_code=201)


async def get_trust_list(request: Request) -> Response:
    await require_device(request)
    path = central(request).config.trust_list
    if not path.is_file():
        raise Problem(404, "no_trust_list", "this server has no trust list configured")
    return _bytes(request, path.read_bytes(), "application/json", {"Cache-Control": "no-cache"})


async def get_latest_snapshot(request: Request) -> Response:
    await require_device(request)

    def read(connection: Connection) -> tuple[int, bytes] | None:
        row = connection.execute(
            select(snapshots.c.seq, snapshots.c.manifest).order_by(snapshots.c.seq.desc()).limit(1)
        ).first()
        return (row.seq, row.manifest) if row else None

    found = await in_transaction(request, read)
    if found is None:
        raise Problem(404, "no_snapshot", "no snapshot has been built yet")
    seq, manifest = found
    return _bytes(
        request, manifest, SIGNED_MEDIA_TYPE, {SEQ_HEADER: str(seq), "Cache-Control": "no-cache"}
    )


async def get_snapshot_part(request: Request) -> Response:
    await require_device(request)
    seq, name = request.path_params["sequence"], request.path_params["name"]
    if not PART_NAME.match(name) or seq > MAX_SEQUENCE:  # beyond 2**62: not one we made
        raise Problem(404, "no_such_part", "no such snapshot part")

    def read(connection: Connection) -> str | None:
        row = connection.execute(
            select(snapshot_parts.c.sha256).where(
                snapshot_parts.c.seq == seq, snapshot_parts.c.name == name
            )
        ).first()
        return row[0] if row else None

    digest = await in_transaction(request, read)
    path = central(request).config.snapshots_dir / str(seq) / name
    if digest is None or not path.is_file():
        raise Problem(404, "no_such_part", f"snapshot {seq} has no part {name!r}")
    etag = f'"{digest}"'
    headers = {"ETag": etag, "Cache-Control": IMMUTABLE}
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return FileResponse(path, headers=headers, media_type="application/octet-stream")


async def get_changes(request: Request) -> Response:
    await require_device(request)
    only_parameters(request, "since")
    text = request.query_params.get("since")
    if text is None or not text.isdigit() or len(text) > 19 or int(text) > MAX_SEQUENCE:
        raise Problem(400, "bad_parameter", "since must be the sequence number the desk holds")
    since = int(text)

    def read(connection: Connection) -> tuple[int, str | None]:
        row = connection.execute(
            select(change_batches.c.file).where(change_batches.c.seq == since + 1)
        ).first()
        return get_int(connection, LATEST_SEQ), row[0] if row else None

    latest, file = await in_transaction(request, read)
    headers = {LATEST_HEADER: str(latest), "Cache-Control": "no-cache"}
    if since == latest:
        return Response(status_code=204, headers=headers)
    if since > latest:
        raise Problem(409, "ahead_of_server", f"the server's newest sequence is {latest}", headers)
    path = central(request).config.changes_dir / file if file else None
    if path is None or not path.is_file():
        raise Problem(
            410,
            "too_far_behind",
            "those changes are no longer kept: download the latest snapshot",
            headers,
        )
    return _bytes(
        request, path.read_bytes(), SIGNED_MEDIA_TYPE, {**headers, SEQ_HEADER: str(since + 1)}
    )


def _document(kind: str) -> object:
    async def endpoint(request: Request) -> Response:
        await require_device(request)
        path = document_path(central(request).config, kind)
        if not path.is_file():
            raise Problem(404, f"no_{kind}", f"no {kind} has been published yet")
        return _bytes(request, path.read_bytes(), SIGNED_MEDIA_TYPE, {"Cache-Control": "no-cache"})

    endpoint.__name__ = f"get_{kind}"
    return endpoint


ROUTES = [
    Route("/v1/time", get_time, methods=["GET"]),
    Route("/v1/enrol", post_enrol, methods=["POST"]),
    Route("/v1/trust-list", get_trust_list, methods=["GET"]),
    Route("/v1/snapshots/latest", get_latest_snapshot, methods=["GET"]),
    Route("/v1/snapshots/{sequence:int}/parts/{name}", get_snapshot_part, methods=["GET"]),
    Route("/v1/changes", get_changes, methods=["GET"]),
    *(Route(f"/v1/{kind}/latest", _document(kind), methods=["GET"]) for kind in DOCUMENT_KINDS),  # type: ignore[arg-type]
    Route("/v1/claims", post_claim, methods=["POST"]),
    Route("/v1/claims/changes", get_claim_changes, methods=["GET"]),
    Route("/v1/attachments/{sha256}", put_attachment, methods=["PUT"]),
    Route("/v1/scan-log", post_scan_log, methods=["POST"]),
]


def make_app(directory: Path) -> Starlette:
    """The application for the server directory `directory` (see nssf_central.config)."""
    return create_app(load_config(directory))


def create_app(config: CentralConfig) -> Starlette:
    """The application for `config` (its database is opened and created if missing)."""
    app = Starlette(
        routes=ROUTES,
        exception_handlers={
            Problem: on_problem,
            HTTPException: on_http_exception,
            Exception: on_server_error,
        },
    )
    app.state.central = Central(config, open_central(config.database_url))
    return app


def served_paths() -> list[tuple[str, str]]:
    """(method, path) of every route, for the test that holds the OpenAPI document to it."""
    pairs: list[tuple[str, str]] = []
    for route in ROUTES:
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
        pairs.extend((m, path) for m in sorted(route.methods or ()) if m != "HEAD")
    return pairs
