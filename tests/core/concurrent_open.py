"""Open one database from several threads at the same instant (desks starting together)."""

from __future__ import annotations

import threading

from hospital_desk.storage import open_database


def open_concurrently(url: str, desks: int) -> list[BaseException]:
    """Every thread waits at a barrier, then opens `url`; returns the errors raised."""
    barrier = threading.Barrier(desks)
    errors: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            open_database(url).dispose()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start, daemon=True) for _ in range(desks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)  # a hang (lock wait forever) is a failure, not a stuck run
        if thread.is_alive():
            errors.append(TimeoutError("a desk was still opening the database after 120 s"))
    return errors
