"""The dashboard served for a browser test, and Debian's Chromium to drive it."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO_ROOT,
    STARTUP_SECONDS,
    free_port,
    stop_process_group,
    wait_for_health,
)


@contextmanager
def serve(env: Mapping[str, str], log: Path) -> Iterator[str]:
    """The dashboard, started as documented (no --server.address: .streamlit/config.toml
    keeps it on 127.0.0.1), with ``env`` on a free port; its base URL. Stopped afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "dashboards/app.py",
               "--server.port", str(port)]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, cwd=REPO_ROOT, env=dict(env), stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(f"{base}/_stcore/health", proc, time.monotonic() + STARTUP_SECONDS)
            yield base
        finally:
            stop_process_group(proc)


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
