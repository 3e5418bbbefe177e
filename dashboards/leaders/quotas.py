"""Grade bands, quotas and payouts of a spec (dim_spec's JSON), and how much of each quota
a set of results uses.

[interp, DIGEST §B, as the scoring engine does] A quota group's headcount is its graded
appraisees (forced grades included; undetermined and not graded are not counted); its cap
is floor(headcount × share), and at most ``max_count`` where the spec says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

GROUP_COLUMNS = ("org_unit_id", "category")


@dataclass(frozen=True)
class Band:
    grade: str
    min: float | None
    clause: str


@dataclass(frozen=True)
class QuotaRule:
    within: tuple[str, ...]
    shares: tuple[tuple[str, float, int | None], ...]  # (grade, share, max_count)
    clause: str


@dataclass(frozen=True)
class Grading:
    """What a spec says about one kind of period (its quarters or its annual roll-up)."""

    spec_id: str
    title: str
    bands: tuple[Band, ...]
    quotas: tuple[QuotaRule, ...]
    payouts: tuple[tuple[str, float], ...]
    payout_clause: str


def _quota_rules(raw: object) -> tuple[QuotaRule, ...]:
    items = raw if isinstance(raw, list) else ([raw] if isinstance(raw, dict) else [])
    rules = []
    for item in items:
        shares = tuple(
            (grade, float(q["share"]), q.get("max_count"))
            for grade, q in (item.get("grades") or {}).items()
        )
        within = tuple(item.get("within", GROUP_COLUMNS))
        rules.append(QuotaRule(within, shares, str(item.get("clause") or "")))
    return tuple(rules)


def _bands(raw: object) -> tuple[Band, ...]:
    return tuple(Band(str(g["grade"]), g.get("min"), str(g.get("clause") or "")) for g in raw or [])


def grading(spec_id: str, title: str, spec_json: str, annual: bool) -> Grading:
    """The bands, quotas and payouts of a spec for its periods or (``annual``) its roll-up."""
    spec = json.loads(spec_json)
    part = (spec.get("rollup") or {}) if annual else spec
    payouts = spec.get("payouts") or {}
    amounts = () if annual else tuple((g, float(a)) for g, a in payouts.get("amounts", {}).items())
    return Grading(
        spec_id,
        title,
        _bands(part.get("grades")),
        _quota_rules(part.get("quotas")),
        amounts,
        "" if annual else str(payouts.get("clause") or ""),
    )


def quota_use(results: pd.DataFrame, rule: QuotaRule) -> pd.DataFrame:
    """Per quota group and grade: graded headcount, places (cap) and places used.

    ``results`` holds one spec's person results (org_unit_id, category, grade,
    grade_status). Columns: the group's ``within`` columns, grade, headcount, cap, used,
    share; groups in order of their keys, each group's grades in the rule's order.
    """
    within = [c for c in rule.within if c in results.columns]
    graded = results[results["grade_status"] == "graded"]
    hits = {f"_hit{i}": graded["grade"] == grade for i, (grade, _, _) in enumerate(rule.shares)}
    counted = graded[within].assign(_one=1, **hits)
    if within:  # one pass over the results, however many groups (a province: 1 500)
        groups = counted.groupby(within, dropna=False, sort=True).sum().reset_index()
    else:
        groups = counted.sum().to_frame().T.assign(_one=len(graded))
    headcount = groups["_one"].astype(int)
    frames = []
    for i, (grade, share, max_count) in enumerate(rule.shares):
        cap = np.floor(headcount * share).astype(int)
        if max_count is not None:
            cap = cap.clip(upper=int(max_count))
        frame = groups[within].assign(
            grade=grade, headcount=headcount, cap=cap, used=groups[f"_hit{i}"].astype(int)
        )
        frames.append(frame.assign(share=share, _group=range(len(groups)), _grade=i))
    if not frames:
        return pd.DataFrame(columns=[*within, "grade", "headcount", "cap", "used", "share"])
    ordered = pd.concat(frames, ignore_index=True).sort_values(["_group", "_grade"])
    return ordered.drop(columns=["_group", "_grade"]).reset_index(drop=True)
