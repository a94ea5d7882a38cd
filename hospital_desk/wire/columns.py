"""Members as columns: sorted by id, each column transformed, packed and byte-shuffled,
then CBOR and zstandard.

A part is `zstd(cbor({"format": 2, "columns": [...], "rows": n, "text": [[...], ...],
"data": [{"width": w, "bytes": b}, ...]}))`:

- the text columns of a part (a member's Latin and Khmer names; a revocation's reason)
  are one dictionary of distinct tuples, `text`, commonest first; the first text
  column's data is the index into it (the others carry width 0 and no bytes). Names in
  both scripts go together, so a name pair costs one small index;
- `paid_bitmap` (months paid, bit k = k months before `paid_through`): an unbroken run
  of k paid months, 2**k - 1, as most members have, is 2k; any other bitmap b is 2b + 1;
- every other value is an unsigned integer: the first column (ids) as the difference
  from the previous id (the first as is); dates (YYYYMMDD, where a day or month of 00 is
  "unknown") packed as ((year - 1800) * 13 + month) * 32 + day, plus 1; `principal_id` as
  the zig-zagged difference from the member's own id, plus 1; other optional integers
  plus 1; 0 is "none"; other integers zig-zagged; booleans 0/1;
- each column's integers are stored little-endian at the smallest width of 1, 2, 4 or 8
  bytes that holds them, and byte-shuffled (all first bytes, then all second bytes...),
  which is what lets zstandard see the regularity.

The normalised search names are not sent: the desk computes them on load, once per
distinct name. Measured against the alternatives in docs/performance.md ("Desk sync").
Every value is checked on decode; anything unexpected is a WireError, never an exception
of numpy or CBOR.
"""

from __future__ import annotations

import collections
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import cbor2
import numpy as np
import zstandard

from hospital_desk.members import PAID_MONTHS_KEPT
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
FORMAT = 3
MAX_PART_BYTES = 256 * 1024 * 1024  # decompressed; a 200,000-member part is about 4 MB
MAX_ROWS = 1_000_000
_TEXT = {"name_latin": 80, "name_khmer": 80, "reason": 40}
_DATES = {"birth_ymd", "enrolled_on", "left_on", "suspended_from", "suspended_until",
          "deceased_on", "revoked_on"}  # fmt: skip
_OPTIONAL = {"principal_id", "relationship", "left_on", "suspended_from", "suspended_until",
             "deceased_on"}  # fmt: skip
_BOOL = {"disabled", "employer_registered"}
_RUNS = "paid_bitmap"
_SEX = "sex"  # stored as the exceptions to its name's usual sex (`sex_hint`)
_PAID_FROM = frozenset({"enrolled_on", "paid_through"})  # what a paid bitmap is predicted from
_WIDTHS = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}
_MAX_INT = 2**62  # what the desk's columns hold (SQLite INTEGER is signed 64-bit)
_YEARS = (1800, 2199)


# --- encoding (the server side) ---------------------------------------------------------


def _zigzag(value: int) -> int:
    return value * 2 if value >= 0 else -value * 2 - 1


def _pack_date(value: int) -> int:
    year, month, day = value // 10000, value // 100 % 100, value % 100
    if not (_YEARS[0] <= year <= _YEARS[1] and month <= 12 and day <= 31):
        raise ValueError(f"{value} is not a YYYYMMDD date")
    return ((year - _YEARS[0]) * 13 + month) * 32 + day + 1


def _integers(name: str, values: Sequence[Any], ids: Sequence[int]) -> list[int]:
    if name in _DATES:
        return [0 if v is None else _pack_date(v) for v in values]
    if name == "principal_id":
        return [
            0 if v is None else _zigzag(own - v) + 1 for v, own in zip(values, ids, strict=True)
        ]
    if name in _OPTIONAL:
        return [0 if v is None else _zigzag(v) + 1 for v in values]
    if name in _BOOL:
        return [1 if v else 0 for v in values]
    if name == _RUNS:
        return [_pack_runs(int(v)) for v in values]
    return [_zigzag(int(v)) for v in values]


def _pack_runs(value: int) -> int:
    """A paid-months bitmap: an unbroken run of k paid months (2**k - 1, most members) is
    2k; any other bitmap b is 2b + 1."""
    if not 0 <= value < _MAX_INT:
        raise ValueError(f"{value} is not a paid-months bitmap")
    return 2 * value.bit_length() if value & (value + 1) == 0 else 2 * value + 1


def _sex_hints(index: Sequence[int], sexes: Sequence[Any], size: int) -> list[int]:
    """For each distinct name pair, the sex most of its holders have (names in Cambodia,
    as in the list, mostly say it): the sex column then stores only the exceptions."""
    counts = [collections.Counter[int]() for _ in range(size)]
    for n, sex in zip(index, sexes, strict=True):
        counts[n][int(sex)] += 1
    return [c.most_common(1)[0][0] if c else 0 for c in counts]


def _paid_since_enrolment(enrolled_ymd: int, paid_through: int) -> int:
    """The bitmap of a member who paid every month from enrolment to `paid_through` (a
    month index), as far back as the bitmap keeps: what most members' bitmaps are."""
    year, month = enrolled_ymd // 10000, max(enrolled_ymd // 100 % 100, 1)
    months = min(max(paid_through - (year * 12 + month - 1) + 1, 0), PAID_MONTHS_KEPT)
    return (1 << months) - 1


def _pack_paid(values: Sequence[Any], enrolled: Sequence[Any], through: Sequence[Any]) -> list[int]:
    """0 when the bitmap is every month since enrolment, else its run packing plus 1."""
    return [
        0 if int(v) == _paid_since_enrolment(int(e), int(t)) else _pack_runs(int(v)) + 1
        for v, e, t in zip(values, enrolled, through, strict=True)
    ]


def _shuffled(values: Sequence[int]) -> dict[str, Any]:
    top = max(values, default=0)
    width = next(w for w in (1, 2, 4, 8) if top < 256**w)
    array = np.asarray(values, dtype=_WIDTHS[width])
    planes = array.astype(f"<u{width}").view(np.uint8).reshape(-1, width).T
    return {"width": width, "bytes": planes.tobytes()}


def encode(columns: Sequence[str], rows: Sequence[Sequence[Any]], level: int = 19) -> bytes:
    """Rows (sorted by their first column, an id) to a compressed columnar part."""
    data = [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    text_at = [i for i, name in enumerate(columns) if name in _TEXT]
    keys = list(zip(*(data[j] for j in text_at), strict=True)) if text_at else []
    # the commonest text first: small indices for most rows, which zstandard codes best
    ranked = collections.Counter(keys).most_common()
    table = {key: index for index, (key, _count) in enumerate(ranked)}
    encoded: list[dict[str, Any]] = []
    ids = data[0]
    for i, name in enumerate(columns):
        if i == 0:
            deltas = [ids[0], *(b - a for a, b in itertools.pairwise(ids))] if ids else []
            if any(d < 0 for d in deltas):
                raise ValueError("rows must be sorted by their first column, an id")
            encoded.append(_shuffled(deltas))
        elif i in text_at:
            if i == text_at[0]:
                encoded.append(_shuffled([table[k] for k in keys]))
            else:
                encoded.append({"width": 0, "bytes": b""})
        elif name == _SEX and text_at:
            index = [table[k] for k in keys]
            hints = _sex_hints(index, data[i], len(table))
            encoded.append(_shuffled([0 if v == hints[n] else int(v) + 1
                                      for v, n in zip(data[i], index, strict=True)]))  # fmt: skip
        elif name == _RUNS and set(columns) >= _PAID_FROM:
            at = {n: data[columns.index(n)] for n in _PAID_FROM}
            encoded.append(_shuffled(_pack_paid(data[i], at["enrolled_on"], at["paid_through"])))
        else:
            encoded.append(_shuffled(_integers(name, data[i], ids)))
    document = {
        "format": FORMAT,
        "columns": list(columns),
        "rows": len(rows),
        "text": [list(k) for k in table],
        "data": encoded,
    }
    if _SEX in columns and text_at:
        document["sex_hint"] = hints
    return zstandard.ZstdCompressor(level=level).compress(cbor2.dumps(document))


# --- decoding (the desk side): every value checked ---------------------------------------


def _unshuffle(entry: Any, count: int, name: str) -> np.ndarray[Any, Any]:
    if not isinstance(entry, dict):
        raise WireError(f"a part's {name} column is malformed")
    width, raw = entry.get("width"), entry.get("bytes")
    if type(width) is not int or width not in _WIDTHS:  # a list is unhashable, True is 1
        raise WireError(f"a part's {name} column has the wrong size")
    if not isinstance(raw, bytes) or len(raw) != width * count:
        raise WireError(f"a part's {name} column has the wrong size")
    planes = np.frombuffer(raw, dtype=np.uint8).reshape(width, count)
    return planes.T.copy().view(f"<u{width}").reshape(count).astype(np.uint64)


def _unzigzag(array: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    signed = (array >> np.uint64(1)).astype(np.int64)
    return np.where(array & np.uint64(1), -signed - 1, signed)


def _unpack_sex(packed: np.ndarray[Any, Any], keys: list[int], hints: list[int]) -> list[Any]:
    """0 is the name's usual sex (its hint), else the sex plus 1."""
    if packed.size and int(packed.max()) > 10:
        raise WireError("a part's sex column holds a bad value")
    usual = np.asarray(hints, dtype=np.int64)[np.asarray(keys, dtype=np.int64)] if keys else packed
    return np.where(packed == 0, usual, packed.astype(np.int64) - 1).tolist()  # type: ignore[no-any-return]


def _unpack_paid(packed: np.ndarray[Any, Any], decoded: dict[str, list[Any]]) -> Any:
    """Paid bitmaps back: 0 is every month since enrolment (from the row's enrolled_on and
    paid_through, decoded before), else a run packing plus 1."""
    if not set(decoded) >= _PAID_FROM:
        raise WireError("a part holds paid months without the enrolment they count from")
    enrolled = np.asarray(decoded["enrolled_on"], dtype=np.int64)
    through = np.asarray(decoded["paid_through"], dtype=np.int64)
    month = np.maximum(enrolled // 100 % 100, 1)
    months = np.clip(through - (enrolled // 10000 * 12 + month - 1) + 1, 0, PAID_MONTHS_KEPT)
    predicted = (np.uint64(1) << months.astype(np.uint64)) - np.uint64(1)
    stored = packed - np.uint64(1)  # wraps for 0: those rows take the prediction
    runs = stored % np.uint64(2) == 0
    length = stored // np.uint64(2)
    if np.any(runs & (length > 62) & (packed > 0)):
        raise WireError("a part's paid_bitmap column holds a value out of range")
    full = (np.uint64(1) << np.minimum(length, 62)) - np.uint64(1)
    other = np.where(runs, full, (stored - np.uint64(1)) // np.uint64(2))
    return np.where(packed == 0, predicted, other).astype(np.int64)


def _column(
    name: str,
    packed: np.ndarray[Any, Any],
    ids: np.ndarray[Any, Any],
    decoded: dict[str, list[Any]],
) -> list[Any]:
    if name in _BOOL:
        if packed.size and packed.max() > 1:
            raise WireError(f"a part's {name} column holds a bad value")
        return [bool(v) for v in packed.tolist()]
    if packed.size and int(packed.max()) >= 2**63:
        raise WireError(f"a part's {name} column holds a value out of range")
    none = packed == 0
    if name in _DATES:
        value = packed - np.uint64(1)
        day, month = value % np.uint64(32), (value // np.uint64(32)) % np.uint64(13)
        year = value // np.uint64(32 * 13) + np.uint64(_YEARS[0])
        bad = (year > _YEARS[1]) | (day > 31)
        if np.any(bad & ~none) or (np.any(none) and name not in _OPTIONAL):
            raise WireError(f"a part's {name} column holds a bad date")
        values = (year * np.uint64(10000) + month * np.uint64(100) + day).astype(np.int64)
    elif name == _RUNS:
        values = _unpack_paid(packed, decoded)
        none = np.zeros(packed.shape, dtype=bool)
    elif name == "principal_id":
        values = ids - _unzigzag(packed - np.uint64(1))
        if np.any((values <= 0) & ~none):
            raise WireError(f"a part's {name} column holds a bad value")
    elif name in _OPTIONAL:
        values = _unzigzag(packed - np.uint64(1))
    else:
        values = _unzigzag(packed)
    if np.any(((values >= _MAX_INT) | (values <= -_MAX_INT)) & ~none):
        raise WireError(f"a part's {name} column holds a value out of range")
    if name not in _OPTIONAL:
        return values.tolist()  # type: ignore[no-any-return]
    return [None if n else v for v, n in zip(values.tolist(), none.tolist(), strict=True)]


def decode(
    columns: Sequence[str], blob: bytes, *, ids_unique: bool = True
) -> list[tuple[Any, ...]]:
    """A part back to rows, every value checked; WireError on anything unexpected.

    Ids (the first column) must be strictly increasing, or only non-decreasing when
    `ids_unique` is false (revocations: several serials of one member)."""
    try:
        declared = zstandard.frame_content_size(blob)
        if declared > MAX_PART_BYTES:  # -1: not declared, then max_output_size bounds it
            raise WireError("a part would decompress to more than a part may hold")
        body = zstandard.ZstdDecompressor().decompress(blob, max_output_size=MAX_PART_BYTES)
        document = cbor2.loads(body)
    except (zstandard.ZstdError, cbor2.CBORDecodeError, ValueError, RecursionError) as exc:
        raise WireError(
            f"a part cannot be decompressed or decoded ({exc.__class__.__name__})"
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise WireError(f"a part is not in columnar format {FORMAT}")
    if document.get("columns") != list(columns):
        raise WireError("a part has unexpected columns")
    count, data, text = document.get("rows"), document.get("data"), document.get("text")
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_ROWS:
        raise WireError("a part's row count is out of range")
    if not isinstance(data, list) or len(data) != len(columns) or not isinstance(text, list):
        raise WireError("a part's data does not match its columns")
    text_at = [i for i, name in enumerate(columns) if name in _TEXT]
    _check_text(text, [columns[i] for i in text_at])
    hints = document.get("sex_hint") if _SEX in columns and text_at else []
    if not (
        isinstance(hints, list)
        and len(hints) == (len(text) if _SEX in columns and text_at else 0)
        and all(isinstance(h, int) and not isinstance(h, bool) and 0 <= h <= 9 for h in hints)
    ):
        raise WireError("a part's sex hints do not match its names")
    ids = np.cumsum(_unshuffle(data[0], count, columns[0]), dtype=np.uint64)
    steps = np.diff(ids.astype(np.int64)) if count else ids
    if count and (
        int(ids[0]) <= 0 or int(ids[-1]) >= _MAX_INT or np.any(steps < (1 if ids_unique else 0))
    ):
        raise WireError("member ids in a part are not strictly increasing")
    signed_ids = ids.astype(np.int64)
    out: list[list[Any]] = [signed_ids.tolist()]
    for i, name in enumerate(columns[1:], start=1):
        if i in text_at:
            if i == text_at[0]:
                index = _unshuffle(data[i], count, name)
                if index.size and int(index.max()) >= len(text):
                    raise WireError(f"a part's {name} column points outside its dictionary")
                keys = index.tolist()
            position = text_at.index(i)
            out.append([text[k][position] for k in keys])
        elif name == _SEX and text_at:
            out.append(_unpack_sex(_unshuffle(data[i], count, name), keys, hints))
        else:
            decoded = dict(zip(columns, out, strict=False))
            out.append(_column(name, _unshuffle(data[i], count, name), signed_ids, decoded))
    return list(zip(*out, strict=True))


def _check_text(table: list[Any], names: list[str]) -> None:
    for entry in table:
        if not isinstance(entry, list) or len(entry) != len(names):
            raise WireError("a part's text dictionary is malformed")
        for value, name in zip(entry, names, strict=True):
            if not isinstance(value, str) or not 0 < len(value) <= _TEXT[name]:
                raise WireError(f"a part's {name} column holds a bad value")


# --- rows of the desk -------------------------------------------------------------------


def member_rows(wire_rows: Sequence[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Wire rows to the desk's member rows (normalised names inserted, each distinct
    name normalised once)."""
    latin: dict[str, str] = {}
    khmer: dict[str, str] = {}
    for r in wire_rows:
        a = latin.get(r[2])
        if a is None:
            a = latin[r[2]] = normalise_latin(r[2])
        b = khmer.get(r[3])
        if b is None:
            b = khmer[r[3]] = normalise_khmer(r[3])
        yield (r[0], r[1], r[2], r[3], a, b, *r[4:])


def wire_row(member_row: Sequence[Any]) -> tuple[Any, ...]:
    """The desk's member row (as member_store/synthetic build it) without the search names."""
    return (*member_row[:4], *member_row[6:])
