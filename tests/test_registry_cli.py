"""`kpi registry template|import|export` end to end against real SQLite files."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from kpi_warehouse.demo.schema import OFFICE_DDL
from tests.registry_helpers import PEOPLE, make_store
from tests.store_helpers import run_kpi, store_env


def _office(data_dir: Path) -> None:
    eng = sa.create_engine(f"sqlite:///{data_dir / 'sources' / 'office.sqlite'}")
    with eng.begin() as con:
        con.execute(sa.text(OFFICE_DDL["staff"]))
        for p in PEOPLE:
            con.execute(
                sa.text(
                    "INSERT INTO staff VALUES (:i, :n, 'PRC-D1-office', '检察官', '一般工作人员', "
                    "'2020-01-01', 'on_post', NULL, '2026-01-01T00:00:00')"
                ),
                {"i": p.person_id, "n": p.name},
            )
    eng.dispose()


def _count(url: str) -> int:
    with sa.create_engine(url).connect() as con:
        return con.execute(sa.text("SELECT count(*) FROM reg_bulletins")).scalar_one()


def test_registry_cli_round_trip(tmp_path: Path):
    url = make_store(tmp_path)
    _office(tmp_path)
    env = store_env(tmp_path)
    year = __import__("datetime").date.today().year
    tpl = tmp_path / "tpl.xlsx"
    assert run_kpi(env, "registry", "template", "bulletins", str(tpl)).returncode == 0
    wb = load_workbook(tpl)
    ws = wb.worksheets[0]
    ws.append([None, None, "张伟", "开放日", "市级", f"{year}-01-05"])
    ws.append([None, None, "无此人", "开放日", "市级", f"{year}-01-05"])
    wb.save(tmp_path / "bad.xlsx")

    bad = run_kpi(env, "registry", "import", "bulletins", str(tmp_path / "bad.xlsx"),
                  "--user", "office1")  # fmt: skip
    assert bad.returncode == 1, bad.stderr
    assert "第 3 行，姓名：查无此人" in bad.stderr and "未导入任何记录" in bad.stderr
    assert _count(url) == 0
    marked = load_workbook(tmp_path / "bad.问题标注.xlsx").worksheets[0]
    assert "查无此人" in marked["C3"].comment.text

    good = Workbook()
    good.active.append(["姓名", "标题", "刊发级别", "刊发日期"])
    good.active.append(["张伟", "开放日", "市级", f"{year}-01-05"])
    good.save(tmp_path / "good.xlsx")
    args = ("registry", "import", "bulletins", str(tmp_path / "good.xlsx"), "--user", "office1")
    first = run_kpi(env, *args)
    assert first.returncode == 0 and "新增 1 条" in first.stdout, first.stderr
    second = run_kpi(env, *args)
    assert second.returncode == 0 and "新增 0 条，已存在未变 1 条" in second.stdout

    out = tmp_path / "export.xlsx"
    assert (
        run_kpi(env, "registry", "export", "bulletins", str(out), "--user", "office1").returncode
        == 0
    )
    back = run_kpi(env, "registry", "import", "bulletins", str(out), "--user", "office1")
    assert back.returncode == 0 and "新增 0 条" in back.stdout
    assert _count(url) == 1

    refused = run_kpi(env, "registry", "import", "bulletins", str(out), "--user", "pol1")
    assert refused.returncode == 2 and "办公室" in refused.stderr
