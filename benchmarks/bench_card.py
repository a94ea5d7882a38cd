"""Card benchmark: verification time per card, and QR decoding per 1280x720 camera frame.

    benchmarks/run bench_card [--cards 2000] [--frames 20]

Verification: the pure verifier (signature, claims, dates, list entry) and the desk's
whole scan (database lookups, scan log, eligibility check) on a 2,000-member list.
Decoding: the same frames (clean, small, rotated, blurred, noisy, low contrast, JPEG)
through zxing-cpp and pyzbar; the table gives time per frame and how many frames each read.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from benchmarks.common import machine, percentile, print_table, time_calls
from hospital_desk.card.decode import decode_gray
from hospital_desk.card.pki import make_demo_pki
from hospital_desk.card.render import render_card
from hospital_desk.card.trust import parse_trust_list
from hospital_desk.card.verify import ListEntry, VerifyContext, verify_text
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from tests.card.cardlab import build_template, make_lab

TODAY = dt.date(2026, 12, 4)
FRAME = (1280, 720)


def frames(card: Image.Image) -> dict[str, np.ndarray]:
    """The card as a webcam might see it, pasted on a 1280x720 grey frame."""
    gray = card.convert("L")

    def on_frame(img: Image.Image, scale: float) -> Image.Image:
        img = img.resize((round(img.width * scale), round(img.height * scale)))
        frame = Image.new("L", FRAME, 128)
        frame.paste(img, ((FRAME[0] - img.width) // 2, (FRAME[1] - img.height) // 2))
        return frame

    clean = on_frame(gray, 0.5)
    rng = np.random.default_rng(1)
    noisy = np.clip(np.asarray(clean, float) + rng.normal(0, 25, (FRAME[1], FRAME[0])), 0, 255)
    low = np.asarray(clean, float) * 0.25 + 100
    jpeg = io.BytesIO()
    clean.save(jpeg, "JPEG", quality=35)
    return {
        "clean (2.5 px/module)": np.asarray(clean),
        "small (1.6 px/module)": np.asarray(on_frame(gray, 0.32)),
        "rotated 25 degrees": np.asarray(
            on_frame(gray.rotate(25, expand=True, fillcolor=255), 0.45)
        ),
        "blurred": np.asarray(clean.filter(ImageFilter.GaussianBlur(1.4))),
        "noisy": noisy.astype(np.uint8),
        "low contrast": low.astype(np.uint8),
        "JPEG quality 35": np.asarray(Image.open(jpeg).convert("L")),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=2_000)
    parser.add_argument("--frames", type=int, default=20, help="repeats per frame and decoder")
    args = parser.parse_args()
    pki = make_demo_pki(TODAY)
    lab = make_lab(pki)
    trust = parse_trust_list(pki.trust_list, [pki.root_pem])
    texts = [lab.text(m, kid=7 if i % 2 else 8) for i, m in enumerate(lab.members[:200])]
    entries = {m.member_id: ListEntry(m.card_serial) for m in lab.members}
    context = VerifyContext(trust=trust, today=TODAY, lookup=entries.get)
    verify = [
        t
        for i in range(args.cards)
        for t in time_calls(lambda i=i: verify_text(texts[i % 200], context), 1)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        home = build_template(Path(tmp), pki)
        desk = Desk.open(dataclasses.replace(load_settings(home)))
        scan = [
            t
            for i in range(args.cards)
            for t in time_calls(lambda i=i: desk.scan(texts[i % 200], on=TODAY), 1)
        ]
        desk.close()
    rows = [
        ("verify a card (pure), p50", f"{percentile(verify, 50):.3f} ms", ""),
        ("verify a card (pure), p99", f"{percentile(verify, 99):.3f} ms", "< 5 ms"),
        ("desk scan (verify + list + log), p50", f"{percentile(scan, 50):.3f} ms", ""),
        ("desk scan (verify + list + log), p99", f"{percentile(scan, 99):.3f} ms", ""),
    ]
    member = lab.members[0]
    printed = lab.text(member)  # ES256 signatures are randomised: keep the one printed
    card = render_card(member, printed)
    for name, frame in frames(card).items():
        for decoder in ("zxing", "pyzbar"):
            found = decode_gray(frame, decoder)
            ok = found == [printed]
            times = time_calls(lambda f=frame, d=decoder: decode_gray(f, d), args.frames)
            rows.append(
                (
                    f"decode {name}, {decoder}",
                    f"p50 {percentile(times, 50):.1f} ms, p99 {percentile(times, 99):.1f} ms, "
                    f"{'read' if ok else 'NOT read'}",
                    "",
                )
            )
    print(f"Machine: {machine()}; date {dt.date.today()}")
    print_table("Card verification and decoding", rows)


if __name__ == "__main__":
    main()
