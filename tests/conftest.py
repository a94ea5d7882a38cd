"""Shared fixtures: every test gets its own data directory (HOSPITAL_DESK_HOME)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any QApplication can exist (STYLE.md practice 9).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def desk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, empty data directory for the desk under test."""
    home = tmp_path / "desk-home"
    home.mkdir()
    monkeypatch.setenv("HOSPITAL_DESK_HOME", str(home))
    monkeypatch.delenv("HOSPITAL_DESK_DATABASE_URL", raising=False)
    monkeypatch.delenv("HOSPITAL_DESK_STALE_DAYS", raising=False)
    monkeypatch.delenv("HOSPITAL_DESK_TRUST_ROOTS", raising=False)
    yield home


# The real central reference server on loopback (fixture `central_server`).
pytest_plugins = ["tests.serverfixture"]
