"""The central server on PostgreSQL: the same code, the same answers as on SQLite.

Runs when HOSPITAL_DESK_TEST_POSTGRES_URL names a database it may wipe (`.ci/run` starts
one); in CI a missing database is a failure, as in tests/core/test_postgres.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from hospital_desk.card.pki import DemoPki
from hospital_desk.storage import make_engine
from hospital_desk.wire.signing import load_public_keys
from hospital_desk.wire.snapshot import read_manifest
from nssf_central.config import load_config, write_config
from nssf_central.db import open_central
from nssf_central.operations import init
from tests.central.helpers import call, problem
from tests.central.test_claims import CLAIM
from tests.serverfixture import CENTRAL_AS_OF, CentralServer

URL = os.environ.get("HOSPITAL_DESK_TEST_POSTGRES_URL")
if URL is None and os.environ.get("CI"):
    pytest.fail("CI must run the PostgreSQL tests: HOSPITAL_DESK_TEST_POSTGRES_URL is not set")
pytestmark = pytest.mark.skipif(URL is None, reason="no HOSPITAL_DESK_TEST_POSTGRES_URL")


@pytest.fixture
def pg_central(tmp_path: Path, central_pki: DemoPki) -> Iterator[CentralServer]:
    assert URL is not None
    engine = make_engine(URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    home = tmp_path / "central"
    home.mkdir()
    (home / "trust-list.json").write_bytes(central_pki.trust_list)
    write_config(home, database_url=URL)
    config = load_config(home)
    engine = open_central(config.database_url)
    init(engine, config, 1_500, 5, CENTRAL_AS_OF)
    engine.dispose()
    server = CentralServer(home, central_pki)
    server.start()
    yield server
    server.close()


def test_on_postgresql_the_feed_claims_and_tokens_work_as_on_sqlite(
    pg_central: CentralServer,
) -> None:
    assert pg_central.engine.dialect.name == "postgresql"
    token = pg_central.token("KH-0101")
    keys = load_public_keys([pg_central.list_key_pem])
    manifest = read_manifest(call(pg_central, "GET", "/v1/snapshots/latest", token).content, keys)
    assert manifest.member_count == 1_500
    (day,) = pg_central.simulate_days(1)
    assert call(pg_central, "GET", "/v1/changes?since=1", token).headers["nssf-seq"] == "2"
    assert call(pg_central, "GET", "/v1/changes?since=2", token).status_code == 204
    assert pg_central.build_snapshot().member_count == 1_500 + len(
        [e for e in day.events if e.event == "new"]
    ) - len(day.tombstones)
    claim = {**CLAIM, "benefit": "funeral", "member_id": 10_000_000_000_001,
             "lines": [], "amount_claimed": 0}  # fmt: skip
    headers = {"Idempotency-Key": "pg-claim-0001"}
    first = call(pg_central, "POST", "/v1/claims", token, json=claim, headers=headers)
    again = call(pg_central, "POST", "/v1/claims", token, json=claim, headers=headers)
    assert first.json() == again.json()
    other = {**claim, "member_id": 10_000_000_000_002}
    problem(call(pg_central, "POST", "/v1/claims", token, json=other, headers=headers), 409,
            "idempotency_key_reused")  # fmt: skip
    assert pg_central.review_claims() == {"accepted": 1, "rejected": 0, "paid": 0}
