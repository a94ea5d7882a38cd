"""A printable card (CR80, 85.6 x 54 mm) at 300 dpi: front and back, as PNG or PDF.

Front: "NSSF" heading, the name in Khmer and in Latin, the NSSF number and card serial in
clear text. Back: the QR code at version 13, error correction Q, about 33 mm square.
Khmer needs complex text layout: Pillow's raqm layout and a Khmer font (Khmer OS, from
Debian's fonts-khmeros, or one named by HOSPITAL_DESK_KHMER_FONT).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont, features
from qrcode.constants import ERROR_CORRECT_Q

from hospital_desk.errors import DeskError
from hospital_desk.members import Member, format_member_number

DPI = 300
CARD_SIZE = (1011, 638)  # 85.6 x 54 mm at 300 dpi
TEXT_WIDTH = CARD_SIZE[0] - 80  # 40 px margins left and right
QR_VERSION = 13
QR_BOX = 5  # pixels per module: 77 modules with the quiet zone = 385 px, about 33 mm
KHMER_FONTS = (
    "/usr/share/fonts/truetype/khmeros/KhmerOS.ttf",
    "/usr/share/fonts/truetype/khmeros-core/KhmerOS.ttf",
)
LATIN_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/khmeros/KhmerOS.ttf",
)


class RenderError(DeskError):
    """The card cannot be drawn (font missing, text too long for the QR)."""


def _font(candidates: tuple[str, ...], size: int, env: str | None = None) -> ImageFont.FreeTypeFont:
    paths = ([os.environ[env]] if env and os.environ.get(env) else []) + list(candidates)
    for path in paths:
        if Path(path).exists():
            layout = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
            return ImageFont.truetype(path, size, layout_engine=layout)
    raise RenderError(f"no font found among {paths}; install fonts-khmeros")


def _fitted(
    draw: ImageDraw.ImageDraw,
    text: str,
    candidates: tuple[str, ...],
    size: int,
    env: str | None = None,
) -> ImageFont.FreeTypeFont:
    """The font at `size`, or smaller until `text` fits the card's width (a 40-character
    name must not run off the card)."""
    font = _font(candidates, size, env)
    while size > 12 and draw.textlength(text, font=font) > TEXT_WIDTH:
        size -= 2
        font = _font(candidates, size, env)
    return font


def qr_image(text: str) -> Image.Image:
    """The QR code alone: version 13, error correction Q, numeric mode."""
    code = qrcode.QRCode(version=QR_VERSION, error_correction=ERROR_CORRECT_Q, box_size=QR_BOX)
    code.add_data(text)
    try:
        code.make(fit=False)
    except qrcode.exceptions.DataOverflowError as exc:
        raise RenderError("the card text does not fit in a version 13-Q QR code") from exc
    image: Image.Image = code.make_image(fill_color="black", back_color="white").get_image()
    return image.convert("L")


def render_front(member: Member) -> Image.Image:
    if not features.check("raqm"):
        raise RenderError("Pillow has no raqm layout: Khmer would not be shaped")
    card = Image.new("RGB", CARD_SIZE, "white")
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, CARD_SIZE[0], 120), fill=(0, 82, 147))
    khmer_title = _font(KHMER_FONTS, 44, "HOSPITAL_DESK_KHMER_FONT")
    draw.text((40, 18), "បេឡាជាតិរបបសន្តិសុខសង្គម", font=khmer_title, fill="white")
    latin = _font(LATIN_FONTS, 30)
    draw.text((40, 128), "NATIONAL SOCIAL SECURITY FUND", font=latin, fill=(0, 82, 147))
    khmer_name = _fitted(draw, member.name_khmer, KHMER_FONTS, 56, "HOSPITAL_DESK_KHMER_FONT")
    draw.text((40, 190), member.name_khmer, font=khmer_name, fill="black")
    latin_name = member.name_latin.upper()
    draw.text((40, 320), latin_name, font=_fitted(draw, latin_name, LATIN_FONTS, 46), fill="black")
    detail = _font(LATIN_FONTS, 36)
    draw.text((40, 420), format_member_number(member.member_id), font=detail, fill="black")
    draw.text((40, 480), f"CARD {member.card_serial}", font=detail, fill="black")
    ymd = member.birth_ymd
    born = f"{ymd // 10000:04d}-{ymd // 100 % 100:02d}-{ymd % 100:02d}"
    draw.text((40, 540), f"BORN {born}", font=detail, fill="black")
    return card


def render_back(text: str) -> Image.Image:
    card = Image.new("RGB", CARD_SIZE, "white")
    qr = qr_image(text)
    left = (CARD_SIZE[0] - qr.width) // 2
    card.paste(qr.convert("RGB"), (left, (CARD_SIZE[1] - qr.height) // 2))
    return card


def render_card(member: Member, text: str) -> Image.Image:
    """Front above back, with a gap to cut along, on one 300 dpi image."""
    front, back = render_front(member), render_back(text)
    sheet = Image.new("RGB", (CARD_SIZE[0] + 40, CARD_SIZE[1] * 2 + 100), "white")
    draw = ImageDraw.Draw(sheet)
    for top, side in ((20, front), (CARD_SIZE[1] + 80, back)):
        sheet.paste(side, (20, top))
        draw.rectangle(
            (19, top - 1, 20 + CARD_SIZE[0], top + CARD_SIZE[1]), outline=(160, 160, 160)
        )
    return sheet


def save_card(image: Image.Image, path: Path) -> None:
    """PNG or PDF by the file's suffix, at 300 dpi."""
    if path.suffix.lower() == ".pdf":
        image.save(path, "PDF", resolution=DPI)
    else:
        image.save(path, "PNG", dpi=(DPI, DPI))


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(DPI, DPI))
    return buffer.getvalue()
