"""`hospital-desk card ...`: verify a scanned card, issue and print cards, test keys.

    hospital-desk card verify (TEXT | --image FILE | -) [--json] [--on DATE] [--lang L]
    hospital-desk card issue NUMBER --key PEM --kid N [--issued D] [--expires D] [--out F]
    hospital-desk card demo-keys DIR [--configure]
    hospital-desk card trust-install FILE
    hospital-desk card test-cards DIR --keys DIR

`verify` exits 0 for a green result and 1 for any other, so scripts can tell.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select

from hospital_desk.card.issue import issue_qr_text
from hospital_desk.card.pki import (
    CONFIG_SNIPPET,
    KID_ED25519,
    KID_ES256,
    configure_desk,
    desk_config_lines,
    load_private_key,
    make_demo_pki,
    write_demo_pki,
)
from hospital_desk.card.render import render_card, save_card
from hospital_desk.card.trust import install_trust_list, read_roots
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk, ScanOutcome, check_json, find_examples
from hospital_desk.errors import InputError
from hospital_desk.member_store import get_member
from hospital_desk.members import Member, format_member_number, parse_member_number
from hospital_desk.schema import card_revocations, members


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def outcome_json(outcome: ScanOutcome) -> dict[str, Any]:
    card = outcome.card
    return {
        "code": card.code,
        "colour": card.colour,
        "message": card.messages,
        "warnings": {lang: card.warning_texts(lang) for lang in ("km", "en")},
        "kid": card.kid,
        "detail": card.detail,
        "claims": card.fields,
        "check": check_json(outcome.check) if outcome.check else None,
        "list_as_of": outcome.list_as_of.isoformat() if outcome.list_as_of else None,
    }


def cmd_verify(args: argparse.Namespace) -> int:
    data: bytes | None = None
    if args.image is not None:
        try:
            data = args.image.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {args.image}: {exc.strerror}") from exc
    elif args.text == "-" or args.text is None:
        text = sys.stdin.read(1_000_000)
    else:
        text = args.text
    desk = Desk.open()
    try:
        outcome = desk.scan(text, on=args.on) if data is None else desk.scan_image(data, args.on)
    finally:
        desk.close()
    if args.json:
        print(json.dumps(outcome_json(outcome), ensure_ascii=False, indent=2, default=str))
    else:
        card = outcome.card
        languages = ("km", "en") if args.lang == "both" else (args.lang,)
        print(f"[{card.colour.upper()}] {card.code}")
        for lang in languages:
            print(f"  {card.message(lang)}")
            for warning in card.warning_texts(lang):
                print(f"  ! {warning}")
        for key, value in card.fields.items():
            print(f"  {key:>2}: {value}")
    return 0 if outcome.card.colour == "green" else 1


def _member(desk: Desk, number: str) -> Member:
    with desk.engine.connect() as connection:
        member = get_member(connection, parse_member_number(number))
    if member is None:
        raise InputError(f"{number} is not in the local member list")
    return member


def cmd_issue(args: argparse.Namespace) -> int:
    try:
        key = load_private_key(args.key.read_bytes())
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot use {args.key} as a card-signing key: {exc}") from exc
    desk = Desk.open()
    try:
        member = _member(desk, args.number)
    finally:
        desk.close()
    text = issue_qr_text(member, key, args.kid, args.issued or dt.date.today(), args.expires)
    print(text)
    for out in args.out:
        save_card(render_card(member, text), out)
        print(f"wrote {out}", file=sys.stderr)
    return 0


def cmd_demo_keys(args: argparse.Namespace) -> int:
    pki = make_demo_pki(args.on or dt.date.today())
    write_demo_pki(pki, args.directory)
    print(f"test keys and trust list in {args.directory} (NOT for production)")
    print(f"a desk trusts them with these config.toml lines ({args.directory / CONFIG_SNIPPET}):")
    print(desk_config_lines(args.directory), end="")
    if args.configure:
        settings = load_settings()
        configure_desk(settings.home, pki.root_pem)
        desk = Desk.open(load_settings())
        try:
            with desk.engine.begin() as connection:
                install_trust_list(
                    connection, pki.trust_list, read_roots(desk.settings.trust_roots)
                )
        finally:
            desk.close()
        print(f"this desk ({settings.home}) now trusts that test root")
    return 0


def cmd_trust_install(args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        with desk.engine.begin() as connection:
            trust = install_trust_list(
                connection, args.file.read_bytes(), read_roots(desk.settings.trust_roots)
            )
    finally:
        desk.close()
    print(f"trust list version {trust.version} ({len(trust.keys)} keys) installed")
    return 0


def cmd_test_cards(args: argparse.Namespace) -> int:
    """Printable cards for the demo: one per card result and per eligibility state."""
    keys = {
        kid: load_private_key((args.keys / f"issuer-{kid}.pem").read_bytes())
        for kid in (KID_ES256, KID_ED25519)
    }
    today = args.on or dt.date.today()
    desk = Desk.open()
    try:
        examples = find_examples(desk, today)
        with desk.engine.connect() as connection:
            revoked = connection.execute(select(card_revocations).limit(1)).first()
            renewed = connection.execute(
                select(members.c.member_id).where(members.c.card_serial >= 2).limit(1)
            ).scalar_one_or_none()
        active = _member(desk, format_member_number(examples["active"]))
        cards: list[tuple[str, Member, int, dt.date, dt.date | None]] = [
            (f"eligible-{state}", _member(desk, format_member_number(mid)), KID_ES256, today, None)
            for state, mid in examples.items()
            if state != "unknown"
        ]
        cards.append(("valid-ed25519", active, KID_ED25519, today, None))
        expired_on = today - dt.timedelta(days=30)  # within the key's signing period
        cards.append(
            ("expired", active, KID_ES256, expired_on - dt.timedelta(days=1460), expired_on)
        )
        if revoked is not None:
            member = _member(desk, format_member_number(revoked.member_id))
            cards.append(
                (
                    "revoked",
                    dataclasses.replace(member, card_serial=revoked.card_serial),
                    KID_ES256,
                    today,
                    None,
                )
            )
        if renewed is not None:
            member = _member(desk, format_member_number(renewed))
            cards.append(
                (
                    "replaced",
                    dataclasses.replace(member, card_serial=member.card_serial - 1),
                    KID_ES256,
                    today,
                    None,
                )
            )
    finally:
        desk.close()
    args.directory.mkdir(parents=True, exist_ok=True)
    index = []
    for name, member, kid, issued, expires in cards:
        text = issue_qr_text(member, keys[kid], kid, issued, expires)
        _write(args.directory, name, member, text)
        index.append((name, member, text))
    forger = ec.generate_private_key(ec.SECP256R1())  # an attacker's key under a real kid
    text = issue_qr_text(active, forger, KID_ES256, today)
    _write(args.directory, "forged", active, text)
    index.append(("forged", active, text))
    lines = [f"{name}\t{format_member_number(m.member_id)}\t{text}" for name, m, text in index]
    (args.directory / "cards.tsv").write_text("\n".join(lines) + "\n")
    print(f"{len(index)} test cards (PNG and PDF) in {args.directory}")
    return 0


def _write(directory: Path, name: str, member: Member, text: str) -> None:
    image = render_card(member, text)
    save_card(image, directory / f"{name}.png")
    save_card(image, directory / f"{name}.pdf")


def add_commands(sub: Any) -> None:
    card = sub.add_parser("card", help="NSSF cards: verify, issue, test keys").add_subparsers(
        dest="card_command", required=True
    )
    p = card.add_parser("verify", help="verify a scanned card QR text or an image of it")
    p.add_argument("text", nargs="?", help="the scanned text ('-' or nothing: read stdin)")
    p.add_argument("--image", type=Path, help="an image file with the card's QR code")
    p.add_argument("--json", action="store_true")
    p.add_argument("--on", type=_date, help="the day of the check (default: today)")
    p.add_argument("--lang", choices=("km", "en", "both"), default="both")
    p.set_defaults(handler=cmd_verify)
    p = card.add_parser("issue", help="make a member's card QR text (and print the card)")
    p.add_argument("number", help="NSSF number of a member in the local list")
    p.add_argument("--key", type=Path, required=True, help="card-signing private key (PEM)")
    p.add_argument("--kid", type=int, required=True, help="the key's number in the trust list")
    p.add_argument("--issued", type=_date)
    p.add_argument("--expires", type=_date)
    p.add_argument("--out", type=Path, action="append", default=[], help="card.png / card.pdf")
    p.set_defaults(handler=cmd_issue)
    p = card.add_parser("demo-keys", help="generate TEST keys and a trust list (never production)")
    p.add_argument("directory", type=Path)
    p.add_argument("--configure", action="store_true", help="make this desk trust them")
    p.add_argument("--on", type=_date)
    p.set_defaults(handler=cmd_demo_keys)
    p = card.add_parser("trust-install", help="install a signed trust list")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_trust_install)
    p = card.add_parser("test-cards", help="print test cards for the demo (PNG and PDF)")
    p.add_argument("directory", type=Path)
    p.add_argument("--keys", type=Path, required=True, help="a demo-keys directory")
    p.add_argument("--on", type=_date)
    p.set_defaults(handler=cmd_test_cards)
