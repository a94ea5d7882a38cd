"""Members as columns: sorted by id, ids delta-encoded, then CBOR and zstandard.

Each part is `zstd(cbor({"format": 1, "columns": [...], "data": [[...], ...]}))`. The
normalised search names are not sent: the desk computes them on load.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import cbor2
import zstandard

from hospital_desk.names import normalise_khmer, normalise_latin
from hospital_desk.wire.signing import WireError

# member_store.MEMBER_COLUMNS without the two normalised-name columns (2 and 3 after the
# names are inserted back at positions 4 and 5).
WIRE_COLUMNS = (
    "member_id", "card_serial", "name_latin", "name_khmer", "birth_ymd", "sex", "scheme",
    "enrolled_on", "paid_through", "paid_bitmap", "principal_id", "relationship", "disabled",
    "employer_registered", "left_on", "suspended_from", "suspended_until", "deceased_on",
)  # fmt: skip
REVOCATION_COLUMNS = ("member_id", "card_serial", "reason", "revoked_on")
MAX_PART_BYTES = 256 * 1024 * 1024  # decompressed; a 200,000-member part is about 10 MB
MAX_ROWS = 1_000_000
_TEXT = {"name_latin": 80, "name_khmer": 80, "reason": 40}
_OPTIONAL = {"principal_id", "relationship", "left_on", "suspended_from", "suspended_until",
             "deceased_on"}  # fmt: skip
_BOOL = {"disabled", "employer_registered"}


def encode(columns: Sequence[str], rows: Sequence[Sequence[Any]], level: int = 12) -> bytes:
    """Rows (sorted by their first column, an id) to a compressed columnar part."""
    data = [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    if rows:
        ids = data[0]
        data[0] = [ids[0]] + [b - a for a, b in itertools.pairwise(ids)]
    body = cbor2.dumps({"format": 1, "columns": list(columns), "data": data})
    return zstandard.ZstdCompressor(level=level).compress(body)


def decode(columns: Sequence[str], blob: bytes) -> list[tuple[Any, ...]]:
    """A part back to rows, every value checked; WireError on anything unexpected."""
    try:
        body = zstandard.ZstdDecompressor().decompress(blob, max_output_size=MAX_PART_BYTES)
        document = cbor2.loads(body)
    except (zstandard.ZstdError, cbor2.CBORDecodeError, ValueError, RecursionError) as exc:
        raise WireError(
            f"a part cannot be decompressed or decoded ({exc.__class__.__name__})"
        ) from exc
    if not isinstance(document, dict) or document.get("columns") != list(columns):
        raise WireError("a part has unexpected columns")
    data = document.get("data")
    if not isinstance(data, list) or len(data) != len(columns):
        raise WireError("a part's data does not match its columns")
    count = len(data[0]) if data and isinstance(data[0], list) else -1
    if (
        count < 0
        or count > MAX_ROWS
        or any(not isinstance(c, list) or len(c) != count for c in data)
    ):
        raise WireError("a part's columns differ in length")
    for name, values in zip(columns, data, strict=True):
        _check_column(name, values)
    ids, running = data[0], 0
    for i, delta in enumerate(ids):
        running += delta
        if (delta <= 0 and i > 0) or running <= 0:
            raise WireError("member ids in a part are not strictly increasing")
        ids[i] = running
    return list(zip(*data, strict=True))


def _check_column(name: str, values: list[Any]) -> None:
    if name in _TEXT:
        limit = _TEXT[name]
        if not all(isinstance(v, str) and 0 < len(v) <= limit for v in values):
            raise WireError(f"a part's {name} column holds a bad value")
    elif name in _BOOL:
        if not all(isinstance(v, bool) for v in values):
            raise WireError(f"a part's {name} column holds a bad value")
    else:
        ok_none = name in _OPTIONAL
        if not all(
            (v is None and ok_none)
            or (isinstance(v, int) and not isinstance(v, bool) and -(2**62) < v < 2**63)
            for v in values
        ):
            raise WireError(f"a part's {name} column holds a bad value")


def member_rows(wire_rows: Sequence[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Wire rows to the desk's member rows (normalised names inserted)."""
    for r in wire_rows:
        yield (r[0], r[1], r[2], r[3], normalise_latin(r[2]), normalise_khmer(r[3]), *r[4:])


def wire_row(member_row: Sequence[Any]) -> tuple[Any, ...]:
    """The desk's member row (as member_store/synthetic build it) without the search names."""
    return (*member_row[:4], *member_row[6:])
