"""`kpi diff`: how a draft spec changes the results, for every kind of change.

Four parts, in the order a liaison reads them:

1. the rule changes — bands, quotas, vetoes, formula, eligibility, roll-ups, population,
   indicators and their weights, payouts, dates — each with its before and after;
2. each appraisee whose points, rank or grade moves (or who enters or leaves the appraisal);
3. the grade distribution before and after;
4. the quota use before and after: per quota set, group and grade, places used / places.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from kpi_warehouse.preview.score import Preview
from kpi_warehouse.scoring.periods import parse_period
from kpi_warehouse.specs.model import Spec, quota_sets

# Top-level spec fields → (Chinese, English) kind of change.
SECTIONS: dict[str, tuple[str, str]] = {
    "grades": ("等次分数线", "bands"),
    "quotas": ("名额", "quotas"),
    "vetoes": ("一票否决", "vetoes"),
    "score": ("总分公式", "formula"),
    "max_total": ("总分上限", "formula"),
    "eligibility": ("定等资格", "eligibility"),
    "rollup": ("汇总", "roll-up"),
    "population": ("人员范围", "population"),
    "categories": ("人员类别", "population"),
    "appraisee": ("考核对象", "population"),
    "rank_within": ("排名分组", "ranking"),
    "indicators": ("指标及权重", "indicators"),
    "payouts": ("绩效奖金", "payouts"),
    "period": ("考核周期", "period"),
    "effective_from": ("生效日期", "effective dates"),
    "effective_to": ("生效日期", "effective dates"),
}
_IGNORED = ("spec_id", "version", "title")
# In a list of these items, each item is known by this field (matched across versions).
_ITEM_KEYS = ("id", "grade", "name")
NOT_APPRAISED = "（不在考核范围）"
NO_GRADE = "（未定等次）"


@dataclass(frozen=True)
class RuleChange:
    section: str  # top-level spec field
    path: str  # e.g. grades.良好.min
    before: Any
    after: Any

    @property
    def kind_zh(self) -> str:
        return SECTIONS.get(self.section, (self.section, self.section))[0]

    @property
    def kind_en(self) -> str:
        return SECTIONS.get(self.section, (self.section, self.section))[1]

    def __str__(self) -> str:
        return (
            f"[{self.kind_zh} / {self.kind_en}] {self.path}: "
            f"{_show(self.before)} → {_show(self.after)}"
        )


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if v not in (None, [], {}, "")}
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _item_key(items: list[Any]) -> str | None:
    for key in _ITEM_KEYS:
        if items and all(isinstance(i, dict) and key in i for i in items):
            values = [i[key] for i in items]
            if len(set(values)) == len(values):
                return key
    return None


def _walk(section: str, path: str, a: Any, b: Any, out: list[RuleChange]) -> None:
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in dict.fromkeys([*a, *b]):
            _walk(section, f"{path}.{key}", a.get(key), b.get(key), out)
        return
    if isinstance(a, list) and isinstance(b, list):
        key_a, key_b = _item_key(a), _item_key(b)
        key = key_a if not b else key_b if not a else key_a if key_a == key_b else None
        if key is not None:
            before = {i[key]: i for i in a}
            after = {i[key]: i for i in b}
            for name in dict.fromkeys([*before, *after]):
                _walk(section, f"{path}.{name}", before.get(name), after.get(name), out)
            if [i[key] for i in a if i[key] in after] != [i[key] for i in b if i[key] in before]:
                out.append(RuleChange(section, f"{path} (order)", list(before), list(after)))
            return
    out.append(RuleChange(section, path, a, b))


def rule_changes(old: Spec, new: Spec) -> list[RuleChange]:
    """Every difference between the two specs, by section, with before and after."""
    a = old.model_dump(mode="json")
    b = new.model_dump(mode="json")
    # One quota set or a list of them: compare as lists.
    for d in (a, b):
        if isinstance(d.get("quotas"), dict):
            d["quotas"] = [d["quotas"]]
    out: list[RuleChange] = []
    for field in dict.fromkeys([*a, *b]):
        if field not in _IGNORED:
            _walk(field, field, a.get(field), b.get(field), out)
    order = list(SECTIONS)
    return sorted(out, key=lambda c: order.index(c.section) if c.section in order else 99)


def _num(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _grade(row: pd.Series, side: str) -> str:
    if pd.isna(row[f"total_{side}"]) and pd.isna(row[f"grade_{side}"]):
        return NOT_APPRAISED
    grade = row[f"grade_{side}"]
    return grade if isinstance(grade, str) else NO_GRADE


def person_changes(old: Preview, new: Preview) -> pd.DataFrame:
    """Each appraisee whose points (total or any indicator), rank or grade moves, or who
    enters or leaves the appraisal; sorted by grade changes first, then the largest falls."""
    keep = ["appraisee_id", "category", "total", "rank_in_category", "grade"]
    both = old.appraisals[keep].merge(
        new.appraisals[keep],
        on="appraisee_id",
        how="outer",
        suffixes=("_current", "_draft"),
        indicator=True,
    )
    both["category"] = both["category_current"].combine_first(both["category_draft"])
    both = both.rename(
        columns={"rank_in_category_current": "rank_current", "rank_in_category_draft": "rank_draft"}
    )
    both["grade_current"] = both.apply(_grade, axis=1, side="current")
    both["grade_draft"] = both.apply(_grade, axis=1, side="draft")
    both["change"] = (both["total_draft"] - both["total_current"]).round(4)
    both["grade_changed"] = both["grade_current"] != both["grade_draft"]
    points = old.scores[["appraisee_id", "indicator_id", "points"]].merge(
        new.scores[["appraisee_id", "indicator_id", "points"]],
        on=["appraisee_id", "indicator_id"],
        how="outer",
        suffixes=("_c", "_d"),
    )
    moved = points[points["points_c"].fillna(-1e18) != points["points_d"].fillna(-1e18)]
    summary = {
        person: "，".join(
            f"{r.indicator_id} {_fmt(r.points_c)}→{_fmt(r.points_d)}" for r in rows.itertuples()
        )
        for person, rows in moved.groupby("appraisee_id", sort=False)
    }
    both["indicators_changed"] = [summary.get(p, "") for p in both["appraisee_id"]]

    def differs(a: pd.Series, b: pd.Series) -> pd.Series:
        return a.fillna(-1e18).round(6) != b.fillna(-1e18).round(6)

    moves = (
        differs(both["total_current"], both["total_draft"])
        | differs(both["rank_current"], both["rank_draft"])
        | both["grade_changed"]
        | (both["indicators_changed"] != "")
    )
    columns = [
        "appraisee_id",
        "category",
        "total_current",
        "total_draft",
        "change",
        "rank_current",
        "rank_draft",
        "grade_current",
        "grade_draft",
        "grade_changed",
        "indicators_changed",
    ]
    out = both.loc[moves, columns]
    return out.sort_values(
        ["grade_changed", "change", "appraisee_id"], ascending=[False, True, True]
    ).reset_index(drop=True)


def _fmt(value: Any) -> str:
    number = _num(value)
    return "—" if number is None else f"{number:g}"


def _grade_names(spec: Spec, preview: Preview) -> list[str]:
    """The grades of the period previewed: the roll-up's for a roll-up period."""
    periods = preview.appraisals["period_id"].dropna().unique()
    if spec.rollup and len(periods) and parse_period(str(periods[0])).period_type != spec.period:
        return spec.rollup.grade_names
    return spec.grade_names


def grade_distribution(old: Spec, new: Spec, old_p: Preview, new_p: Preview) -> pd.DataFrame:
    """How many appraisees get each grade before and after (not graded / undetermined last)."""
    names = list(dict.fromkeys([*_grade_names(old, old_p), *_grade_names(new, new_p), NO_GRADE]))

    def count(preview: Preview) -> pd.Series:
        grades = preview.appraisals["grade"].where(preview.appraisals["grade"].notna(), NO_GRADE)
        return grades.value_counts().reindex(names, fill_value=0)

    table = pd.DataFrame({"grade": names, "current": count(old_p).values})
    table["draft"] = count(new_p).values
    table["change"] = table["draft"] - table["current"]
    return table[(table["current"] > 0) | (table["draft"] > 0) | (table["grade"] != NO_GRADE)]


def _quota_rows(spec: Spec, preview: Preview) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(within, group, grade) → (places used, places) under the spec's quotas."""
    out: dict[tuple[str, str, str], tuple[int, int]] = {}
    frame = preview.appraisals
    if not quota_sets(spec.quotas):
        return out
    if not preview.people.empty:
        extra = [c for c in preview.people.columns if c not in frame.columns and c != "person_id"]
        frame = frame.merge(
            preview.people[["person_id", *extra]].rename(columns={"person_id": "appraisee_id"}),
            on="appraisee_id",
            how="left",
        )
    graded = frame[frame["grade_status"] == "graded"]
    for quotas in quota_sets(spec.quotas):
        within = [c for c in quotas.within if c in graded.columns]
        groups = graded.groupby(within, dropna=False) if within else [((), graded)]
        for key, members in groups:
            label = " / ".join(map(str, key if isinstance(key, tuple) else (key,))) or "全部"
            for grade, share in quotas.grades.items():
                places = math.floor(len(members) * share.share + 1e-9)
                if share.max_count is not None:
                    places = min(places, share.max_count)
                used = int((members["grade"] == grade).sum())
                out[(", ".join(quotas.within), label, grade)] = (used, places)
    return out


def quota_use(old: Spec, new: Spec, old_p: Preview, new_p: Preview) -> pd.DataFrame:
    """Per quota set, group and grade: places used / places, before and after ("—": that
    side has no such quota)."""
    before, after = _quota_rows(old, old_p), _quota_rows(new, new_p)
    rows = []
    for key in dict.fromkeys([*before, *after]):
        within, group, grade = key
        b, a = before.get(key), after.get(key)
        rows.append(
            {
                "within": within,
                "group": group,
                "grade": grade,
                "current": f"{b[0]}/{b[1]}" if b else "—",
                "draft": f"{a[0]}/{a[1]}" if a else "—",
            }
        )
    return pd.DataFrame(rows, columns=["within", "group", "grade", "current", "draft"])


@dataclass(frozen=True)
class Diff:
    rules: list[RuleChange]
    people: pd.DataFrame
    grades: pd.DataFrame
    quotas: pd.DataFrame

    def text(self) -> str:
        lines = [f"规则变化 / rule changes: {len(self.rules)}"]
        lines += [f"  {c}" for c in self.rules] or ["  （无 / none）"]
        changed = int(self.people["grade_changed"].sum())
        lines += [
            "",
            f"{len(self.people)} 人的分数、排名或等次有变化，其中 {changed} 人等次变化 / "
            f"{len(self.people)} appraisee(s) move, {changed} grade change(s)",
        ]
        if not self.people.empty:
            lines.append(self.people.to_string(index=False))
        lines += ["", "等次分布 / grade distribution:", self.grades.to_string(index=False)]
        if not self.quotas.empty:
            lines += ["", "名额使用（已用/名额）/ quota use (used/places):"]
            lines.append(self.quotas.to_string(index=False))
        return "\n".join(lines)

    def rules_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "kind": f"{c.kind_zh} / {c.kind_en}",
                    "field": c.path,
                    "current": _show(c.before),
                    "draft": _show(c.after),
                }
                for c in self.rules
            ],
            columns=["kind", "field", "current", "draft"],
        )

    def to_excel(self, path: Path) -> None:
        with pd.ExcelWriter(path) as writer:
            self.rules_frame().to_excel(writer, sheet_name="规则变化 rules", index=False)
            self.people.to_excel(writer, sheet_name="人员变化 people", index=False)
            self.grades.to_excel(writer, sheet_name="等次分布 grades", index=False)
            self.quotas.to_excel(writer, sheet_name="名额使用 quotas", index=False)


def diff(old: Spec, new: Spec, old_p: Preview, new_p: Preview) -> Diff:
    return Diff(
        rule_changes(old, new),
        person_changes(old_p, new_p),
        grade_distribution(old, new, old_p, new_p),
        quota_use(old, new, old_p, new_p),
    )
