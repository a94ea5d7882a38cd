"""Bad input at every door of the claims core: attachments, ICD-10 codes, claim JSON, tariffs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hospital_desk.claims import icd10
from hospital_desk.claims.attachments import (
    MAX_ATTACHMENT,
    AttachmentError,
    blob_path,
    pending_uploads,
    read_attachment,
    sniff,
)
from hospital_desk.claims.codec import input_from_json, input_json
from hospital_desk.claims.model import split_key
from hospital_desk.claims.store import ClaimBook
from hospital_desk.claims.tariff import active_tariff, install_tariff, parse_tariff
from hospital_desk.errors import InputError, RuleSetError
from hospital_desk.messages import render
from tests.claims.claimlab import PDF, funeral, hospital, jpeg, maternity, png


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "attachment.empty"),
        (b"MZ\x90\x00 an exe", "attachment.type_not_allowed"),
        (b"GIF89a....", "attachment.type_not_allowed"),
        (b"<html>%PDF-</html>", "attachment.type_not_allowed"),
        (PDF[:20], "attachment.corrupt"),  # a PDF cut short
        (png()[:-12], "attachment.corrupt"),
        (jpeg()[:40], "attachment.corrupt"),
        (b"%PDF-" + b"\0" * MAX_ATTACHMENT, "attachment.too_large"),
    ],
    ids=["empty", "exe", "gif", "html", "pdf-cut", "png-cut", "jpeg-cut", "huge"],
)
def test_only_whole_pdf_jpeg_png_files_are_attached(data: bytes, code: str) -> None:
    with pytest.raises(AttachmentError) as caught:
        sniff(data)
    assert caught.value.code == code
    assert render(code, {"limit": 10}, "km")


@pytest.mark.parametrize(
    ("data", "media"), [(PDF, "application/pdf"), (png(), "image/png"), (jpeg(), "image/jpeg")]
)
def test_the_type_comes_from_the_bytes(data: bytes, media: str) -> None:
    assert sniff(data) == media


def test_the_same_file_twice_is_stored_once(book: ClaimBook) -> None:
    first = book.attach(PDF)
    second = book.attach(PDF)
    assert first == second
    with book.desk.engine.connect() as c:
        assert pending_uploads(c) == [first.sha256]
        attachment, data = read_attachment(c, book.desk.settings.home, first.sha256)
    assert data == PDF and attachment.media_type == "application/pdf"


def test_a_stored_file_changed_on_disk_is_refused(book: ClaimBook) -> None:
    digest = book.attach(PDF).sha256
    blob_path(book.desk.settings.home, digest).write_bytes(PDF + b"tampered")
    with pytest.raises(AttachmentError), book.desk.engine.connect() as c:
        read_attachment(c, book.desk.settings.home, digest)
    with pytest.raises(InputError), book.desk.engine.connect() as c:
        read_attachment(c, book.desk.settings.home, "f" * 64)


@pytest.mark.parametrize(
    ("text", "code"), [("j189", "J18.9"), (" J18.9 ", "J18.9"), ("O82.1", "O82.1"), ("A09", "A09")]
)
def test_icd10_codes_are_read_with_or_without_the_dot(text: str, code: str) -> None:
    found = icd10.lookup(text)
    assert found is not None and found.code == code and found.title


@pytest.mark.parametrize("text", ["", "J18.99", "A00-A09", "ZZZ", "12.3", "J" * 500, "I"])
def test_not_icd10_codes(text: str) -> None:
    assert icd10.lookup(text) is None


def test_icd10_search_by_code_and_by_words() -> None:
    assert [d.code for d in icd10.search("O82", 3)] == ["O82", "O82.0", "O82.1"]
    words = icd10.search("pneumonia unspecified", 5)
    assert "J18.9" in [d.code for d in words]
    assert icd10.search("   ") == [] and icd10.search("no such disease xyz") == []


def _mangle(obj: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    target = obj
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return obj


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("benefit", "dental"),
        ("benefit", None),
        ("member_id", "10000000000001"),
        ("member_id", True),
        ("lines", "IPD-DAY"),
        ("documents", [{"kind": 3}]),
        ("details", []),
        ("details.admitted_on", "2026-13-01"),
        ("details.admitted_on", 20261101),
        ("details.secondary_diagnoses", "E11.9"),
        ("delay_reason", 5),
    ],
)
def test_claim_json_with_a_bad_field_is_an_input_error(
    book: ClaimBook, path: str, value: Any
) -> None:
    obj = _mangle(input_json(hospital(book)), path, value)
    with pytest.raises(InputError):
        input_from_json(obj)


def test_claim_json_round_trips(book: ClaimBook) -> None:
    for claim in (maternity(book), hospital(book), funeral(book)):
        assert input_from_json(json.loads(json.dumps(input_json(claim)))) == claim
    with pytest.raises(InputError):
        input_from_json(_mangle(input_json(funeral(book)), "details.claimant", "x"))
    with pytest.raises(InputError):
        input_from_json(_mangle(input_json(maternity(book)), "details.indication", 7))


def test_idempotency_keys_split_back() -> None:
    assert split_key("abc") == ("abc", 1)
    assert split_key("abc.r3") == ("abc", 3)


@pytest.mark.parametrize(
    "document",
    [
        {"format": "nssf-rules/1"},
        {"format": "nssf-tariff/1", "version": "x"},
        {"format": "nssf-tariff/1", "version": "x", "effective_from": "2026-01-01",
         "services": [{"code": "A", "en": "a", "km": "a", "price": -5}]},
        {"format": "nssf-tariff/1", "version": "x", "effective_from": "2026-01-01",
         "services": [{"code": "A", "en": "a", "km": "a", "price": True}]},
        [],
    ],
)  # fmt: skip
def test_a_malformed_tariff_is_refused(document: Any) -> None:
    with pytest.raises(RuleSetError):
        parse_tariff(document)


def test_an_installed_tariff_prices_new_claims_with_its_version(book: ClaimBook) -> None:
    document = {
        "format": "nssf-tariff/1",
        "version": "2026.2",
        "effective_from": "2026-07-01",
        "services": [
            {"code": c, "en": c, "km": c, "price": 1000} for c in ("IPD-DAY", "LAB-BASIC", "XRAY")
        ],
    }
    with book.desk.engine.begin() as c:
        install_tariff(c, document)
        assert active_tariff(c).version == "2026.2"
    claim = book.create(hospital(book))
    assert claim.tariff_version == "2026.2" and claim.amount_claimed == 6000
