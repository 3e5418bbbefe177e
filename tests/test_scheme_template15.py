"""Template 15 (DIGEST §D): kpi_specs/schemes/template15.yaml (individuals, quarterly with the
annual roll-up) and template15-sections.yaml (sections, annual), scored by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi_warehouse.specs.loader import load_spec
from tests.scheme_helpers import QUARTER_ENDS, QUARTERS, SCHEMES, Facts, run, scheme

SPEC = scheme("template15")
SECTIONS = scheme("template15-sections")
YEAR = "2026"


def _quarter(f: Facts, who: str, q: str, total: float) -> None:
    """Enter a quarterly score as common goals (≤ 40) + individual goals (≤ 60)."""
    common = min(35.0, total) if total <= 95 else total - 60
    f.add(who, "manual.entry", "common_goals", QUARTER_ENDS[q], value=common)
    f.add(who, "manual.entry", "individual_goals", QUARTER_ENDS[q], value=total - common)


def test_quarterly_score_and_admonition_band() -> None:
    f = Facts()
    f.add("A", "manual.entry", "common_goals", "2026-03-31", value=45)  # capped at 40
    f.add("A", "manual.entry", "individual_goals", "2026-03-31", value=58)
    f.add("B", "manual.entry", "common_goals", "2026-03-31", value=30)
    f.add("B", "manual.entry", "individual_goals", "2026-03-31", value=40)  # 70: 达标
    f.add("C", "manual.entry", "common_goals", "2026-03-31", value=30)
    f.add("C", "manual.entry", "individual_goals", "2026-03-31", value=39.5)  # 69.5
    people = [{"person_id": p, "category": "一般干部"} for p in "ABC"]
    out = run(SPEC, people, f, ("2026Q1",))
    assert out.points[("A", "2026Q1", "common_goals")] == 40.0
    assert out.total("A", "2026Q1") == 98.0  # 40 + 58
    assert out.grade("A", "2026Q1") == "达标"
    assert (out.total("B", "2026Q1"), out.grade("B", "2026Q1")) == (70.0, "达标")
    # Below 70: admonition talk, no quarterly bonus.
    assert (out.total("C", "2026Q1"), out.grade("C", "2026Q1")) == (69.5, "诫勉谈话")


def test_annual_mean_grades_quotas_veto_and_eligibility() -> None:
    f = Facts()
    plan: dict[str, tuple[str, tuple[float, ...]]] = {
        # 科级干部
        "K1": ("科级干部", (98, 92, 96, 94)),  # mean (98 + 92 + 96 + 94) ÷ 4 = 95
        "K2": ("科级干部", (95, 94, 95, 94)),  # mean 94.5: second in its category
        "K3": ("科级干部", (96, 96, 96, 96)),  # city-wide notice: one-vote veto
        "K4": ("科级干部", (75, 75, 75, 75)),
        "K5": ("科级干部", (80, 80, 80, 80)),
        # 一般干部
        "G1": ("一般干部", (94, 94, 94, 94)),
        "G2": ("一般干部", (91, 91, 91, 91)),
        "G3": ("一般干部", (72, 72, 72, 72)),
        "G4": ("一般干部", (97, 97, 97, 97)),  # hired 1 March 2026: on probation
        "G5": ("一般干部", (85, 85, 85, 85)),
        "G6": ("一般干部", (80, 80, 80, 80)),  # hired 1 December 2025: probation over
        "S1": ("一般干部", (80, 80, 80, 80)),  # 130 days of sick leave: not assessed
        "S2": ("一般干部", (80, 80, 80, 80)),  # 125 days: assessed
        # 工勤人员
        "W1": ("工勤人员", (92, 92, 92, 92)),
        "W2": ("工勤人员", (65, 65, 65, 65)),
        "W3": ("工勤人员", (55, 65, 60, 56)),  # mean 236 ÷ 4 = 59
    }
    for who, (_, totals) in plan.items():
        for q, t in zip(QUARTERS, totals, strict=True):
            _quarter(f, who, q, t)
    f.add("K3", "registry.discipline", "city_wide_notice", "2026-06-10")
    f.add("S1", "office.attendance", "leave", "2026-05-04", level="sick", quantity=130.0)
    f.add("S2", "office.attendance", "leave", "2026-05-04", level="sick", quantity=100.0)
    f.add("S2", "office.attendance", "leave", "2026-09-01", level="personal", quantity=25.0)
    people = [{"person_id": who, "category": cat} for who, (cat, _) in plan.items()]
    hired = {"G4": "2026-03-01", "G6": "2025-12-01"}
    people = [{**p, "hire_date": hired.get(p["person_id"], "2015-01-01")} for p in people]
    out = run(SPEC, people, f, (*QUARTERS, YEAR))

    assert out.total("K1", YEAR) == 95.0  # annual = the mean of the four quarters
    assert out.total("W3", YEAR) == 59.0
    assert out.grade("W3", "2026Q1") == "诫勉谈话"  # 55 < 70
    # Headcount 14: everyone but G4 (undetermined) and S1 (not assessed).
    # Step 1, one 优秀 per category (only the ≥ 90 band; K3 is capped at 基本称职 by the
    # veto): 科级 K1 95 keeps it, K2 94.5 drops to 称职; 一般 G1 94 keeps it, G2 91 drops;
    # 工勤 W1 92 keeps it.
    # Step 2, 18 %: floor(14 × 0.18) = floor(2.52) = 2: K1 95 and G1 94 keep 优秀, W1 92
    # drops to 称职. (Taking the 18 % first would keep K1 and K2, then drop K2 as second in
    # its category: one 优秀 where the rules allow two.)
    assert out.grades(YEAR) == {
        "K1": "优秀",
        "K2": "称职",
        "K3": "基本称职",  # 96, but the veto caps it
        "K4": "称职",
        "K5": "称职",
        "G1": "优秀",
        "G2": "称职",
        "G3": "称职",
        "G4": None,  # on probation: comment only
        "G5": "称职",
        "G6": "称职",
        "S1": None,
        "S2": "称职",
        "W1": "称职",
        "W2": "基本称职",  # 65
        "W3": "不称职",  # 59
    }
    assert out.rows[("G4", YEAR)]["grade_status"] == "undetermined"
    assert out.rows[("S1", YEAR)]["grade_status"] == "not_graded"
    assert "超出优秀名额" in out.rows[("K2", YEAR)]["grade_note"]
    assert "超出优秀名额" in out.rows[("W1", YEAR)]["grade_note"]
    assert "一票否决" in out.rows[("K3", YEAR)]["grade_note"]


def _section_facts(tie: bool) -> Facts:
    f = Facts()

    def add(unit: str, source: str, kind: str, **kw: object) -> None:
        f.add("liaison", source, kind, "2026-06-15", org_unit_id=unit, **kw)

    # S1. Bulletins: item B1 used nationally (10) and by a city outlet (2) → once, 10;
    # B2 provincial 5; B3 district 1 → 16. Website 20, monthly reports 40. Honours: one
    # piece of work honoured provincially (30) and nationally (50) → 50. Two innovations
    # 2 × 10 = 20. Total 16 + 20 + 40 + 50 + 20 = 146.
    add("S1", "registry.bulletin", "bulletin", level="national", event_key="B1")
    add("S1", "registry.bulletin", "bulletin", level="city", event_key="B1")
    add("S1", "registry.bulletin", "bulletin", level="provincial", event_key="B2")
    add("S1", "registry.bulletin", "bulletin", level="district", event_key="B3")
    add("S1", "manual.entry", "website_met")
    add("S1", "manual.entry", "monthly_reports_met")
    add("S1", "registry.award", "award", level="provincial", event_key="H1")
    add("S1", "registry.award", "award", level="national", event_key="H1")
    f.many(
        2, "liaison", "office.innovation", "innovation_recognised", "2026-10-01", org_unit_id="S1"
    )
    # S2: three city bulletins 3 × 2 = 6; website 20; monthly reports 40; a city honour 20;
    # one innovation 10 → 96.
    for item in ("C1", "C2", "C3"):
        add("S2", "registry.bulletin", "bulletin", level="city", event_key=item)
    add("S2", "manual.entry", "website_met")
    add("S2", "manual.entry", "monthly_reports_met")
    add("S2", "registry.award", "award", level="city", event_key="H2")
    add("S2", "office.innovation", "innovation_recognised")
    # S3: monthly reports 40; two pieces of work honoured, city 20 and provincial 30 → 50:
    # 90. With ``tie``, also two city bulletins (2 + 2) and two district ones (1 + 1): 96.
    add("S3", "manual.entry", "monthly_reports_met")
    add("S3", "registry.award", "award", level="city", event_key="H3")
    add("S3", "registry.award", "award", level="provincial", event_key="H4")
    if tie:
        for item, level in (("D1", "city"), ("D2", "city"), ("D3", "district"), ("D4", "district")):
            add("S3", "registry.bulletin", "bulletin", level=level, event_key=item)
    # S4: website 20, monthly reports 40, a district honour (0) → 60.
    add("S4", "manual.entry", "website_met")
    add("S4", "manual.entry", "monthly_reports_met")
    add("S4", "registry.award", "award", level="district", event_key="H5")
    return f


UNITS = [{"org_unit_id": s} for s in ("S1", "S2", "S3", "S4")]


def test_section_appraisal_top_two_are_advanced() -> None:
    out = run(SECTIONS, [], _section_facts(tie=False), (YEAR,), org_units=UNITS)
    ids = ("bulletins", "website", "monthly_reports", "honours", "innovation")
    assert tuple(out.points[("S1", YEAR, i)] for i in ids) == (16, 20, 40, 50, 20)
    totals = {s: out.total(s, YEAR) for s in ("S1", "S2", "S3", "S4")}
    assert totals == pytest.approx({"S1": 146.0, "S2": 96.0, "S3": 90.0, "S4": 60.0})
    assert out.grades(YEAR) == {
        "S1": "先进科室",
        "S2": "先进科室",
        "S3": "其他科室",
        "S4": "其他科室",
    }


def test_section_appraisal_tie_for_second_place() -> None:
    out = run(SECTIONS, [], _section_facts(tie=True), (YEAR,), org_units=UNITS)
    # S3: 90 + bulletins 2 + 2 + 1 + 1 = 96, tied with S2 for second place. Both cannot
    # fit under the 2 places, so both drop (quota tie rule): only S1 is advanced.
    assert out.total("S3", YEAR) == pytest.approx(96.0)
    assert out.grades(YEAR) == {
        "S1": "先进科室",
        "S2": "其他科室",
        "S3": "其他科室",
        "S4": "其他科室",
    }


def test_the_consequences_of_a_grade_are_in_its_note() -> None:
    f = Facts()
    _quarter(f, "A", "2026Q1", 69.5)  # below 70: 诫勉谈话
    _quarter(f, "B", "2026Q1", 70)
    out = run(SPEC, [{"person_id": p, "category": "一般干部"} for p in "AB"], f, ("2026Q1",))
    assert out.grade("A", "2026Q1") == "诫勉谈话"
    assert out.rows[("A", "2026Q1")]["grade_note"] == "后果：诫勉谈话，限期改正、不享受季度考核奖"
    assert out.rows[("B", "2026Q1")]["grade_note"] is None


def test_two_consecutive_annual_incompetent_grades_mean_dismissal(tmp_path: Path) -> None:
    # The spec as if in force since 2025, to score two years.
    text = (SCHEMES / "template15.yaml").read_text(encoding="utf-8")
    assert text.count("effective_from: 2026-01-01") == 1
    path = tmp_path / "template15.yaml"
    path.write_text(text.replace("effective_from: 2026-01-01", "effective_from: 2025-01-01"))
    spec = load_spec(path)
    f = Facts()
    ends = ("03-31", "06-30", "09-30", "12-31")
    plan = {"X": (50, 50), "Y": (50, 65), "Z": (80, 50)}  # quarterly score in 2025, 2026
    for who, (y2025, y2026) in plan.items():
        for end in ends:
            for year, total in (("2025", y2025), ("2026", y2026)):
                common = min(35.0, total)
                day = f"{year}-{end}"
                f.add(who, "manual.entry", "common_goals", day, value=common)
                f.add(who, "manual.entry", "individual_goals", day, value=total - common)
    quarters = tuple(f"{y}Q{q}" for y in ("2025", "2026") for q in range(1, 5))
    people = [{"person_id": p, "category": "一般干部"} for p in plan]
    out = run(spec, people, f, (*quarters, "2025", "2026"))
    # Annual mean = the quarterly score: 50 → 不称职, 65 → 基本称职, 80 → 称职.
    assert out.grades("2025") == {"X": "不称职", "Y": "不称职", "Z": "称职"}
    assert out.grades("2026") == {"X": "不称职", "Y": "基本称职", "Z": "不称职"}
    dismissal = "连续2次不称职：予以辞退"
    assert dismissal in out.rows[("X", "2026")]["grade_note"]  # 不称职 in 2025 and 2026
    assert dismissal not in out.rows[("X", "2025")]["grade_note"]  # the first year
    assert dismissal not in out.rows[("Z", "2026")]["grade_note"]  # 称职 the year before
    assert "降低一个职务层次任职" in out.rows[("Z", "2026")]["grade_note"]
    y = out.rows[("Y", "2026")]["grade_note"]
    assert y.startswith("后果：由办党组进行诫勉谈话，限期改正、不得参与当年各种先进个人评比")
    assert "不享受本年度考核奖金" in y and dismissal not in y
