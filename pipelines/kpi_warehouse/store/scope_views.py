"""The scoped marts: one TEMP VIEW per mart, with the mart's own name and columns.

Each view reads the snapshot (attached under a private alias) and keeps only the rows the
``__scope_*`` grants allow (see ``scope_grants``). Ratings never leave as single rows:
``fct_activity`` and ``fct_evidence`` carry one summary row per appraisee, period and
rater level instead, and only where at least MIN_RATERS raters scored; ``fct_rating_summary``
is the same aggregate as a table of its own. Columns a department colleague has no need
for (hire date, status, leave date, grade note, payout) are NULL on totals-only rows.
"""

from __future__ import annotations

from collections.abc import Mapping

from kpi_warehouse.store import scope_docs

MIN_RATERS = 3
SUMMARY_PREFIX = "ratings:summary:"

ALL = "(SELECT all_access FROM __scope_flags)"
PEOPLE_FULL = "(SELECT person_id FROM __scope_people_full)"
UNITS_FULL = "(SELECT org_unit_id FROM __scope_units_full)"
UNITS_TOTALS = "(SELECT org_unit_id FROM __scope_units_totals)"
UNITS_VISIBLE = "(SELECT org_unit_id FROM __scope_units_visible)"
PRC_FULL = "(SELECT procuratorate_id FROM __scope_prc_full)"

# Reference marts without personal data: the same for every account.
PUBLIC_MARTS = ("dim_period", "dim_fact_kind", "meta_snapshot", "meta_closed_period")
# Indicators are the specs' text: an account sees those of the specs that scored someone (or
# some unit) whose results it may see — a liaison their department's specs, staff their own.
SPEC_MARTS = ("dim_indicator", "dim_spec")
# dim_spec is the build's specs.spec_versions (each version's validated spec as JSON, for
# the grade bands, quotas and payouts the pages explain); it exists only when the snapshot
# has that table (``create_views(..., has_specs=True)``).
SPEC_SOURCE = "specs.spec_versions"
# The marts the scope layer exposes, in creation order (later views use earlier ones).
SCOPED_MARTS = (
    "dim_org_unit",
    "dim_person",
    "fct_appraisal",
    # The earlier results of re-scored periods (kpi_warehouse.rescored_periods): exactly
    # fct_appraisal's row rule, so an earlier result shows to whoever may see the result.
    "fct_rescored_appraisal",
    "fct_indicator_score",
    "fct_activity",
    "fct_rating_summary",
    "fct_evidence",
    "fct_data_quality",
    # Issue 13's marts (added by the data side, conservative rules: review with the scope
    # layer's owner): results and payouts as fct_appraisal's full rows; aggregates by the
    # department or procuratorate they describe.
    "fct_annual_result",
    "fct_payout",
    "fct_result_movement",
    "fct_org_unit_appraisal",
    "fct_case_quality_monthly",
    "fct_indicator_driver",
    "fct_rater_leniency",
    "fct_indicator_coverage",
)
MASKED = {
    "dim_person": ("hire_date", "status", "leave_date"),
    "fct_appraisal": ("grade_note", "payout"),
}


def is_rating(alias: str) -> str:
    return f"({alias}.source LIKE 'ratings.%' OR {alias}.source_table = 'ratings')"


def _masked(table: str, alias: str, full: str, columns: tuple[str, ...]) -> str:
    """``alias.*`` with the table's masked columns NULL unless ``full`` holds."""
    masks = [
        f"CASE WHEN {full} THEN {alias}.{c} END AS {c}"
        for c in MASKED.get(table, ())
        if c in columns
    ]
    return f"{alias}.* REPLACE ({', '.join(masks)})" if masks else f"{alias}.*"


def _rating_summary(s: str, columns: tuple[str, ...]) -> str:
    """One row per appraisee, period and rater level, shaped like fct_activity."""
    needed = {"person_id", "period_id", "kind", "value"}
    if not needed <= set(columns):
        return f"SELECT * FROM {s}.fct_activity WHERE false"
    n = "count(a.value)"
    mean = "round(avg(a.value), 2)"
    known = {
        "activity_id": f"'{SUMMARY_PREFIX}' || a.period_id || ':' || a.person_id || ':' || a.kind",
        "kind": "a.kind",
        "person_id": "a.person_id",
        "period_id": "a.period_id",
        "quantity": f"CAST({n} AS DOUBLE)",
        "value": mean,
        "share": "1.0",
        "is_collective": "false",
        "detail": (
            f"coalesce(any_value(a.kind_label), a.kind) || '：' || {n} || ' 人评分，平均 ' "
            f"|| {mean} || ' 分'"
            if "kind_label" in columns
            else f"a.kind || '：' || {n} || ' 人评分，平均 ' || {mean} || ' 分'"
        ),
        "activity_date": "max(a.activity_date)",
    }
    for keep in ("source", "source_system", "source_table", "org_unit_id", "kind_label"):
        known[keep] = f"any_value(a.{keep})"
    select = ", ".join(f"{known.get(c, 'NULL')} AS {c}" for c in columns)
    return (
        f"SELECT {select} FROM {s}.fct_activity a WHERE {is_rating('a')} "
        f"GROUP BY a.person_id, a.period_id, a.kind HAVING {n} >= {MIN_RATERS}"
    )


def view_sql(name: str, s: str, columns: Mapping[str, tuple[str, ...]]) -> str | None:
    """The SELECT of the scoped view ``name`` over snapshot schema ``s`` (``alias.main``),
    or None when the snapshot lacks what it needs."""
    if name in PUBLIC_MARTS:
        return f"SELECT * FROM {s}.{name}" if name in columns else None
    if name == "dim_indicator":
        if name not in columns or "fct_appraisal" not in columns:
            return None
        return (
            f"SELECT i.* FROM {s}.dim_indicator i WHERE {ALL} "
            "OR i.spec_id IN (SELECT v.spec_id FROM fct_appraisal v)"
        )
    if name == "dim_spec":
        if SPEC_SOURCE not in columns or "fct_appraisal" not in columns:
            return None
        table = f"{s.rsplit('.', 1)[0]}.{SPEC_SOURCE}"  # the snapshot's specs schema
        return (
            "SELECT v.spec_id, v.version AS spec_version, v.title AS spec_title, "
            f"v.effective_from, v.effective_to, v.spec_json FROM {table} v WHERE {ALL} "
            "OR v.spec_id IN (SELECT a.spec_id FROM fct_appraisal a)"
        )
    if name == "fct_rating_summary":
        if "fct_activity" not in columns:
            return None
        return (
            "SELECT period_id, person_id AS appraisee_id, kind AS rater_level, "
            "CAST(quantity AS BIGINT) AS raters, value AS mean_score "
            f"FROM __scope_rating_summary WHERE {ALL} OR person_id IN {PEOPLE_FULL}"
        )
    cols = columns.get(name)
    if cols is None:
        return None
    if name == "dim_org_unit":
        return f"SELECT * FROM {s}.dim_org_unit o WHERE {ALL} OR o.org_unit_id IN {UNITS_VISIBLE}"
    if name == "dim_person":
        full = f"({ALL} OR p.person_id IN {PEOPLE_FULL})"
        return (
            f"SELECT {_masked(name, 'p', full, cols)} FROM {s}.dim_person p "
            f"WHERE {full} OR p.org_unit_id IN {UNITS_TOTALS}"
        )
    if name in ("fct_appraisal", "fct_rescored_appraisal"):
        full = (
            f"({ALL} OR (a.appraisee_type = 'person' AND (a.appraisee_id IN {PEOPLE_FULL} "
            f"OR a.org_unit_id IN {UNITS_FULL})) "
            f"OR (a.appraisee_type <> 'person' AND a.appraisee_id IN {UNITS_FULL}))"
        )
        return (
            f"SELECT {_masked(name, 'a', full, cols)} FROM {s}.{name} a "
            f"WHERE {full} OR a.org_unit_id IN {UNITS_TOTALS}"
        )
    if name == "fct_indicator_score":
        return (
            f"SELECT x.* FROM {s}.fct_indicator_score x WHERE {ALL} "
            f"OR (x.appraisee_type = 'person' AND x.appraisee_id IN {PEOPLE_FULL}) "
            f"OR (x.appraisee_type <> 'person' AND x.appraisee_id IN {UNITS_FULL})"
        )
    if name == "fct_activity":
        return (
            f"SELECT a.* FROM {s}.fct_activity a WHERE NOT {is_rating('a')} AND ({ALL} "
            f"OR a.person_id IN {PEOPLE_FULL} OR a.org_unit_id IN {UNITS_FULL}) "
            f"UNION ALL BY NAME "
            f"SELECT r.* FROM __scope_rating_summary r "
            f"WHERE {ALL} OR r.person_id IN {PEOPLE_FULL}"
        )
    if name == "fct_evidence":
        if "fct_activity" not in columns:
            return None
        scores = "(SELECT indicator_score_id FROM temp.main.fct_indicator_score)"
        rating_id = f"'{SUMMARY_PREFIX}' || a.period_id || ':' || a.person_id || ':' || a.kind"
        return (
            f"SELECT e.* FROM {s}.fct_evidence e WHERE e.indicator_score_id IN {scores} "
            f"AND NOT EXISTS (SELECT 1 FROM {s}.fct_activity a "
            f"WHERE a.activity_id = e.activity_id AND {is_rating('a')}) "
            f"UNION ALL BY NAME "
            f"SELECT e.indicator_score_id, {rating_id} AS activity_id, sum(e.points) AS points "
            f"FROM {s}.fct_evidence e JOIN {s}.fct_activity a ON a.activity_id = e.activity_id "
            f"WHERE {is_rating('a')} AND e.indicator_score_id IN {scores} "
            f"GROUP BY e.indicator_score_id, a.period_id, a.person_id, a.kind "
            f"HAVING {rating_id} IN (SELECT activity_id FROM __scope_rating_summary)"
        )
    if name == "fct_data_quality":
        return (
            f"SELECT d.* FROM {s}.fct_data_quality d WHERE {ALL} "
            f"OR d.person_id IN {PEOPLE_FULL} OR d.procuratorate_id IN {PRC_FULL} "
            f"OR (d.procuratorate_id IS NULL AND (SELECT any_procuratorate FROM __scope_flags) "
            f"AND NOT EXISTS (SELECT 1 FROM {s}.dim_person p WHERE p.person_id = d.person_id))"
        )
    if name in ("fct_annual_result", "fct_payout", "fct_result_movement"):
        return (
            f"SELECT x.* FROM {s}.{name} x WHERE {ALL} "
            f"OR (x.appraisee_type = 'person' AND (x.appraisee_id IN {PEOPLE_FULL} "
            f"OR x.org_unit_id IN {UNITS_FULL})) "
            f"OR (x.appraisee_type <> 'person' AND x.appraisee_id IN {UNITS_FULL})"
        )
    if name == "fct_org_unit_appraisal":
        return (
            f"SELECT x.* FROM {s}.{name} x WHERE {ALL} OR x.org_unit_id IN {UNITS_FULL} "
            f"OR x.procuratorate_id IN {PRC_FULL}"
        )
    if name == "fct_case_quality_monthly":
        return (
            f"SELECT x.* FROM {s}.{name} x WHERE {ALL} OR x.person_id IN {PEOPLE_FULL} "
            f"OR (x.subject_level IN ('person', 'org_unit') AND x.org_unit_id IN {UNITS_FULL}) "
            f"OR x.procuratorate_id IN {PRC_FULL}"
        )
    if name == "fct_indicator_driver":
        return f"SELECT x.* FROM {s}.{name} x WHERE {ALL} OR x.org_unit_id IN {UNITS_FULL}"
    if name == "fct_rater_leniency":
        return f"SELECT x.* FROM {s}.{name} x WHERE {ALL} OR x.procuratorate_id IN {PRC_FULL}"
    if name == "fct_indicator_coverage":
        # Counts per spec (no one's result): for accounts that see a whole procuratorate
        # (leader, analyst, appraisal office), the specs that scored anyone there.
        return (
            f"SELECT x.* FROM {s}.{name} x WHERE {ALL} OR x.spec_id IN (SELECT a.spec_id "
            f"FROM {s}.fct_appraisal a JOIN {s}.dim_org_unit o ON o.org_unit_id = a.org_unit_id "
            f"WHERE o.procuratorate_id IN {PRC_FULL})"
        )
    raise KeyError(name)


GATED = "(SELECT gated FROM __scope_period_gate)"
PUBLISHED = "(SELECT period_id FROM __scope_published)"


def gate_periods(name: str, sql: str, s: str, columns: Mapping[str, tuple[str, ...]]) -> str:
    """``sql`` keeping, for an account gated by publication (``scope_grants``), only the rows
    of published periods: by ``period_id``, or for monthly marts by a month that lies in a
    published period. Views without a period (people, departments, indicators) and
    evidence (it follows the gated ``fct_indicator_score``) are returned unchanged."""
    cols = ("period_id",) if name == "fct_rating_summary" else columns.get(name, ())
    if "period_id" in cols:
        keep = f"g.period_id IN {PUBLISHED}"
    elif "month_start" in cols and "dim_period" in columns:
        keep = (
            f"EXISTS (SELECT 1 FROM {s}.dim_period p WHERE p.period_id IN {PUBLISHED} "
            "AND g.month_start BETWEEN p.start_date AND p.end_date)"
        )
    else:
        return sql
    return f"SELECT g.* FROM ({sql}) g WHERE NOT {GATED} OR {keep}"


def create_views(
    con, s: str, columns: Mapping[str, tuple[str, ...]], has_specs: bool = False
) -> tuple[str, ...]:
    """Create every scoped view the snapshot allows; returns their names.

    ``has_specs``: the snapshot holds ``specs.spec_versions`` (for ``dim_spec``).
    """
    created = []
    if has_specs:
        columns = {**columns, SPEC_SOURCE: ()}
    if "fct_activity" in columns:
        summary = _rating_summary(s, columns["fct_activity"])
        con.execute(f"CREATE TEMP VIEW __scope_rating_summary AS {summary}")
    for name in (*SCOPED_MARTS, *PUBLIC_MARTS, *SPEC_MARTS):
        sql = view_sql(name, s, columns)
        if sql is not None:
            sql = gate_periods(name, sql, s, columns)
            con.execute(f"CREATE TEMP VIEW {name} AS {sql}")
            created.append(name)
    for name in scope_docs.DOC_VIEWS:  # the documented schema of the views above (and these)
        con.execute(f"CREATE TEMP VIEW {name} AS {scope_docs.view_sql(name, s, columns)}")
        created.append(name)
    return tuple(created)
