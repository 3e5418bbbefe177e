"""The scoped marts: one TEMP VIEW per mart, with the mart's own name and columns (for the
few MATERIALIZED marts of an account whose rows are filtered, a TEMP TABLE of those rows).

Each view reads the snapshot (attached under a private alias) and keeps only the rows the
``__scope_*`` grants allow (see ``scope_grants``). Ratings never leave as single rows:
``fct_activity``, ``fct_evidence`` and ``fct_evidence_record`` carry one summary row per
appraisee, period and rater level instead (dbt's ``fct_rating_group``, the one definition of
that row), and only where at least MIN_RATERS raters scored; ``fct_rating_summary`` is the
same aggregate as a table of its own. Columns a department colleague has no need
for (hire date, status, leave date, grade note, payout) are NULL on totals-only rows.
"""

from __future__ import annotations

from collections.abc import Mapping

from kpi_warehouse.store import scope_docs

MIN_RATERS = 3

ALL = "(SELECT all_access FROM __scope_flags)"  # read once per connection (account_flags)
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
    "fct_evidence_record",
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
# Marts no account reads by name: the scope layer's own views read them (fct_rating_group is
# served as fct_rating_summary and as the rating rows of fct_activity and the evidence, each
# where at least MIN_RATERS scored; exposed itself, it would show groups of one or two).
INTERNAL_MARTS = ("fct_rating_group",)
# Marts whose rows grow with people and periods, not with their records: the connection of
# an account whose views filter holds its rows of these as a temporary table of the mart's
# name, filled once when the connection is prepared (the same SELECT the view would run).
# A page's query then plans like one on the bare mart instead of planning the grant
# subqueries again each time (a city leader's department ranking at province scale: 9 -> 3 ms
# p95). The large facts (scores, activity, evidence) stay views: holding an account's rows
# of them would cost memory per connection.
MATERIALIZED = ("dim_org_unit", "dim_person", "fct_appraisal")
MASKED = {
    "dim_person": ("hire_date", "status", "leave_date"),
    "fct_appraisal": ("grade_note", "payout"),
}


def is_rating(alias: str) -> str:
    return f"({alias}.source LIKE 'ratings.%' OR {alias}.source_table = 'ratings')"


def _masked_rows(
    table: str, s: str, alias: str, full: str, totals: str, columns: tuple[str, ...]
) -> str:
    """The rows of ``table`` where ``full`` or ``totals`` holds, its masked columns NULL
    unless ``full`` does. ``full`` is evaluated once per row (a column of an inner SELECT),
    not once more for every masked column."""
    masked = [c for c in MASKED.get(table, ()) if c in columns]
    if not masked:
        return f"SELECT {alias}.* FROM {s}.{table} {alias} WHERE ({full}) OR ({totals})"
    masks = ", ".join(f"CASE WHEN {alias}.__full THEN {alias}.{c} END AS {c}" for c in masked)
    return (
        f"SELECT {alias}.* EXCLUDE (__full) REPLACE ({masks}) FROM "
        f"(SELECT {alias}.*, ({full}) AS __full FROM {s}.{table} {alias}) {alias} "
        f"WHERE {alias}.__full OR ({totals})"
    )


def _rating_summary(s: str, columns: Mapping[str, tuple[str, ...]]) -> str:
    """The ratings fct_activity shows: dbt's one row per appraisee, period and rater level
    (``fct_rating_group``, shaped like fct_activity), where at least MIN_RATERS scored."""
    keep = ", ".join(f"r.{c}" for c in columns["fct_rating_group"] if c in columns["fct_activity"])
    return f"SELECT {keep} FROM {s}.fct_rating_group r WHERE r.quantity >= {MIN_RATERS}"


def _shown_records(alias: str) -> str:
    """The rows of fct_evidence_record anyone may see: every record that is not a rating, and
    a rating group (dbt collapsed a score's ratings into one row per rated person, quarter and
    rater level; ``quantity`` its raters) where at least MIN_RATERS scored."""
    return f"(NOT {is_rating(alias)} OR {alias}.quantity >= {MIN_RATERS})"


def _score_rule(alias: str) -> str:
    """The scores (rows with ``appraisee_type``/``appraisee_id``) an account sees in full: a
    person's where it sees the person in full, a unit's where it sees the unit in full — by
    one key per appraisee (``__scope_score_keys``: one semi-join plans faster than two)."""
    return (
        f"(({alias}.appraisee_type = 'person') || ':' || {alias}.appraisee_id) "
        f"IN (SELECT score_key FROM __scope_score_keys)"
    )


def _result_rule(alias: str) -> str:
    """The results (rows with appraisee and org_unit_id) an account sees in full: a person's
    where it sees the person or their department in full, a unit's where it sees the unit."""
    return (
        f"({alias}.appraisee_type = 'person' AND ({alias}.appraisee_id IN {PEOPLE_FULL} "
        f"OR {alias}.org_unit_id IN {UNITS_FULL})) "
        f"OR ({alias}.appraisee_type <> 'person' AND {alias}.appraisee_id IN {UNITS_FULL})"
    )


def _evidence_records(s: str, everything: bool) -> str:
    """fct_evidence_record: the records behind each score the account sees (the same rule as
    fct_indicator_score, on the score's appraisee the row carries), ratings only as groups of
    at least MIN_RATERS raters."""
    within = "" if everything else f" AND ({_score_rule('a')})"
    return f"SELECT a.* FROM {s}.fct_evidence_record a WHERE {_shown_records('a')}{within}"


def _where(everything: bool, *conditions: str) -> str:
    """`` WHERE`` any of ``conditions``; nothing for an account that sees every row."""
    return "" if everything else " WHERE " + " OR ".join(f"({c})" for c in conditions)


def view_sql(
    name: str, s: str, columns: Mapping[str, tuple[str, ...]], everything: bool = False
) -> str | None:
    """The SELECT of the scoped view ``name`` over snapshot schema ``s`` (``alias.main``),
    or None when the snapshot lacks what it needs. ``everything``: the account sees every
    row (``__scope_flags.all_access``, an administrator) — its views carry no row filter
    at all (DuckDB then plans each query as on the mart itself); rating rows are still
    only ever shown as summaries."""
    if name in PUBLIC_MARTS:
        return f"SELECT * FROM {s}.{name}" if name in columns else None
    if name == "dim_indicator":
        if name not in columns or "fct_appraisal" not in columns:
            return None
        keep = _where(everything, "i.spec_id IN (SELECT v.spec_id FROM fct_appraisal v)")
        return f"SELECT i.* FROM {s}.dim_indicator i{keep}"
    if name == "dim_spec":
        if SPEC_SOURCE not in columns or "fct_appraisal" not in columns:
            return None
        table = f"{s.rsplit('.', 1)[0]}.{SPEC_SOURCE}"  # the snapshot's specs schema
        keep = _where(everything, "v.spec_id IN (SELECT a.spec_id FROM fct_appraisal a)")
        return (
            "SELECT v.spec_id, v.version AS spec_version, v.title AS spec_title, "
            f"v.effective_from, v.effective_to, v.spec_json FROM {table} v{keep}"
        )
    if name == "fct_rating_summary":
        if "fct_activity" not in columns or "fct_rating_group" not in columns:
            return None
        return (
            "SELECT period_id, person_id AS appraisee_id, kind AS rater_level, "
            "CAST(quantity AS BIGINT) AS raters, value AS mean_score "
            f"FROM __scope_rating_summary{_where(everything, f'person_id IN {PEOPLE_FULL}')}"
        )
    cols = columns.get(name)
    if cols is None:
        return None
    if name == "dim_org_unit":
        keep = _where(everything, f"o.org_unit_id IN {UNITS_VISIBLE}")
        return f"SELECT * FROM {s}.dim_org_unit o{keep}"
    if name == "dim_person":
        if everything:
            return f"SELECT p.* FROM {s}.dim_person p"
        full = f"p.person_id IN {PEOPLE_FULL}"
        return _masked_rows(name, s, "p", full, f"p.org_unit_id IN {UNITS_TOTALS}", cols)
    if name in ("fct_appraisal", "fct_rescored_appraisal"):
        if everything:
            return f"SELECT a.* FROM {s}.{name} a"
        totals = f"a.org_unit_id IN {UNITS_TOTALS}"
        return _masked_rows(name, s, "a", _result_rule("a"), totals, cols)
    if name == "fct_indicator_score":
        return f"SELECT x.* FROM {s}.fct_indicator_score x{_where(everything, _score_rule('x'))}"
    if name == "fct_activity":
        mine = (
            ""
            if everything
            else f" AND (a.person_id IN {PEOPLE_FULL} OR a.org_unit_id IN {UNITS_FULL})"
        )
        records = f"SELECT a.* FROM {s}.fct_activity a WHERE NOT {is_rating('a')}{mine}"
        if "fct_rating_group" not in columns:  # a snapshot without it: no ratings at all
            return records
        return (
            f"{records} UNION ALL BY NAME SELECT r.* FROM __scope_rating_summary r"
            f"{_where(everything, f'r.person_id IN {PEOPLE_FULL}')}"
        )
    scores = (
        None if everything else "(SELECT indicator_score_id FROM temp.main.fct_indicator_score)"
    )
    if name == "fct_evidence":
        # The links of fct_evidence_record's rows (a rating group's points summed), so the
        # links and the records shown behind a score are the same rows.
        if "fct_evidence_record" not in columns:
            return None
        within = "" if scores is None else f" AND e.indicator_score_id IN {scores}"
        keep = ", ".join(f"e.{c}" for c in cols)
        return f"SELECT {keep} FROM {s}.fct_evidence_record e WHERE {_shown_records('e')}{within}"
    if name == "fct_evidence_record":
        return _evidence_records(s, everything)
    if name == "fct_data_quality":
        keep = _where(
            everything,
            f"d.person_id IN {PEOPLE_FULL}",
            f"d.procuratorate_id IN {PRC_FULL}",
            "d.procuratorate_id IS NULL AND (SELECT any_procuratorate FROM __scope_flags) "
            f"AND NOT EXISTS (SELECT 1 FROM {s}.dim_person p WHERE p.person_id = d.person_id)",
        )
        return f"SELECT d.* FROM {s}.fct_data_quality d{keep}"
    if name in ("fct_annual_result", "fct_payout", "fct_result_movement"):
        return f"SELECT x.* FROM {s}.{name} x{_where(everything, _result_rule('x'))}"
    if name == "fct_org_unit_appraisal":
        keep = _where(
            everything, f"x.org_unit_id IN {UNITS_FULL}", f"x.procuratorate_id IN {PRC_FULL}"
        )
        return f"SELECT x.* FROM {s}.{name} x{keep}"
    if name == "fct_case_quality_monthly":
        keep = _where(
            everything,
            f"x.person_id IN {PEOPLE_FULL}",
            f"x.subject_level IN ('person', 'org_unit') AND x.org_unit_id IN {UNITS_FULL}",
            f"x.procuratorate_id IN {PRC_FULL}",
        )
        return f"SELECT x.* FROM {s}.{name} x{keep}"
    if name == "fct_indicator_driver":
        return f"SELECT x.* FROM {s}.{name} x{_where(everything, f'x.org_unit_id IN {UNITS_FULL}')}"
    if name == "fct_rater_leniency":
        keep = _where(everything, f"x.procuratorate_id IN {PRC_FULL}")
        return f"SELECT x.* FROM {s}.{name} x{keep}"
    if name == "fct_indicator_coverage":
        # Counts per spec (no one's result): for accounts that see a whole procuratorate
        # (leader, analyst, appraisal office), the specs that scored anyone there.
        keep = _where(
            everything,
            f"x.spec_id IN (SELECT a.spec_id FROM {s}.fct_appraisal a JOIN {s}.dim_org_unit o "
            f"ON o.org_unit_id = a.org_unit_id WHERE o.procuratorate_id IN {PRC_FULL})",
        )
        return f"SELECT x.* FROM {s}.{name} x{keep}"
    raise KeyError(name)


GATED = "(SELECT gated FROM __scope_period_gate)"
PUBLISHED = "(SELECT period_id FROM __scope_published)"


def gate_periods(
    name: str, sql: str, s: str, columns: Mapping[str, tuple[str, ...]], gated: bool = True
) -> str:
    """``sql`` keeping, for an account gated by publication (``scope_grants``), only the rows
    of published periods: by ``period_id``, or for monthly marts by a month that lies in a
    published period. Views without a period (people, departments, indicators) and
    fct_evidence (it follows the gated ``fct_indicator_score``) are returned unchanged, and so
    is every view of an account that is not gated (``gated`` False)."""
    if not gated:
        return sql
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
    return f"SELECT g.* FROM ({sql}) g WHERE {keep}"


def account_flags(con) -> tuple[bool, bool]:
    """The account's ``all_access`` and ``gated`` flags, as its grants (``scope_grants``,
    the one place they are decided) recorded them: the views are created per connection,
    after the grants, so each carries only the filters its account needs."""
    everything, gated = con.execute(f"SELECT {ALL}, {GATED}").fetchone()
    if not isinstance(everything, bool) or not isinstance(gated, bool):  # never guess rights
        raise ValueError(f"scope flags must be true or false, got {everything!r}, {gated!r}")
    return everything, gated


def create_views(
    con, s: str, columns: Mapping[str, tuple[str, ...]], has_specs: bool = False
) -> tuple[str, ...]:
    """Create every scoped view the snapshot allows; returns their names.

    ``has_specs``: the snapshot holds ``specs.spec_versions`` (for ``dim_spec``).
    """
    created = []
    if has_specs:
        columns = {**columns, SPEC_SOURCE: ()}
    if "fct_activity" in columns and "fct_rating_group" in columns:
        summary = _rating_summary(s, columns)
        con.execute(f"CREATE TEMP VIEW __scope_rating_summary AS {summary}")
    everything, gated = account_flags(con)
    for name in (*SCOPED_MARTS, *PUBLIC_MARTS, *SPEC_MARTS):
        sql = view_sql(name, s, columns, everything)
        if sql is not None:
            sql = gate_periods(name, sql, s, columns, gated)
            kind = "TABLE" if name in MATERIALIZED and not everything else "VIEW"
            con.execute(f"CREATE TEMP {kind} {name} AS {sql}")
            created.append(name)
    for name in scope_docs.DOC_VIEWS:  # the documented schema of the views above (and these)
        con.execute(f"CREATE TEMP VIEW {name} AS {scope_docs.view_sql(name, s, columns)}")
        created.append(name)
    return tuple(created)
