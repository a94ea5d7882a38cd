"""Facility enrolment: one-time codes become device tokens; tokens can be revoked.

Only SHA-256 hashes of codes and tokens are stored, so a copy of the database gives
no one a working token. A code is used once; it may be bound to one facility.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from nssf_central.db import utc_now
from nssf_central.schema import devices, enrolment_codes

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
CODE_GROUPS = 3
FACILITY_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,200}$")


class EnrolmentError(Exception):
    """A code that is unknown, used, expired, or bound to another facility."""


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def new_enrolment_code(
    connection: Connection, facility_id: str | None = None, valid_hours: int = 72
) -> str:
    """A fresh one-time code such as 'K7QM-3XRT-P2WA'."""
    if facility_id is not None and not FACILITY_ID.match(facility_id):
        raise EnrolmentError(f"not a facility id: {facility_id!r}")
    groups = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(CODE_GROUPS)]
    code = "-".join(groups)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    connection.execute(
        enrolment_codes.insert().values(
            code_sha256=_sha(normalise_code(code)),
            facility_id=facility_id,
            created_at=utc_now(),
            expires_at=(now + dt.timedelta(hours=valid_hours)).isoformat(),
        )
    )
    return code


def enrol(connection: Connection, code: str, facility_id: str) -> str:
    """Spend `code` for `facility_id`; returns the new device token (shown once)."""
    row = connection.execute(
        select(enrolment_codes).where(enrolment_codes.c.code_sha256 == _sha(normalise_code(code)))
    ).first()
    if row is None:
        raise EnrolmentError("unknown enrolment code")
    if row.used_at is not None:
        raise EnrolmentError("this enrolment code was already used")
    if dt.datetime.fromisoformat(row.expires_at) < dt.datetime.now(dt.UTC):
        raise EnrolmentError("this enrolment code has expired")
    if row.facility_id is not None and row.facility_id != facility_id:
        raise EnrolmentError("this enrolment code is for another facility")
    spent = connection.execute(
        update(enrolment_codes)
        .where(enrolment_codes.c.code_sha256 == row.code_sha256)
        .where(enrolment_codes.c.used_at.is_(None))
        .values(used_at=utc_now())
    )
    if spent.rowcount != 1:  # another request spent it between our read and write
        raise EnrolmentError("this enrolment code was already used")
    token = secrets.token_urlsafe(32)
    connection.execute(
        devices.insert().values(
            token_sha256=_sha(token),
            device_id=str(uuid.uuid4()),
            facility_id=facility_id,
            enrolled_at=utc_now(),
        )
    )
    return token


@dataclass(frozen=True)
class Device:
    device_id: str
    facility_id: str


class TokenError(Exception):
    """A token that is unknown or revoked; `code` says which."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


def device_for(connection: Connection, token: str) -> Device:
    row = connection.execute(select(devices).where(devices.c.token_sha256 == _sha(token))).first()
    if row is None:
        raise TokenError("invalid_token", "unknown device token: a valid device token is needed")
    if row.revoked_at is not None:
        raise TokenError(
            "token_revoked", "this device token was revoked: a valid device token is needed"
        )
    return Device(row.device_id, row.facility_id)


def revoke(
    connection: Connection, *, facility_id: str | None = None, token: str | None = None
) -> int:
    """Revoke every device of a facility, or one token; returns how many were revoked."""
    statement = update(devices).where(devices.c.revoked_at.is_(None)).values(revoked_at=utc_now())
    if token is not None:
        statement = statement.where(devices.c.token_sha256 == _sha(token))
    elif facility_id is not None:
        statement = statement.where(devices.c.facility_id == facility_id)
    else:
        raise ValueError("revoke a facility or a token")
    return int(connection.execute(statement).rowcount)
