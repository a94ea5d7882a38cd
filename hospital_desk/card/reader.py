"""The desk's card reader: the verifier fed from the local database, and the scan log.

The trusted-time floor is the later of the central server's clock at the last sync
(`server_time_utc`, written by the sync client) and the newest issue date of a genuine
card seen here (`newest_card_issue_date`): a PC whose clock runs in the past is told so,
and cannot make an expired card look current.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from sqlalchemy import Connection, insert

from hospital_desk.card.trust import TrustList, TrustListError, held_trust_list
from hospital_desk.card.verify import CardResult, ListEntry, VerifyContext, verify_text
from hospital_desk.member_store import get_member, revocations_of
from hospital_desk.members import MemberId
from hospital_desk.schema import scan_log
from hospital_desk.storage import get_state, list_as_of, set_state

log = logging.getLogger(__name__)

SERVER_TIME_KEY = "server_time_utc"
NEWEST_ISSUE_KEY = "newest_card_issue_date"
GENUINE = frozenset(
    {"valid", "not_in_list", "not_yet_valid", "expired", "replaced", "revoked", "list_out_of_date"}
)


def trusted_floor(connection: Connection) -> dt.date | None:
    dates = []
    for key in (SERVER_TIME_KEY, NEWEST_ISSUE_KEY):
        value = get_state(connection, key)
        if value:
            try:
                dates.append(dt.date.fromisoformat(value[:10]))
            except ValueError:
                log.warning("ignoring a malformed %s in the sync state", key)
    return max(dates, default=None)


def _trust(connection: Connection, roots: Iterable[bytes]) -> TrustList | None:
    try:
        return held_trust_list(connection, roots)
    except TrustListError as exc:
        log.error("the held trust list cannot be used: %s", exc)
        return None


def read_card(
    connection: Connection,
    text: str,
    today: dt.date,
    roots: Iterable[bytes],
    stale_after_days: int,
) -> CardResult:
    """Verify a scanned text against this desk's trust list and member list; log the scan."""
    as_of = list_as_of(connection)

    def lookup(member_id: MemberId) -> ListEntry | None:
        member = get_member(connection, member_id)
        if member is None:
            return None
        revoked = {r.card_serial: r.reason for r in revocations_of(connection, member_id)}
        return ListEntry(member.card_serial, revoked)

    context = VerifyContext(
        trust=_trust(connection, roots),
        today=today,
        trusted_floor=trusted_floor(connection),
        list_as_of=as_of,
        list_stale=as_of is None or (today - as_of).days > stale_after_days,
        lookup=lookup,
    )
    result = verify_text(text, context)
    if result.claims is not None and result.code in GENUINE:
        newest = get_state(connection, NEWEST_ISSUE_KEY)
        if newest is None or result.claims.issued.isoformat() > newest:
            set_state(connection, NEWEST_ISSUE_KEY, result.claims.issued.isoformat())
    log_scan(connection, result)
    return result


def log_scan(connection: Connection, result: CardResult) -> None:
    """One scan-log row (result, kid, member, serial, time: ids only) for upload."""
    connection.execute(
        insert(scan_log).values(
            at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            code=result.code,
            kid=result.kid,
            member_id=result.member_id,
            card_serial=result.serial,
            uploaded=False,
        )
    )
    log.info("scan: %s kid=%s member=%s", result.code, result.kid, result.member_id)
