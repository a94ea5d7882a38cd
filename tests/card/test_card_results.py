"""Every row of CARD_QR.md's result table, through the core API and through the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from hospital_desk.card.reader import SERVER_TIME_KEY
from hospital_desk.card.verify import CODES
from hospital_desk.cli import main
from hospital_desk.desk import Desk
from hospital_desk.schema import scan_log
from hospital_desk.storage import set_state
from tests.card.cardlab import (
    KID_COMPROMISED,
    KID_ED25519,
    KID_ES256,
    KID_RETIRED,
    TODAY,
    CardLab,
    attacker_key,
)

Case = Callable[[CardLab], tuple[str, dt.date]]
DAY = dt.timedelta(days=1)


def _valid_es256(lab: CardLab) -> tuple[str, dt.date]:
    return lab.text(kid=KID_ES256), TODAY


def _valid_ed25519(lab: CardLab) -> tuple[str, dt.date]:
    return lab.text(kid=KID_ED25519), TODAY


def _valid_retired_key_within_its_period(lab: CardLab) -> tuple[str, dt.date]:
    return lab.text(kid=KID_RETIRED, issued=TODAY - 500 * DAY), TODAY


def _member_not_in_list(lab: CardLab) -> tuple[str, dt.date]:
    return lab.text(lab.member(listed=False)), TODAY


def _stale_list(lab: CardLab) -> tuple[str, dt.date]:
    return lab.text(), TODAY + 30 * DAY


def _khqr_payment_code(lab: CardLab) -> tuple[str, dt.date]:
    return (
        "00020101021229180014khqr@aclbkhpp5204599953031165802KH5909SHOP6010PHNOM PENH6304ABCD",
        TODAY,
    )


def _newer_format(lab: CardLab) -> tuple[str, dt.date]:
    return "8552" + lab.text()[4:], TODAY


def _truncated_scan(lab: CardLab) -> tuple[str, dt.date]:
    return lab.text()[:-25], TODAY


def _unknown_kid(lab: CardLab) -> tuple[str, dt.date]:
    return lab.text(kid=4242, key=attacker_key(KID_ES256)), TODAY


def _attacker_key_under_real_kid(lab: CardLab) -> tuple[str, dt.date]:
    return lab.text(kid=KID_ES256, key=attacker_key(KID_ES256)), TODAY


def _alg_differs_from_the_kids(lab: CardLab) -> tuple[str, dt.date]:
    return lab.text(kid=KID_ES256, key=lab.pki.issuers[KID_ED25519]), TODAY


def _signed_but_malformed(lab: CardLab) -> tuple[str, dt.date]:
    return lab.signed_payload({1: 123, 2: 1, 3: "lower case", 5: 19900101, 10: 20260101}), TODAY


def _compromised_key(lab: CardLab) -> tuple[str, dt.date]:
    return lab.text(kid=KID_COMPROMISED), TODAY


def _issued_tomorrow(lab: CardLab) -> tuple[str, dt.date]:
    return lab.text(issued=TODAY + DAY), TODAY


def _expired(lab: CardLab) -> tuple[str, dt.date]:
    return lab.text(issued=TODAY - 900 * DAY, expires=TODAY - DAY), TODAY


def _replaced(lab: CardLab) -> tuple[str, dt.date]:
    member = lab.member(renewed=True)
    return lab.text(dataclasses.replace(member, card_serial=member.card_serial - 1)), TODAY


def _revoked(lab: CardLab) -> tuple[str, dt.date]:
    member, serial = lab.revoked[0]
    return lab.text(dataclasses.replace(member, card_serial=serial)), TODAY


def _newer_than_the_list(lab: CardLab) -> tuple[str, dt.date]:
    member = lab.member()
    return lab.text(dataclasses.replace(member, card_serial=member.card_serial + 1)), TODAY


TABLE: list[tuple[str, Case, str, str]] = [
    ("valid_es256_card", _valid_es256, "valid", "green"),
    ("valid_ed25519_card", _valid_ed25519, "valid", "green"),
    ("valid_card_of_a_retired_key", _valid_retired_key_within_its_period, "valid", "green"),
    ("genuine_card_member_not_in_list", _member_not_in_list, "not_in_list", "amber"),
    ("genuine_card_list_stale", _stale_list, "not_in_list", "amber"),
    ("khqr_payment_code", _khqr_payment_code, "not_nssf", "grey"),
    ("newer_format_version", _newer_format, "unsupported_version", "amber"),
    ("truncated_scan", _truncated_scan, "unreadable", "amber"),
    ("kid_not_in_recent_trust_list", _unknown_kid, "unknown_key", "red"),
    ("attacker_key_under_real_kid", _attacker_key_under_real_kid, "signature_failed", "red"),
    ("alg_differs_from_kid", _alg_differs_from_the_kids, "signature_failed", "red"),
    ("signed_but_malformed_claims", _signed_but_malformed, "invalid_content", "amber"),
    ("compromised_key", _compromised_key, "key_withdrawn", "red"),
    ("issue_date_after_today", _issued_tomorrow, "not_yet_valid", "amber"),
    ("expired_card", _expired, "expired", "amber"),
    ("replaced_card", _replaced, "replaced", "red"),
    ("revoked_card", _revoked, "revoked", "red"),
    ("serial_newer_than_list", _newer_than_the_list, "list_out_of_date", "amber"),
]


@pytest.mark.parametrize(
    ("case", "expected", "colour"), [t[1:] for t in TABLE], ids=[t[0] for t in TABLE]
)
def test_core_api_gives_each_table_result(
    card_desk: Desk, lab: CardLab, case: Case, expected: str, colour: str
) -> None:
    text, on = case(lab)
    outcome = card_desk.scan(text, on=on)
    assert (outcome.card.code, outcome.card.colour) == (expected, colour), outcome.card.detail
    assert outcome.card.messages["km"] and outcome.card.messages["en"]
    assert outcome.card.messages["km"] != outcome.card.messages["en"]
    if expected == "valid":
        assert outcome.check is not None
        assert outcome.check.member is not None
        assert outcome.card.fields["1"] == outcome.check.member_id


@pytest.mark.parametrize(
    ("case", "expected", "colour"), [t[1:] for t in TABLE], ids=[t[0] for t in TABLE]
)
def test_cli_verify_gives_each_table_result(
    *,
    card_desk: Desk,
    lab: CardLab,
    case: Case,
    expected: str,
    colour: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    text, on = case(lab)
    rc = main(["card", "verify", text, "--json", "--on", on.isoformat()])
    answer = json.loads(capsys.readouterr().out)
    assert (answer["code"], answer["colour"]) == (expected, colour)
    assert rc == (0 if colour == "green" else 1)
    assert answer["message"]["km"] and answer["message"]["en"]


def test_every_result_code_of_the_contract_is_in_the_table() -> None:
    assert {row[2] for row in TABLE} == set(CODES)


def test_unknown_kid_is_amber_when_the_trust_list_is_old(card_desk: Desk, lab: CardLab) -> None:
    text, _ = _unknown_kid(lab)
    outcome = card_desk.scan(text, on=TODAY + 90 * DAY)
    assert (outcome.card.code, outcome.card.colour) == ("unknown_key", "amber")
    assert "Sync" in outcome.card.messages["en"]


def test_signed_fields_are_shown_only_after_the_signature_verified(
    card_desk: Desk, lab: CardLab
) -> None:
    forged = card_desk.scan(_attacker_key_under_real_kid(lab)[0], on=TODAY)
    assert forged.card.fields == {} and forged.check is None
    genuine = card_desk.scan(lab.text(), on=TODAY)
    assert genuine.card.fields["3"] == lab.member().name_latin


def test_khmer_name_travels_as_kh8_and_utf8(card_desk: Desk, lab: CardLab) -> None:
    member = lab.member()
    kh8 = card_desk.scan(lab.text(member), on=TODAY).card
    odd = dataclasses.replace(member, name_khmer=member.name_khmer + "ៗ(x)")  # '(' needs UTF-8
    utf8 = card_desk.scan(lab.text(odd), on=TODAY).card
    assert kh8.fields["4"] == member.name_khmer
    assert utf8.fields["4"] == odd.name_khmer
    assert len(lab.text(odd)) > len(lab.text(member))  # UTF-8 costs about three bytes a letter


def test_clock_set_in_the_past_is_told_and_cannot_revive_an_expired_card(
    card_desk: Desk, lab: CardLab
) -> None:
    with card_desk.engine.begin() as connection:
        set_state(connection, SERVER_TIME_KEY, (TODAY + 400 * DAY).isoformat() + "T08:00:00Z")
    text = lab.text(issued=TODAY - 30 * DAY, expires=TODAY + 100 * DAY)
    outcome = card_desk.scan(text, on=TODAY)  # the PC says TODAY; the server said +400 days
    assert outcome.card.code == "expired"
    assert outcome.card.warnings[0][0] == "card.warning.clock_behind"


def test_newest_issue_date_seen_raises_the_trusted_time_floor(
    card_desk: Desk, lab: CardLab
) -> None:
    card_desk.scan(lab.text(issued=TODAY + 10 * DAY), on=TODAY + 10 * DAY)  # a genuine new card
    old_clock = card_desk.scan(lab.text(issued=TODAY - 30 * DAY), on=TODAY)
    assert [w[0] for w in old_clock.card.warnings] == ["card.warning.clock_behind"]


def test_every_scan_is_logged_with_ids_only(card_desk: Desk, lab: CardLab) -> None:
    card_desk.scan(lab.text(), on=TODAY)
    card_desk.scan("garbage", on=TODAY)
    with card_desk.engine.connect() as connection:
        rows = connection.execute(select(scan_log).order_by(scan_log.c.id)).all()
    assert [(r.code, r.member_id is not None) for r in rows] == [
        ("valid", True),
        ("not_nssf", False),
    ]
    assert set(rows[0]._mapping) == {
        "id",
        "at",
        "code",
        "kid",
        "member_id",
        "card_serial",
        "uploaded",
    }


def test_desk_with_no_trust_root_configured_cannot_confirm_any_card(
    desk_home: Path, lab: CardLab
) -> None:
    desk = Desk.open()
    try:
        outcome = desk.scan(lab.text(), on=TODAY)
    finally:
        desk.close()
    assert (outcome.card.code, outcome.card.colour) == ("unknown_key", "amber")
    assert outcome.card.warnings[0][0] == "card.warning.no_trust_list"
