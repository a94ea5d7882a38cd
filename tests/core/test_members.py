"""NSSF numbers as receptionists type them and scanners send them."""

from __future__ import annotations

import pytest

from hospital_desk.errors import MemberNumberError
from hospital_desk.members import format_member_number, normalise_digits, parse_member_number


@pytest.mark.parametrize(
    "text",
    [
        "1234567-8901234",
        "12345678901234",
        " 1234567 8901234 ",
        "១២៣៤៥៦៧-៨៩០១២៣៤",
        "１２３４５６７８９０１２３４",
        "1234567-8901234-5",
        "1234567-8901234ក",
        "1234567–8901234\r\n",
    ],
    ids=[
        "hyphen",
        "bare",
        "spaces",
        "khmer_digits",
        "full_width",
        "digit_suffix",
        "khmer_letter_suffix",
        "en_dash_and_crlf",
    ],
)
def test_member_number_is_accepted_in_every_printed_form(text: str) -> None:
    assert parse_member_number(text) == 12345678901234


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "14 digits, like"),
        ("123", "this one has 3"),
        ("1234567-890123X", "14 digits, like"),
        ("12345678901234567", "this one has 17"),
        ("9" * 10_000, "far too long"),
        ("DROP TABLE members", "14 digits, like"),
    ],
    ids=["empty", "too_short", "letter", "too_long", "hostile_size", "sql_text"],
)
def test_bad_member_number_gets_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(MemberNumberError, match=message):
        parse_member_number(text)


def test_member_number_prints_with_the_bank_hyphen() -> None:
    assert format_member_number(12345678901234) == "1234567-8901234"
    assert format_member_number(123) == "0000000-0000123"


def test_khmer_and_other_unicode_digits_become_ascii() -> None:
    assert normalise_digits("០៩ ٣ x") == "09 3 x"
