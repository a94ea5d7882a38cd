"""The check every UI test ends with really catches a thread or a task left running."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from hospital_desk.ui.main_window import MainWindow
from tests.ui.helpers import assert_nothing_left_running, python_threads


def test_a_python_thread_left_running_fails_the_check(qtbot: QtBot) -> None:
    before = python_threads()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        with pytest.raises(AssertionError, match="left a thread running"):
            assert_nothing_left_running(qtbot, before)
    finally:
        stop.set()
        thread.join()
    assert_nothing_left_running(qtbot, before)  # and passes once it has ended


def test_a_task_still_running_fails_the_check(qtbot: QtBot, window: MainWindow) -> None:
    release = threading.Event()

    def hold() -> None:
        release.wait(10)

    window.tasks.run_cpu(hold, lambda _result: None)
    before = python_threads()
    try:
        with pytest.raises(AssertionError, match="still running"):
            assert_nothing_left_running(qtbot, before, timeout_ms=300)
    finally:
        release.set()
    assert_nothing_left_running(qtbot, before)
