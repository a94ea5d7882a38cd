"""The columnar part encoding (format 3): exact round trips, and every hostile part a
clear WireError (never a numpy, CBOR or zstandard exception)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import cbor2
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from hospital_desk.synthetic import generate
from hospital_desk.wire import columns
from hospital_desk.wire.signing import WireError

AS_OF = dt.date(2026, 12, 1)
ROWS = [columns.wire_row(p.row) for p in generate(500, seed=4, as_of=AS_OF)]


def _document(rows: list[tuple[Any, ...]] = ROWS) -> dict[str, Any]:
    blob = columns.encode(columns.WIRE_COLUMNS, rows)
    return cbor2.loads(zstandard.ZstdDecompressor().decompress(blob))  # type: ignore[no-any-return]


def _blob(document: dict[str, Any]) -> bytes:
    return zstandard.ZstdCompressor().compress(cbor2.dumps(document))


def test_members_round_trip_exactly_with_partial_dates_and_dependants() -> None:
    assert columns.decode(columns.WIRE_COLUMNS, columns.encode(columns.WIRE_COLUMNS, ROWS)) == ROWS
    assert any(r[10] is not None for r in ROWS), "some dependants"
    odd = (ROWS[0][0] + 10**6, 7, "A", "ក", 19620100, 1, 1, 19620000, 0, 0,
           ROWS[0][0] + 10**6 + 5, 0, True, False, None, 20261201, 20261231, 21991231)  # fmt: skip
    rows = [*ROWS, odd]  # a principal with a higher number than its dependant; unknown day
    assert columns.decode(columns.WIRE_COLUMNS, columns.encode(columns.WIRE_COLUMNS, rows)) == rows


def test_usual_cases_cost_a_zero_and_exceptions_round_trip() -> None:
    """A bitmap of every month since enrolment and a name's usual sex are stored as 0;
    arrears, gaps and a sex unusual for the name are stored as themselves."""
    document = _document()
    paid = columns._unshuffle(document["data"][9], len(ROWS), "paid_bitmap")
    sex = columns._unshuffle(document["data"][5], len(ROWS), "sex")
    assert (paid == 0).mean() > 0.7 and (paid != 0).any()
    assert (sex == 0).mean() > 0.9
    usual = ROWS[0]
    unusual = [
        (usual[0] + 1, *usual[1:5], 2 if usual[5] == 1 else 1, *usual[6:]),  # the other sex
        (usual[0] + 2, *usual[1:9], 0b1011, *usual[10:]),  # gaps in the paid months
        (usual[0] + 3, *usual[1:7], 20261115, 24323, 0, *usual[10:]),  # enrolled last month
    ]
    rows = sorted([*ROWS, *unusual])
    assert columns.decode(columns.WIRE_COLUMNS, columns.encode(columns.WIRE_COLUMNS, rows)) == rows


def test_an_empty_part_round_trips() -> None:
    assert columns.decode(columns.WIRE_COLUMNS, columns.encode(columns.WIRE_COLUMNS, [])) == []


def test_the_writer_refuses_what_the_format_cannot_hold() -> None:
    bad_date = (*ROWS[0][:4], 20261301, *ROWS[0][5:])
    with pytest.raises(ValueError, match="YYYYMMDD"):
        columns.encode(columns.WIRE_COLUMNS, [bad_date])
    with pytest.raises(ValueError, match="sorted"):
        columns.encode(columns.WIRE_COLUMNS, [ROWS[1], ROWS[0]])


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


BAD = {
    "format_2": (_set(("format",), 2), "format 3"),
    "sex_hint_missing": (lambda d: d.pop("sex_hint"), "sex hints"),
    "sex_hint_short": (lambda d: d["sex_hint"].pop(), "sex hints"),
    "sex_hint_bool": (lambda d: d.update(sex_hint=[True] * len(d["text"])), "sex hints"),
    "sex_hint_huge": (lambda d: d.update(sex_hint=[2**70] * len(d["text"])), "sex hints"),
    "sex_garbage": (_set(("data", 5), {"width": 1, "bytes": b"\xff" * 500}), "bad value"),
    "paid_garbage": (_set(("data", 9), {"width": 8, "bytes": b"\xfe" * 4000}), "range"),
    "other_columns": (_set(("columns",), ["member_id"]), "unexpected columns"),
    "rows_negative": (_set(("rows",), -1), "row count"),
    "rows_huge": (_set(("rows",), 10**9), "row count"),
    "rows_bool": (_set(("rows",), True), "row count"),
    "rows_more_than_data": (_set(("rows",), 501), "wrong size"),
    "data_not_list": (_set(("data",), {"a": 1}), "does not match"),
    "data_short": (lambda d: d["data"].pop(), "does not match"),
    "width_3": (_set(("data", 1, "width"), 3), "wrong size"),
    "width_list": (_set(("data", 1, "width"), []), "wrong size"),
    "width_bool": (_set(("data", 1, "width"), True), "wrong size"),
    "bytes_text": (_set(("data", 1, "bytes"), "abc"), "wrong size"),
    "column_not_map": (_set(("data", 4), [1, 2]), "malformed"),
    "text_index_outside": (lambda d: d.update(text=[], sex_hint=[]), "outside its dictionary"),
    "text_entry_short": (_set(("text", 0), ["ONLY LATIN"]), "dictionary is malformed"),
    "text_entry_number": (_set(("text", 0), [5, "ក"]), "bad value"),
    "text_too_long": (_set(("text", 0), ["A" * 81, "ក"]), "bad value"),
    "text_empty": (_set(("text", 0), ["", "ក"]), "bad value"),
    "bool_2": (_set(("data", 12), {"width": 1, "bytes": b"\x02" * 500}), "bad value"),
    "birth_none": (_set(("data", 4), {"width": 1, "bytes": b"\x00" * 500}), "bad date"),
    "date_year_9999": (_set(("data", 4), {"width": 4, "bytes": b"\xff" * 2000}), "bad date"),
    "ids_zero": (_set(("data", 0), {"width": 1, "bytes": b"\x00" * 500}), "increasing"),
    "ids_repeat": (_set(("data", 0), {"width": 1, "bytes": b"\x01" + b"\x00" * 499}), "increasing"),
    "principal_garbage": (_set(("data", 10), {"width": 8, "bytes": b"\xfe" * 4000}), "range"),
    "principal_not_positive": (  # each member's principal would be number -5
        _set(("data", 10), columns._shuffled([2 * (r[0] + 5) + 1 for r in ROWS])),
        "bad value",
    ),
    "serial_out_of_range": (_set(("data", 1), {"width": 8, "bytes": b"\xff" * 4000}), "range"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_hostile_part_is_a_clear_wire_error(case: str) -> None:
    change, message = BAD[case]
    document = _document()
    change(document)
    with pytest.raises(WireError, match=message):
        columns.decode(columns.WIRE_COLUMNS, _blob(document))


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        b"not zstd",
        zstandard.ZstdCompressor().compress(b"\xff" * 100),
        zstandard.ZstdCompressor().compress(cbor2.dumps([1, 2, 3])),
        zstandard.ZstdCompressor().compress(b"\x9f" * 100_000),
    ],
    ids=["empty", "not_zstd", "not_cbor", "cbor_list", "deep_nesting"],
)
def test_garbage_instead_of_a_part_is_a_wire_error(blob: bytes) -> None:
    with pytest.raises(WireError):
        columns.decode(columns.WIRE_COLUMNS, blob)


def test_a_decompression_bomb_is_refused_before_it_fills_memory() -> None:
    bomb = zstandard.ZstdCompressor(level=1).compress(b"\x00" * (columns.MAX_PART_BYTES + 1))
    with pytest.raises(WireError, match="more than a part may hold"):
        columns.decode(columns.WIRE_COLUMNS, bomb)
    streamed = zstandard.ZstdCompressor(level=1, write_content_size=False)
    chunks = streamed.compressobj()
    undeclared = b"".join(chunks.compress(b"\x00" * 2**24) for _ in range(17)) + chunks.flush()
    with pytest.raises(WireError, match="cannot be decompressed"):
        columns.decode(columns.WIRE_COLUMNS, undeclared)


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=1, max_size=64), st.integers(min_value=0, max_value=10_000))
def test_a_part_with_bytes_overwritten_is_refused_or_decodes_to_checked_rows(
    patch: bytes, where: int
) -> None:
    body = bytearray(cbor2.dumps(_document(ROWS[:50])))
    at = where % len(body)
    body[at : at + len(patch)] = patch
    try:
        rows = columns.decode(
            columns.WIRE_COLUMNS, zstandard.ZstdCompressor().compress(bytes(body))
        )
    except WireError:
        return
    for row in rows:  # whatever got through is within the desk's limits
        assert len(row) == len(columns.WIRE_COLUMNS)
        assert isinstance(row[0], int) and 0 < row[0] < 2**62
        assert isinstance(row[2], str) and 0 < len(row[2]) <= 80
