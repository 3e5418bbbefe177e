"""Registry files: template drop-downs, all-or-nothing import with a marked copy, idempotent
re-import, export that imports back unchanged, the two-level award notice, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from kpi_warehouse.store.registries import files, service
from kpi_warehouse.store.registries.spec import registry
from tests.registry_helpers import DIRECTORY, PEOPLE, TODAY, make_store, owner

BULLETINS = registry("bulletins")
HEAD = ["标题", "姓名", "刊发级别", "刊发日期", "备注"]  # any order, an extra column


@pytest.fixture
def store(tmp_path: Path) -> str:
    return make_store(tmp_path)


def _xlsx(path: Path, rows: list[list[object]], head: list[str] = HEAD) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(head)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _import(store: str, path: Path, name: str = "bulletins", who: str = "office1"):
    reg = registry(name)
    return service.import_rows(owner(who, store), name, files.read(reg, path), DIRECTORY,
                               TODAY, url=store)  # fmt: skip


def _count(url: str, table: str) -> int:
    with sa.create_engine(url).connect() as con:
        return con.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


GOOD = [
    ["开放日", "张伟", "市级", "2026-03-05", "x"],
    ["调研", "李娜", "provincial", "2026/4/1", ""],
]


def test_template_has_chinese_headers_and_level_dropdown(tmp_path: Path):
    path = files.template(BULLETINS, tmp_path / "t.xlsx")
    ws = load_workbook(path).worksheets[0]
    assert [c.value for c in ws[1]] == ["编号", "人员编号", "姓名", "标题", "刊发级别", "刊发日期"]
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and "E2:E10001" in str(dv.sqref)
    options = load_workbook(path)["选项"]
    assert [options.cell(i, 1).value for i in range(1, 5)] == ["国家级", "省级", "市级", "区级"]


def test_good_file_adds_all_and_second_import_adds_nothing(store: str, tmp_path: Path):
    rows = [GOOD[0], ["调研", "李娜", "省级", "2026/4/1", ""]]
    path = _xlsx(tmp_path / "good.xlsx", rows)
    first = _import(store, path)
    assert (len(first.added), first.unchanged, first.ok) == (2, 0, True)
    second = _import(store, path)
    assert (len(second.added), second.unchanged, second.ok) == (0, 2, True)
    assert _count(store, "reg_bulletins") == 2


def test_one_bad_row_adds_nothing_and_reports_each_problem(store: str, tmp_path: Path):
    rows = [
        GOOD[0],                                            # row 2 fine
        ["调研", "赵六", "省级", "2026-04-01", ""],          # row 3 unknown person
        ["调研", "王芳", "省级", "2026-04-01", ""],          # row 4 ambiguous name
        ["调研", "李娜", "乡级", "2026-04-01", ""],          # row 5 level not in list
        ["调研", "李娜", "省级", "2025-12-31", ""],          # row 6 outside the open period
        ["开放日", "张伟", "市级", "2026-03-05", ""],         # row 7 duplicates row 2
    ]  # fmt: skip
    path = _xlsx(tmp_path / "bad.xlsx", rows)
    result = _import(store, path)
    assert not result.ok and result.added == []
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "姓名"),
        (4, "姓名"),
        (5, "刊发级别"),
        (6, "刊发日期"),
        (7, "编号"),
    ]
    assert "重名" in result.problems[1].problem and "P00003" in result.problems[1].problem
    assert "ambiguous" in result.problems[1].text("en")
    assert _count(store, "reg_bulletins") == 0
    marked = files.marked_copy(BULLETINS, files.read(BULLETINS, path), result.problems,
                               tmp_path / "marked.xlsx")  # fmt: skip
    wb = load_workbook(marked)
    ws = wb.worksheets[0]
    assert ws["C3"].fill.fgColor.rgb.endswith("FFC7CE") and "查无此人" in ws["C3"].comment.text
    assert "不在可选范围" in ws["E5"].comment.text
    assert ws["C2"].comment is None
    assert wb["问题清单"].max_row == 6


def test_duplicate_of_an_existing_record_with_other_content_is_refused(store: str, tmp_path):
    _import(store, _xlsx(tmp_path / "a.xlsx", [GOOD[0]]))
    changed = [["开放日", "张伟", "省级", "2026-03-05", ""]]
    result = _import(store, _xlsx(tmp_path / "b.xlsx", changed))
    assert not result.ok and "重复但内容不同" in result.problems[0].problem
    assert _count(store, "reg_bulletins") == 1


def test_export_imports_back_unchanged(store: str, tmp_path: Path):
    _import(store, _xlsx(tmp_path / "a.xlsx", GOOD))
    before = service.records("bulletins", store)
    names = {p.person_id: p.name for p in PEOPLE}
    out = files.export(BULLETINS, before, names, tmp_path / "export.xlsx")
    again = _import(store, out)
    assert (again.ok, again.added, again.unchanged) == (True, [], 2)
    assert service.records("bulletins", store) == before


def test_csv_in_gbk_with_a_person_id_as_a_number(store: str, tmp_path: Path):
    path = tmp_path / "r.csv"
    text = "人员编号,标题,刊发级别,刊发日期\nP00002,论检察,国家级,2026.05.01\n\n"
    path.write_bytes(text.encode("gbk"))
    result = _import(store, path)
    assert (result.ok, len(result.added)) == (True, 1)
    (rec,) = service.records("bulletins", store)
    assert (rec["person_id"], rec["media_level"], rec["published_date"]) == (
        "P00002",
        "national",
        "2026-05-01",
    )


def test_other_office_cannot_import(store: str, tmp_path: Path):
    from kpi_warehouse.store.registries.access import NotAllowed

    with pytest.raises(NotAllowed, match="政治部"):
        _import(store, _xlsx(tmp_path / "a.xlsx", GOOD), "awards", "office1")


def test_award_at_two_levels_is_a_notice_not_an_error(store: str, tmp_path: Path):
    head = ["事件编号", "姓名", "表彰级别", "表彰名称", "表彰日期"]
    rows = [["EV-9", "张伟", "市级", "先进个人", "2026-02-01"],
            ["EV-9", "张伟", "省级", "先进个人", "2026-05-01"]]  # fmt: skip
    result = _import(store, _xlsx(tmp_path / "aw.xlsx", rows, head), "awards", "pol1")
    assert result.ok and len(result.added) == 2
    assert [(p.row, p.blocking) for p in result.problems] == [(2, False), (3, False)]
    assert "provincial" in result.problems[0].fix


def test_hostile_sheet_title_row_merged_cells_blank_rows_real_dates(store: str, tmp_path: Path):
    from datetime import datetime

    wb = Workbook()
    ws = wb.active
    ws.append(["2026年信息简报登记表"])  # a merged title row above the headers
    ws.merge_cells("A1:E1")
    ws.append(["备注", "刊发日期", "刊发级别", "标题", "人员编号"])
    ws.append(["", datetime(2026, 2, 3), " 市级 ", "开放日", "P00001"])
    ws.append([None, None, None, None, None])  # blank row
    ws.append(["x", "2026-02-04", "district", "调研", " P00002"])
    ws.row_dimensions[5].hidden = True  # hidden rows are still data
    wb.save(tmp_path / "hostile.xlsx")
    result = _import(store, tmp_path / "hostile.xlsx")
    assert result.ok, [p.text() for p in result.problems]
    got = sorted((r["person_id"], r["media_level"], r["published_date"])
                 for r in service.records("bulletins", store))  # fmt: skip
    assert got == [("P00001", "city", "2026-02-03"), ("P00002", "district", "2026-02-04")]


def test_ten_thousand_rows_checked_and_committed_quickly(store: str, tmp_path: Path):
    import time

    from kpi_warehouse.store.registries.checks import Directory, Person

    people = Directory(Person(f"P{i:05d}", f"人{i}") for i in range(1, 400))
    rows = [
        (i + 2, {"person_id": f"P{i % 399 + 1:05d}", "title": f"标题{i}", "media_level": "市级",
                 "published_date": f"2026-0{i % 9 + 1}-1{i % 9}"})
        for i in range(10_000)
    ]  # fmt: skip
    start = time.perf_counter()
    result = service.import_rows(owner("office1", store), "bulletins", rows, people, TODAY,
                                 url=store)  # fmt: skip
    elapsed = time.perf_counter() - start
    assert result.ok and len(result.added) == 10_000
    assert _count(store, "reg_bulletins") == 10_000
    assert elapsed < 5, elapsed
