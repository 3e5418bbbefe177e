"""`kpi score`, `kpi explain`, `kpi diff` and `kpi validate` as a liaison runs them."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.conftest import REPO, demo_env, kpi

SPEC = REPO / "kpi_specs" / "schemes" / "example-gongsu-2026.yaml"
FACTS = REPO / "kpi_specs" / "examples" / "facts-example.csv"
PEOPLE = REPO / "kpi_specs" / "examples" / "people-example.csv"


def test_score_the_worked_example(tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    kpi(
        demo_env(tmp_path),
        "score",
        str(SPEC),
        "--facts",
        str(FACTS),
        "--people",
        str(PEOPLE),
        "--period",
        "2026Q1",
        "--out",
        str(out),
    )
    with out.open(encoding="utf-8-sig") as fh:
        rows = {r["appraisee_id"]: r for r in csv.DictReader(fh)}
    # The worked example of kpi_specs/README.md, by the spec's clauses:
    # P1: 45 + 6 cases × 2 + (10 − 2 × 1 overdue) + (10 − 3 lates) + 5 (provincial) + 3 (city)
    assert float(rows["P1"]["total"]) == 45 + 12 + 8 + 7 + 5 + 3 == 80
    assert rows["P1"]["grade"] == "良好"
    # P2: 30 + 2 × 2 (the April case is Q2) + 10 + 0 (10 lates) + 0 + 0 = 44
    assert float(rows["P2"]["total"]) == 44 and rows["P2"]["grade"] == "不称职"
    assert rows["P2"]["attendance"] == "0.0"


def test_explain_and_diff(tmp_path: Path) -> None:
    env = demo_env(tmp_path)
    common = ["--facts", str(FACTS), "--people", str(PEOPLE), "--period", "2026Q1"]
    text = kpi(env, "explain", str(SPEC), "P1", *common).stdout
    assert "考勤" in text and "迟到 3 次" in text and "总分 80" in text and "良好" in text
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        SPEC.read_text(encoding="utf-8").replace("points: 2, max: 20", "points: 1, max: 20"),
        encoding="utf-8",
    )
    out = kpi(env, "diff", str(SPEC), str(draft), *common).stdout
    # P1 loses 6 points (74 → 称职); P2 loses 2 (42, still 不称职).
    assert "1 人等次变化" in out
    assert "cases_closed 12→6" in out and "cases_closed 4→2" in out


def test_bad_input_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "facts.csv"
    bad.write_text(
        "source,kind,person_id,activity_date\noffice.attendance,late,P1,2026-13-45\n",
        encoding="utf-8",
    )
    proc = kpi(
        demo_env(tmp_path),
        "score",
        str(SPEC),
        "--facts",
        str(bad),
        "--period",
        "2026Q1",
        check=False,
    )
    assert proc.returncode == 1
    assert "activity_date" in proc.stderr and "第 2 行" in proc.stderr


def test_validate_names_file_line_and_field(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    text = SPEC.read_text(encoding="utf-8").replace(
        "source: office.attendance", "source: office.attendence"
    )
    spec.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "office.attendence" in t)
    proc = kpi(demo_env(tmp_path), "validate", str(spec), check=False)
    assert proc.returncode == 1
    assert f"bad.yaml:{line}" in proc.stderr
    assert "indicators.3.source" in proc.stderr and "数据来源" in proc.stderr
    assert kpi(demo_env(tmp_path), "validate").returncode == 0


def test_validate_rejects_an_unreachable_top_grade(tmp_path: Path) -> None:
    spec = tmp_path / "low.yaml"
    # Routine 30 + cases 10 + 10 + 10 + 5 + 5 = 70 at most: 优秀 (90) can never be reached.
    text = SPEC.read_text(encoding="utf-8").replace(
        "{type: direct, max: 50}", "{type: direct, max: 30}"
    )
    spec.write_text(text.replace("points: 2, max: 20", "points: 2, max: 10"), encoding="utf-8")
    proc = kpi(demo_env(tmp_path), "validate", str(spec), check=False)
    assert proc.returncode == 1
    assert "grades.0.min" in proc.stderr and "最高 70 分" in proc.stderr


def test_excel_facts_and_a_quota_share_outside_0_1(tmp_path: Path) -> None:
    import pandas as pd

    xlsx = tmp_path / "facts.xlsx"
    pd.read_csv(FACTS, dtype=str).to_excel(xlsx, index=False)  # a liaison's spreadsheet
    out = tmp_path / "scores.csv"
    env = demo_env(tmp_path)
    kpi(
        env,
        "score",
        str(SPEC),
        "--facts",
        str(xlsx),
        "--people",
        str(PEOPLE),
        "--period",
        "2026Q1",
        "--out",
        str(out),
    )
    with out.open(encoding="utf-8-sig") as fh:
        totals = {r["appraisee_id"]: float(r["total"]) for r in csv.DictReader(fh)}
    assert totals == {"P1": 80.0, "P2": 44.0}  # the same worked example as from CSV

    bad = tmp_path / "quota.yaml"
    bad.write_text(
        SPEC.read_text(encoding="utf-8")
        + "quotas: {within: [category], grades: {优秀: {share: 1.5}}}\n",
        encoding="utf-8",
    )
    proc = kpi(env, "validate", str(bad), check=False)
    assert proc.returncode == 1
    assert "quotas.grades.优秀.share" in proc.stderr and "数值太大" in proc.stderr
