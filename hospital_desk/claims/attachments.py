"""Claim documents kept at the desk by their SHA-256: PDF, JPEG or PNG only.

The type is read from the file's first bytes (its magic number), never from its name;
a file that claims to be a PDF but does not end like one, or an image cut short, is
refused. The same content attached twice is stored once (its hash is its name).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, select

from hospital_desk.errors import InputError
from hospital_desk.schema import claim_attachments

MAX_ATTACHMENT = 10 * 1024 * 1024  # the central API's limit
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


class AttachmentError(InputError):
    """Not a file the desk can attach (`code` is its message code)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Attachment:
    sha256: str
    media_type: str
    size: int


def sniff(data: bytes) -> str:
    """The media type from the magic bytes; AttachmentError when not PDF/JPEG/PNG or cut short."""
    if not data:
        raise AttachmentError("attachment.empty", "the file is empty")
    if len(data) > MAX_ATTACHMENT:
        raise AttachmentError("attachment.too_large", f"over {MAX_ATTACHMENT} bytes")
    media = next((m for magic, m in MAGIC if data.startswith(magic)), None)
    if media is None:
        raise AttachmentError("attachment.type_not_allowed", "not a PDF, JPEG or PNG file")
    complete = {
        "application/pdf": b"%%EOF" in data[-1024:],
        "image/jpeg": data.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9"),
        "image/png": data.endswith(b"IEND\xaeB`\x82"),
    }[media]
    if not complete:
        raise AttachmentError("attachment.corrupt", f"the {media} file is cut short or damaged")
    return media


def blob_path(home: Path, sha256: str) -> Path:
    return home / "attachments" / sha256[:2] / sha256


def store_attachment(connection: Connection, home: Path, data: bytes) -> Attachment:
    """Check and keep `data`; the same content twice is kept once."""
    media = sniff(data)
    digest = hashlib.sha256(data).hexdigest()
    path = blob_path(home, digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        os.replace(partial, path)
    row = connection.execute(
        select(claim_attachments.c.sha256).where(claim_attachments.c.sha256 == digest)
    ).first()
    if row is None:
        connection.execute(
            claim_attachments.insert().values(
                sha256=digest,
                media_type=media,
                size=len(data),
                stored_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                uploaded=False,
            )
        )
    return Attachment(digest, media, len(data))


def held(connection: Connection, hashes: list[str]) -> frozenset[str]:
    rows = connection.execute(
        select(claim_attachments.c.sha256).where(claim_attachments.c.sha256.in_(hashes))
    )
    return frozenset(r[0] for r in rows)


def read_attachment(connection: Connection, home: Path, sha256: str) -> tuple[Attachment, bytes]:
    row = connection.execute(
        select(claim_attachments).where(claim_attachments.c.sha256 == sha256)
    ).first()
    if row is None:
        raise InputError(f"no attachment {sha256[:12]} at this desk")
    data = blob_path(home, sha256).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise AttachmentError("attachment.corrupt", "the stored file no longer matches its hash")
    return Attachment(sha256, row.media_type, row.size), data


def mark_uploaded(connection: Connection, sha256: str) -> None:
    connection.execute(
        claim_attachments.update().where(claim_attachments.c.sha256 == sha256).values(uploaded=True)
    )


def pending_uploads(connection: Connection) -> list[str]:
    rows = connection.execute(
        select(claim_attachments.c.sha256).where(claim_attachments.c.uploaded.is_(False))
    )
    return [r[0] for r in rows]
