"""Member-list sync on the desk side, at national scale.

    benchmarks/run bench_sync [--members 4000000] [--skip-baseline] [--only-changes]

In one run, on the same synthetic members:
  - the signed snapshot (columnar, delta-encoded ids, CBOR, zstandard level 12): bytes
    per member, download time at 1 and 10 Mbit/s; and the alternatives: the same parts
    at zstandard levels 3 and 19, and the baseline of the issue, the members as JSON
    lines compressed with zstandard level 19;
  - the desk's ingest of the snapshot (verify the manifest, check each part's hash,
    decompress, decode and check every value, load, build the indexes, commit: the swap),
    in a child process so its peak memory is its own; against a bare sqlite3 executemany
    of the same rows into a table without indexes, also in a child process;
  - applying signed change batches of 10,000 and 100,000 changed members (verify, decode,
    apply, commit) to the national list.

`--only-changes` measures the change batches alone: the list is still written as a
snapshot (at zstandard level 3, faster) and ingested by the desk, but nothing else is
measured or reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import zstandard
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from benchmarks.common import machine, print_table
from hospital_desk.synthetic import generate
from hospital_desk.wire import columns
from hospital_desk.wire.changes import write_changes
from hospital_desk.wire.snapshot import write_snapshot

AS_OF = dt.date(2026, 12, 1)
PART_ROWS = 200_000
Row = tuple[str, str, str]


def _child(
    code: str, *args: str, env: dict[str, str] | None = None
) -> tuple[dict[str, float], float]:
    """Run `code` in a fresh interpreter; returns its JSON result and its peak RSS (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run(  # noqa: S603 - our own interpreter and our own code
        [sys.executable, "-c", code, *args],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far: run the big ones last or alone.
    return json.loads(out.stdout.strip().splitlines()[-1]), max(peak, before) / 1024


INGEST = r"""
import json, sys, time
from pathlib import Path
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.sync.syncer import import_snapshot_dir
desk = Desk.open(load_settings(Path(sys.argv[1])))
start = time.perf_counter()
count = import_snapshot_dir(desk, Path(sys.argv[2]))
took = time.perf_counter() - start
desk.close()
import resource
print(json.dumps({"seconds": took, "count": count,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BARE = r"""
import json, sqlite3, sys, time
from pathlib import Path
from hospital_desk.schema import MEMBER_COLUMNS
from hospital_desk.wire import columns
from hospital_desk.wire.changes import write_changes
folder, db = Path(sys.argv[1]), sys.argv[2]
connection = sqlite3.connect(db)
connection.execute("PRAGMA journal_mode=WAL")
connection.execute(f"CREATE TABLE members ({', '.join(MEMBER_COLUMNS)})")
sql = f"INSERT INTO members VALUES ({','.join('?' * len(MEMBER_COLUMNS))})"
took = 0.0
count = 0
for part in sorted(folder.glob("members-*.zst")):
    rows = list(columns.member_rows(columns.decode(columns.WIRE_COLUMNS, part.read_bytes())))
    start = time.perf_counter()
    connection.executemany(sql, rows)
    took += time.perf_counter() - start
    count += len(rows)
start = time.perf_counter()
connection.commit()
took += time.perf_counter() - start
import resource
print(json.dumps({"seconds": took, "count": count,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHANGES = r"""
import json, sys, time
from pathlib import Path
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.sync.syncer import import_folder
desk = Desk.open(load_settings(Path(sys.argv[1])))
results = {}
for folder in sys.argv[2:]:
    start = time.perf_counter()
    report = import_folder(desk, Path(folder))
    results[Path(folder).name] = time.perf_counter() - start
    results[Path(folder).name + "_changed"] = report.changed
desk.close()
print(json.dumps(results))
"""


def _json_line(row: tuple[object, ...]) -> bytes:
    return (
        json.dumps(dict(zip(columns.WIRE_COLUMNS, row, strict=True)), ensure_ascii=False).encode()
        + b"\n"
    )


def _jsonl_zstd19(count: int) -> tuple[int, int, float]:
    """(JSON bytes, compressed bytes, seconds) for the members as JSON lines, zstd -19."""
    compressor = zstandard.ZstdCompressor(level=19, threads=-1)
    chunk = compressor.compressobj()
    raw = packed = 0
    start = time.perf_counter()
    buffer: list[bytes] = []
    for person in generate(count, seed=1, as_of=AS_OF):
        line = _json_line(columns.wire_row(person.row))
        raw += len(line)
        buffer.append(line)
        if len(buffer) >= 20_000:
            packed += len(chunk.compress(b"".join(buffer)))
            buffer = []
    packed += len(chunk.compress(b"".join(buffer)))
    packed += len(chunk.flush())
    return raw, packed, time.perf_counter() - start


def _recompress(folder: Path, level: int) -> int:
    total = 0
    compressor = zstandard.ZstdCompressor(level=level)
    for part in sorted(folder.glob("*.zst")):
        body = zstandard.ZstdDecompressor().decompress(part.read_bytes(), max_output_size=2**30)
        total += len(compressor.compress(body))
    return total + (folder / "manifest.json").stat().st_size


def _change_folders(
    base: Path, key: ed25519.Ed25519PrivateKey, count: int, sizes: list[int]
) -> list[Path]:
    """A change batch per size, each on the sequence after the previous one: a third new
    members, two thirds existing members with a new card serial (and the old revoked)."""
    folders = []
    seq = 1
    tail = list(generate(count + sum(s // 3 for s in sizes), seed=1, as_of=AS_OF))
    fresh = iter(p.row for p in tail[count:])
    existing = (p.row for p in tail[: count : max(1, count // (sum(sizes)))])
    for size in sizes:
        seq += 1
        new = [next(fresh) for _ in range(size // 3)]
        changed = []
        for _ in range(size - len(new)):
            row = next(existing)
            changed.append((row[0], row[1] + 1, *row[2:]))
        revoked = [(r[0], r[1] - 1, "replaced", 20261202) for r in changed]
        folder = base / f"changes_{size}"
        (folder / "changes").mkdir(parents=True)
        data = write_changes([*changed, *new], [], revoked, sequence=seq, as_of=AS_OF, key=key)
        (folder / "changes" / f"{seq}.batch").write_bytes(data)
        folders.append(folder)
    return folders


def _desk_home(tmp: Path, key: ed25519.Ed25519PrivateKey) -> Path:
    """A desk home trusting lists signed by `key`."""
    home = tmp / "desk"
    home.mkdir()
    (home / "list.pem").write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    (home / "config.toml").write_text('list_keys = ["list.pem"]\n', encoding="utf-8")
    return home


def _snapshot_rows(snap: Path, n: int, build: float, skip_baseline: bool) -> list[Row]:
    size = sum(p.stat().st_size for p in snap.iterdir())
    rows: list[Row] = [
        (f"snapshot of {n:,} members, zstd 19 (generate + encode + sign)", f"{build:.1f} s", ""),
        ("snapshot bytes (manifest + parts)", f"{size:,}", ""),
        ("snapshot bytes per member (the format, zstd 19)", f"{size / n:.2f}", ""),
        ("download at 1 Mbit/s / 10 Mbit/s",
         f"{size * 8 / 1e6 / 60:.1f} min / {size * 8 / 1e7:.0f} s", ""),
    ]  # fmt: skip
    for level in (3, 19):
        alt = _recompress(snap, level)
        rows.append(
            (f"alternative: same columns at zstd {level}, bytes per member", f"{alt / n:.2f}", "")
        )
    if not skip_baseline:
        raw, packed, took = _jsonl_zstd19(n)
        rows.append(("baseline: JSON lines, bytes per member (raw)", f"{raw / n:.1f}", ""))
        rows.append(("baseline: JSON lines + zstd 19, bytes per member",
                     f"{packed / n:.2f} ({took:.0f} s to compress)", ""))  # fmt: skip
        rows.append(("format / baseline", f"{size / packed:.2f}", "<= 0.5"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=4_000_000)
    parser.add_argument("--skip-baseline", action="store_true", help="no JSON-lines baseline")
    parser.add_argument(
        "--only-changes", action="store_true", help="measure only the change batches"
    )
    args = parser.parse_args()
    n = args.members
    rows: list[Row] = []
    key = ed25519.Ed25519PrivateKey.generate()
    with tempfile.TemporaryDirectory() as tmp_text:
        tmp = Path(tmp_text)
        snap = tmp / "snapshot"
        start = time.perf_counter()
        write_snapshot(snap, (p.row for p in generate(n, seed=1, as_of=AS_OF)), [],
                       sequence=1, as_of=AS_OF, key=key, part_rows=PART_ROWS,
                       level=3 if args.only_changes else 19)  # fmt: skip
        build = time.perf_counter() - start
        home = _desk_home(tmp, key)
        if not args.only_changes:
            rows += _snapshot_rows(snap, n, build, args.skip_baseline)
            bare, _ = _child(BARE, str(snap), str(tmp / "bare.sqlite3"))
            rows.append(("bare sqlite3 executemany of the same rows (no index)",
                         f"{bare['seconds']:.1f} s", ""))  # fmt: skip
        ingest, _ = _child(INGEST, str(home), str(snap))
        assert ingest["count"] == n
        if not args.only_changes:
            took, ratio = ingest["seconds"], ingest["seconds"] / bare["seconds"]
            rows.append(("desk ingest: verify, decompress, load, index, swap",
                         f"{took:.1f} s ({ratio:.2f} x bare)", "<= 2 x bare"))  # fmt: skip
            rows.append(("desk ingest peak memory (its own process)",
                         f"{ingest['rss_mb']:.0f} MB", "< 500 MB"))  # fmt: skip
        folders = _change_folders(tmp, key, n, [10_000, 100_000])
        applied, _ = _child(CHANGES, str(home), *map(str, folders))
        for size in (10_000, 100_000):
            name = f"changes_{size}"
            target = "< 1 s" if size == 10_000 else ""
            rows.append((f"apply a signed batch of {int(applied[name + '_changed']):,} changes "
                         f"to {n:,}", f"{applied[name]:.2f} s", target))  # fmt: skip
    print_table(f"Desk sync ({machine()}, {dt.date.today()})", rows)


if __name__ == "__main__":
    main()
