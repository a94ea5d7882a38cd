"""`hospital-desk-central`: run the reference central server.

hospital-desk-central init DIR --members N [--seed S] [--as-of DATE] [--trust-list F]
hospital-desk-central enrolment-code DIR
hospital-desk-central serve DIR [--host 127.0.0.1] [--port 8555]
hospital-desk-central export DIR TARGET      # the signed snapshot, for a USB stick
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from hospital_desk.synthetic import generate, revocation_rows
from hospital_desk.wire.snapshot import write_snapshot
from nssf_central.state import CentralState


def build_snapshot(state: CentralState, sequence: int) -> Path:
    population = state.population()
    count, seed = int(str(population["members"])), int(str(population["seed"]))
    as_of = dt.date.fromisoformat(str(population["as_of"]))
    target = state.snapshots / str(sequence)
    building = state.snapshots / f".{sequence}.building"
    shutil.rmtree(building, ignore_errors=True)
    people = generate(count, seed=seed, as_of=as_of)
    revoked: list[tuple[int, int, str, int]] = []

    def rows() -> Iterator[tuple[Any, ...]]:  # collects the revocations as members stream
        for person in people:
            revoked.extend(revocation_rows([person], as_of))
            yield person.row

    # Revocations are known only after the members stream by; write members first.
    write_snapshot(
        building, rows(), revoked, sequence=sequence, as_of=as_of, key=state.signing_key()
    )
    building.rename(target)  # visible to clients only when whole
    return target


def cmd_init(args: argparse.Namespace) -> int:
    state = CentralState.open(args.directory)
    population = {
        "members": args.members,
        "seed": args.seed,
        "as_of": (args.as_of or dt.date.today()).isoformat(),
    }
    (args.directory / "config.json").write_text(json.dumps(population))
    state.signing_key()
    if args.trust_list is not None:
        shutil.copyfile(args.trust_list, args.directory / "trust-list.json")
    sequence = (state.latest_sequence() or 0) + 1
    build_snapshot(state, sequence)
    print(f"snapshot {sequence} of {args.members:,} members in {state.snapshots / str(sequence)}")
    print(f"list-signing public key: {args.directory / 'list-signing-key.pub.pem'}")
    return 0


def cmd_code(args: argparse.Namespace) -> int:
    print(CentralState.open(args.directory).new_enrolment_code())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415 - only the serving command needs it

    from nssf_central.app import make_app  # noqa: PLC0415

    uvicorn.run(make_app(args.directory), host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    state = CentralState.open(args.directory)
    sequence = state.latest_sequence()
    if sequence is None:
        print("no snapshot built yet", file=sys.stderr)
        return 1
    shutil.copytree(state.snapshots / str(sequence), args.target, dirs_exist_ok=True)
    print(f"snapshot {sequence} exported to {args.target}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="hospital-desk-central", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init", help="make the server state and its first snapshot")
    p.add_argument("directory", type=Path)
    p.add_argument("--members", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--as-of", type=dt.date.fromisoformat)
    p.add_argument("--trust-list", type=Path, help="the signed card trust list to hand out")
    p.set_defaults(handler=cmd_init)
    p = sub.add_parser("enrolment-code", help="a one-time code for a facility's desk")
    p.add_argument("directory", type=Path)
    p.set_defaults(handler=cmd_code)
    p = sub.add_parser("serve", help="serve the API")
    p.add_argument("directory", type=Path)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8555)
    p.set_defaults(handler=cmd_serve)
    p = sub.add_parser("export", help="copy the latest signed snapshot for a USB stick")
    p.add_argument("directory", type=Path)
    p.add_argument("target", type=Path)
    p.set_defaults(handler=cmd_export)
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
