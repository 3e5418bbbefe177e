"""`kpi registry add|edit|void` and `kpi entry fix` — the browser's single-record acts on
the command line, with the same rules: owner office only, a reason for edit and void,
voided records leave the live table and stay in the history, fixes only of one's own
rejected entries."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from kpi_warehouse.cli import main
from kpi_warehouse.store import accounts, history
from tests.registry_helpers import OPERATOR, PASSWORD, make_store
from tests.test_registry_cli import _office

YEAR = date.today().year  # the open period is the current year


def _bulletins(url: str) -> list[tuple]:
    with sa.create_engine(url).connect() as con:
        return list(con.execute(sa.text(
            "SELECT bulletin_id, person_id, title, media_level, published_date, recorded_by "
            "FROM reg_bulletins ORDER BY bulletin_id")))  # fmt: skip


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def _setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """The store and directory in tmp_path, and `kpi` run in this process against them
    (the same parser and verbs as the command; in-process keeps the test fast)."""
    url = make_store(tmp_path)
    _office(tmp_path)
    for name in [k for k in os.environ if k.startswith("KPI_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("KPI_DATA_DIR", str(tmp_path))

    def run_kpi(_env: object, *args: str) -> Ran:
        capsys.readouterr()
        code = main(list(args))
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)

    return url, None, run_kpi


def test_add_edit_void_on_the_command_line(tmp_path: Path, monkeypatch, capsys):
    url, env, run_kpi = _setup(tmp_path, monkeypatch, capsys)
    day = f"{YEAR}-03-02"
    added = run_kpi(env, "registry", "add", "bulletins", "--set", "姓名=李娜",
                    "--set", "标题=检察开放日", "--set", "刊发级别=市级",
                    "--set", f"刊发日期={day}", "--user", "office1")  # fmt: skip
    assert added.returncode == 0, added.stderr
    [(rid, person, title, level, published, unit)] = _bulletins(url)
    # 李娜 is P00002 in the directory; 市级 is the code city; the account's unit records it
    assert (person, title, level, published, unit) == (
        "P00002",
        "检察开放日",
        "city",
        day,
        "PRC-D1-office",
    )
    assert added.stdout.strip().endswith(rid)

    # another office's owner may not touch it; a change needs a reason
    other = run_kpi(env, "registry", "edit", "bulletins", rid, "--set", "标题=改",
                    "--reason", "x", "--user", "pol1")  # fmt: skip
    assert other.returncode == 2 and "无权修改" in other.stderr
    no_reason = run_kpi(env, "registry", "edit", "bulletins", rid, "--set", "标题=改",
                        "--reason", " ", "--user", "office1")  # fmt: skip
    assert no_reason.returncode == 1 and "须填写原因" in no_reason.stderr

    edited = run_kpi(env, "registry", "edit", "bulletins", rid, "--set", "标题=检察开放日活动",
                     "--set", "刊发级别=省级", "--reason", "标题有误",
                     "--user", "office2")  # fmt: skip
    assert edited.returncode == 0, edited.stderr
    assert [r[2:4] for r in _bulletins(url)] == [("检察开放日活动", "provincial")]

    voided = run_kpi(env, "registry", "void", "bulletins", rid, "--reason", "重复登记",
                     "--user", "office1")  # fmt: skip
    assert voided.returncode == 0, voided.stderr
    assert _bulletins(url) == []
    acts = [(h.act, h.actor, h.reason) for h in history.of("reg_bulletins", rid, url=url)]
    assert acts == [("import", "office1", "cli"), ("edit", "office2", "标题有误"),
                    ("void", "office1", "重复登记")]  # fmt: skip
    last = history.of("reg_bulletins", rid, url=url)[-1]
    assert json.loads(last.before)["title"] == "检察开放日活动" and last.after is None
    again = run_kpi(env, "registry", "void", "bulletins", rid, "--reason", "再次",
                    "--user", "office1")  # fmt: skip
    assert again.returncode == 2 and "没有记录" in again.stderr


def test_add_reports_bad_values_in_the_chosen_language(tmp_path: Path, monkeypatch, capsys):
    url, env, run_kpi = _setup(tmp_path, monkeypatch, capsys)
    bad = run_kpi(env, "registry", "add", "bulletins", "--set", "姓名=王芳",
                  "--set", "标题=开放日", "--set", "刊发级别=县级",
                  "--set", f"刊发日期={YEAR}-03-02", "--user", "office1",
                  "--lang", "en")  # fmt: skip
    assert bad.returncode == 1
    assert "'县级' is not in the list" in bad.stderr
    assert "'王芳' is ambiguous (P00003、P00004)" in bad.stderr
    assert _bulletins(url) == []
    unknown = run_kpi(env, "registry", "add", "bulletins", "--set", "颜色=红",
                      "--user", "office1")  # fmt: skip
    assert unknown.returncode == 2 and "无法识别 --set 颜色=红" in unknown.stderr


def test_entry_fix_resubmits_the_clerks_rejected_entry(tmp_path: Path, monkeypatch, capsys):
    url, env, run_kpi = _setup(tmp_path, monkeypatch, capsys)
    accounts.add(OPERATOR, "rev1", ["reviewer"], PASSWORD, person_id="P00002", url=url)
    added = run_kpi(env, "entry", "add", "--name", "李娜", "--item", "reward", "--value", "6",
                    "--date", f"{YEAR}-05-10", "--description", "办案能手",
                    "--user", "clerk1")  # fmt: skip
    assert added.returncode == 0, added.stderr
    eid = added.stdout.strip().split()[-1]
    # pending: not fixable yet
    early = run_kpi(env, "entry", "fix", eid, "--set", "分值=3", "--user", "clerk1")
    assert early.returncode == 2 and "只能修改本人被退回的补录" in early.stderr
    rejected = run_kpi(env, "entry", "reject", eid, "--reason", "超过上限", "--user", "rev1")
    assert rejected.returncode == 0, rejected.stderr
    # only its clerk fixes it
    stranger = run_kpi(env, "entry", "fix", eid, "--set", "分值=3", "--user", "rev1")
    assert stranger.returncode == 2
    fixed = run_kpi(env, "entry", "fix", eid, "--set", "分值=3", "--user", "clerk1")
    assert fixed.returncode == 0, fixed.stderr
    with sa.create_engine(url).connect() as con:
        row = con.execute(sa.text("SELECT value, review_status, reviewed_by FROM manual_entries"
                                  )).one()  # fmt: skip
    assert tuple(row) == (3.0, "pending", None)
    review = run_kpi(env, "entry", "list", "--queue", "review", "--user", "rev1")
    assert eid in review.stdout
    acts = [h.act for h in history.of("manual_entries", eid, url=url)]
    assert acts == ["add", "rejected", "fix"]
