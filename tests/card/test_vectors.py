"""Our reader against every public test vector in docs/card-qr-vectors.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hospital_desk.card.cose import ALG_EDDSA, ALG_ES256, decode_small, parse_sign1
from hospital_desk.card.qrtext import digits_to_bytes, normalise
from hospital_desk.card.vectors import run_vector
from hospital_desk.card.verify import CODES

DOCUMENT = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "card-qr-vectors.json").read_text("utf-8")
)
VECTORS: list[dict[str, Any]] = DOCUMENT["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_reader_gives_the_expected_result_for_each_vector(vector: dict[str, Any]) -> None:
    result = run_vector(vector, DOCUMENT["keys"])
    assert result.code == vector["expected"], result.detail
    if vector["expected"] == "valid":
        assert result.fields == vector["claims"]


def test_vectors_cover_every_result_code_and_both_algorithms_and_name_encodings() -> None:
    assert {v["expected"] for v in VECTORS} == set(CODES)
    valid = [v for v in VECTORS if v["expected"] == "valid"]
    assert {k["alg"] for k in DOCUMENT["keys"]} == {-7, -8}
    signed = [parse_sign1(digits_to_bytes(normalise(v["qr"]))) for v in valid]
    assert {s.alg for s in signed} == {ALG_ES256, ALG_EDDSA}  # what the cards carry
    khmer_names = [decode_small(s.payload, "payload").get(4) for s in signed]
    assert any(isinstance(n, bytes) for n in khmer_names)  # KH8
    assert any(isinstance(n, str) for n in khmer_names)  # UTF-8 text


def test_vectors_include_the_broken_containers_of_the_bad_input_list() -> None:
    names = {v["name"] for v in VECTORS if v["expected"] == "unreadable"}
    assert {"COSE with a 63-byte signature", "CBOR tag 17 (COSE_Mac0) instead of 18"} <= names
    assert "valid CBOR that is not COSE" in names
