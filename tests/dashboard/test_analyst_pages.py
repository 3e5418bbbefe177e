"""The analysts' pages through AppTest on the synthetic snapshot (analyst_fixture.py): the
SQL console's schema browser and example queries, the dbt docs page, and the
performance-mining page with figures worked out by hand from the fixture."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from analyst_fixture import add_documentation, add_mining_rows
from apptest_text import metric_values, page_text

from dashboards.example_queries import EXAMPLES
from dashboards.i18n import MESSAGES
from dashboards.mining_queries import ranked_drivers
from kpi_warehouse.store.scope_docs import DOCS_FILE
from kpi_warehouse.store.scope_views import INTERNAL_MARTS
from tests.mart_contracts import mart_contracts

SQL_PAGE = "views/sql_console.py"
DOCS_PAGE = "views/dbt_docs.py"
MINING_PAGE = "views/mining.py"
ZH, EN = MESSAGES["zh"], MESSAGES["en"]


@pytest.fixture
def analyst_snapshot(synthetic_snapshot: Path) -> Path:
    add_documentation(synthetic_snapshot)
    add_mining_rows(synthetic_snapshot)
    return synthetic_snapshot


def frames(at) -> list[pd.DataFrame]:
    return [table.value for table in at.table] + [frame.value for frame in at.dataframe]


def test_schema_browser_lists_the_tables_with_their_yaml_descriptions(
    analyst_snapshot: Path, app_test
) -> None:
    at = app_test(SQL_PAGE, user="analyst_c")
    assert not at.exception
    [everything] = [f for f in frames(at) if list(f.columns) == ["数据表", "说明"]]
    listed = dict(zip(everything["数据表"], everything["说明"], strict=True))
    # The synthetic snapshot holds every mart (tests/dashboard/conftest.py): all are listed
    # but those only the scope layer's own views read, with the rating summary and spec
    # texts the scope layer derives, the meta tables and the publish step's earlier results
    # of re-scored periods.
    derived = {"fct_rating_summary", "meta_snapshot", "meta_tables", "meta_columns",
               "fct_rescored_appraisal"}  # fmt: skip
    expected = set(mart_contracts()) - set(INTERNAL_MARTS) | derived
    assert set(listed) == expected
    assert listed["fct_rescored_appraisal"].startswith("The earlier results of re-scored periods")
    assert listed["fct_payout"].startswith("Payouts (绩效奖金) per appraisee and period")
    # Choosing a table shows its columns, types and descriptions, as the YAML has them.
    at.selectbox(key="sql_console.schema_table").set_value("fct_rater_leniency").run()
    [columns] = [f for f in frames(at) if list(f.columns) == ["字段", "类型", "说明"]]
    contract = mart_contracts()["fct_rater_leniency"]
    assert list(columns["字段"]) == [c.name for c in contract.columns]
    assert list(columns["类型"]) == [c.data_type for c in contract.columns]
    assert list(columns["说明"]) == [c.description for c in contract.columns]
    # The search looks into names and descriptions of tables and columns, in any case:
    # only fct_rater_leniency has a column (abstentions) that says "abstention".
    at.text_input(key="sql_console.schema_search").input("ABSTENTION").run()
    assert at.selectbox(key="sql_console.schema_table").options == ["fct_rater_leniency"]


def test_an_example_loads_into_the_editor_and_runs(analyst_snapshot: Path, app_test) -> None:
    at = app_test(SQL_PAGE, user="analyst_c")
    titles = [button.label for button in at.button if button.key.startswith("sqlex.")]
    assert titles == [ZH[f"sqlex.{e.key}.title"] for e in EXAMPLES]
    example = next(e for e in EXAMPLES if e.key == "sharp_moves")
    at.button(key="sqlex.sharp_moves").click().run()
    assert at.text_area(key="sql_text").value == example.sql
    at.button(key="FormSubmitter:sql_console-运行查询").click().run()
    assert not at.error, [e.value for e in at.error]
    result = at.dataframe[-1].value
    # analyst_c sees the city only: of the two sharp moves (P002, P005) just P002, +19.
    assert list(result["person_name"]) == ["李娜"]
    assert list(result["total_change"]) == [19.0]


def test_docs_page_shows_the_generated_docs(analyst_snapshot: Path, app_test) -> None:
    at = app_test(DOCS_PAGE, user="analyst_c", lang="en")
    assert not at.exception
    assert EN["docs.missing"] in page_text(at)  # no build has generated them yet
    html = "<!doctype html><html><body><h1>kpi_warehouse docs</h1></body></html>"
    analyst_snapshot.with_name(DOCS_FILE).write_text(html, encoding="utf-8")
    at.run()
    assert EN["docs.title"] in page_text(at)
    assert EN["docs.missing"] not in page_text(at)
    [frame] = at.get("iframe")
    assert "kpi_warehouse docs" in str(frame.proto)
    [download] = at.get("download_button")
    assert download.proto.label == EN["docs.download"]


def test_mining_for_the_city_leader(analyst_snapshot: Path, app_test) -> None:
    at = app_test(MINING_PAGE, user="leader_c")
    assert not at.exception, at.exception
    text = page_text(at)
    assert ZH["mining.title"] in text
    tables = frames(at)
    [top] = [f for f in tables if "对总分差异的贡献" in f.columns and "排名" not in f.columns]
    assert top.to_dict("records") == [
        {"部门": "江城市人民检察院 · 第一检察部", "指标": "办案数量", "参评人数": 3,
         "驱动值": "0.136", "对总分差异的贡献": "70.1%", "差距": "7.5"},
    ]  # fmt: skip
    [detail] = [f for f in tables if "排名" in f.columns and "驱动值" in f.columns]
    assert list(detail["指标"]) == ["办案数量", "考勤纪律"]
    assert list(detail["驱动值"]) == ["0.136", "-0.022"]
    assert list(detail["对总分差异的贡献"]) == ["70.1%", "-3.8%"]
    assert list(detail["与总分的相关系数"]) == ["1.00", "-0.36"]
    assert list(detail["平均得分"]) == ["25", "9.17"]
    assert list(detail["差距"]) == ["7.5", "-1"]

    # Rater leniency: the colleagues' aggregate; the two leaders' group withheld.
    [table] = [f for f in frames(at) if "宽严分歧" in f.columns]
    rows = table.to_dict("records")
    assert rows == [
        {"检察院": "江城市人民检察院", "评分人层级": "同事评分", "评分人数": 4,
         "平均打分": "85.67", "平均宽严度": "0.00", "宽严分歧": "2.22", "平均偏离": "1.78"},
        {"检察院": "江城市人民检察院", "评分人层级": "领导评分", "评分人数": 2,
         "平均打分": "不足 3 名评分人，不公布", "平均宽严度": "不足 3 名评分人，不公布",
         "宽严分歧": "不足 3 名评分人，不公布", "平均偏离": "不足 3 名评分人，不公布"},
    ]  # fmt: skip

    # Who moved, within the leader's scope.
    metrics = metric_values(at)
    # The city's leader: P002 +19.0 (称职 → 良好) only; P001 moved +12.5, not sharply.
    assert metrics["大幅变动"] == "1"
    assert (metrics["其中上升"], metrics["其中下降"], metrics["等次变化"]) == ("1", "0", "1")
    assert "+19.00" in text and "李娜" in text
    assert "陈静" not in text  # the district's P005 is outside the city leader's scope
    admin = app_test(MINING_PAGE, user="admin")
    assert metric_values(admin)["大幅变动"] == "2"  # P005 +20.0 and P002 +19.0
    assert "+20.00" in page_text(admin)


def test_mining_coverage_in_english(analyst_snapshot: Path, app_test) -> None:
    at = app_test(MINING_PAGE, user="leader_c", lang="en")
    assert EN["mining.title"] in page_text(at)
    assert metric_values(at)[EN["mining.coverage.low"]] == "0 / 3"  # 0.5 is not below 0.5
    [table] = [f for f in frames(at) if "Coverage" in f.columns]
    assert list(table["Indicator"]) == ["考勤纪律", "办案数量", "表彰奖励"]
    assert list(table["Coverage"]) == ["50.0%", "100.0%", "100.0%"]
    assert list(table["Records"]) == [3, 3, 2]


@pytest.mark.parametrize(
    ("page", "user"),
    [(MINING_PAGE, "staff_p002"), (MINING_PAGE, "head_c"), (DOCS_PAGE, "leader_c")],
)
def test_pages_refused_to_other_roles(analyst_snapshot: Path, app_test, page: str, user: str):
    at = app_test(page, user=user)
    assert [e.value for e in at.error] == ["无权查看 / not permitted"]
    assert not at.get("iframe") and not at.metric


def test_a_driver_that_is_not_a_number_counts_as_zero() -> None:
    # An indicator on which everyone scored the same has no correlation: DuckDB's corr()
    # gives NaN, and NaN sorts above every number; it must not pass for the top driver.
    frame = pd.DataFrame(
        {
            "org_unit_id": ["U", "U", "U"],
            "spec_id": ["S", "S", "S"],
            "indicator_name": ["flat", "strong", "weak"],
            "sort_order": [1, 2, 3],
            "driver_score": [float("nan"), 0.3, 0.1],
        }
    )
    ranked = ranked_drivers(frame)
    assert list(ranked["indicator_name"]) == ["strong", "weak", "flat"]
    assert list(ranked["position"]) == [1, 2, 3]
    assert list(ranked["score"]) == [0.3, 0.1, 0.0]
