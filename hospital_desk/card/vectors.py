"""The public test vectors (docs/card-qr-vectors.json): read them, check an implementation.

Shape: {"keys": [{"kid", "alg", "public_key_pem", "status", ...}], "vectors": [{"name",
"qr", "today", "members": {"<member id>": {"current_serial", "revoked_serials"}} | null,
"expected", "claims"}]}. "members": null means the member list is not consulted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives import serialization

from hospital_desk.card.cose import PublicKey
from hospital_desk.card.trust import TrustedKey, TrustList
from hospital_desk.card.verify import CardResult, ListEntry, VerifyContext, verify_text
from hospital_desk.members import MemberId

FAR_PAST, FAR_FUTURE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)


def trust_from_keys(keys: list[Mapping[str, Any]], issued: dt.date) -> TrustList:
    """A trust list from the vectors' public keys (their root signature is not part of it)."""
    trusted = {}
    for entry in keys:
        public_key = serialization.load_pem_public_key(str(entry["public_key_pem"]).encode())
        assert isinstance(public_key, PublicKey)  # noqa: S101 - our own published file
        trusted[int(entry["kid"])] = TrustedKey(
            kid=int(entry["kid"]),
            alg=int(entry["alg"]),
            public_key=public_key,
            public_key_pem=str(entry["public_key_pem"]),
            signing_from=dt.date.fromisoformat(entry.get("signing_from", FAR_PAST.isoformat())),
            signing_until=dt.date.fromisoformat(entry.get("signing_until", FAR_FUTURE.isoformat())),
            verify_until=dt.date.fromisoformat(entry.get("verify_until", FAR_FUTURE.isoformat())),
            status=str(entry["status"]),
        )
    return TrustList(version=1, issued=issued, keys=trusted, document=b"")


def run_vector(vector: Mapping[str, Any], keys: list[Mapping[str, Any]]) -> CardResult:
    today = dt.date.fromisoformat(vector["today"])
    listed = vector.get("members")
    lookup = None
    if listed is not None:
        entries = {
            int(mid): ListEntry(
                int(m["current_serial"]), {int(s): "other" for s in m.get("revoked_serials", [])}
            )
            for mid, m in listed.items()
        }

        def lookup(member_id: MemberId) -> ListEntry | None:
            return entries.get(int(member_id))

    context = VerifyContext(
        trust=trust_from_keys(keys, today), today=today, list_as_of=today, lookup=lookup
    )
    return verify_text(vector["qr"], context)
