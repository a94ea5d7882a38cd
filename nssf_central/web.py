"""What every route shares: the server's state, database calls off the event loop,
and the device behind a bearer token."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection, Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from nssf_central.auth import TOKEN_PATTERN, Device, TokenError, device_for
from nssf_central.config import CentralConfig
from nssf_central.problems import Problem

T = TypeVar("T")


@dataclass(frozen=True)
class Central:
    config: CentralConfig
    engine: Engine


def central(request: Request) -> Central:
    value = request.app.state.central
    assert isinstance(value, Central)  # noqa: S101 - set once by create_app
    return value


async def in_transaction(request: Request, work: Callable[[Connection], T]) -> T:
    """Run `work(connection)` in one transaction on a worker thread (the driver blocks)."""
    engine = central(request).engine

    def run() -> T:
        with engine.begin() as connection:
            return work(connection)

    return await run_in_threadpool(run)


async def require_device(request: Request) -> Device:
    """The enrolled device calling, from `Authorization: Bearer <token>`, or 401."""
    challenge = {"WWW-Authenticate": 'Bearer realm="nssf-central"'}
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Problem(401, "missing_token", "a valid device token is needed (Bearer)", challenge)
    token = token.strip()
    if not TOKEN_PATTERN.match(token):
        raise Problem(401, "invalid_token", "a valid device token is needed", challenge)
    try:
        return await in_transaction(request, lambda c: device_for(c, token))
    except TokenError as exc:
        raise Problem(401, exc.code, str(exc), challenge) from exc
