"""Our reader against every public test vector in docs/card-qr-vectors.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

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
    names = [v["name"] for v in valid]
    assert any("ES256" in n for n in names) and any("Ed25519" in n for n in names)
    assert any("KH8" in n for n in names) and any("UTF-8" in n for n in names)
