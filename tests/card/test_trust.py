"""The trust list: signed by a pinned root, versioned, never rolled back."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from hospital_desk.card.pki import DemoPki, public_pem, trust_list_body
from hospital_desk.card.trust import (
    MAX_DOCUMENT,
    TrustListError,
    install_trust_list,
    parse_trust_list,
    read_roots,
    sign_trust_list,
)
from hospital_desk.cli import main
from hospital_desk.desk import Desk


def _version(pki: DemoPki, version: int, root: ed25519.Ed25519PrivateKey | None = None) -> bytes:
    body = trust_list_body(pki.issuers, pki.statuses, pki.issued, version)
    return sign_trust_list(body, root or pki.root)


def _roots(desk: Desk) -> tuple[bytes, ...]:
    return read_roots(desk.settings.trust_roots)


def test_newer_trust_list_replaces_the_held_one(card_desk: Desk, pki: DemoPki) -> None:
    with card_desk.engine.begin() as connection:
        assert install_trust_list(connection, _version(pki, 2), _roots(card_desk)).version == 2


def test_older_trust_list_is_refused_and_the_held_one_stays(card_desk: Desk, pki: DemoPki) -> None:
    with card_desk.engine.begin() as connection:
        install_trust_list(connection, _version(pki, 3), _roots(card_desk))
    with card_desk.engine.begin() as connection, pytest.raises(TrustListError, match="older"):
        install_trust_list(connection, _version(pki, 2), _roots(card_desk))


def test_same_version_with_other_content_is_refused(card_desk: Desk, pki: DemoPki) -> None:
    body = trust_list_body(pki.issuers, pki.statuses, pki.issued, 1)
    body["issued"] = "2020-01-01"
    with card_desk.engine.begin() as connection, pytest.raises(TrustListError, match="differs"):
        install_trust_list(connection, sign_trust_list(body, pki.root), _roots(card_desk))


def test_list_signed_by_another_root_is_refused(pki: DemoPki) -> None:
    other = ed25519.Ed25519PrivateKey.generate()
    with pytest.raises(TrustListError, match="not signed by a configured"):
        parse_trust_list(_version(pki, 5, root=other), [pki.root_pem])


def test_tampered_body_is_refused(pki: DemoPki) -> None:
    document = json.loads(pki.trust_list)
    body = json.loads(base64.b64decode(document["body"]))
    body["keys"][0]["status"] = "active"
    body["keys"].append(dict(body["keys"][0], kid=99))
    document["body"] = base64.b64encode(json.dumps(body).encode()).decode()
    with pytest.raises(TrustListError, match="not signed"):
        parse_trust_list(json.dumps(document).encode(), [pki.root_pem])


@pytest.mark.parametrize(
    ("name", "document", "message"),
    [
        ("not_json", b"\x00\x01garbage", "malformed"),
        ("wrong_format", b'{"format": "other/1"}', "not a trust list"),
        (
            "body_not_base64",
            b'{"format": "nssf-trust-list/1", "body": "%%%", "signatures": []}',
            "malformed",
        ),
        ("oversized", b" " * (MAX_DOCUMENT + 1), "too large"),
        ("truncated", None, "malformed"),
    ],
)
def test_malformed_trust_lists_get_a_clear_message(
    pki: DemoPki, name: str, document: bytes | None, message: str
) -> None:
    data = document if document is not None else pki.trust_list[: len(pki.trust_list) // 2]
    with pytest.raises(TrustListError, match=message):
        parse_trust_list(data, [pki.root_pem])


def test_key_whose_alg_does_not_match_its_public_key_is_refused(pki: DemoPki) -> None:
    body = trust_list_body(pki.issuers, pki.statuses, pki.issued, 9)
    body["keys"][0]["alg"] = -8  # kid 7 is a P-256 key  # type: ignore[index]
    with pytest.raises(TrustListError, match="does not match its alg"):
        parse_trust_list(sign_trust_list(body, pki.root), [pki.root_pem])


def test_no_configured_root_means_no_trust_list(pki: DemoPki) -> None:
    with pytest.raises(TrustListError, match="no trust root"):
        parse_trust_list(pki.trust_list, [])


def test_root_that_is_not_ed25519_pem_is_a_configuration_error(pki: DemoPki) -> None:
    with pytest.raises(TrustListError, match="PEM"):
        parse_trust_list(pki.trust_list, [b"not a key"])
    p256 = pki.issuers[7].public_key()
    with pytest.raises(TrustListError, match="Ed25519"):
        parse_trust_list(pki.trust_list, [public_pem(p256)])  # type: ignore[arg-type]


def test_cli_refuses_an_older_trust_list_with_a_message(
    card_desk: Desk, pki: DemoPki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newer, older = tmp_path / "v4.json", tmp_path / "v2.json"
    newer.write_bytes(_version(pki, 4))
    older.write_bytes(_version(pki, 2))
    assert main(["card", "trust-install", str(newer)]) == 0
    assert main(["card", "trust-install", str(older)]) == 1
    assert "older than the one held (4)" in capsys.readouterr().err


def test_demo_keys_command_writes_test_keys_and_makes_the_desk_trust_them(
    desk_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "keys"
    assert (
        main(
            [
                "card",
                "demo-keys",
                str(keys),
                "--configure",
                "--on",
                dt.date(2026, 12, 1).isoformat(),
            ]
        )
        == 0
    )
    assert (keys / "TEST-KEYS-NOT-FOR-PRODUCTION.txt").exists()
    assert oct((keys / "issuer-7.pem").stat().st_mode)[-3:] == "600"
    assert 'trust_roots = ["roots/test-root.pem"]' in (desk_home / "config.toml").read_text()


def test_demo_keys_config_lines_make_a_fresh_desk_trust_the_test_root(
    desk_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "keys"
    assert main(["card", "demo-keys", str(keys)]) == 0
    lines = (keys / "desk-config.toml").read_text()
    assert lines in capsys.readouterr().out
    (desk_home / "config.toml").write_text(lines)  # what an installer or a person would do
    assert main(["card", "trust-install", str(keys / "trust-list.json")]) == 0
    assert "version 1 (4 keys) installed" in capsys.readouterr().out
