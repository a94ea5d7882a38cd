"""`hospital-desk gui`: the reception window (imports Qt only when asked for)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any


def cmd_gui(args: argparse.Namespace) -> int:
    from hospital_desk.ui.app import run_gui  # noqa: PLC0415 - Qt loads only for the GUI

    return run_gui(args.lang, args.on)


def add_commands(sub: Any) -> None:
    p = sub.add_parser("gui", help="the reception window")
    p.add_argument("--lang", choices=("km", "en"), default="km")
    p.add_argument("--on", type=dt.date.fromisoformat, help="pretend today is this date (demo)")
    p.set_defaults(handler=cmd_gui)
