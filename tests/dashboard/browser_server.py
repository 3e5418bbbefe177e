"""The dashboard served for a browser test, and Debian's Chromium to drive it
(``kpi_warehouse.dashboard_server``, which ``kpi serve`` and the page benchmark use too)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from kpi_warehouse import dashboard_server
from kpi_warehouse.dashboard_server import chromium  # noqa: F401 - re-exported


@contextmanager
def serve(env: Mapping[str, str], log: Path) -> Iterator[str]:
    """The dashboard, started as documented (no --server.address: .streamlit/config.toml
    keeps it on 127.0.0.1), with ``env`` on a free port; its base URL. Stopped afterwards."""
    with dashboard_server.serve(env, log, address=None) as base:
        yield base
