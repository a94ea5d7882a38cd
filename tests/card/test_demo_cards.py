"""The demo's printable test cards read back with the result their file name promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from hospital_desk.card.decode import decode_image
from hospital_desk.cli import main
from hospital_desk.desk import Desk

EXPECTED = {
    "valid": "valid",
    "eligible": "valid",
    "expired": "expired",
    "revoked": "revoked",
    "replaced": "replaced",
    "forged": "signature_failed",
}


def test_test_cards_command_prints_cards_that_scan_as_named(
    desk_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys, cards = tmp_path / "keys", tmp_path / "cards"
    assert main(["members", "load-synthetic", "3000", "--seed", "1"]) == 0
    assert main(["card", "demo-keys", str(keys), "--configure"]) == 0
    assert main(["card", "test-cards", str(cards), "--keys", str(keys)]) == 0
    pngs = sorted(cards.glob("*.png"))
    assert {p.stem.split("-")[0] for p in pngs} >= set(EXPECTED)
    desk = Desk.open()
    try:
        for png in pngs:
            [text] = decode_image(png.read_bytes())
            assert desk.scan(text).card.code == EXPECTED[png.stem.split("-")[0]], png.name
            assert png.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    finally:
        desk.close()
