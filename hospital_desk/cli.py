"""The `hospital-desk` command: everything the desk does, without a screen.

    hospital-desk check NUMBER [--benefit B] [--on DATE] [--json] [--lang km|en|both]
    hospital-desk members load-synthetic N [--seed S] [--as-of DATE]
    hospital-desk members examples [--json]
    hospital-desk rules show | rules install FILE
    hospital-desk db upgrade
    hospital-desk gui [--lang km|en]
    hospital-desk enrol | sync | status | members import DIR  (cli_sync.py)
    hospital-desk card verify|issue|demo-keys|trust-install|test-cards ...  (cli_card.py)
    hospital-desk demo

Exit codes: 0 done, 1 the answer is "no member"/an operation failed, 2 bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from hospital_desk import cli_card, cli_claims, cli_sync, cli_ui
from hospital_desk.config import load_settings
from hospital_desk.desk import (
    UNKNOWN_MEMBER_EXAMPLE,
    Desk,
    check_json,
    check_text,
    dumps,
    find_examples,
)
from hospital_desk.errors import DeskError, InputError
from hospital_desk.member_store import count_members
from hospital_desk.members import format_member_number
from hospital_desk.rules import install_rule_set, load_rule_file
from hospital_desk.storage import current_revision, make_engine, upgrade
from hospital_desk.synthetic import load_synthetic

log = logging.getLogger("hospital_desk")

Handler = Callable[[argparse.Namespace], int]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def _languages(choice: str) -> tuple[str, ...]:
    return ("km", "en") if choice == "both" else (choice,)


def cmd_check(args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        rules = desk.rules()
        if args.benefit is not None and args.benefit not in rules.benefits:
            raise InputError(
                f"Unknown benefit {args.benefit!r}; choose one of: {', '.join(rules.benefits)}"
            )
        check = desk.check_number(args.number, args.on, args.benefit)
    finally:
        desk.close()
    print(dumps(check_json(check)) if args.json else check_text(check, _languages(args.lang)))
    return 0


def cmd_load_synthetic(args: argparse.Namespace) -> int:
    if args.count < 0 or args.count > 10_000_000:
        raise InputError("N must be between 0 and 10,000,000")
    desk = Desk.open()
    try:
        with desk.engine.begin() as connection:
            count = load_synthetic(connection, args.count, args.seed, args.as_of)
    finally:
        desk.close()
    print(f"Loaded {count} synthetic members (seed {args.seed}).")
    return 0


def cmd_examples(args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        found = find_examples(desk, args.on)
    finally:
        desk.close()
    found["unknown"] = UNKNOWN_MEMBER_EXAMPLE
    if args.json:
        print(dumps({k: format_member_number(v) for k, v in found.items()}))
    else:
        for state, member_id in found.items():
            print(f"{state:24} {format_member_number(member_id)}")
    return 0


def cmd_rules_show(_args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        rules = desk.rules()
    finally:
        desk.close()
    print(f"Rule set {rules.version}, effective from {rules.effective_from}, sha256 {rules.sha256}")
    for name, benefit in rules.benefits.items():
        print(f"  {name:22} schemes {sorted(benefit.schemes)}  source: {benefit.source}")
    return 0


def cmd_rules_install(args: argparse.Namespace) -> int:
    rules_text = args.file.read_bytes() if args.file.exists() else b""
    load_rule_file(args.file)  # validates; a bad file raises and nothing changes
    desk = Desk.open()
    try:
        with desk.engine.begin() as connection:
            rules = install_rule_set(connection, rules_text, "file")
    finally:
        desk.close()
    print(f"Rule set {rules.version} is now in force.")
    return 0


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    settings = load_settings()
    engine = make_engine(settings.database_url)
    before = current_revision(engine)
    upgrade(engine)
    print(f"Database upgraded from {before or 'empty'} to {current_revision(engine)}.")
    engine.dispose()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Fill a demo cache if empty and show a check for each example state."""
    desk = Desk.open()
    try:
        with desk.engine.begin() as connection:
            if count_members(connection) == 0:
                load_synthetic(connection, args.members, seed=1)
        found = find_examples(desk)
        for state, member_id in found.items():
            print(f"=== {state}")
            print(check_text(desk.check(member_id, benefit="outpatient")))
            print()
    finally:
        desk.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hospital-desk", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="is this member covered? (from the local member list)")
    p.add_argument("number", help="NSSF number, e.g. 1234567-8901234 (Khmer digits accepted)")
    p.add_argument("--benefit", help="one benefit (default: all)")
    p.add_argument("--on", type=_date, help="day of care (default: today)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--lang", choices=("km", "en", "both"), default="both")
    p.set_defaults(handler=cmd_check)

    members = sub.add_parser("members", help="the local member list").add_subparsers(
        dest="members_command", required=True
    )
    p = members.add_parser("load-synthetic", help="replace the list with N synthetic members")
    p.add_argument("count", type=int, metavar="N")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--as-of", type=_date, default=None, help="list date (default: today)")
    p.set_defaults(handler=cmd_load_synthetic)
    p = members.add_parser("examples", help="one member number per eligibility state")
    p.add_argument("--on", type=_date, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_examples)

    rules = sub.add_parser("rules", help="the eligibility rule set").add_subparsers(
        dest="rules_command", required=True
    )
    rules.add_parser("show", help="the rule set in force").set_defaults(handler=cmd_rules_show)
    p = rules.add_parser("install", help="validate a rule file and put it in force")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_rules_install)

    db = sub.add_parser("db", help="the local database").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="migrate in place").set_defaults(handler=cmd_db_upgrade)

    cli_card.add_commands(sub)
    cli_ui.add_commands(sub)
    cli_sync.add_commands(sub, members)
    cli_claims.add_commands(sub)

    p = sub.add_parser("demo", help="the demo (fills a synthetic member list if empty)")
    p.add_argument("--members", type=int, default=10_000)
    p.set_defaults(handler=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    try:
        handler: Handler = args.handler
        return handler(args)
    except BrokenPipeError:
        return 0  # the reader (`| head`) has what it wanted
    except InputError as exc:
        print(f"hospital-desk: {exc.message}", file=sys.stderr)
        return 2
    except DeskError as exc:
        print(f"hospital-desk: {exc.message}", file=sys.stderr)
        return 1
