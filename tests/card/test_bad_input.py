"""Hostile and broken scans: each gets its own clear result, never an exception or a hang."""

from __future__ import annotations

import datetime as dt

import cbor2
import pytest

from hospital_desk.card.cose import parse_sign1
from hospital_desk.card.pki import KID_ES256
from hospital_desk.card.qrtext import bytes_to_text, classify, digits_to_bytes, normalise
from hospital_desk.card.trust import parse_trust_list
from hospital_desk.card.verify import CardResult, VerifyContext, verify_text
from tests.card.cardlab import TODAY, CardLab


def _verify(lab: CardLab, text: str) -> CardResult:
    trust = parse_trust_list(lab.pki.trust_list, [lab.pki.root_pem])
    return verify_text(text, VerifyContext(trust=trust, today=TODAY))


def _cose_text(item: object) -> str:
    return bytes_to_text(cbor2.dumps(item))


def _resigned_parts(lab: CardLab) -> list[object]:
    """The four parts of a genuine card's COSE_Sign1."""
    sign1 = parse_sign1(digits_to_bytes(lab.text()))
    return [sign1.protected, {}, sign1.payload, sign1.signature]


def test_khmer_and_full_width_digits_and_scanner_line_ends_are_normalised(lab: CardLab) -> None:
    text = lab.text()
    khmer = text.translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))
    full = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    for variant in (khmer + "\r\n", " " + full + "\t", text[:50] + " \n" + text[50:]):
        assert normalise(variant) == text
        assert _verify(lab, variant).code == "valid"


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("empty", "", "unreadable"),
        ("only_whitespace", " \r\n\t", "unreadable"),
        ("url", "https://nssf.gov.kh/card?id=123", "not_nssf"),
        ("random_digits", "12345678901234567890", "not_nssf"),
        ("hundred_kb_of_digits", "8551" + "7" * 100_000, "unreadable"),
        ("hundred_kb_of_letters", "x" * 100_000, "unreadable"),
        ("prefix_then_letters_wrong_layout", "8551ab7cd9", "unreadable"),
        ("azerty_layout_typed_symbols", "(((&é\"'(-è_çà", "unreadable"),
        ("leading_zero_after_prefix", "85510123", "unreadable"),
        ("prefix_only", "8551", "unreadable"),
        ("cambodian_mobile_number", "85512345678", "not_nssf"),
        ("cambodian_mobile_number_with_plus", "+855 12 345 678", "not_nssf"),
        ("cambodian_number_9_digits", "+855969123456", "not_nssf"),
        ("card_cut_to_a_phone_numbers_length_plus_one", "8551234567890", "unreadable"),
    ],
)
def test_garbage_scans_get_their_own_result(lab: CardLab, name: str, text: str, code: str) -> None:
    assert _verify(lab, text).code == code, name


def test_truncated_card_at_every_length_is_unreadable_never_valid(lab: CardLab) -> None:
    text = lab.text()
    codes = {_verify(lab, text[:cut]).code for cut in range(len(text))}
    assert codes <= {"unreadable", "not_nssf", "unsupported_version"}


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("cbor_that_is_not_cose", lambda parts: _cose_text({"hello": "world"})),
        ("tag_other_than_18", lambda parts: _cose_text(cbor2.CBORTag(98, parts))),
        ("untagged_array", _cose_text),
        ("three_items", lambda parts: _cose_text(cbor2.CBORTag(18, parts[:3]))),
        (
            "signature_63_bytes",
            lambda parts: _cose_text(cbor2.CBORTag(18, [*parts[:3], b"x" * 63])),
        ),
        (
            "signature_65_bytes",
            lambda parts: _cose_text(cbor2.CBORTag(18, [*parts[:3], b"x" * 65])),
        ),
        (
            "unprotected_not_empty",
            lambda parts: _cose_text(cbor2.CBORTag(18, [parts[0], {4: b"\0\7"}, *parts[2:]])),
        ),
        (
            "protected_not_cbor",
            lambda parts: _cose_text(cbor2.CBORTag(18, [b"\xff\xff", {}, *parts[2:]])),
        ),
        ("nested_arrays_400_deep", lambda parts: bytes_to_text(b"\xd2" + b"\x81" * 400 + b"\x00")),
        (
            "declared_length_of_2_to_60",
            lambda parts: bytes_to_text(b"\xd2\x84\x5b" + (1 << 60).to_bytes(8, "big")),
        ),
        ("indefinite_length_array", lambda parts: bytes_to_text(b"\xd2\x9f\x40\xa0\x40\x40\xff")),
    ],
)
def test_malformed_cose_is_unreadable(lab: CardLab, name: str, build: object) -> None:
    text = build(_resigned_parts(lab))  # type: ignore[operator]
    result = _verify(lab, text)
    assert result.code == "unreadable", (name, result.detail)
    assert result.fields == {}


def test_altered_name_re_encoded_fails_the_signature(lab: CardLab) -> None:
    protected, _, payload, signature = _resigned_parts(lab)
    fields = cbor2.loads(payload)  # type: ignore[arg-type]
    fields[3] = "SOMEONE ELSE"
    text = _cose_text(cbor2.CBORTag(18, [protected, {}, cbor2.dumps(fields), signature]))
    assert _verify(lab, text).code == "signature_failed"


def test_payload_with_huge_nested_items_signed_by_nssf_is_invalid_content(lab: CardLab) -> None:
    deep: object = 0
    for _ in range(200):
        deep = [deep]
    text = lab.signed_payload(
        {1: 1, 2: 1, 3: "A", 5: 19900101, 10: 20260101, 11: 20300101, 12: deep}
    )
    assert _verify(lab, text).code == "invalid_content"


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("missing_expiry", {1: 5, 2: 1, 3: "A", 5: 19900101, 10: 20260101}),
        ("lower_case_latin_name", {1: 5, 2: 1, 3: "a", 5: 19900101, 10: 20260101, 11: 20300101}),
        ("name_over_40", {1: 5, 2: 1, 3: "A" * 41, 5: 19900101, 10: 20260101, 11: 20300101}),
        ("impossible_birth_date", {1: 5, 2: 1, 3: "A", 5: 19901301, 10: 20260101, 11: 20300101}),
        ("expiry_before_issue", {1: 5, 2: 1, 3: "A", 5: 19900101, 10: 20260101, 11: 20250101}),
        ("negative_member_id", {1: -5, 2: 1, 3: "A", 5: 19900101, 10: 20260101, 11: 20300101}),
        ("text_keys", {"1": 5, 2: 1, 3: "A", 5: 19900101, 10: 20260101, 11: 20300101}),
        (
            "dependant_without_principal",
            {1: 5, 2: 1, 3: "A", 5: 19900101, 7: 4, 10: 20260101, 11: 20300101},
        ),
        ("bad_sex_code", {1: 5, 2: 1, 3: "A", 5: 19900101, 6: 3, 10: 20260101, 11: 20300101}),
        ("payload_not_a_map", [1, 2, 3]),
    ],
)
def test_signed_claims_that_break_the_schema_are_invalid_content(
    lab: CardLab, name: str, fields: object
) -> None:
    text = lab.signed_payload(fields, kid=KID_ES256)  # type: ignore[arg-type]
    assert _verify(lab, text).code == "invalid_content", name


def test_partial_birth_dates_are_accepted(lab: CardLab) -> None:
    fields = {1: 5, 2: 1, 3: "A", 5: 19900000, 10: 20260101, 11: 20300101}
    result = _verify(lab, lab.signed_payload(fields))
    assert result.code == "valid"
    assert result.fields["5"] == 19900000


def test_classify_refuses_oversized_input_before_any_work() -> None:
    kind, clean = classify("8" * 5_000_000)
    assert (kind.value, clean) == ("too_long", "")


def test_issue_dates_in_the_far_past_do_not_crash(lab: CardLab) -> None:
    text = lab.text(issued=dt.date(1990, 1, 1), expires=dt.date(1995, 1, 1))
    assert _verify(lab, text).code == "invalid_content"  # outside the key's signing period


def test_unknown_future_field_with_a_plain_value_is_ignored(lab: CardLab) -> None:
    fields = {1: 5, 2: 1, 3: "A", 5: 19900101, 10: 20260101, 11: 20300101, 12: 7}
    assert _verify(lab, lab.signed_payload(fields)).code == "valid"
