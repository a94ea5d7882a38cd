"""The one place the server calls the desk's wire format (`hospital_desk.wire`).

Written against the wire module the sync issue delivers; the server never defines
bytes of its own.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric import ed25519

if TYPE_CHECKING:
    from nssf_central.simulate import DayChanges


class WireUnavailable(RuntimeError):  # noqa: N818 - reads as a sentence at the call site
    """hospital_desk.wire is not installed in this build."""


def _wire() -> ModuleType:
    try:
        return importlib.import_module("hospital_desk.wire")
    except ImportError as exc:
        raise WireUnavailable("the wire format (hospital_desk.wire) is not available") from exc


@dataclass(frozen=True)
class WrittenSnapshot:
    manifest: bytes
    parts: list[str]
    member_count: int


def write_snapshot(
    directory: Path,
    seq: int,
    rows: Iterable[tuple[Any, ...]],
    revocations: list[tuple[Any, ...]],
    key: ed25519.Ed25519PrivateKey,
) -> WrittenSnapshot:
    raise WireUnavailable("snapshot writing waits for hospital_desk.wire")


def write_changes(changes: DayChanges, key: ed25519.Ed25519PrivateKey) -> bytes:
    raise WireUnavailable("change batches wait for hospital_desk.wire")


def sign_document(kind: str, body: bytes, key: ed25519.Ed25519PrivateKey) -> bytes:
    raise WireUnavailable("signed documents wait for hospital_desk.wire")


__all__ = [
    "WireUnavailable",
    "WrittenSnapshot",
    "_wire",
    "sign_document",
    "write_changes",
    "write_snapshot",
]
