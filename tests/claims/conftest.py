"""A desk with a small known member list, and its claim book."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hospital_desk.claims.store import ClaimBook
from hospital_desk.desk import Desk
from tests.claims.claimlab import TODAY, load_people


@pytest.fixture
def desk(desk_home: Path) -> Iterator[Desk]:
    desk = Desk.open()
    load_people(desk)
    yield desk
    desk.close()


@pytest.fixture
def book(desk: Desk) -> ClaimBook:
    return ClaimBook(desk, "billing1", today=lambda: TODAY)
