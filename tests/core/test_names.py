"""Names are normalised so the same name typed in any code-point order is found."""

from __future__ import annotations

from hospital_desk.names import has_khmer, normalise_khmer, normalise_latin, normalise_query


def test_khmer_vowel_typed_before_subscript_matches_canonical_order() -> None:
    canonical = "ក្រា"  # KA, COENG RO, AA
    typed = "កា្រ"  # KA, AA, COENG RO: looks the same on screen
    assert normalise_khmer(typed) == normalise_khmer(canonical) == canonical


def test_khmer_register_shifter_and_vowel_in_either_order_match() -> None:
    assert normalise_khmer("ម៉ៅ") == normalise_khmer("មៅ៉")  # MO + triisap/musikatoan + AU


def test_khmer_invisible_joiners_and_extra_spaces_are_dropped() -> None:
    assert normalise_khmer("សុខ\u200b  សុភា ") == "សុខ សុភា"


def test_latin_names_are_upper_case_ascii_without_accents() -> None:
    assert normalise_latin("  sòk   Sophéa ") == "SOK SOPHEA"


def test_query_script_is_detected_from_the_text() -> None:
    assert normalise_query("sok") == ("SOK", False)
    assert normalise_query("សុខ") == ("សុខ", True)
    assert has_khmer("abc ក") and not has_khmer("abc")
