"""Test keys for the demo and the tests: a root, card-signing keys and a signed trust list.

These keys are generated on the spot and written next to a file that says they are not
for production. A desk trusts them only when its configuration names the test root.

Keys made (kid: alg, status): 7 ES256 active, 8 Ed25519 active, 9 ES256 compromised,
10 Ed25519 retired (its signing period ended a year ago).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from hospital_desk.card.cose import PrivateKey, PublicKey, key_alg
from hospital_desk.card.trust import sign_trust_list

KID_ES256, KID_ED25519, KID_COMPROMISED, KID_RETIRED = 7, 8, 9, 10
CONFIG_SNIPPET = "desk-config.toml"  # the lines for a desk's config.toml
WARNING = "TEST KEYS, GENERATED FOR A DEMO OR A TEST. NEVER USE THEM FOR REAL CARDS.\n"


@dataclass(frozen=True)
class DemoPki:
    root: ed25519.Ed25519PrivateKey
    issuers: dict[int, PrivateKey]
    statuses: dict[int, str]
    trust_list: bytes
    issued: dt.date

    @property
    def root_pem(self) -> bytes:
        return public_pem(self.root.public_key())


def public_pem(key: PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def private_pem(key: PrivateKey | ed25519.Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_private_key(pem: bytes) -> PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey):
        raise ValueError("a card-signing key is P-256 or Ed25519")
    key_alg(key)  # refuses other curves
    return key


def trust_list_body(
    issuers: dict[int, PrivateKey], statuses: dict[int, str], issued: dt.date, version: int
) -> dict[str, object]:
    keys = []
    for kid, key in sorted(issuers.items()):
        retired = statuses[kid] == "retired"
        keys.append(
            {
                "kid": kid,
                "alg": key_alg(key),
                "public_key_pem": public_pem(key.public_key()).decode(),
                "signing_from": (issued - dt.timedelta(days=6 * 365)).isoformat(),
                "signing_until": (
                    issued - dt.timedelta(days=365)
                    if retired
                    else issued + dt.timedelta(days=3 * 365)
                ).isoformat(),
                "verify_until": (issued + dt.timedelta(days=10 * 365)).isoformat(),
                "status": statuses[kid],
            }
        )
    return {"version": version, "issued": issued.isoformat(), "keys": keys}


def make_demo_pki(issued: dt.date, version: int = 1) -> DemoPki:
    issuers: dict[int, PrivateKey] = {
        KID_ES256: ec.generate_private_key(ec.SECP256R1()),
        KID_ED25519: ed25519.Ed25519PrivateKey.generate(),
        KID_COMPROMISED: ec.generate_private_key(ec.SECP256R1()),
        KID_RETIRED: ed25519.Ed25519PrivateKey.generate(),
    }
    statuses = {
        KID_ES256: "active",
        KID_ED25519: "active",
        KID_COMPROMISED: "compromised",
        KID_RETIRED: "retired",
    }
    root = ed25519.Ed25519PrivateKey.generate()
    document = sign_trust_list(trust_list_body(issuers, statuses, issued, version), root)
    return DemoPki(root, issuers, statuses, document, issued)


def write_demo_pki(pki: DemoPki, directory: Path) -> None:
    """Write the keys and the trust list; private keys only readable by the owner."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "TEST-KEYS-NOT-FOR-PRODUCTION.txt").write_text(WARNING)
    (directory / "root-public.pem").write_bytes(pki.root_pem)
    _write_private(directory / "root-private.pem", private_pem(pki.root))
    for kid, key in pki.issuers.items():
        _write_private(directory / f"issuer-{kid}.pem", private_pem(key))
    (directory / "trust-list.json").write_bytes(pki.trust_list)
    (directory / CONFIG_SNIPPET).write_text(desk_config_lines(directory), encoding="utf-8")


def desk_config_lines(directory: Path) -> str:
    """The lines a desk's config.toml needs to trust the test root written in `directory`
    (then `hospital-desk card trust-install DIR/trust-list.json` installs the list)."""
    root = (directory / "root-public.pem").resolve()
    return (
        "# TEST root from `hospital-desk card demo-keys`: never on a production desk.\n"
        f"trust_roots = [{json.dumps(str(root))}]\n"
    )


def _write_private(path: Path, data: bytes) -> None:
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_bytes(data)


def configure_desk(home: Path, root_pem: bytes) -> Path:
    """Pin `root_pem` for the desk whose data lives in `home` (config.toml's trust_roots)."""
    roots = home / "roots"
    roots.mkdir(parents=True, exist_ok=True)
    path = roots / "test-root.pem"
    path.write_bytes(root_pem)
    config = home / "config.toml"
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    if "trust_roots" not in text:
        text += (
            "\n" if text and not text.endswith("\n") else ""
        ) + 'trust_roots = ["roots/test-root.pem"]\n'
        config.write_text(text, encoding="utf-8")
    return path
