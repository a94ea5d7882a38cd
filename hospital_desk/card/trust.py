"""The trust list: which card-signing keys NSSF vouches for, signed by an NSSF root key.

Document (JSON, UTF-8), the signed body carried base64 so its bytes are exactly the
bytes signed:

    {"format": "nssf-trust-list/1",
     "body": "<base64 of the body JSON>",
     "signatures": [{"root": "<root id>", "signature": "<base64 Ed25519 signature>"}]}

    body = {"version": 3, "issued": "2026-11-01",
            "keys": [{"kid": 7, "alg": -7, "public_key_pem": "...",
                      "signing_from": "2026-01-01", "signing_until": "2027-12-31",
                      "verify_until": "2037-12-31", "status": "active"}]}

A root id is the first 16 hex digits of the SHA-256 of the root's raw public key. The
roots a desk trusts are configuration (`trust_roots` in config.toml): never the test
roots the demo and the tests generate. A list older than the one held is refused.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import Connection

from hospital_desk.card.cose import ALGORITHMS, PublicKey, key_alg
from hospital_desk.config import RESOURCES_DIR
from hospital_desk.errors import DeskError
from hospital_desk.storage import get_state, set_state

FORMAT = "nssf-trust-list/1"
STATE_KEY = "card_trust_list"
BASELINE = RESOURCES_DIR / "trust" / "trust-list.json"
MAX_DOCUMENT = 256 * 1024
STATUSES = ("active", "retired", "compromised")

log = logging.getLogger(__name__)


class TrustListError(DeskError):
    """A trust list that is not signed by a pinned root, malformed, or older than ours."""


@dataclass(frozen=True)
class TrustedKey:
    kid: int
    alg: int
    public_key: PublicKey
    public_key_pem: str
    signing_from: dt.date
    signing_until: dt.date
    verify_until: dt.date
    status: str


@dataclass(frozen=True)
class TrustList:
    version: int
    issued: dt.date
    keys: Mapping[int, TrustedKey]
    document: bytes  # the whole signed document, as received

    def key(self, kid: int) -> TrustedKey | None:
        return self.keys.get(kid)


def root_id(public_key: ed25519.Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_root(pem: bytes) -> ed25519.Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise TrustListError(f"a configured trust root is not a PEM public key: {exc}") from exc
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise TrustListError("trust roots are Ed25519 public keys")
    return key


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true is not 1


def _date(value: Any, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise TrustListError(f"trust list: {what} is not a date") from exc


def _key(entry: Any) -> TrustedKey:
    if not isinstance(entry, dict):
        raise TrustListError("trust list: a key entry is not an object")
    try:
        kid, alg, pem, status = entry["kid"], entry["alg"], entry["public_key_pem"], entry["status"]
    except KeyError as exc:
        raise TrustListError(f"trust list: a key lacks {exc}") from exc
    if not _is_int(kid) or not 0 <= kid < 65536:
        raise TrustListError("trust list: kid must be 0-65535")
    if not _is_int(alg) or alg not in ALGORITHMS:
        raise TrustListError(f"trust list: key {kid} has an unknown alg {alg!r}")
    if status not in STATUSES:
        raise TrustListError(f"trust list: key {kid} has an unknown status {status!r}")
    try:
        public_key = serialization.load_pem_public_key(str(pem).encode())
        usable = isinstance(public_key, PublicKey) and key_alg(public_key) == alg
    except (ValueError, UnsupportedAlgorithm) as exc:  # also: a curve other than P-256
        raise TrustListError(f"trust list: key {kid} is not a usable public key: {exc}") from exc
    if not usable or not isinstance(public_key, PublicKey):
        raise TrustListError(f"trust list: key {kid} does not match its alg")
    return TrustedKey(
        kid=kid,
        alg=alg,
        public_key=public_key,
        public_key_pem=str(pem),
        signing_from=_date(entry.get("signing_from"), "signing_from"),
        signing_until=_date(entry.get("signing_until"), "signing_until"),
        verify_until=_date(entry.get("verify_until"), "verify_until"),
        status=status,
    )


@lru_cache(maxsize=8)
def _parse_cached(document: bytes, roots: tuple[bytes, ...]) -> TrustList:
    return _parse(document, [load_root(r) for r in roots])


def parse_trust_list(document: bytes, roots: Iterable[bytes]) -> TrustList:
    """Verify `document` against the root public keys (PEM) and read it."""
    return _parse_cached(bytes(document), tuple(roots))


def _parse(document: bytes, roots: list[ed25519.Ed25519PublicKey]) -> TrustList:
    if not roots:
        raise TrustListError("no trust root is configured (trust_roots in config.toml)")
    if len(document) > MAX_DOCUMENT:
        raise TrustListError("trust list too large")
    try:
        # UTF-8 only (json.loads would also take UTF-16/32 bytes, which the desk then could
        # not store); RecursionError: JSON nested thousands deep.
        outer = json.loads(document.decode("utf-8"))
        if not isinstance(outer, dict) or outer.get("format") != FORMAT:
            raise TrustListError(f"not a trust list in format {FORMAT}")
        body = base64.b64decode(outer["body"], validate=True)
        signatures = outer["signatures"]
    except (ValueError, KeyError, TypeError, RecursionError, binascii.Error) as exc:
        raise TrustListError(f"trust list is malformed: {exc.__class__.__name__}") from exc
    by_id = {root_id(root): root for root in roots}
    if not isinstance(signatures, list) or not any(_signed_by(s, body, by_id) for s in signatures):
        raise TrustListError("trust list is not signed by a configured NSSF root key")
    try:
        content = json.loads(body)
        version, issued, entries = content["version"], content["issued"], content["keys"]
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise TrustListError(f"trust list body is malformed: {exc.__class__.__name__}") from exc
    if not _is_int(version) or version < 1 or not isinstance(entries, list):
        raise TrustListError("trust list: version or keys malformed")
    keys = [_key(e) for e in entries]
    if len({k.kid for k in keys}) != len(keys):
        raise TrustListError("trust list: a kid appears twice")
    return TrustList(version, _date(issued, "issued"), {k.kid: k for k in keys}, document)


def _signed_by(entry: Any, body: bytes, roots: Mapping[str, ed25519.Ed25519PublicKey]) -> bool:
    if not isinstance(entry, dict) or not isinstance(entry.get("root"), str):
        return False  # (a list as "root" would not even be hashable)
    if entry["root"] not in roots:
        return False
    try:
        roots[entry["root"]].verify(base64.b64decode(entry["signature"], validate=True), body)
    except (InvalidSignature, ValueError, TypeError, binascii.Error):
        return False
    return True


def sign_trust_list(body: Mapping[str, Any], root_private: ed25519.Ed25519PrivateKey) -> bytes:
    """A signed trust list document (NSSF's side; the demo and the tests)."""
    raw = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    signature = root_private.sign(raw)
    document = {
        "format": FORMAT,
        "body": base64.b64encode(raw).decode(),
        "signatures": [
            {
                "root": root_id(root_private.public_key()),
                "signature": base64.b64encode(signature).decode(),
            }
        ],
    }
    return json.dumps(document, indent=1).encode()


def held_trust_list(
    connection: Connection, roots: Iterable[bytes], baseline: Path = BASELINE
) -> TrustList | None:
    """The trust list in force: the one installed, else the baseline shipped in resources/.

    A baseline that the configured roots do not verify (a test desk, an installer built
    for other roots) is ignored: it is as if none shipped. An installed list that no
    longer verifies raises, since the desk's configuration changed under it.
    """
    roots = tuple(roots)
    stored = get_state(connection, STATE_KEY)
    if stored is not None:
        return parse_trust_list(stored.encode(), roots)
    try:
        document = baseline.read_bytes()
    except OSError:
        return None
    try:
        return parse_trust_list(document, roots)
    except TrustListError as exc:
        log.warning("ignoring the baseline trust list %s: %s", baseline, exc)
        return None


def install_trust_list(
    connection: Connection, document: bytes, roots: Iterable[bytes], baseline: Path = BASELINE
) -> TrustList:
    """Verify and keep `document`; an older version than the one held is refused."""
    roots = tuple(roots)
    new = parse_trust_list(document, roots)
    try:
        held = held_trust_list(connection, roots, baseline)
    except TrustListError:
        held = None  # the held one no longer verifies (roots changed): the new one replaces it
    if held is not None:
        if new.version < held.version:
            raise TrustListError(
                f"trust list version {new.version} is older than the one held ({held.version})"
            )
        if new.version == held.version and new.document != held.document:
            raise TrustListError(f"trust list version {new.version} differs from the one held")
    set_state(connection, STATE_KEY, document.decode())
    return new


def read_roots(paths: Iterable[Path]) -> tuple[bytes, ...]:
    try:
        return tuple(Path(p).read_bytes() for p in paths)
    except OSError as exc:
        raise TrustListError(f"a configured trust root cannot be read: {exc}") from exc
