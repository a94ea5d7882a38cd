"""Central server benchmark: init, snapshot build, a simulated day, and request rates.

    benchmarks/run bench_central [--members 4000000] [--requests 1000]

Builds a server directory in a temporary folder: `init` (synthetic list through the
bulk loader), the signed snapshot (stream the list from the database, columnar
zstandard parts, sign), one simulated day published as a change batch, then serves it
with uvicorn on loopback and times sequential requests from one client.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import threading
import time
from pathlib import Path

import requests
import uvicorn

from benchmarks.common import machine, peak_rss_mb, percentile, print_table, time_calls
from nssf_central.app import create_app
from nssf_central.auth import enrol, new_enrolment_code
from nssf_central.config import load_config
from nssf_central.db import open_central
from nssf_central.operations import init, simulate_days
from nssf_central.publish import build_snapshot

AS_OF = dt.date(2026, 12, 1)


def _serve(app: object, port: int) -> uvicorn.Server:
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")  # type: ignore[arg-type]
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=4_000_000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--port", type=int, default=8561)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(Path(tmp) / "central")
        engine = open_central(config.database_url)
        start = time.perf_counter()
        init(engine, config, args.members, 1, AS_OF, snapshot=False)
        rows.append((f"init {args.members:,} members (generate + bulk load)",
                     f"{time.perf_counter() - start:.1f} s", ""))  # fmt: skip
        start = time.perf_counter()
        info = build_snapshot(engine, config)
        took = time.perf_counter() - start
        rows.append(("build the signed snapshot", f"{took:.1f} s", ""))
        rows.append(("snapshot bytes (manifest + parts)", f"{info.total_bytes:,}", ""))
        per = info.total_bytes / info.member_count
        rows.append(("snapshot bytes per member", f"{per:.2f}", ""))
        start = time.perf_counter()
        (day,) = simulate_days(engine, config, 1)
        took = time.perf_counter() - start
        size = (config.changes_dir / f"{day.seq}.batch").stat().st_size
        rows.append((f"simulate + publish a day ({len(day.events):,} events)", f"{took:.2f} s", ""))
        rows.append(("change batch bytes (signed JSON)", f"{size:,}", ""))
        with engine.begin() as connection:
            token = enrol(connection, new_enrolment_code(connection), "BENCH")
        server = _serve(create_app(config), args.port)
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        base = f"http://127.0.0.1:{args.port}"
        for name, path in (
            ("GET /v1/time", "/v1/time"),
            ("GET /v1/snapshots/latest", "/v1/snapshots/latest"),
            ("GET /v1/changes (one batch)", f"/v1/changes?since={day.seq - 1}"),
            ("GET /v1/changes (up to date)", f"/v1/changes?since={day.seq}"),
        ):
            samples = time_calls(lambda p=path: session.get(base + p, timeout=30), args.requests)
            rate = 1000 / (sum(samples) / len(samples))
            rows.append((f"{name}, one client", f"p50 {percentile(samples, 50):.2f} ms, "
                         f"p99 {percentile(samples, 99):.2f} ms, {rate:.0f}/s", ""))  # fmt: skip
        server.should_exit = True
        engine.dispose()
    rows.append(("peak memory (this process)", f"{peak_rss_mb():.0f} MB", ""))
    print_table(f"Central server ({machine()})", rows)


if __name__ == "__main__":
    main()
