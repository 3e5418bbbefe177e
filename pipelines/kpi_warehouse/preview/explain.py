"""Plain-language account of a preview: one appraisee, rule by rule (a draft against the
current spec: ``diff``)."""

from __future__ import annotations

import math

import pandas as pd

from kpi_warehouse.preview.score import Preview
from kpi_warehouse.specs.model import Spec


def _num(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{float(value):g}"


def explain(spec: Spec, preview: Preview, appraisee: str) -> str:
    """How one appraisee's result was reached, indicator by indicator, in Chinese."""
    result = preview.appraisals[preview.appraisals.appraisee_id == appraisee]
    if result.empty:
        return f"{appraisee} 不在本期考核范围内 / {appraisee} is not appraised in this period"
    row = result.iloc[0]
    lines = [
        f"{spec.title}（{spec.spec_id} 版本 {row.spec_version}）{row.period_id}",
        f"考核对象 {appraisee}（{row.category or '—'}）",
        "",
    ]
    scores = preview.scores[preview.scores.appraisee_id == appraisee]
    for n, ind in enumerate(scores.itertuples(), start=1):
        lines.append(f"{n}. {ind.indicator_name}（{ind.indicator_id}）")
        if ind.clause:
            lines.append(f"   条款：{ind.clause}")
        capped = "（受上下限约束）" if ind.cap_applied else ""
        lines.append(
            f"   计量：{ind.measure_label}；计算得 {_num(ind.raw_points)}，"
            f"计入 {_num(ind.points)} / 满分 {_num(ind.max_points)}{capped}"
        )
        rows = preview.evidence[preview.evidence.indicator_score_id == ind.indicator_score_id]
        for ev in rows.head(10).itertuples():
            level = ev.level if isinstance(ev.level, str) else ""
            value = "" if pd.isna(ev.value) else f"值 {_num(ev.value)}"
            text = f"{str(ev.activity_date)[:10]} {ev.activity_id} {ev.kind} {level} {value}"
            lines.append(f"     · {' '.join(text.split())} → {_num(ev.points)}")
        if len(rows) > 10:
            lines.append(f"     · ……共 {len(rows)} 条记录")
    formula = spec.score or " + ".join(i.id for i in spec.indicators)
    lines += [
        "",
        f"总分公式：{formula}",
        f"总分 {_num(row.total)}，组内排名 {row.rank_in_category}/{row.category_size}，"
        f"等次 {row.grade if isinstance(row.grade, str) else '未确定'}",
    ]
    if isinstance(row.grade_note, str):
        lines.append(f"说明：{row.grade_note}")
    if not pd.isna(row.payout):
        lines.append(f"绩效奖金：{_num(row.payout)} 元")
    return "\n".join(lines)
