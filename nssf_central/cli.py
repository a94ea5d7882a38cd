"""`hospital-desk-central`: the reference server's command.

    hospital-desk-central init DIR --members N [--seed S] [--as-of DAY] [--trust-list F] [--force]
    hospital-desk-central serve DIR [--host 127.0.0.1] [--port 8555]
    hospital-desk-central simulate-day DIR [--days N]
    hospital-desk-central build-snapshot DIR
    hospital-desk-central enrolment-code DIR [--facility ID] [--hours H]
    hospital-desk-central revoke-device DIR (--facility ID | --token TOKEN)
    hospital-desk-central review-claims DIR [--on DAY]
    hospital-desk-central export DIR TARGET      # signed snapshot and changes, for USB

DIR may be left out when --home or NSSF_CENTRAL_HOME names it. Errors are one line on
stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from nssf_central import __version__
from nssf_central.auth import EnrolmentError, new_enrolment_code, revoke
from nssf_central.claims import review_claims
from nssf_central.config import ConfigError, load_config
from nssf_central.db import open_central
from nssf_central.operations import export, init, simulate_days
from nssf_central.population import MAX_MEMBERS, AlreadyInitialised
from nssf_central.publish import SnapshotInfo, build_snapshot
from nssf_central.simulate import NotInitialised

DEFAULT_PORT = 8555


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def _members(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_MEMBERS:
        raise argparse.ArgumentTypeError(f"members: 1 to {MAX_MEMBERS:,}")
    return int(text)


def _describe(info: SnapshotInfo) -> str:
    return (
        f"snapshot {info.seq}: {info.member_count:,} members, {info.total_bytes:,} bytes "
        f"({info.total_bytes / max(1, info.member_count):.1f} bytes a member), "
        f"{len(info.parts)} parts"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hospital-desk-central", description="NSSF central API: the reference server"
    )
    parser.add_argument("--home", type=Path, help="data directory (default: $NSSF_CENTRAL_HOME)")
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("directory", nargs="?", type=Path, help="the server's directory")
        return p

    p = command("init", "fill the database with a synthetic national list")
    p.add_argument("--members", type=_members, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--as-of", type=_day, help="the list's date (default: today)")
    p.add_argument("--force", action="store_true", help="replace an existing list")
    p.add_argument(
        "--no-snapshot", action="store_true", help="no signed files yet (rules, tariff, snapshot)"
    )
    p.add_argument("--trust-list", type=Path, help="the signed card trust list to hand out")
    p = command("serve", "serve the API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p = command("simulate-day", "simulate and publish a day of changes")
    p.add_argument("--days", type=int, default=1)
    command("build-snapshot", "write the current list as signed snapshot files")
    p = command("enrolment-code", "print a one-time enrolment code")
    p.add_argument("--facility", help="only this facility id may use it")
    p.add_argument("--hours", type=int, default=72, help="valid for (default 72)")
    p = command("revoke-device", "revoke device tokens")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--facility")
    group.add_argument("--token")
    p = command("review-claims", "NSSF's daily review: accept, reject, pay")
    p.add_argument("--on", type=_day)
    p = command("export", "write the signed snapshot and changes for USB")
    p.add_argument("target", type=Path, help="where to write (a USB stick's folder)")
    return parser


def _run(args: argparse.Namespace, engine: Engine) -> int:
    config = args.config
    if args.command == "init":
        if args.trust_list is not None:
            config.home.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(args.trust_list, config.trust_list)
        info = init(
            engine,
            config,
            args.members,
            args.seed,
            args.as_of or dt.date.today(),
            force=args.force,
            snapshot=not args.no_snapshot,
        )
        print(f"initialised {args.members:,} members (seed {args.seed}) in {config.home}")
        if info:
            print(_describe(info))
        print(f"list-signing public key: {config.public_key}")
    elif args.command == "simulate-day":
        for changes in simulate_days(engine, config, max(1, args.days)):
            print(
                f"day {changes.day} ({changes.date}): change batch {changes.seq}, "
                f"{len(changes.upserts)} upserts, {len(changes.tombstones)} tombstones, "
                f"{len(changes.revocations)} revocations"
            )
    elif args.command == "build-snapshot":
        print(_describe(build_snapshot(engine, config)))
    elif args.command == "enrolment-code":
        with engine.begin() as connection:
            print(new_enrolment_code(connection, args.facility, args.hours))
    elif args.command == "revoke-device":
        with engine.begin() as connection:
            count = revoke(connection, facility_id=args.facility, token=args.token)
        print(f"revoked {count} device token(s)")
    elif args.command == "review-claims":
        with engine.begin() as connection:
            counts = review_claims(connection, args.on or dt.date.today())
        print(", ".join(f"{n} {k}" for k, n in counts.items()))
    elif args.command == "export":
        done = export(engine, config, args.target)
        print(
            f"snapshot {done.snapshot_seq} and changes up to {done.latest_seq} "
            f"({len(done.files)} files) exported to {args.target}"
        )
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415 - only the serve command needs the server

    from nssf_central.app import create_app  # noqa: PLC0415

    app = create_app(args.config)
    print(f"serving {args.config.home} on http://{args.host}:{args.port}", flush=True)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        lifespan="off",
        server_header=False,
        timeout_keep_alive=15,
        log_level="info",
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.config = load_config(args.directory or args.home)
        if args.command == "serve":
            return _serve(args)
        engine = open_central(args.config.database_url)
        try:
            return _run(args, engine)
        finally:
            engine.dispose()
    except (
        ConfigError,
        AlreadyInitialised,
        NotInitialised,
        EnrolmentError,
        ValueError,
        OSError,
        SQLAlchemyError,
    ) as exc:
        print(f"hospital-desk-central: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
