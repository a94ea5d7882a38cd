"""Ed25519 signatures over canonical JSON documents (sorted keys, no spaces, UTF-8)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from hospital_desk.errors import DeskError

MAX_SIGNED_DOCUMENT = 8 * 1024 * 1024


class WireError(DeskError):
    """A snapshot, part or change batch that is not genuine, whole and in order."""

    code = "wire_invalid"


def canonical(document: Mapping[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def key_id(public_key: ed25519.Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign(document: Mapping[str, Any], key: ed25519.Ed25519PrivateKey) -> bytes:
    """{"document": ..., "key_id": ..., "signature": base64} as UTF-8 JSON."""
    envelope = {
        "document": document,
        "key_id": key_id(key.public_key()),
        "signature": base64.b64encode(key.sign(canonical(document))).decode(),
    }
    return json.dumps(envelope, ensure_ascii=False).encode()


def load_public_keys(pems: Iterable[bytes]) -> list[ed25519.Ed25519PublicKey]:
    keys = []
    for pem in pems:
        try:
            key = serialization.load_pem_public_key(pem)
        except ValueError as exc:
            raise WireError(
                f"a configured list-signing key is not a PEM public key: {exc}"
            ) from exc
        if not isinstance(key, ed25519.Ed25519PublicKey):
            raise WireError("list-signing keys are Ed25519")
        keys.append(key)
    return keys


def verify(data: bytes, keys: Iterable[ed25519.Ed25519PublicKey], what: str) -> dict[str, Any]:
    """The signed document, once its signature by one of `keys` checks out."""
    if len(data) > MAX_SIGNED_DOCUMENT:
        raise WireError(f"the {what} is too large")
    try:
        envelope = json.loads(data)
        document, kid = envelope["document"], envelope["key_id"]
        signature = base64.b64decode(envelope["signature"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise WireError(f"the {what} is malformed ({exc.__class__.__name__})") from exc
    if not isinstance(document, dict):
        raise WireError(f"the {what} is malformed (not an object)")
    by_id = {key_id(k): k for k in keys}
    if not by_id:
        raise WireError("no list-signing key is configured (list_keys in config.toml)")
    key = by_id.get(kid)
    if key is None:
        raise WireError(f"the {what} is signed by an unknown key")
    try:
        key.verify(signature, canonical(document))
    except InvalidSignature as exc:
        raise WireError(f"the {what}'s signature does not verify") from exc
    return document
