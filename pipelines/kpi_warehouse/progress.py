"""Progress lines an operator can follow while `kpi build` runs.

The build's steps call :func:`say`; it prints (to stderr, at once) only when the running
command switched it on with :func:`enable` — `kpi build` does, while a Dagster run (the
nightly schedule, `make dagster`) logs through Dagster instead and prints nothing here.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

_enabled = False


def enable(on: bool = True) -> None:
    global _enabled
    _enabled = on


def say(line: str) -> None:
    if _enabled:
        print(line, file=sys.stderr, flush=True)


@contextmanager
def timed() -> Iterator[list[float]]:
    """Seconds spent in the block, in ``box[0]`` once it ends."""
    box = [0.0]
    started = time.perf_counter()
    try:
        yield box
    finally:
        box[0] = time.perf_counter() - started
