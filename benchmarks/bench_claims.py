"""Claims benchmark: flush 1,000 queued claims to the reference server on loopback.

    benchmarks/run bench_claims [--claims 1000]

A reference server in a temporary folder (a small list: the claims review does not read
it), served by uvicorn on loopback; a desk in another temporary folder with one member
per claim; the claims created, checked and queued through the claim book (timed), then
`ClaimSender.submit_all()` (timed: attachments, then one POST per claim with its
Idempotency-Key and two commits around it), then the server's review and the pull.
Target (issue 6): the flush under 30 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import threading
import time
from pathlib import Path

import uvicorn

from benchmarks.common import machine, peak_rss_mb, print_table
from hospital_desk.claims.model import (
    Benefit,
    Claimant,
    ClaimInput,
    Document,
    Funeral,
    Hospitalisation,
    Line,
    Maternity,
)
from hospital_desk.claims.store import ClaimBook
from hospital_desk.dates import month_index
from hospital_desk.desk import Desk
from hospital_desk.member_store import member_to_row, replace_all_members
from hospital_desk.members import Member, MemberId, Scheme, Sex, paid_bitmap_from_months
from hospital_desk.storage import LIST_AS_OF, set_state
from hospital_desk.sync.claims_client import ClaimSender
from hospital_desk.sync.client import CentralClient
from nssf_central.app import create_app
from nssf_central.auth import enrol, new_enrolment_code
from nssf_central.claims import review_claims
from nssf_central.config import load_config
from nssf_central.db import open_central
from nssf_central.operations import init

TODAY = dt.date(2026, 11, 20)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _people(count: int) -> list[Member]:
    through = month_index(dt.date(2026, 10, 1))
    bitmap = paid_bitmap_from_months(through, set(range(through - 60, through + 1)))
    return [
        Member(
            member_id=MemberId(10_000_000_200_000 + i),
            card_serial=1,
            name_latin="SOK SOPHEA",
            name_khmer="សុខ សុភា",
            birth_ymd=19900515,
            sex=Sex.MALE if i % 3 else Sex.FEMALE,
            scheme=Scheme.PRIVATE,
            enrolled_on=dt.date(2020, 1, 1),
            paid_through=through,
            paid_bitmap=bitmap,
        )
        for i in range(count)
    ]


def _claim(person: Member, i: int, docs: list[Document]) -> ClaimInput:
    day = TODAY - dt.timedelta(days=5 + i % 20)
    if i % 3 == 0:
        return ClaimInput(Benefit.MATERNITY, person.member_id, Maternity(day, "normal", 1, 4, 39),
                          (Line("DEL-NORMAL"), Line("ANC-VISIT", 4)), (docs[0],))  # fmt: skip
    if i % 3 == 1:
        return ClaimInput(Benefit.HOSPITALISATION, person.member_id,
                          Hospitalisation(day - dt.timedelta(days=3), day, "A09.0", ("E86",)),
                          (Line("IPD-DAY", 3), Line("LAB-BASIC")), (docs[1], docs[2]))  # fmt: skip
    claimant = Claimant("KEO SREY", "wife", "012 345 678", "0102030405")
    return ClaimInput(Benefit.FUNERAL, person.member_id, Funeral(day, "Kandal", claimant),
                      (Line("FUNERAL"),), (docs[3],))  # fmt: skip


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
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--port", type=int, default=8562)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(Path(tmp) / "central")
        engine = open_central(config.database_url)
        init(engine, config, 100, 1, TODAY, snapshot=False)
        with engine.begin() as connection:
            token = enrol(connection, new_enrolment_code(connection), "BENCH")
        server = _serve(create_app(config), args.port)
        os.environ["HOSPITAL_DESK_HOME"] = str(Path(tmp) / "desk")
        Path(tmp, "desk").mkdir()
        desk = Desk.open()
        people = _people(args.claims)
        with desk.engine.begin() as connection:
            replace_all_members(connection, [member_to_row(m) for m in people])
            set_state(connection, LIST_AS_OF, TODAY.isoformat())
        book = ClaimBook(desk, "bench", today=lambda: TODAY)
        kinds = ("delivery_record", "discharge_summary", "invoice", "death_certificate")
        docs = [Document(k, book.attach(PDF + f"% {k}\n%%EOF\n".encode()).sha256) for k in kinds]
        start = time.perf_counter()
        for i, person in enumerate(people):
            claim = book.create(_claim(person, i, docs))
            book.mark_ready(claim.claim_id)
            book.queue(claim.claim_id)
        took = time.perf_counter() - start
        rows.append((f"create + check + queue {args.claims:,} claims",
                     f"{took:.1f} s ({took / args.claims * 1000:.1f} ms each)", ""))  # fmt: skip
        client = CentralClient(f"http://127.0.0.1:{args.port}", token)
        sender = ClaimSender(desk, client)
        start = time.perf_counter()
        report = sender.submit_all()
        took = time.perf_counter() - start
        assert report.submitted == args.claims and report.error is None
        rows.append((f"flush {args.claims:,} queued claims (submit_all)",
                     f"{took:.1f} s ({args.claims / took:.0f} claims/s)", "< 30 s"))  # fmt: skip
        with engine.begin() as connection:
            review_claims(connection, TODAY)
        start = time.perf_counter()
        pulled = sender.pull_changes()
        took = time.perf_counter() - start
        rows.append((f"pull {pulled.applied:,} decisions", f"{took:.1f} s", ""))
        client.close()
        desk.close()
        server.should_exit = True
    rows.append(("peak memory (desk + server, one process)", f"{peak_rss_mb():.0f} MB", ""))
    print_table(f"Claims: flush to the reference server on loopback ({machine()})", rows)


if __name__ == "__main__":
    main()
