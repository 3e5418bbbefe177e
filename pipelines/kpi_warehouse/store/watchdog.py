"""Interrupt a DuckDB statement that runs past its time limit — one thread for all of them.

A timer thread per query cost more than a drill-down query itself (starting a thread takes
milliseconds on a busy machine), so one daemon thread keeps every running statement's
deadline and interrupts the connection of any that passes it.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

_cv = threading.Condition()
_deadlines: list[tuple[float, int]] = []  # (deadline, token), a heap
_running: dict[int, duckdb.DuckDBPyConnection] = {}
_tokens = itertools.count()
_thread: threading.Thread | None = None


def _watch() -> None:
    while True:
        with _cv:
            while _deadlines and _deadlines[0][1] not in _running:
                heapq.heappop(_deadlines)  # finished in time
            if not _deadlines:
                _cv.wait()
                continue
            deadline, token = _deadlines[0]
            wait = deadline - time.monotonic()
            if wait > 0:
                _cv.wait(wait)
                continue
            heapq.heappop(_deadlines)
            con = _running.pop(token, None)
        if con is not None:
            con.interrupt()


def _start() -> None:
    global _thread
    if _thread is None or not _thread.is_alive():
        _thread = threading.Thread(target=_watch, name="duckdb-watchdog", daemon=True)
        _thread.start()


@contextmanager
def interrupt_after(con: duckdb.DuckDBPyConnection, seconds: float) -> Iterator[None]:
    """Interrupt whatever ``con`` runs once ``seconds`` have passed."""
    token = next(_tokens)
    with _cv:
        _start()
        _running[token] = con
        heapq.heappush(_deadlines, (time.monotonic() + seconds, token))
        _cv.notify()
    try:
        yield
    finally:
        with _cv:
            _running.pop(token, None)
