"""POST /v1/scan-log: the desk's card-scan log (ids and result codes only, no names).

Body: {"scans": [{"id": 17, "at": "2026-11-03T08:15:00Z", "code": "green",
"kid": 7, "member_id": 10000000012345, "card_serial": 1}, ...]}. Each entry's `id`
is the desk's own row id, so a resent upload is harmless: (facility, device, id) is
stored once and counted as a duplicate.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import Connection, select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from nssf_central.db import utc_now
from nssf_central.problems import Problem, read_json_object
from nssf_central.schema import scan_entries
from nssf_central.web import in_transaction, require_device

SCAN_LOG_LIMIT = 1024 * 1024
MAX_ENTRIES = 5000
CODE = re.compile(r"^[a-z0-9_.]{1,24}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


def _optional_int(entry: dict[str, Any], key: str, index: int, high: int) -> int | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():  # 12.0 is an integer in JSON Schema
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise Problem(422, "bad_scan_entry", f"scans[{index}].{key} must be an integer 0..{high}")
    return value


def _is_time(text: str) -> bool:
    """A real moment (12:99 has the shape of a time but is none)."""
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def parse_entries(body: dict[str, Any]) -> list[dict[str, Any]]:
    entries = body.get("scans")
    if not isinstance(entries, list):
        raise Problem(422, "bad_scan_log", "scans must be a list")
    if len(entries) > MAX_ENTRIES:
        raise Problem(422, "too_many_entries", f"send at most {MAX_ENTRIES} entries at a time")
    parsed = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise Problem(422, "bad_scan_entry", f"scans[{i}] must be an object")
        entry_id = _optional_int(entry, "id", i, 2**62)
        if entry_id is None:
            raise Problem(422, "bad_scan_entry", f"scans[{i}].id is required")
        at, code = entry.get("at"), entry.get("code")
        if not isinstance(at, str) or not TIMESTAMP.match(at) or not _is_time(at):
            raise Problem(422, "bad_scan_entry", f"scans[{i}].at must be an ISO 8601 time")
        if not isinstance(code, str) or not CODE.match(code):
            raise Problem(422, "bad_scan_entry", f"scans[{i}].code must be a result code")
        parsed.append(
            {
                "entry_id": entry_id,
                "at": at,
                "code": code,
                "kid": _optional_int(entry, "kid", i, 2**31),
                "member_id": _optional_int(entry, "member_id", i, 10**14),
                "card_serial": _optional_int(entry, "card_serial", i, 2**31),
            }
        )
    return parsed


async def post_scan_log(request: Request) -> Response:
    device = await require_device(request)
    entries = parse_entries(await read_json_object(request, SCAN_LOG_LIMIT))

    def store(connection: Connection) -> dict[str, int]:
        seen: set[int] = set()
        for chunk_start in range(0, len(entries), 500):
            ids = [e["entry_id"] for e in entries[chunk_start : chunk_start + 500]]
            seen.update(
                connection.execute(
                    select(scan_entries.c.entry_id).where(
                        scan_entries.c.facility_id == device.facility_id,
                        scan_entries.c.device_id == device.device_id,
                        scan_entries.c.entry_id.in_(ids),
                    )
                ).scalars()
            )
        now = utc_now()
        fresh = []
        for e in entries:
            if e["entry_id"] not in seen:
                seen.add(e["entry_id"])
                fresh.append(
                    {
                        **e,
                        "facility_id": device.facility_id,
                        "device_id": device.device_id,
                        "received_at": now,
                        "flag": False,
                    }
                )
        if fresh:
            connection.execute(scan_entries.insert(), fresh)
        return {"accepted": len(fresh), "duplicates": len(entries) - len(fresh)}

    return JSONResponse(await in_transaction(request, store))
