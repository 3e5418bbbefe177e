"""Roll-ups: a longer period's results from a spec's sub-period results (annual from
quarterly), by the spec's ``rollup`` section (see :class:`kpi_warehouse.specs.model.Rollup`).

[interp] The rolled-up total is the mean of the sub-period totals that exist (an appraisee
appraised in three quarters has the mean of three); sub-period results of every version of
the spec count; the version reported is the latest that applied.
"""

from __future__ import annotations

from kpi_warehouse.scoring.compiler import Inputs, appraisees_cte
from kpi_warehouse.scoring.grading import (
    CheckedConditions,
    eligibility_labels,
    note_list,
    quota_ctes,
)
from kpi_warehouse.scoring.sql import lit
from kpi_warehouse.specs.model import Spec


def rollup_sql(spec: Spec, appraisals: str, inputs: Inputs) -> str | None:
    """fct_appraisal rows of the roll-up period, or None when the spec has no roll-up."""
    rollup = spec.rollup
    if rollup is None:
        return None
    names = rollup.grade_names
    long = spec.model_copy(update={"period": rollup.period})
    counts = sorted(
        {c.grade for c in rollup.requires.values()} | {r.when.grade for r in rollup.rules}
    )
    count_cols = "".join(f', count(*) FILTER (WHERE s.grade = {lit(g)}) AS "n_{g}"' for g in counts)
    bands = " ".join(
        f"WHEN total >= {lit(g.min)} THEN {n}" for n, g in enumerate(rollup.grades[:-1])
    )
    idx = f"CASE {bands} ELSE {len(names) - 1} END"
    notes = []
    for grade, need in rollup.requires.items():  # from the top grade down
        k = names.index(grade)
        short = f'"n_{need.grade}" < {need.at_least}'
        idx = f"CASE WHEN ({idx}) = {k} AND {short} THEN {k + 1} ELSE ({idx}) END"
        notes.append(
            f"CASE WHEN {short} AND total >= 0 THEN "
            f"{lit(f'{need.grade}少于{need.at_least}次，不能评为{grade}')} END"
        )
    forced = "NULL::INTEGER"
    for rule in reversed(rollup.rules):  # the first rule that holds wins
        cond = f'"n_{rule.when.grade}" >= {rule.when.at_least}'
        forced = f"CASE WHEN {cond} THEN {names.index(rule.grade)} ELSE {forced} END"
        notes.append(
            f"CASE WHEN {cond} THEN "
            f"{lit(f'{rule.when.grade}{rule.when.at_least}次及以上：{rule.grade}')} END"
        )
    elig = rollup.eligibility
    checked = CheckedConditions(
        long, inputs, [*rollup.vetoes, *elig.not_graded, *elig.undetermined, *elig.forced]
    )
    cap_idx = checked.worst([(v, names.index(v.grade_cap)) for v in rollup.vetoes if v.grade_cap])
    notes += checked.notes(eligibility_labels(rollup.vetoes, elig))
    not_graded = checked.any(elig.not_graded)
    undetermined = checked.any(elig.undetermined)
    elig_forced = checked.first([(f, names.index(f.grade)) for f in elig.forced])
    ctes = [
        ("appraisees", appraisees_cte(long, inputs)),
        (
            "subs",
            f"""
            SELECT a.appraisee_id, a.period_id, a.start_date, a.end_date,
                   max(s.spec_version) AS spec_version,
                   round(avg(s.total), 4) AS total, count(*) AS n_periods{count_cols}
            FROM appraisees a
            JOIN {appraisals} s ON s.appraisee_id = a.appraisee_id
                AND s.spec_id = {lit(spec.spec_id)}
            JOIN {inputs.periods} p ON p.period_id = s.period_id
                AND p.period_type = {lit(spec.period)}
                AND p.start_date >= a.start_date AND p.end_date <= a.end_date
            GROUP BY ALL""",
        ),
        (
            "flags",
            f"""
            SELECT a.*, s.spec_version, s.total, s.n_periods{
                "".join(f', s."n_{g}"' for g in counts)
            }
            FROM appraisees a JOIN subs s USING (appraisee_id, period_id)""",
        ),
        ("checked", checked.cte("flags")),
        (
            "graded",
            f"""
            SELECT t.*,
                   CASE WHEN ({not_graded}) THEN NULL
                        WHEN {elig_forced} IS NOT NULL THEN {elig_forced}
                        WHEN ({undetermined}) THEN NULL
                        ELSE greatest(coalesce({forced}, {idx}), coalesce({cap_idx}, 0))
                   END AS idx,
                   ({not_graded}) AS not_graded,
                   {elig_forced} IS NOT NULL OR {forced} IS NOT NULL AS is_forced,
                   {note_list(notes)} AS notes
            FROM checked t""",
        ),
    ]
    quota, last = quota_ctes(rollup.quotas, names, "graded")
    ctes += quota
    grade = "CASE idx " + " ".join(f"WHEN {i} THEN {lit(g)}" for i, g in enumerate(names))
    with_sql = "WITH " + ",\n".join(f"{n} AS ({s})" for n, s in ctes)
    return f"""{with_sql}
        SELECT {lit(spec.spec_id)} AS spec_id, spec_version,
               {lit(spec.appraisee)} AS appraisee_type, appraisee_id, period_id, org_unit_id,
               category, total,
               rank() OVER (PARTITION BY period_id, rank_group ORDER BY total DESC)
                   AS rank_in_category,
               count(*) OVER (PARTITION BY period_id, rank_group) AS category_size,
               {grade} END AS grade,
               nullif(array_to_string(notes, '；'), '') AS grade_note,
               CASE WHEN not_graded THEN 'not_graded' WHEN idx IS NULL THEN 'undetermined'
                    ELSE 'graded' END AS grade_status,
               NULL::DOUBLE AS payout
        FROM {last}"""
