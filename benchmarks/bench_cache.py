"""The member cache at national scale: build a 4,000,000-member SQLite cache with the
synthetic generator, then time point lookups and name prefix searches.

    .venv/bin/python -m benchmarks.bench_cache [--members 4000000] [--keep PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from benchmarks.common import machine, peak_rss_mb, percentile, print_table, time_calls
from hospital_desk.member_store import get_member, revocation_reason, search_by_name
from hospital_desk.storage import open_database
from hospital_desk.synthetic import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES, generate, load_synthetic

AS_OF = dt.date(2026, 11, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=4_000_000)
    parser.add_argument("--lookups", type=int, default=20_000)
    parser.add_argument("--searches", type=int, default=2_000)
    parser.add_argument("--keep", type=Path, help="build the cache here and keep it")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    path = args.keep or workdir / "desk.sqlite3"
    engine = open_database(f"sqlite:///{path}")
    start = time.perf_counter()
    with engine.begin() as connection:
        load_synthetic(connection, args.members, seed=1, as_of=AS_OF)
    build_s = time.perf_counter() - start
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    size_mb = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
    peak_mb = peak_rss_mb()

    # Sample ids and serials by regenerating (the generator is deterministic), cheaply:
    rng = random.Random(7)
    stride = max(1, args.members // 50_000)
    ids = [
        m.row[0]
        for i, m in enumerate(generate(args.members, seed=1, as_of=AS_OF))
        if i % stride == 0
    ]
    with engine.connect() as connection:
        by_number = time_calls(lambda: get_member(connection, rng.choice(ids)), args.lookups)

        def card_check() -> None:
            member_id = rng.choice(ids)
            member = get_member(connection, member_id)
            assert member is not None
            revocation_reason(connection, member_id, member.card_serial)

        by_card = time_calls(card_check, args.lookups)
        latin_prefixes = [
            f"{f[0]} {g[0][:2]}" for f in FAMILY_NAMES for g in FEMALE_NAMES + MALE_NAMES
        ]
        khmer_prefixes = [
            f"{f[1]} {g[1][:2]}" for f in FAMILY_NAMES for g in FEMALE_NAMES + MALE_NAMES
        ]
        latin = time_calls(
            lambda: search_by_name(connection, rng.choice(latin_prefixes), 20), args.searches
        )
        khmer = time_calls(
            lambda: search_by_name(connection, rng.choice(khmer_prefixes), 20), args.searches
        )
        short = time_calls(
            lambda: search_by_name(connection, rng.choice("SCKLMPT"), 20), args.searches
        )
    engine.dispose()

    def pair(samples: list[float]) -> str:
        return f"p50 {percentile(samples, 50):.3f} ms / p99 {percentile(samples, 99):.3f} ms"

    print(f"Machine: {machine()}; date {dt.date.today()}; members {args.members:,}")
    print_table(
        "Member cache (SQLite)",
        [
            ("build (generate + load + index)", f"{build_s:.1f} s", "-"),
            (
                "database size",
                f"{size_mb:.0f} MB ({size_mb * 2**20 / args.members:.0f} B/member)",
                "-",
            ),
            ("peak memory (build)", f"{peak_mb:.0f} MB", "-"),
            ("lookup by NSSF number", pair(by_number), "p99 < 0.2 ms"),
            ("card check (member + revoked serial)", pair(by_card), "p99 < 0.2 ms"),
            ("name prefix, Latin ('SOK SO')", pair(latin), "p99 < 20 ms"),
            ("name prefix, Khmer ('សុខ សុ')", pair(khmer), "p99 < 20 ms"),
            ("name prefix, one letter ('S')", pair(short), "p99 < 20 ms"),
        ],
    )


if __name__ == "__main__":
    main()
