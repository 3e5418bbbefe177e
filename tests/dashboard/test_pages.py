"""AppTest runs of each dashboard page against the hand-filled synthetic snapshot."""

from __future__ import annotations

from pathlib import Path

from apptest_text import link_targets, menu_targets, metric_values, page_text

DEPARTMENT = "views/department.py"
PERSON = "views/person.py"
EVIDENCE = "views/evidence.py"


def assert_clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_overview_shows_metrics_departments_and_data_quality(synthetic_snapshot: Path, app_test):
    at = app_test(period="2026Q1")
    assert_clean(at)
    text = page_text(at)
    assert "考核总览" in text
    metrics = metric_values(at)
    assert metrics["参评人数"] == "6"
    assert metrics["平均分"] == "82.88"  # (92.5 + 85 + 78.25 + 88 + 95 + 58.5) / 6
    assert metrics["优秀"] == "2"
    assert metrics["待定"] == "1"  # 刘洋's grade is NULL
    assert "江城市东湖区人民检察院" in text
    assert "数据质量问题（2 条）" in text
    assert "案件登记表中的承办人“周某”不在人员名册中" in text
    assert "数据快照生成于 2026-04-02 08:30" in page_text_sidebar(at)
    footer = "\n".join(str(c.value) for c in at.main.caption)
    assert "内容校验值 c0ffee000000（" in footer  # the first 12 characters of the hash
    links = link_targets(at)
    assert links["办公室"] == "department?period=2026Q1&org_unit=PRC-C-office"
    # the histogram, grades by department and the procuratorates' trend (issue 13)
    assert len(at.get("vega_lite_chart")) == 3


def test_overview_of_a_province_lists_each_procuratorate(
    synthetic_snapshot: Path, app_test, monkeypatch
):
    # Above PROVINCE_DEPARTMENTS departments (here: three departments, more than two), the
    # overview lists and charts procuratorates; each name opens that procuratorate.
    from dashboards import summaries

    monkeypatch.setattr(summaries, "PROVINCE_DEPARTMENTS", 2)
    at = app_test(period="2026Q1")
    assert_clean(at)
    text = page_text(at)
    assert "各检察院一览" in text and "各检察院等次分布" in text
    links = link_targets(at)
    assert links["江城市人民检察院"].endswith("?period=2026Q1&procuratorate=PRC-C")
    assert links["江城市东湖区人民检察院"].endswith("?period=2026Q1&procuratorate=PRC-D1")
    assert "办公室" not in links  # no department rows
    # 张伟 优秀, 李娜 and 赵敏 良好, 王强 称职 (city); 陈静 优秀, 刘洋 not yet graded (district)
    assert "优秀 1 · 良好 2 · 称职 1 · 不称职 0 · 待定 0" in text
    assert "优秀 1 · 良好 0 · 称职 0 · 不称职 0 · 待定 1" in text


def test_data_quality_follows_the_procuratorate(synthetic_snapshot: Path, app_test):
    # DQ2 is about P001 of the city procuratorate; DQ1 names nobody known, so everyone sees it.
    at = app_test(period="2026Q1", procuratorate="PRC-D1")
    assert_clean(at)
    text = page_text(at)
    assert "数据质量问题（1 条）" in text
    assert "案件登记表中的承办人“周某”不在人员名册中" in text
    assert "同一人同一天有两条考勤记录" not in text


def page_text_sidebar(at) -> str:
    return "\n".join(str(c.value) for c in at.sidebar.caption)


def test_overview_filters_by_procuratorate(synthetic_snapshot: Path, app_test):
    at = app_test(period="2026Q1", procuratorate="PRC-D1")
    assert_clean(at)
    metrics = metric_values(at)
    assert metrics["参评人数"] == "2"
    assert metrics["平均分"] == "76.75"
    assert list(link_targets(at)) == ["第一检察部"]


def test_overview_older_period(synthetic_snapshot: Path, app_test):
    at = app_test(period="2025Q4")
    assert_clean(at)
    assert metric_values(at)["参评人数"] == "1"
    assert metric_values(at)["平均分"] == "80"


def test_overview_defaults_to_newest_quarter(synthetic_snapshot: Path, app_test):
    at = app_test()
    assert_clean(at)
    assert at.selectbox(key="nav.select.period").value == "2026Q1"
    assert at.query_params.get("period") == "2026Q1"


def test_department_ranks_staff_by_category(synthetic_snapshot: Path, app_test):
    at = app_test(DEPARTMENT, period="2026Q1", org_unit="PRC-C-gongsu")
    assert_clean(at)
    text = page_text(at)
    assert "第一检察部" in text
    assert "人员排名" in text
    assert "中层干部（2 人）" in text
    assert "一般工作人员（1 人）" in text
    assert "92.5" in text and "78.25" in text
    links = link_targets(at)
    names = [name for name in links if name in {"张伟", "王强", "李娜"}]
    assert names == ["张伟", "王强", "李娜"]  # category order, then rank
    assert links["张伟"] == "person?period=2026Q1&org_unit=PRC-C-gongsu&person=P001"
    # The department's own appraisal and its indicator link to the evidence page.
    assert metric_values(at)["部门总分"] == "90"
    assert "evidence?" in links["办案数量"]


def test_department_without_params_uses_defaults(synthetic_snapshot: Path, app_test):
    at = app_test(DEPARTMENT)
    assert_clean(at)
    assert at.selectbox(key="nav.select.org_unit").value == "PRC-C-office"
    assert "赵敏" in link_targets(at)
    # Only departments with results in the period are offered.
    assert at.selectbox(key="nav.select.org_unit").options == [
        "江城市人民检察院 · 办公室",
        "江城市人民检察院 · 第一检察部",
        "江城市东湖区人民检察院 · 第一检察部",
    ]


def test_department_selector_writes_url(synthetic_snapshot: Path, app_test):
    at = app_test(DEPARTMENT, period="2026Q1", org_unit="PRC-C-gongsu")
    at.selectbox(key="nav.select.org_unit").set_value("PRC-D1-gongsu").run()
    assert_clean(at)
    assert at.query_params["org_unit"] == "PRC-D1-gongsu"
    text = page_text(at)
    assert "陈静" in text and "刘洋" in text
    assert "科级干部（1 人）" in text
    assert "待定" in text
    assert "存在待核实的手工录入数据，等次暂缓确定" in text


def test_person_shows_total_rank_and_indicators(synthetic_snapshot: Path, app_test):
    at = app_test(PERSON, period="2026Q1", org_unit="PRC-C-gongsu", person="P001")
    assert_clean(at)
    text = page_text(at)
    assert "张伟" in text
    assert "江城市人民检察院 第一检察部 · 检察官 · 中层干部" in text
    metrics = metric_values(at)
    assert metrics["总分"] == "92.5"
    assert metrics["类别内排名"] == "1 / 2"
    assert metrics["等次"] == "优秀"
    assert "指标得分明细" in text
    assert "考核规范：PRC-2026（版本 v1）" in text
    assert "迟到 3 次，旷工 0 天" in text
    assert "8.5 / 10" in text
    assert "30 / 30" in text
    assert "已封顶（原始 32 分）" in text
    assert "第十五条 承办案件按件计分，每件0.5分，最高30分。" in text
    links = link_targets(at)
    assert links["考勤纪律"] == (
        "evidence?period=2026Q1&org_unit=PRC-C-gongsu&person=P001&indicator_score_id=S-P001-ATT"
    )
    assert links["第一检察部"] == "department?period=2026Q1&org_unit=PRC-C-gongsu"


def test_menu_links_carry_the_context(synthetic_snapshot: Path, app_test):
    at = app_test(PERSON, period="2025Q4", person="P001")
    assert_clean(at)
    menu = menu_targets(at)
    # The admin's menu: every page but those of roles bound to a person or an office
    # (登记簿 registry owners; 补录 clerks, reviewers, liaisons; 申诉 appellants).
    assert list(menu) == [
        "总览", "部门", "个人", "证据", "评定表打印", "绩效分析", "SQL 查询", "数据文档",
        "审计日志", "数据构建", "评议", "工作日志", "申诉处理", "考核规范", "单位考核",
    ]  # fmt: skip
    assert menu["证据"] == "evidence?period=2025Q4&org_unit=PRC-C-gongsu&person=P001"
    # The department the person page derived is written to the URL as well.
    assert at.query_params["org_unit"] == "PRC-C-gongsu"


def test_person_other_period(synthetic_snapshot: Path, app_test):
    at = app_test(PERSON, period="2025Q4", person="P001")
    assert_clean(at)
    assert metric_values(at)["总分"] == "80"
    assert "迟到 4 次，旷工 0 天" in page_text(at)


def test_person_who_left_shows_leave_date(synthetic_snapshot: Path, app_test):
    at = app_test(PERSON, period="2026Q1", person="P006")
    assert_clean(at)
    text = page_text(at)
    assert "已于 2026-03-15 离职" in text
    assert metric_values(at)["等次"] == "待定"
    assert "没有指标得分记录。" in text


def test_evidence_lists_source_records(synthetic_snapshot: Path, app_test):
    at = app_test(
        EVIDENCE,
        period="2026Q1",
        org_unit="PRC-C-gongsu",
        person="P001",
        indicator_score_id="S-P001-ATT",
    )
    assert_clean(at)
    text = page_text(at)
    assert "得分依据：考勤纪律" in text
    assert "共 3 条来源记录" in text
    assert "得分：8.5 / 10" in text
    assert "各条记录分值合计：-1.5 分" in text
    table = at.table[0].value
    assert list(table["内容"]) == [
        "2026年1月8日 迟到 12 分钟",
        "2026年2月3日 迟到 5 分钟",
        "2026年3月11日 迟到 20 分钟",
    ]
    assert list(table["记录编号"])[0] == "ATT-20260108-P001"
    assert list(table["得分"]) == ["-0.5", "-0.5", "-0.5"]
    assert list(table["日期"])[0] == "2026-01-08"
    assert {"总览", "第一检察部", "张伟"} <= set(link_targets(at))


def test_evidence_from_indicator_id_alone(synthetic_snapshot: Path, app_test):
    """The score id is enough: period and person are derived from it."""
    at = app_test(EVIDENCE, indicator_score_id="S-P005-AWARD")
    assert_clean(at)
    assert at.query_params["person"] == "P005"
    table = at.table[0].value
    assert list(table["内容"]) == ["东湖区院第一检察部获评市级先进集体"]
    assert list(table["分摊比例"]) == ["0.5"]
    assert list(table["级别"]) == ["市级"]


def test_evidence_of_department_indicator(synthetic_snapshot: Path, app_test):
    at = app_test(EVIDENCE, period="2026Q1", indicator_score_id="S-U01-CASE")
    assert_clean(at)
    text = page_text(at)
    assert "考核对象：第一检察部" in text
    assert "共 1 条来源记录" in text


def test_evidence_opened_directly_offers_selectors(synthetic_snapshot: Path, app_test):
    at = app_test(EVIDENCE)
    assert_clean(at)
    assert at.selectbox(key="nav.select.period").value == "2026Q1"
    at.selectbox(key="nav.select.person").set_value("P001").run()
    assert_clean(at)
    assert at.selectbox(key="nav.select.indicator_score_id").value == "S-P001-ATT"
    assert "共 3 条来源记录" in page_text(at)
    at.selectbox(key="nav.select.indicator_score_id").set_value("S-P001-CASE").run()
    assert at.query_params["indicator_score_id"] == "S-P001-CASE"
    assert "共 2 条来源记录" in page_text(at)


def test_english_switch(synthetic_snapshot: Path, app_test):
    at = app_test(PERSON, period="2026Q1", person="P001")
    at.segmented_control(key="lang").set_value("en").run()
    assert_clean(at)
    text = page_text(at)
    assert "Indicator breakdown" in text
    metrics = metric_values(at)
    assert metrics["Total"] == "92.5"
    assert metrics["Grade"] == "Excellent"
    assert "Capped (raw 32)" in text
    assert "指标得分明细" not in text


def test_english_from_url(synthetic_snapshot: Path, app_test):
    at = app_test(period="2026Q1", lang="en")
    assert_clean(at)
    text = page_text(at)
    assert "Appraisal overview" in text
    assert "Data-quality findings (2)" in text
    assert "Two attendance records for the same person and day" in text


def test_missing_snapshot_message(missing_snapshot: Path, app_test):
    at = app_test()
    assert not at.exception
    assert "尚未发布数据快照，请先运行 `kpi build`。" in [w.value for w in at.warning]
    assert str(missing_snapshot) in page_text(at)


def test_missing_snapshot_on_a_drill_down_page(missing_snapshot: Path, app_test):
    at = app_test(PERSON, person="P001")
    assert not at.exception
    assert any("尚未发布数据快照" in w.value for w in at.warning)


def test_unreadable_snapshot_message(tmp_path: Path, monkeypatch, app_test):
    broken = tmp_path / "published.duckdb"
    broken.write_bytes(b"not a duckdb file")
    monkeypatch.setenv("KPI_SNAPSHOT", str(broken))
    at = app_test()
    assert not at.exception
    assert any("数据快照无法读取" in e.value for e in at.error)


def test_new_publish_is_read_at_once(synthetic_snapshot: Path, app_test):
    import duckdb

    at = app_test(PERSON, period="2026Q1", person="P001")
    assert metric_values(at)["总分"] == "92.5"
    replacement = synthetic_snapshot.with_name("next.duckdb")
    replacement.write_bytes(synthetic_snapshot.read_bytes())
    with duckdb.connect(str(replacement)) as con:
        con.execute("UPDATE fct_appraisal SET total = 93.5 WHERE appraisee_id = 'P001'")
    replacement.replace(synthetic_snapshot)  # what the pipeline's os.replace does
    at.run()
    assert metric_values(at)["总分"] == "93.5"
