"""SIGKILL during a batch submission of 200 claims, at seeded random points, then a clean
run: NSSF holds exactly one copy of each claim and every claim is in exactly one state."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hospital_desk.claims.store import ClaimBook
from hospital_desk.desk import Desk
from hospital_desk.schema import claim_events, claims
from hospital_desk.storage import verify_audit_chain
from hospital_desk.sync.syncer import Device, save_device
from nssf_central.schema import claims as central_claims
from tests.claims.claimlab import TODAY, crowd, load_people, queue_claims
from tests.serverfixture import CentralServer

CLAIMS = 200
KILLS = 20
SEED = 6


def _submit(home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "HOSPITAL_DESK_HOME": str(home)}
    command = [sys.executable, "-m", "hospital_desk", "claims", "submit", "--no-pull", "--progress"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_sigkill_during_a_batch_loses_and_duplicates_nothing(
    desk_home: Path, central_server: CentralServer
) -> None:
    desk = Desk.open()
    people = crowd(CLAIMS)
    load_people(desk, people)
    ids = set(queue_claims(ClaimBook(desk, "billing1", today=lambda: TODAY), people))
    save_device(desk.settings, Device(central_server.url, central_server.token("F0001"), "F0001"))
    desk.close()

    rng = random.Random(SEED)  # noqa: S311 - seeded kill points, not cryptography
    kills = 0
    while kills < KILLS:
        process = _submit(desk_home)
        assert process.stdout is not None
        after = rng.randint(1, 8)  # claims this run sends before the kill...
        for _ in range(after):
            if not process.stdout.readline():
                break
        time.sleep(rng.random() * 0.03)  # ... plus a moment: mid-POST, mid-commit, anywhere
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()
        kills += 1

    desk = Desk.open()
    halfway = ClaimBook(desk, "check").counts()
    desk.close()
    assert halfway["queued"] > 0 and halfway["submitted"] > 0  # the kills fell mid-batch

    done = _submit(desk_home)
    out, _ = done.communicate(timeout=120)
    assert done.returncode == 0, out

    desk = Desk.open()
    try:
        with desk.engine.connect() as c:
            states = dict(
                c.execute(select(claims.c.state, func.count()).group_by(claims.c.state)).all()
            )
            numbers = dict(c.execute(select(claims.c.claim_id, claims.c.claim_number)).all())
            receipts = c.execute(
                select(claim_events.c.claim_id, func.count())
                .where(claim_events.c.event == "receipt")
                .group_by(claim_events.c.claim_id)
            ).all()
            assert verify_audit_chain(c) is None  # no half-written history
    finally:
        desk.close()
    assert states == {"submitted": CLAIMS}  # every claim in exactly one state, none lost
    assert set(numbers) == ids and len(set(numbers.values())) == CLAIMS
    assert {n for _, n in receipts} == {1} and len(receipts) == CLAIMS
    with central_server.engine.connect() as c:
        rows = c.execute(select(central_claims.c.idempotency_key, central_claims.c.body)).all()
    assert len(rows) == CLAIMS  # zero duplicated at the server
    assert {json.loads(body)["claim_id"] for _, body in rows} == ids  # zero lost
    assert {key for key, _ in rows} == ids
