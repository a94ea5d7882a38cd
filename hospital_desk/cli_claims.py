"""`hospital-desk claims ...`: claims to NSSF from the command line.

hospital-desk claims new FILE.json [--queue] [--by NAME]   a claim from JSON (docs/claims.md):
                                          checked; ready (and queued) when it passes,
                                          else kept as a draft (exit status 2)
hospital-desk claims show ID [--json]     a claim, its findings and its history
hospital-desk claims submit [--json]      send every queued claim (and resend any left
                                          `submitting`), then pull NSSF's decisions
hospital-desk claims pull [--json]        pull NSSF's decisions only
hospital-desk claims tariff               install NSSF's signed current price list
hospital-desk claims counts [--json]      claims per state
hospital-desk claims list [--state S] [--benefit B] [--month YYYY-MM] [--json]
hospital-desk claims icd10 WORDS|CODE     search WHO ICD-10 by code or words
hospital-desk claims fhir (ID | --month YYYY-MM) [--facility F]   FHIR R4 Claim / Bundle JSON
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from hospital_desk.claims import fhir, icd10
from hospital_desk.claims.checks import Finding
from hospital_desk.claims.codec import input_from_json
from hospital_desk.claims.model import Benefit, State
from hospital_desk.claims.store import ClaimBook
from hospital_desk.desk import Desk
from hospital_desk.errors import InputError
from hospital_desk.messages import render
from hospital_desk.sync.claims_client import ClaimSender
from hospital_desk.sync.client import CentralClient, SyncError
from hospital_desk.sync.syncer import load_device

MAX_CLAIM_FILE = 256 * 1024
MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


def _sender(desk: Desk, progress: bool = False) -> tuple[ClaimSender, CentralClient]:
    device = load_device(desk.settings)
    client = CentralClient(device.server, device.token)
    return ClaimSender(desk, client, _print_sent if progress else None), client


def _print_sent(claim_id: str) -> None:
    print(f"sent {claim_id}", flush=True)


def cmd_submit(args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        sender, client = _sender(desk, args.progress)
        try:
            report = sender.submit_all()
            pulled = sender.pull_changes() if report.error is None and not args.no_pull else None
        finally:
            client.close()
    finally:
        desk.close()
    if args.json:
        print(json.dumps({"submit": asdict(report), "pull": asdict(pulled) if pulled else None}))
    else:
        print(f"{report.submitted} claims submitted ({report.replayed} already held by NSSF)")
        for claim_id, why in report.refused:
            print(f"refused by NSSF, back to draft: {claim_id}: {why}")
        if pulled:
            print(f"{pulled.applied} decisions from NSSF applied")
    if report.error:
        raise SyncError(f"{report.error}; {report.pending} claims will be sent next time")
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        sender, client = _sender(desk)
        try:
            pulled = sender.pull_changes()
        finally:
            client.close()
    finally:
        desk.close()
    print(json.dumps(asdict(pulled)) if args.json else f"{pulled.applied} decisions applied")
    return 0


def _print_findings(findings: tuple[Finding, ...]) -> None:
    for f in findings:
        mark = "error" if f.error else "warning"
        line = f" (line {f.line + 1})" if f.line is not None else ""
        for language in ("km", "en"):
            print(f"  {mark}{line}: {render(f.code, f.params_dict, language)}")


def cmd_new(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        if path.stat().st_size > MAX_CLAIM_FILE:
            raise InputError(f"{path}: larger than a claim can be")
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputError(f"{path}: not a readable JSON claim ({exc.__class__.__name__})") from exc
    claim_input = input_from_json(document)
    desk = Desk.open()
    try:
        book = ClaimBook(desk, args.by)
        claim = book.create(claim_input)
        claim, findings = book.mark_ready(claim.claim_id)
        if args.queue and claim.state is State.READY:
            claim = book.queue(claim.claim_id)
    finally:
        desk.close()
    amount = f"{claim.amount_claimed:,} riel (tariff {claim.tariff_version})"
    print(f"{claim.claim_id} {claim.state} {amount}")
    _print_findings(findings)
    return 0 if claim.state is not State.DRAFT else 2  # kept as a draft: it has errors


def cmd_show(args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        book = ClaimBook(desk, "cli")
        claim = book.get(args.claim_id)
        findings = book.check(claim.input, claim.claim_id)
        history = book.history(claim.claim_id)
    finally:
        desk.close()
    if args.json:
        print(json.dumps({**_row(claim), "findings": [f.code for f in findings],
                          "history": history}, ensure_ascii=False))  # fmt: skip
        return 0
    print(json.dumps(_row(claim), ensure_ascii=False, indent=2))
    _print_findings(findings)
    for h in history:
        print(f"  {h['at']} {h['actor']}: {h['event']} -> {h['to_state']}")
    return 0


def cmd_tariff(args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        sender, client = _sender(desk)
        try:
            version = sender.fetch_tariff()
        finally:
            client.close()
    finally:
        desk.close()
    print(f"tariff {version} installed")
    return 0


def cmd_counts(args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        counts = ClaimBook(desk, "cli").counts()
    finally:
        desk.close()
    if args.json:
        print(json.dumps(counts))
    else:
        for state, n in counts.items():
            label = render(f"claim_state.{state}", {}, "km") + " / " + state
            print(f"{n:>7}  {label}")
    return 0


def _row(claim: Any) -> dict[str, Any]:
    return {
        "claim_id": claim.claim_id,
        "revision": claim.revision,
        "benefit": str(claim.input.benefit),
        "member_id": claim.input.member_id,
        "service_date": claim.input.service_date().isoformat(),
        "state": str(claim.state),
        "amount_claimed": claim.amount_claimed,
        "claim_number": claim.claim_number,
        "reasons": [r.code for r in claim.reasons],
        "paid": claim.payment.amount_riel if claim.payment else None,
    }


def cmd_list(args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        found = ClaimBook(desk, "cli").find(
            state=State(args.state) if args.state else None,
            benefit=Benefit(args.benefit) if args.benefit else None,
            month=args.month,
        )
    finally:
        desk.close()
    rows = [_row(c) for c in found]
    if args.json:
        print(json.dumps(rows))
    else:
        for r in rows:
            number = r["claim_number"] or ""
            print(
                f"{r['claim_id']}  {r['state']:<10} {r['benefit']:<15} {r['member_id']} "
                f"{r['service_date']} {r['amount_claimed']:>10,} {number}"
            )
    return 0


def cmd_fhir(args: argparse.Namespace) -> int:
    if (args.claim_id is None) == (args.month is None):
        raise InputError("give a claim id or --month YYYY-MM")
    if args.month is not None and not MONTH.match(args.month):
        raise InputError("--month is YYYY-MM")
    desk = Desk.open()
    try:
        book = ClaimBook(desk, "cli")
        if args.claim_id is not None:
            document = fhir.claim_json(book.get(args.claim_id), args.facility)
        else:
            document = fhir.month_bundle(book.find(month=args.month), args.facility, args.month)
    finally:
        desk.close()
    print(json.dumps(document, ensure_ascii=False, indent=2))
    return 0


def cmd_icd10(args: argparse.Namespace) -> int:
    for d in icd10.search(" ".join(args.words), args.limit):
        print(f"{d.code:<7} {d.title}")
    return 0


def add_commands(sub: Any) -> None:
    claims = sub.add_parser("claims", help="claims to NSSF").add_subparsers(
        dest="claims_command", required=True
    )
    p = claims.add_parser("new", help="a claim from a JSON file, checked (and queued)")
    p.add_argument("file", type=Path)
    p.add_argument("--queue", action="store_true", help="queue it when it passes")
    p.add_argument("--by", default="cli", help="who enters it (kept in its history)")
    p.set_defaults(handler=cmd_new)
    p = claims.add_parser("show", help="a claim, its findings and history")
    p.add_argument("claim_id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)
    p = claims.add_parser("submit", help="send queued claims (exactly once), then pull decisions")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-pull", action="store_true", help="send only")
    p.add_argument("--progress", action="store_true", help="a line for each claim sent")
    p.set_defaults(handler=cmd_submit)
    p = claims.add_parser("pull", help="pull NSSF's decisions (accepted, rejected, paid)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_pull)
    p = claims.add_parser("tariff", help="install NSSF's signed current price list")
    p.set_defaults(handler=cmd_tariff)
    p = claims.add_parser("counts", help="claims per state")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_counts)
    p = claims.add_parser("list", help="claims, filtered")
    p.add_argument("--state", choices=[str(s) for s in State])
    p.add_argument("--benefit", choices=[str(b) for b in Benefit])
    p.add_argument("--month", help="YYYY-MM of the service date")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = claims.add_parser("fhir", help="a claim (Claim) or a month (Bundle) as FHIR R4 JSON")
    p.add_argument("claim_id", nargs="?")
    p.add_argument("--month", help="YYYY-MM: every claim with a service date in that month")
    p.add_argument("--facility", default="-", help="the facility's NSSF id")
    p.set_defaults(handler=cmd_fhir)
    p = claims.add_parser("icd10", help="search WHO ICD-10 by code or words")
    p.add_argument("words", nargs="+")
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(handler=cmd_icd10)
