"""Review findings: inputs that used to raise or be read loosely, now each with a result.

Each test here but the last guard ones failed before its fix (a traceback, or a reading
too lenient for a contract that is "byte for byte").
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
from pathlib import Path

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from PIL import Image
from sqlalchemy import select

from hospital_desk.card.cose import sign1
from hospital_desk.card.issue import IssueError, issue_qr_text
from hospital_desk.card.pki import make_demo_pki, private_pem, trust_list_body
from hospital_desk.card.qrtext import bytes_to_text
from hospital_desk.card.reader import SERVER_TIME_KEY
from hospital_desk.card.render import png_bytes, render_card
from hospital_desk.card.trust import (
    TrustListError,
    held_trust_list,
    install_trust_list,
    parse_trust_list,
    sign_trust_list,
)
from hospital_desk.card.verify import ListEntry, VerifyContext, verify_text
from hospital_desk.cli import main
from hospital_desk.desk import Desk
from hospital_desk.members import format_member_number
from hospital_desk.schema import scan_log
from hospital_desk.storage import set_state
from tests.card.cardlab import KID_ES256, TODAY, CardLab

DAY = dt.timedelta(days=1)
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def _fields(lab: CardLab, **changes: object) -> dict[int, object]:
    fields: dict[int, object] = {
        1: lab.member().member_id,
        2: lab.member().card_serial,
        3: "SOK DARA",
        5: 19800101,
        6: 1,
        7: 1,
        10: int((TODAY - 20 * DAY).strftime("%Y%m%d")),
        11: int((TODAY + 1000 * DAY).strftime("%Y%m%d")),
    }
    for key, value in changes.items():
        fields[int(key.lstrip("f"))] = value
    return fields


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("member_id_beyond_14_digits", {"f1": 10**14}),
        ("member_id_beyond_64_bits", {"f1": 2**64 + 5}),  # CBOR bignum (tag 2)
        ("serial_beyond_32_bits", {"f2": 2**31}),
        ("principal_beyond_14_digits", {"f7": 4, "f8": 2**63, "f9": 2}),
    ],
)
def test_out_of_range_numbers_signed_by_nssf_are_invalid_content_and_logged(
    card_desk: Desk, lab: CardLab, name: str, change: dict[str, object]
) -> None:
    text = lab.signed_payload(_fields(lab, **change))
    outcome = card_desk.scan(text, on=TODAY)
    assert outcome.card.code == "invalid_content", name
    with card_desk.engine.connect() as connection:
        assert connection.execute(select(scan_log.c.code)).scalars().all() == ["invalid_content"]


def test_bytes_after_the_signed_payload_map_are_invalid_content(lab: CardLab) -> None:
    payload = cbor2.dumps(_fields(lab)) + b"\x00"
    text = bytes_to_text(sign1(payload, lab.pki.issuers[KID_ES256], KID_ES256))
    context = VerifyContext(
        trust=parse_trust_list(lab.pki.trust_list, [lab.pki.root_pem]), today=TODAY
    )
    assert verify_text(text, context).code == "invalid_content"


def test_key_past_its_verify_until_is_withdrawn_even_with_the_clock_set_back(
    lab: CardLab,
) -> None:
    trust = parse_trust_list(lab.pki.trust_list, [lab.pki.root_pem])
    verify_until = trust.keys[KID_ES256].verify_until
    text = lab.text(kid=KID_ES256)
    context = VerifyContext(trust=trust, today=TODAY, trusted_floor=verify_until + DAY)
    assert verify_text(text, context).code == "key_withdrawn"


def test_revoked_and_replaced_cards_stay_red_when_the_list_is_stale(lab: CardLab) -> None:
    trust = parse_trust_list(lab.pki.trust_list, [lab.pki.root_pem])
    member = lab.member()
    text = lab.text(member)

    def context(entry: ListEntry) -> VerifyContext:
        return VerifyContext(trust=trust, today=TODAY, list_stale=True, lookup=lambda _: entry)

    revoked = ListEntry(member.card_serial, {member.card_serial: "fraud"})
    assert verify_text(text, context(revoked)).code == "revoked"
    replaced = ListEntry(member.card_serial + 1)
    assert verify_text(text, context(replaced)).code == "replaced"
    current = ListEntry(member.card_serial)
    assert verify_text(text, context(current)).code == "not_in_list"


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("json_nested_200k_deep", b"[" * 200_000),
        ("object_nested_200k_deep", b'{"a":' * 100_000),
        ("not_utf8", b'{"format": "nssf-trust-list/1", "body": "\xff"}'),
    ],
)
def test_hostile_trust_list_documents_are_refused_with_a_message(
    lab: CardLab, name: str, document: bytes
) -> None:
    with pytest.raises(TrustListError):
        parse_trust_list(document, [lab.pki.root_pem])


def test_trust_list_in_utf16_is_refused_not_half_installed(card_desk: Desk, lab: CardLab) -> None:
    document = lab.pki.trust_list.decode().encode("utf-16")
    roots = [lab.pki.root_pem]
    with card_desk.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM sync_state WHERE key = 'card_trust_list'")
    with card_desk.engine.begin() as connection, pytest.raises(TrustListError, match="malformed"):
        install_trust_list(connection, document, roots)
    with card_desk.engine.connect() as connection:
        assert (
            connection.exec_driver_sql(
                "SELECT count(*) FROM sync_state WHERE key = 'card_trust_list'"
            ).scalar_one()
            == 0
        )


def test_packaged_baseline_is_used_until_a_list_is_installed_and_blocks_rollback(
    card_desk: Desk, lab: CardLab, tmp_path: Path
) -> None:
    pki = lab.pki
    baseline = tmp_path / "trust-list.json"
    newer = trust_list_body(pki.issuers, pki.statuses, pki.issued, version=5)
    baseline.write_bytes(sign_trust_list(newer, pki.root))
    roots = [pki.root_pem]
    with card_desk.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM sync_state WHERE key = 'card_trust_list'")
        held = held_trust_list(connection, roots, baseline=baseline)
        assert held is not None and held.version == 5
        with pytest.raises(TrustListError, match="older"):
            install_trust_list(connection, pki.trust_list, roots, baseline=baseline)


def test_baseline_not_signed_by_a_configured_root_is_ignored(
    card_desk: Desk, lab: CardLab, tmp_path: Path
) -> None:
    other = make_demo_pki(TODAY)
    baseline = tmp_path / "trust-list.json"
    baseline.write_bytes(other.trust_list)
    with card_desk.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM sync_state WHERE key = 'card_trust_list'")
        assert held_trust_list(connection, [lab.pki.root_pem], baseline=baseline) is None
        installed = install_trust_list(
            connection, lab.pki.trust_list, [lab.pki.root_pem], baseline=baseline
        )
    assert installed.version == 1


def test_malformed_server_time_in_the_sync_state_is_ignored(card_desk: Desk, lab: CardLab) -> None:
    with card_desk.engine.begin() as connection:
        set_state(connection, SERVER_TIME_KEY, "yesterday-ish")
    assert card_desk.scan(lab.text(), on=TODAY).card.code == "valid"


def test_scan_image_reads_a_printed_card(card_desk: Desk, lab: CardLab) -> None:
    member = lab.member()
    png = png_bytes(render_card(member, lab.text(member)))
    outcome = card_desk.scan_image(png, on=TODAY)
    assert outcome.card.code == "valid"
    assert outcome.check is not None and outcome.check.member.member_id == member.member_id


@pytest.mark.parametrize(
    ("name", "data"),
    [("empty", b""), ("text_file", b"hello"), ("truncated_png", b"\x89PNG\r\n\x1a\n\x00\x00")],
)
def test_scan_image_of_garbage_is_unreadable_not_an_exception(
    card_desk: Desk, name: str, data: bytes
) -> None:
    outcome = card_desk.scan_image(data, on=TODAY)
    assert outcome.card.code == "unreadable" and outcome.check is None
    assert outcome.card.messages["km"] and outcome.card.messages["en"]


def test_scan_image_with_no_qr_code_says_so_in_both_languages(card_desk: Desk) -> None:
    blank = png_bytes(Image.new("L", (400, 300), 255))
    outcome = card_desk.scan_image(blank, on=TODAY)
    assert outcome.card.code == "unreadable"
    assert outcome.card.message_code == "card.unreadable.no_qr"


def test_trust_list_signature_entry_with_a_list_as_root_is_refused(lab: CardLab) -> None:
    outer = json.loads(lab.pki.trust_list)
    outer["signatures"] = [{"root": [1], "signature": "AA=="}, ["x"], None]
    with pytest.raises(TrustListError, match="not signed"):
        parse_trust_list(json.dumps(outer).encode(), [lab.pki.root_pem])


def test_every_scan_outcome_says_as_of_when_the_member_list_is(
    card_desk: Desk, lab: CardLab, capsys: pytest.CaptureFixture[str]
) -> None:
    not_listed = card_desk.scan(lab.text(lab.member(listed=False)), on=TODAY)
    assert not_listed.card.code == "not_in_list"
    assert not_listed.list_as_of is not None
    assert card_desk.scan("garbage", on=TODAY).list_as_of == not_listed.list_as_of
    main(["card", "verify", "garbage", "--json", "--on", TODAY.isoformat()])
    assert json.loads(capsys.readouterr().out)["list_as_of"] == not_listed.list_as_of.isoformat()


def test_es256_high_s_twin_of_a_card_is_read_as_the_same_card(lab: CardLab) -> None:
    """ECDSA lets anyone turn (r, s) into (r, n - s). CARD_QR.md does not ask issuers for
    low-s signatures, so refusing the twin could refuse NSSF's own cards: the twin is
    accepted, and it is the same card (same signed fields), not a different one."""
    text = lab.text(kid=KID_ES256)
    value = int(text[4:])
    item = cbor2.loads(value.to_bytes((value.bit_length() + 7) // 8, "big"))
    protected, unprotected, payload, signature = item.value
    s = int.from_bytes(signature[32:], "big")
    twin_signature = signature[:32] + (P256_ORDER - s).to_bytes(32, "big")
    twin = bytes_to_text(
        cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, payload, twin_signature]))
    )
    assert twin != text
    context = VerifyContext(
        trust=parse_trust_list(lab.pki.trust_list, [lab.pki.root_pem]), today=TODAY
    )
    original, copy = verify_text(text, context), verify_text(twin, context)
    assert (copy.code, copy.fields) == (original.code, original.fields) == ("valid", copy.fields)


@pytest.mark.parametrize(
    ("name", "khmer"),
    [
        ("kh8_nul", bytes([0x01, 0x80, 0x02])),  # 0x80 is ASCII 0: NUL
        ("kh8_line_feed", bytes([0x01, 0x8A, 0x02])),
        ("utf8_line_feed", "\u1780\n\u1781"),
        ("utf8_right_to_left_override", "\u1780\u202e\u1781"),
        ("utf8_bidi_isolate", "\u2066\u1780"),
    ],
)
def test_khmer_name_with_control_or_bidi_characters_is_invalid_content(
    lab: CardLab, name: str, khmer: object
) -> None:
    text = lab.signed_payload(_fields(lab, f4=khmer))
    context = VerifyContext(
        trust=parse_trust_list(lab.pki.trust_list, [lab.pki.root_pem]), today=TODAY
    )
    assert verify_text(text, context).code == "invalid_content", name


def test_khmer_name_with_zero_width_space_and_kh8_hyphen_is_accepted(lab: CardLab) -> None:
    """U+200B marks word breaks in Khmer; KH8 0xAD is a hyphen: both are ordinary."""
    context = VerifyContext(
        trust=parse_trust_list(lab.pki.trust_list, [lab.pki.root_pem]), today=TODAY
    )
    for khmer in ("\u1780\u200b\u1781", bytes([0x01, 0xAD, 0x02])):
        result = verify_text(lab.signed_payload(_fields(lab, f4=khmer)), context)
        assert result.code == "valid", khmer


@pytest.mark.parametrize(
    ("name", "change", "expires", "kid"),
    [
        ("kid_beyond_two_bytes", {}, None, 70_000),
        ("negative_kid", {}, None, -1),
        ("accented_latin_name", {"name_latin": "JOSÉ SOK"}, None, KID_ES256),
        ("latin_name_of_41_characters", {"name_latin": "A" * 41}, None, KID_ES256),
        ("khmer_name_of_41_characters", {"name_khmer": "ក" * 41}, None, KID_ES256),
        ("expiry_before_issue", {}, TODAY - 30 * DAY, KID_ES256),
    ],
)
def test_issuing_refuses_a_card_the_reader_would_refuse(
    lab: CardLab, name: str, change: dict[str, object], expires: dt.date | None, kid: int
) -> None:
    member = dataclasses.replace(lab.member(), **change)  # type: ignore[arg-type]
    with pytest.raises(IssueError):
        issue_qr_text(member, lab.pki.issuers[KID_ES256], kid, TODAY - DAY, expires)


def test_cli_issue_with_an_impossible_kid_is_a_message_not_a_traceback(
    card_desk: Desk, lab: CardLab, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "issuer.pem"
    key.write_bytes(private_pem(lab.pki.issuers[KID_ES256]))
    number = format_member_number(lab.member().member_id)
    assert main(["card", "issue", number, "--key", str(key), "--kid", "70000"]) == 2
    assert "0-65535" in capsys.readouterr().err


def _unknown_curve_pem() -> bytes:
    """A P-256 public key whose curve OID is changed to one no library supports."""
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    der = key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    der = der.replace(bytes.fromhex("2a8648ce3d030107"), bytes.fromhex("2a8648ce3d030109"))
    body = base64.encodebytes(der).decode()
    return f"-----BEGIN PUBLIC KEY-----\n{body}-----END PUBLIC KEY-----\n".encode()


@pytest.mark.parametrize("kind", ["unknown_curve", "brainpool_curve"])
def test_root_signed_list_with_an_unusable_card_key_is_refused_with_a_message(
    lab: CardLab, kind: str
) -> None:
    pki = lab.pki
    body = trust_list_body(pki.issuers, pki.statuses, pki.issued, version=2)
    if kind == "unknown_curve":
        pem = _unknown_curve_pem()
    else:
        other = ec.generate_private_key(ec.BrainpoolP256R1()).public_key()
        pem = other.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    body["keys"][0]["public_key_pem"] = pem.decode()  # type: ignore[index]
    with pytest.raises(TrustListError, match="key 7"):
        parse_trust_list(sign_trust_list(body, pki.root), [pki.root_pem])


def test_configured_root_on_an_unknown_curve_is_a_configuration_message(lab: CardLab) -> None:
    with pytest.raises(TrustListError, match="not a PEM public key"):
        parse_trust_list(lab.pki.trust_list, [_unknown_curve_pem()])


def test_an_old_serial_revoked_as_replaced_says_ask_for_the_newer_card(lab: CardLab) -> None:
    """NSSF's list (and the reference server) records a replaced card's old serial as
    revoked with the reason "replaced": that is the `replaced` result, not "cancelled"."""
    trust = parse_trust_list(lab.pki.trust_list, [lab.pki.root_pem])
    member = lab.member()
    text = lab.text(member)

    def result(entry: ListEntry) -> tuple[str, str]:
        context = VerifyContext(trust=trust, today=TODAY, lookup=lambda _: entry)
        outcome = verify_text(text, context)
        return outcome.code, outcome.message_code

    newer = member.card_serial + 1
    assert result(ListEntry(newer, {member.card_serial: "replaced"})) == (
        "replaced",
        "card.replaced",
    )
    # "replaced" on the serial the list holds as current is contradictory: cancelled, red.
    contradictory = ListEntry(member.card_serial, {member.card_serial: "replaced"})
    assert result(contradictory) == ("revoked", "card.revoked.other")
    assert result(ListEntry(newer, {member.card_serial: "fraud"}))[0] == "revoked"
