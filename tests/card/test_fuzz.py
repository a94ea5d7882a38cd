"""Property: mutating a genuine card's text never yields "valid", never raises, stays fast.

At least 20,000 examples run in CI (HYPOTHESIS_PROFILE=ci is the default here). The time
bound is on the thread's CPU time, so a busy machine does not make it fail.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hospital_desk.card.pki import make_demo_pki
from hospital_desk.card.qrtext import normalise
from hospital_desk.card.trust import parse_trust_list
from hospital_desk.card.verify import VerifyContext, verify_text
from tests.card.cardlab import TODAY, CardLab, make_lab

CPU_LIMIT = 0.050  # seconds of CPU per scanned text


@cache
def _lab() -> CardLab:
    """One lab (keys, cards) for the whole property run."""
    return make_lab(make_demo_pki(TODAY))


def _genuine() -> list[str]:
    lab = _lab()
    return [lab.text(kid=7), lab.text(kid=8), lab.text(lab.member(listed=False), kid=8)]


DIGITS = st.sampled_from("0123456789")
mutation = st.one_of(
    st.tuples(st.just("replace"), st.integers(0, 10_000), DIGITS),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.text(min_size=1, max_size=3)),
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.integers(1, 20)),
    st.tuples(st.just("truncate"), st.integers(0, 10_000), st.just(0)),
    st.tuples(st.just("swap"), st.integers(0, 10_000), st.integers(1, 30)),
    # On the COSE bytes behind "8551", re-encoded: reaches the signature and claims checks
    # that most digit edits (which break the CBOR structure) never get to.
    st.tuples(st.just("byte"), st.integers(0, 10_000), st.integers(0, 255)),
    st.tuples(st.just("bytes_cut"), st.integers(0, 10_000), st.integers(1, 8)),
)


def _on_bytes(text: str, edit: Callable[[bytearray], None]) -> str:
    body = text[4:]
    if (
        not text.startswith("8551")
        or not (body.isascii() and body.isdigit())
        or body[:1] in ("", "0")
    ):
        return text
    value = int(text[4:])
    data = bytearray(value.to_bytes((value.bit_length() + 7) // 8, "big"))
    edit(data)
    if not data or data[0] == 0:
        return text
    return "8551" + str(int.from_bytes(data, "big"))


def _apply(text: str, op: tuple[str, int, object]) -> str:
    kind, where, arg = op
    i = where % (len(text) + 1)
    if kind == "replace" and i < len(text):
        return text[:i] + str(arg) + text[i + 1 :]
    if kind == "insert":
        return text[:i] + str(arg) + text[i:]
    if kind == "delete":
        return text[:i] + text[i + int(str(arg)) :]
    if kind == "truncate":
        return text[:i]
    if kind == "byte":
        value = int(str(arg))

        def flip(data: bytearray) -> None:
            data[where % len(data)] ^= value or 1

        return _on_bytes(text, flip)
    if kind == "bytes_cut":
        count = int(str(arg))

        def cut(data: bytearray) -> None:
            at = where % len(data)
            del data[at : at + count]

        return _on_bytes(text, cut)
    if kind == "swap" and i + int(str(arg)) < len(text):
        j = i + int(str(arg))
        return text[:i] + text[j] + text[i + 1 : j] + text[i] + text[j + 1 :]
    return text


@settings(
    max_examples=20_000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
@given(card=st.integers(0, 2), ops=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_card_texts_are_never_valid_never_raise_and_stay_fast(
    card: int, ops: list[tuple[str, int, object]]
) -> None:
    lab = _lab()
    original = _genuine_cache()[card]
    text = original
    for op in ops:
        text = _apply(text, op)
    context = VerifyContext(
        trust=parse_trust_list(lab.pki.trust_list, [lab.pki.root_pem]), today=TODAY
    )
    start = time.thread_time()
    result = verify_text(text, context)
    spent = time.thread_time() - start
    if result.code == "valid":
        assert normalise(text) == original
    assert spent < CPU_LIMIT


@cache
def _genuine_cache() -> list[str]:
    return _genuine()


@settings(max_examples=2_000, deadline=None, derandomize=True, database=None)
@given(st.text(max_size=2_000))
def test_arbitrary_text_never_raises_and_is_never_valid(text: str) -> None:
    lab = _lab()
    context = VerifyContext(
        trust=parse_trust_list(lab.pki.trust_list, [lab.pki.root_pem]), today=TODAY
    )
    assert verify_text(text, context).code != "valid"


@settings(max_examples=2_000, deadline=None, derandomize=True, database=None)
@given(st.binary(min_size=3, max_size=600))  # 1-2 bytes: phone-number length (not_nssf)
def test_arbitrary_bytes_behind_the_prefix_never_raise(data: bytes) -> None:
    lab = _lab()
    text = "8551" + str(int.from_bytes(b"\xd2" + data, "big"))
    context = VerifyContext(
        trust=parse_trust_list(lab.pki.trust_list, [lab.pki.root_pem]), today=TODAY
    )
    assert verify_text(text, context).code in {"unreadable", "unknown_key", "signature_failed"}
