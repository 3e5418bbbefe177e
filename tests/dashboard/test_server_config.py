"""However the dashboard is started — from the repository root or from dashboards/ — the
committed Streamlit configuration keeps it on 127.0.0.1, with usage statistics off, XSRF
protection on and the developer menu hidden. (The browser tests check the real bind.)"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIGS = [REPO_ROOT / ".streamlit" / "config.toml", REPO_ROOT / "dashboards" / ".streamlit" /
           "config.toml"]  # fmt: skip
EXPECTED = {
    ("server", "address"): "127.0.0.1",
    ("server", "enableXsrfProtection"): True,
    ("browser", "gatherUsageStats"): False,
    ("client", "toolbarMode"): "viewer",
    ("client", "showErrorDetails"): "none",
    ("client", "disableDataExport"): True,
}


def test_both_config_files_are_the_same_and_safe():
    first, second = (path.read_text(encoding="utf-8") for path in CONFIGS)
    assert first == second
    config = tomllib.loads(first)
    for (section, key), value in EXPECTED.items():
        assert config[section][key] == value, (section, key)
    assert "auth" not in config  # single sign-on settings live in the ignored secrets.toml


@pytest.mark.parametrize("cwd", [REPO_ROOT, REPO_ROOT / "dashboards"], ids=["root", "dashboards"])
def test_streamlit_reads_it_from_where_it_starts(cwd: Path):
    # The console script, not `python -m`: dashboards/selectors.py would shadow the
    # standard library's `selectors` when dashboards/ is the first entry of sys.path.
    streamlit = Path(sys.executable).parent / "streamlit"
    shown = subprocess.run(
        [str(streamlit), "config", "show"], cwd=cwd, capture_output=True, text=True, timeout=120,
        check=True,
    ).stdout  # fmt: skip
    lines = set(shown.splitlines())
    for (_, key), value in EXPECTED.items():
        text = f'"{value}"' if isinstance(value, str) else str(value).lower()
        assert f"{key} = {text}" in lines, key


def test_no_secrets_are_committed():
    tracked = subprocess.run(
        ["git", "ls-files", "*secrets.toml"], cwd=REPO_ROOT, capture_output=True, text=True
    ).stdout
    assert tracked.strip() == ""
    ignored = (REPO_ROOT / ".gitignore").read_text(encoding="utf-8")
    assert ".streamlit/secrets.toml" in ignored
