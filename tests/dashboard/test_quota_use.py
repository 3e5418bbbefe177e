"""quota_use: graded headcount, places and places used per quota group, worked by hand.

[DIGEST §B] A group's headcount is its graded appraisees (undetermined not counted); its
cap is floor(headcount × share), at most max_count where the spec says so.
"""

from __future__ import annotations

import pandas as pd

from dashboards.leaders.quotas import QuotaRule, quota_use

RESULTS = pd.DataFrame(
    [
        # department A: five graded, one undetermined
        ("A", "一般", "优秀", "graded"),
        ("A", "一般", "优秀", "graded"),
        ("A", "一般", "良好", "graded"),
        ("A", "一般", "称职", "graded"),
        ("A", "一般", "称职", "graded"),
        ("A", "一般", None, "undetermined"),
        # department B: three graded
        ("B", "一般", "优秀", "graded"),
        ("B", "一般", "称职", "graded"),
        ("B", "一般", "称职", "graded"),
        # no department recorded: a group of its own, after the named ones
        (None, "一般", "称职", "graded"),
    ],
    columns=["org_unit_id", "category", "grade", "grade_status"],
)
SHARES = (("优秀", 0.2, None), ("良好", 0.3, 1))


def rows(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in r) for r in frame.itertuples(index=False)]


def test_per_department():
    use = quota_use(RESULTS, QuotaRule(("org_unit_id",), SHARES, ""))
    assert list(use.columns) == ["org_unit_id", "grade", "headcount", "cap", "used", "share"]
    assert rows(use) == [
        # A: 5 graded -> 优秀 floor(1.0) = 1 place, 2 used; 良好 floor(1.5) = 1 (max 1), 1 used
        ("A", "优秀", 5, 1, 2, 0.2),
        ("A", "良好", 5, 1, 1, 0.3),
        # B: 3 graded -> 优秀 floor(0.6) = 0, 1 used; 良好 floor(0.9) = 0, none used
        ("B", "优秀", 3, 0, 1, 0.2),
        ("B", "良好", 3, 0, 0, 0.3),
        (None, "优秀", 1, 0, 0, 0.2),
        (None, "良好", 1, 0, 0, 0.3),
    ]


def test_over_the_whole_spec_and_by_category():
    whole = quota_use(RESULTS, QuotaRule((), SHARES, ""))
    # 9 graded: 优秀 floor(1.8) = 1, 3 used; 良好 floor(2.7) = 2, capped at 1, 1 used
    assert rows(whole) == [("优秀", 9, 1, 3, 0.2), ("良好", 9, 1, 1, 0.3)]
    by_category = quota_use(RESULTS, QuotaRule(("category", "missing"), SHARES, ""))
    assert rows(by_category) == [("一般", "优秀", 9, 1, 3, 0.2), ("一般", "良好", 9, 1, 1, 0.3)]


def test_no_graded_result():
    none = RESULTS.assign(grade_status="undetermined")
    assert quota_use(none, QuotaRule(("org_unit_id",), SHARES, "")).empty
    assert rows(quota_use(none, QuotaRule((), SHARES, ""))) == [
        ("优秀", 0, 0, 0, 0.2),
        ("良好", 0, 0, 0, 0.3),
    ]
