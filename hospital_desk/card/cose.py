"""COSE_Sign1 (RFC 9052), just the part the card uses, read strictly and with hard limits.

The outer structure is read by hand (a few CBOR heads), so a hostile length or nesting
never reaches a general decoder: tag 18, an array of exactly four items, protected
header bytes, an empty unprotected map, payload bytes, signature bytes. Only the small
protected header and payload are then given to cbor2, and only after their sizes are
known to fit in the scanned text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

ALG_ES256 = -7
ALG_EDDSA = -8
ALGORITHMS = {ALG_ES256: "ES256", ALG_EDDSA: "EdDSA"}
SIGNATURE_SIZE = 64  # ES256 raw r||s and Ed25519 are both 64 bytes
MAX_COSE_BYTES = 1_024

PublicKey = ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey
PrivateKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey


class CoseError(ValueError):
    """The bytes are not a COSE_Sign1 of the shape the card uses."""


@dataclass(frozen=True)
class Sign1:
    protected: bytes  # the serialized protected header, exactly as signed
    alg: int
    kid: int
    payload: bytes
    signature: bytes

    def to_be_signed(self) -> bytes:
        return sig_structure(self.protected, self.payload)


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def _head(data: bytes, pos: int) -> tuple[int, int, int]:
    """(major type, argument, next position) of the CBOR item head at `pos`."""
    if pos >= len(data):
        raise CoseError("truncated")
    initial = data[pos]
    major, info = initial >> 5, initial & 0x1F
    pos += 1
    if info < 24:
        return major, info, pos
    if info > 27:
        raise CoseError("indefinite or reserved length")
    size = 1 << (info - 24)
    if pos + size > len(data):
        raise CoseError("truncated")
    return major, int.from_bytes(data[pos : pos + size], "big"), pos + size


def _bstr(data: bytes, pos: int, what: str) -> tuple[bytes, int]:
    major, length, pos = _head(data, pos)
    if major != 2:
        raise CoseError(f"{what} is not a byte string")
    if length > len(data) - pos:
        raise CoseError(f"{what} is longer than the data")
    return data[pos : pos + length], pos + length


def parse_sign1(data: bytes) -> Sign1:
    """Read a tagged COSE_Sign1 with the card's protected header {1: alg, 4: kid}."""
    if len(data) > MAX_COSE_BYTES:
        raise CoseError("too large for a card")
    major, tag, pos = _head(data, 0)
    if major != 6:
        raise CoseError("not a tagged CBOR item")
    if tag != 18:
        raise CoseError(f"CBOR tag {tag}, not 18 (COSE_Sign1)")
    major, count, pos = _head(data, pos)
    if major != 4 or count != 4:
        raise CoseError("COSE_Sign1 must be an array of four items")
    protected, pos = _bstr(data, pos, "protected header")
    major, entries, pos = _head(data, pos)
    if major != 5 or entries != 0:
        raise CoseError("the unprotected header must be an empty map")
    payload, pos = _bstr(data, pos, "payload")
    signature, pos = _bstr(data, pos, "signature")
    if pos != len(data):
        raise CoseError("bytes after the COSE_Sign1")
    if len(signature) != SIGNATURE_SIZE:
        raise CoseError(f"a {len(signature)}-byte signature (64 expected)")
    header = decode_small(protected, "protected header")
    if (
        not isinstance(header, dict)
        or set(header) != {1, 4}
        or any(type(k) is not int for k in header)  # not True or 1.0 standing in for 1
    ):
        raise CoseError("the protected header must hold exactly alg (1) and kid (4)")
    alg, kid = header[1], header[4]
    if not isinstance(alg, int) or isinstance(alg, bool):
        raise CoseError("alg is not an integer")
    if not isinstance(kid, bytes) or len(kid) != 2:
        raise CoseError("kid is not 2 bytes")
    return Sign1(protected, alg, int.from_bytes(kid, "big"), payload, signature)


def decode_small(data: bytes, what: str) -> Any:
    """cbor2 on a short, already length-checked byte string holding exactly one item (bytes
    after it are refused: cbor2.loads would ignore them); any failure is a CoseError."""
    stream = io.BytesIO(data)
    try:
        item = cbor2.CBORDecoder(stream).decode()
    except (cbor2.CBORDecodeError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        raise CoseError(f"{what} is not valid CBOR: {exc.__class__.__name__}") from exc
    if stream.tell() != len(data):
        raise CoseError(f"{what} has bytes after its CBOR item")
    return item


def verify_signature(sign1: Sign1, key: PublicKey) -> bool:
    """True when the signature over the Sig_structure is good for `key` (alg already checked)."""
    message = sign1.to_be_signed()
    try:
        if isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(sign1.signature, message)
        else:
            r = int.from_bytes(sign1.signature[:32], "big")
            s = int.from_bytes(sign1.signature[32:], "big")
            key.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def sign1(payload: bytes, key: PrivateKey, kid: int) -> bytes:
    """A tagged COSE_Sign1 over `payload` (the issuing side)."""
    alg = ALG_EDDSA if isinstance(key, ed25519.Ed25519PrivateKey) else ALG_ES256
    protected = cbor2.dumps({1: alg, 4: kid.to_bytes(2, "big")})
    message = sig_structure(protected, payload)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        signature = key.sign(message)
    else:
        r, s = decode_dss_signature(key.sign(message, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, signature]))


def key_alg(key: PublicKey | PrivateKey) -> int:
    if isinstance(key, ed25519.Ed25519PublicKey | ed25519.Ed25519PrivateKey):
        return ALG_EDDSA
    if key.curve.name != "secp256r1":
        raise ValueError("card keys are P-256 (ES256) or Ed25519")
    return ALG_ES256
