"""`kpi publish-period` and `kpi appeal file|decide|list`, run as a user would, on the
hand-filled snapshot (P002 of PRC-C-gongsu: 2026Q1 ATT 10 points). The rules themselves
are tested through the services in test_appeals.py; here, the verbs, output and exit codes."""

from __future__ import annotations

import re
from pathlib import Path

from kpi_warehouse.store import accounts, appeals
from kpi_warehouse.store.audit import Actor
from tests.conftest import demo_env, kpi
from tests.dashboard.conftest import build_synthetic_snapshot

PASSWORD = "test-password-2026"


def test_publish_file_decide_list(tmp_path: Path):
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    build_synthetic_snapshot(data / "warehouse" / "published.duckdb")
    url = f"sqlite:///{data / 'sources' / 'app.sqlite'}"
    op = Actor("cli:test")
    accounts.add(op, "office", ["appraisal_office"], PASSWORD, "P004", None, "PRC-C", url=url)
    accounts.add(op, "staff", ["staff"], PASSWORD, "P002", url=url)
    env = demo_env(data)

    done = kpi(env, "publish-period", "2026Q1", "--user", "office")
    assert "已发布 2026Q1" in done.stdout
    again = kpi(env, "publish-period", "2026Q1", "--user", "office", check=False)
    assert again.returncode == 1 and "不再重复发布" in again.stderr

    note = tmp_path / "note.txt"
    note.write_bytes(b"evidence")
    filed = kpi(env, "appeal", "file", "2026Q1", "--user", "staff", "--reason", "考勤有误",
                "--indicator", "ATT", "--attachment", str(note))  # fmt: skip
    appeal_id = filed.stdout.strip()
    assert re.fullmatch(r"AP-[0-9A-F]{10}", appeal_id)
    row = appeals.get(appeal_id, url=url)
    assert (row.indicator_id, row.before["points"], row.attachment_name) == ("ATT", 10.0,
                                                                            "note.txt")  # fmt: skip

    own = kpi(env, "appeal", "decide", appeal_id, "--user", "staff", "--dismiss",
              "--answer", "x", check=False)  # fmt: skip
    assert own.returncode == 2  # staff are not the appraisal office (and it is their own)
    decided = kpi(env, "appeal", "decide", appeal_id, "--user", "office", "--dismiss",
                  "--answer", "考勤记录无误")  # fmt: skip
    assert "驳回" in decided.stdout
    listed = kpi(env, "appeal", "list", "--user", "staff").stdout.splitlines()
    assert len(listed) == 2 and listed[1].startswith(f"{appeal_id}\t2026Q1\tP002\t")
    assert "驳回 dismissed" in listed[1]
