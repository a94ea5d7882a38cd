"""Printed cards read back from images, with both decoders, as a webcam would see them."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from hospital_desk.card.decode import ImageDecodeError, decode_gray, decode_image, load_gray
from hospital_desk.card.issue import MAX_PRINTABLE_DIGITS, IssueError, issue_qr_text
from hospital_desk.card.pki import private_pem
from hospital_desk.card.render import png_bytes, qr_image, render_card, render_front
from hospital_desk.cli import main
from hospital_desk.desk import Desk
from hospital_desk.members import format_member_number
from tests.card.cardlab import TODAY, CardLab


def webcam_view(image: Image.Image, module_px: float = 2.5, seed: int = 3) -> np.ndarray:
    """Scaled to `module_px` pixels per QR module, rotated 10 degrees, mild noise."""
    scale = module_px / 5  # the card is printed at 5 pixels per module
    small = image.convert("L").resize(
        (round(image.width * scale), round(image.height * scale)), Image.Resampling.BILINEAR
    )
    turned = small.rotate(10, expand=True, fillcolor=255, resample=Image.Resampling.BILINEAR)
    noise = np.random.default_rng(seed).normal(0, 10, (turned.height, turned.width))
    return np.clip(np.asarray(turned, dtype=np.float64) + noise, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("decoder", ["zxing", "pyzbar"])
def test_printed_card_decodes_and_verifies_with_each_decoder(
    card_desk: Desk, lab: CardLab, decoder: str
) -> None:
    member = lab.member()
    text = lab.text(member)
    [read] = decode_image(png_bytes(render_card(member, text)), decoder)
    assert read == text
    assert card_desk.scan(read, on=TODAY).card.code == "valid"


@pytest.mark.parametrize("decoder", ["zxing", "pyzbar"])
def test_webcam_view_of_a_printed_card_decodes_with_each_decoder(
    lab: CardLab, decoder: str
) -> None:
    member = lab.member()
    text = lab.text(member)
    assert decode_gray(webcam_view(render_card(member, text)), decoder) == [text]


def test_card_qr_is_version_13_with_error_correction_q(lab: CardLab) -> None:
    image = qr_image(lab.text())
    modules = 17 + 4 * 13
    assert image.width == (modules + 8) * 5  # 4-module quiet zone each side, 5 px each
    [read] = zxingcpp.read_barcodes(np.asarray(image))  # what a decoder finds in the symbol
    assert (read.extra["Version"], read.extra["ECLevel"]) == ("13", "Q")


@pytest.mark.parametrize("decoder", ["zxing", "pyzbar"])
def test_png_from_card_issue_verifies_with_each_decoder_also_in_a_webcam_view(
    card_desk: Desk,
    lab: CardLab,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    decoder: str,
) -> None:
    key = tmp_path / "issuer.pem"
    key.write_bytes(private_pem(lab.pki.issuers[8]))
    png = tmp_path / "card.png"
    number = format_member_number(lab.member().member_id)
    issue = ["card", "issue", number, "--key", str(key), "--kid", "8", "--issued", "2026-11-01"]
    assert main([*issue, "--out", str(png)]) == 0
    issued = capsys.readouterr().out.strip()
    with Image.open(png) as printed:
        frames = {"printed": load_gray(png.read_bytes()), "webcam": webcam_view(printed)}
    for view, frame in frames.items():
        [read] = decode_gray(frame, decoder)
        assert read == issued, view
        assert card_desk.scan(read, on=TODAY).card.code == "valid", view


def test_cli_issues_a_card_png_and_pdf_that_verify(
    card_desk: Desk, lab: CardLab, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "issuer.pem"
    keys.write_bytes(private_pem(lab.pki.issuers[7]))
    png, pdf = tmp_path / "card.png", tmp_path / "card.pdf"
    number = format_member_number(lab.member().member_id)
    args = ["card", "issue", number, "--key", str(keys), "--kid", "7", "--issued", "2026-11-01"]
    assert main([*args, "--out", str(png), "--out", str(pdf)]) == 0
    text = capsys.readouterr().out.strip()
    assert pdf.read_bytes().startswith(b"%PDF")
    with Image.open(png) as image:
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.5)
    assert main(["card", "verify", "--image", str(png), "--on", TODAY.isoformat(), "--json"]) == 0
    assert text in decode_image(png.read_bytes())


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("not_an_image", b"hello, this is text"),
        ("truncated_png", None),
        ("empty", b""),
    ],
)
def test_files_that_are_not_images_get_a_clear_error(
    lab: CardLab, name: str, data: bytes | None
) -> None:
    if data is None:
        data = png_bytes(render_card(lab.member(), lab.text()))[:3000]
    with pytest.raises(ImageDecodeError, match="not a readable image"):
        load_gray(data)


def test_decompression_bomb_is_refused_without_decoding_it() -> None:
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")  # tiny file, 400 megapixels
    with pytest.raises(ImageDecodeError):
        load_gray(buffer.getvalue())


def test_image_without_a_qr_code_decodes_to_nothing() -> None:
    buffer = io.BytesIO()
    Image.new("L", (640, 480), 200).save(buffer, "PNG")
    assert decode_image(buffer.getvalue()) == []


@pytest.mark.parametrize("kind", ["PPM", "ICO", "PCX", "TGA"])
def test_image_formats_beyond_photo_formats_are_refused_unread(lab: CardLab, kind: str) -> None:
    buffer = io.BytesIO()
    Image.new("L", (64, 64), 255).save(buffer, kind)  # a well-formed file Pillow could read
    with pytest.raises(ImageDecodeError, match="not a readable image"):
        load_gray(buffer.getvalue())


def test_postscript_is_refused_without_running_an_interpreter() -> None:
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"
    with pytest.raises(ImageDecodeError, match="UnidentifiedImageError"):
        load_gray(eps)


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP"])
def test_card_photographed_in_each_photo_format_is_read(lab: CardLab, kind: str) -> None:
    text = lab.text()
    buffer = io.BytesIO()
    qr_image(text).convert("RGB" if kind == "JPEG" else "L").save(buffer, kind)
    assert decode_image(buffer.getvalue()) == [text]


def test_forty_character_names_fit_on_the_printed_card(lab: CardLab) -> None:
    member = dataclasses.replace(
        lab.member(),
        name_latin="SOKHACHANTHEARITH VISALPANHARITHYVATHAN",
        name_khmer=("សុខចាន់ធារិទ្ធិ វិសាលបញ្ញារិទ្ធិវឌ្ឍនាសុខចាន់")[:40],
    )
    assert len(member.name_latin) <= 40 and len(member.name_khmer) <= 40
    front = np.asarray(render_front(member).convert("L"))
    name_rows = front[190:420]  # the Khmer and Latin name lines
    assert (name_rows[:, -40:] > 200).all()  # the right margin stays blank: nothing clipped
    assert (name_rows[:, 40:-40] < 100).any()


def test_worst_case_dependant_card_fits_version_13_q_and_reads_back(lab: CardLab) -> None:
    """CARD_QR.md's worst case: a dependant with 40 Latin and 40 Khmer (KH8) characters."""
    dependant = next(m for m in lab.members if m.principal_id is not None)
    member = dataclasses.replace(dependant, name_latin="A" * 40, name_khmer="ក" * 40)
    text = issue_qr_text(member, lab.pki.issuers[7], 7, TODAY)
    assert len(text) <= MAX_PRINTABLE_DIGITS
    [read] = zxingcpp.read_barcodes(np.asarray(qr_image(text)))
    assert (read.text, read.extra["Version"], read.extra["ECLevel"]) == (text, "13", "Q")


def test_forty_character_utf8_khmer_name_is_refused_at_issue_as_too_long_to_print(
    lab: CardLab,
) -> None:
    """A name with a character outside KH8 travels as UTF-8, three bytes a letter: at 40
    letters the card no longer fits the printed symbol, and issuing says so."""
    member = dataclasses.replace(lab.member(), name_khmer="ក" * 39 + "៙")  # U+17D9 is KH8
    issue_qr_text(member, lab.pki.issuers[7], 7, TODAY)
    member = dataclasses.replace(lab.member(), name_khmer="ក" * 38 + "(ក)"[:2])
    with pytest.raises(IssueError, match="580"):
        issue_qr_text(member, lab.pki.issuers[7], 7, TODAY)
