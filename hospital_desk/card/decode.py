"""QR codes from image files and camera frames, with zxing-cpp and pyzbar.

Takes bytes (an image file) or a numpy grayscale array (a camera frame), never Qt
objects, so it stays in the core. zxing-cpp is the default and pyzbar the fallback:
benchmarks/bench_card.py measures both on the same frames (docs/performance.md).
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import zxingcpp
from PIL import Image, UnidentifiedImageError
from pyzbar import pyzbar

from hospital_desk.errors import DeskError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is the largest a desk should see
DECODERS = ("zxing", "pyzbar")
# What cameras, phones and scanners write. Pillow would otherwise sniff any format it
# knows, EPS included (which runs Ghostscript when it is installed).
FORMATS = ("PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP")


class ImageDecodeError(DeskError):
    """The file is not an image this desk can read."""


def decode_gray_zxing(gray: np.ndarray) -> list[str]:
    results = zxingcpp.read_barcodes(
        gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    return [r.text for r in results if r.valid and r.text]


def decode_gray_pyzbar(gray: np.ndarray) -> list[str]:
    height, width = gray.shape
    data = np.ascontiguousarray(gray, dtype=np.uint8).tobytes()
    found = pyzbar.decode((data, width, height), symbols=[pyzbar.ZBarSymbol.QRCODE])
    return [r.data.decode("utf-8", "replace") for r in found if r.data]


def decode_gray(gray: np.ndarray, decoder: str | None = None) -> list[str]:
    """QR texts in a grayscale frame (uint8, height x width). Default decoder first, then
    the fallback when the default finds nothing."""
    if gray.ndim != 2 or gray.size == 0 or gray.size > MAX_PIXELS:
        raise ImageDecodeError("a frame must be a non-empty 2-D grayscale array")
    gray = np.ascontiguousarray(gray, dtype=np.uint8)
    if decoder == "zxing":
        return decode_gray_zxing(gray)
    if decoder == "pyzbar":
        return decode_gray_pyzbar(gray)
    return decode_gray_zxing(gray) or decode_gray_pyzbar(gray)


def load_gray(data: bytes) -> np.ndarray:
    """An image file's pixels as grayscale, refusing what is not a sane image."""
    if len(data) > MAX_FILE_BYTES:
        raise ImageDecodeError("the image file is larger than 20 MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            if image.width * image.height > MAX_PIXELS:
                raise ImageDecodeError("the image has too many pixels")
            image.load()
            return np.asarray(image.convert("L"))
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise ImageDecodeError(f"not a readable image ({exc.__class__.__name__})") from exc


def decode_image(data: bytes, decoder: str | None = None) -> list[str]:
    """QR texts in an image file (PNG, JPEG, ...)."""
    return decode_gray(load_gray(data), decoder)
