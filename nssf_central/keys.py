"""The publisher key that signs snapshots, change batches, rules and the tariff.

`init` makes a TEST key when the configured one is missing (a file beside it says
so); a national deployment configures NSSF's own (`signing_key` in central.toml),
kept in an HSM in real life. The public half is written beside it, for desks to pin.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

WARNING = "TEST PUBLISHER KEY, GENERATED FOR A DEMO OR A TEST. NEVER USE IT FOR REAL DATA.\n"


def key_id(public: ed25519.Ed25519PublicKey) -> str:
    """First 16 hex digits of the SHA-256 of the raw public key (as the trust list's roots)."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(public: ed25519.Ed25519PublicKey) -> bytes:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def ensure_test_key(private_path: Path, public_path: Path) -> bool:
    """Create a test key pair at these paths unless the private key exists; True if made."""
    if private_path.exists():
        return False
    private_path.parent.mkdir(parents=True, exist_ok=True)
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    private_path.touch(mode=0o600)
    private_path.chmod(0o600)
    private_path.write_bytes(pem)
    public_path.write_bytes(public_pem(key.public_key()))
    (private_path.parent / "TEST-KEY-NOT-FOR-PRODUCTION.txt").write_text(WARNING)
    return True


def load_signing_key(path: Path) -> ed25519.Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError as exc:
        raise ValueError(f"no signing key at {path}: run `hospital-desk-central init`") from exc
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ValueError(f"{path}: the publisher key must be Ed25519")
    return key
