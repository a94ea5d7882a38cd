"""The HTTP client for the central API: one requests Session, a timeout on every call,
retries with backoff and jitter for idempotent GETs only, resumable part downloads."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from hospital_desk.errors import DeskError
from hospital_desk.sync import protocol
from hospital_desk.wire.signing import MAX_SIGNED_DOCUMENT

TIMEOUT = (5.0, 30.0)  # connect, read (seconds)
PROBE_TIMEOUT = (3.0, 5.0)
RETRIES = 4
MAX_JSON = 1024 * 1024
CHUNK = 64 * 1024
MAX_BATCH = MAX_SIGNED_DOCUMENT  # a signed change batch (100,000 members are about 3 MB)

Progress = Callable[[int, int], None]  # (bytes done, bytes in all)


class SyncError(DeskError):
    """The central server cannot be reached, refused us, or sent something unusable."""

    code = "sync_failed"


def _read_limited(response: requests.Response, limit: int) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise SyncError(f"the server's answer is too large ({int(declared):,} bytes)")
    chunks, size = [], 0
    for chunk in response.iter_content(CHUNK):
        size += len(chunk)
        if size > limit:
            raise SyncError(f"the server's answer is too large (over {limit:,} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


class TooFarBehind(SyncError):  # noqa: N818 - reads as a sentence where raised
    """The change feed no longer reaches back to the list held: a snapshot is needed."""

    code = "sync_too_far_behind"


class CentralClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        backoff: float = 0.5,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.backoff = backoff
        self.timeout = timeout
        self.session = requests.Session()

    def close(self) -> None:
        self.session.close()

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def _request(
        self,
        method: str,
        path: str,
        *,
        retry: bool,
        limit: int = MAX_JSON,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """The response, its body read (at most `limit` bytes: more is an error, not a
        full memory) before it is returned; retried with backoff and jitter if `retry`."""
        last: Exception | None = None
        for attempt in range(RETRIES if retry else 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1) * (0.5 + random.random()))  # noqa: S311 - jitter
            try:
                response = self.session.request(
                    method,
                    self.base_url + path,
                    headers={**self._headers(), **(headers or {})},
                    timeout=self.timeout,
                    stream=True,
                    **kwargs,
                )
                with response:
                    body = _read_limited(response, limit)
            except requests.RequestException as exc:
                last = exc
                continue
            response._content = body
            if response.status_code >= 500 and retry:
                last = SyncError(f"the server answered {response.status_code}")
                continue
            return response
        if isinstance(last, SyncError):
            raise SyncError(f"the central server is failing: {last.message}") from last
        raise SyncError(
            f"the central server cannot be reached ({last.__class__.__name__})"
        ) from last

    def _json(self, response: requests.Response, what: str) -> dict[str, Any]:
        if response.status_code >= 400:
            try:
                detail = str(response.json().get("detail", ""))[:200]
            except (ValueError, AttributeError, RecursionError):
                detail = ""
            raise SyncError(f"{what}: the server answered {response.status_code} {detail}".strip())
        try:
            body = response.json()
        except (ValueError, RecursionError) as exc:
            raise SyncError(f"{what}: the answer is not JSON") from exc
        if not isinstance(body, dict):
            raise SyncError(f"{what}: the answer is not a JSON object")
        return body

    # --- calls -------------------------------------------------------------------------------
    def server_time(self) -> str:
        body = self._json(self._request("GET", protocol.TIME, retry=True), "server time")
        value = body.get("server_time")
        if not isinstance(value, str):
            raise SyncError("server time: no server_time in the answer")
        return value

    def reachable(self) -> str:
        """The cheap "am I online" check: one GET of the server's clock, no retry, short
        timeouts. Returns the server time; SyncError when the server cannot be reached."""
        saved = self.timeout
        self.timeout = PROBE_TIMEOUT
        try:
            response = self._request("GET", protocol.TIME, retry=False)
        finally:
            self.timeout = saved
        value = self._json(response, "server time").get("server_time")
        if not isinstance(value, str):
            raise SyncError("server time: no server_time in the answer")
        return value

    def enrol(self, code: str, facility_id: str) -> str:
        response = self._request("POST", protocol.ENROL, retry=False,
                                 json={"code": code, "facility_id": facility_id})  # fmt: skip
        token = self._json(response, "enrolment").get("device_token")
        if not isinstance(token, str) or not token:
            raise SyncError("enrolment: no device token in the answer")
        self.token = token
        return token

    def get_bytes(self, path: str, what: str, limit: int = MAX_SIGNED_DOCUMENT) -> bytes:
        response = self._request("GET", path, retry=True, limit=limit)
        if response.status_code >= 400:
            self._json(response, what)  # raises with the server's words
        return response.content

    def changes(self, since: int, limit: int = MAX_BATCH) -> bytes | None:
        """The signed change batch after `since`; None when there is nothing newer.
        TooFarBehind when the server no longer keeps it (the desk takes a snapshot)."""
        path = protocol.CHANGES.format(since=since)
        response = self._request("GET", path, retry=True, limit=limit)
        if response.status_code == 204:
            return None
        if response.status_code == 410:
            raise TooFarBehind("the server no longer keeps the changes this desk needs")
        if response.status_code == 409:
            newest = response.headers.get("NSSF-Latest-Seq", "?")
            raise SyncError(
                f"the server's newest member list ({newest}) is older than the one this desk "
                f"holds ({since}): refused, the desk keeps its list"
            )
        if response.status_code != 200:
            self._json(response, "member list changes")  # raises with the server's words
            raise SyncError(f"member list changes: the server answered {response.status_code}")
        return response.content

    def download(
        self, path: str, target: Path, size: int, progress: Progress | None = None
    ) -> None:
        """Fetch `path` into `target`, resuming (HTTP Range) from what is already there."""
        for attempt in range(RETRIES):
            have = target.stat().st_size if target.exists() else 0
            if have > size:
                target.unlink()
                have = 0
            if have == size:
                return
            headers = {**self._headers(), "Range": f"bytes={have}-"}
            try:
                with self.session.get(
                    self.base_url + path, headers=headers, timeout=self.timeout, stream=True
                ) as r:
                    if r.status_code not in (200, 206):
                        if r.status_code < 500:
                            self._json(r, "snapshot part")
                        raise SyncError(f"snapshot part: the server answered {r.status_code}")
                    mode = "ab" if r.status_code == 206 else "wb"
                    done = have if r.status_code == 206 else 0
                    with target.open(mode) as out:
                        for chunk in r.iter_content(CHUNK):
                            out.write(chunk)
                            done += len(chunk)
                            if done > size:
                                raise SyncError("snapshot part: longer than the manifest says")
                            if progress:
                                progress(done, size)
            except (requests.RequestException, SyncError) as exc:
                if isinstance(exc, SyncError) and "answered 4" in str(exc):
                    raise
                if attempt == RETRIES - 1:
                    raise SyncError(
                        f"snapshot part: download failed ({exc.__class__.__name__})"
                    ) from exc
                time.sleep(self.backoff * 2**attempt * (0.5 + random.random()))  # noqa: S311 - jitter
        if not target.exists() or target.stat().st_size != size:
            raise SyncError("snapshot part: incomplete after retries")
