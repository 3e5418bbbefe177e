"""The dashboard on a free port of 127.0.0.1, and Debian's headless Chromium to drive it.

One definition for everything that starts the dashboard: ``kpi serve`` (its command), the
page benchmark (``bench_page``) and the browser tests (``tests/dashboard``). The server
runs in its own process group, so stopping it stops Streamlit's children too.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kpi_warehouse.config import REPO_ROOT

APP = REPO_ROOT / "dashboards" / "app.py"
CHROMIUM = "/usr/bin/chromium"  # Debian's; no browser downloads here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
STARTUP_SECONDS = 60


def streamlit_command(port: int, address: str | None = "127.0.0.1") -> list[str]:
    """The command that serves the dashboard as ``kpi serve`` does. ``address`` None leaves
    the address to ``.streamlit/config.toml`` (127.0.0.1), as the README's start does."""
    bind = ["--server.address", address] if address is not None else []
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        *bind,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
    ]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(log: Path, lines: int = 40) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty server log)"


def wait_until_up(base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    """Return once ``base`` answers Streamlit's health check; raise with the log's tail if
    the server exits or is not up within STARTUP_SECONDS."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"the dashboard server exited with code {proc.returncode} before it came up;"
                f" log tail ({log}):\n{log_tail(log)}"
            )
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(
        f"the dashboard server did not come up within {STARTUP_SECONDS} s at {base};"
        f" log tail ({log}):\n{log_tail(log)}"
    )


def stop_process_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server's whole process group: SIGTERM, then SIGKILL after 15 s."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        proc.wait(timeout=15)


@contextmanager
def serve(env: Mapping[str, str], log: Path, address: str | None = "127.0.0.1") -> Iterator[str]:
    """The dashboard with ``env`` on a free port, its output in ``log``; yields its base URL
    once healthy and stops it afterwards."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            streamlit_command(port, address), cwd=REPO_ROOT, env=dict(env), stdout=out,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base, proc, log)
            yield base
        finally:
            stop_process_group(proc)


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium (Debian's), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
