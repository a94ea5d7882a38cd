"""`hospital-desk enrol | sync | status | members import`: the desk and NSSF's central API.

hospital-desk enrol --server URL --code CODE --facility ID
hospital-desk sync [--progress]
hospital-desk status [--json]
hospital-desk members import DIR      # a snapshot copied from a USB stick
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.sync.client import CentralClient
from hospital_desk.sync.syncer import (
    Syncer,
    SyncReport,
    enrol,
    import_folder,
    load_device,
    status,
)


class ProgressBar:
    """bytes, rate and time left, on one terminal line."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-6)
        left = (total - done) / rate if rate > 0 else 0
        share = done / total if total else 1
        bar = "#" * int(share * 30)
        print(f"\r[{bar:<30}] {done / 1e6:.1f}/{total / 1e6:.1f} MB {rate / 1e3:.0f} kB/s "
              f"{left:.0f} s left", end="", file=sys.stderr, flush=True)  # fmt: skip
        if done >= total:
            print(file=sys.stderr)


def _pin_list_key(home: Path, pem: Path) -> None:
    """Trust `pem` for the member list (copied next to the data; config.toml list_keys)."""
    roots = home / "roots"
    roots.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pem, roots / "list-key.pem")
    config = home / "config.toml"
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    if "list_keys" not in text:
        text += (
            "" if not text or text.endswith("\n") else "\n"
        ) + 'list_keys = ["roots/list-key.pem"]\n'
        config.write_text(text, encoding="utf-8")


def cmd_enrol(args: argparse.Namespace) -> int:
    if args.list_key is not None:
        _pin_list_key(load_settings().home, args.list_key)
    desk = Desk.open()
    try:
        device = enrol(desk.settings, args.server, args.code, args.facility)
    finally:
        desk.close()
    print(f"enrolled facility {device.facility_id} with {device.server}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        device = load_device(desk.settings)
        client = CentralClient(device.server, device.token)
        try:
            report = Syncer(desk, client, ProgressBar() if args.progress else None).run()
        finally:
            client.close()
    finally:
        desk.close()
    _print_report(report)
    return 0


def _print_report(report: SyncReport, how: str = "loaded") -> None:
    if report.loaded:
        print(f"member list {report.sequence}: {report.loaded:,} members {how}")
    if report.changed:
        print(f"member list {report.sequence}: {report.changed:,} members changed")
    if not report.loaded and not report.changed:
        print(f"member list {report.sequence} is current")


def cmd_status(args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        state = status(desk)
    finally:
        desk.close()
    if args.json:
        print(json.dumps(state, indent=2))
    else:
        for key, value in state.items():
            print(f"{key:>12}: {value if value is not None else '-'}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    desk = Desk.open()
    try:
        report = import_folder(desk, args.source)
    finally:
        desk.close()
    _print_report(report, f"imported from {args.source}")
    return 0


def add_commands(sub: Any, members: Any) -> None:
    p = sub.add_parser("enrol", help="register this desk with the central server (one-time code)")
    p.add_argument(
        "--server", required=True, help="e.g. https://api.nssf.example or http://127.0.0.1:8555"
    )
    p.add_argument("--code", required=True)
    p.add_argument("--facility", required=True, help="the facility's NSSF id")
    p.add_argument("--list-key", type=Path, help="pin this member-list signing key (PEM)")
    p.set_defaults(handler=cmd_enrol)
    p = sub.add_parser("sync", help="bring the trust list and member list up to date")
    p.add_argument("--progress", action="store_true")
    p.set_defaults(handler=cmd_sync)
    p = sub.add_parser("status", help="list as of, sequence, last sync, last error")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_status)
    p = members.add_parser(
        "import", help="load a signed snapshot and change batches from a folder (USB stick)"
    )
    p.add_argument("source", type=Path)
    p.set_defaults(handler=cmd_import)
