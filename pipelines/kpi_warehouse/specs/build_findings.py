"""Warnings about the specs against the build's data, recorded in ``fct_data_quality``
(through the dbt model ``int_spec_findings``) and shown by ``kpi validate``:

- ``population_selects_nobody``: a spec version whose population and categories select no
  appraisee of the data — nobody it covers gets a grade;
- ``person_without_spec``: a person whom no person spec in force on the data's horizon
  covers — they get no grade. In a department (``dept_key``) that has specs, only people
  whose status some spec of it appraises are reported (long-term leave left out on purpose
  is not a finding); in a department with none, everyone is;
- ``indicator_without_facts``: an indicator of the version in force in the last period
  that has ended (the latest period of the spec's type ending on or before the horizon)
  with no fact at all for the people the spec appraises in that period.

The horizon is the latest activity date of the data, not today, so a rebuild from the same
sources gives the same findings. All three are warnings: the build goes on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from kpi_warehouse.scoring.compiler import Inputs, appraisees_cte
from kpi_warehouse.scoring.sql import ident, in_list, lit
from kpi_warehouse.specs.model import Spec
from kpi_warehouse.specs.problems import SpecProblem

COLUMNS = (
    "check_name",
    "source_table",
    "source_key",
    "severity",
    "person_id",
    "message_zh",
    "message_en",
)
CHECKS = ("population_selects_nobody", "person_without_spec", "indicator_without_facts")


@dataclass(frozen=True)
class Finding:
    check_name: str
    source_table: str
    source_key: str
    person_id: str | None
    message_zh: str
    message_en: str
    severity: str = "warning"

    def row(self) -> tuple[str | None, ...]:
        return tuple(getattr(self, c) for c in COLUMNS)


def _version_key(spec: Spec) -> str:
    return f"{spec.spec_id}@{spec.effective_from.isoformat()}"


def _population_where(spec: Spec, alias: str = "a") -> str:
    where = [f"{alias}.{ident(k)} IN {in_list(v)}" for k, v in spec.population.items()]
    if spec.categories and spec.appraisee == "person":
        where.append(f"{alias}.category IN {in_list(spec.categories)}")
    return " AND ".join(where) or "TRUE"


def _in_force(spec: Spec, day: date) -> bool:
    return spec.effective_from <= day and (spec.effective_to is None or day <= spec.effective_to)


def empty_populations(
    con: duckdb.DuckDBPyConnection, specs: Sequence[Spec], inputs: Inputs
) -> list[Finding]:
    out = []
    for spec in specs:
        table = inputs.people if spec.appraisee == "person" else inputs.org_units
        (n,) = con.execute(
            f"SELECT count(*) FROM {table} a WHERE {_population_where(spec)}"
        ).fetchone()
        if n:
            continue
        out.append(
            Finding(
                "population_selects_nobody",
                "spec_versions",
                _version_key(spec),
                None,
                f"考核细则 {spec.spec_id}（版本 {spec.version}）的人员范围和类别在数据中"
                "没有选中任何考核对象，无人得到等次：请检查部门、类别和状态",
                f"the population and categories of spec {spec.spec_id} (version {spec.version}) "
                "select nobody in the data, so nobody gets a grade: check the departments, "
                "categories and statuses",
            )
        )
    return out


def uncovered_people(
    con: duckdb.DuckDBPyConnection, specs: Sequence[Spec], inputs: Inputs, horizon: date
) -> list[Finding]:
    in_force = [s for s in specs if s.appraisee == "person" and _in_force(s, horizon)]
    covered = " OR ".join(f"({_population_where(s)})" for s in in_force) or "FALSE"
    # dept_key → statuses its specs appraise (None: every status)
    statuses: dict[str, set[str] | None] = {}
    depts = con.execute(f"SELECT DISTINCT dept_key FROM {inputs.people} a").fetchall()
    all_depts = [r[0] for r in depts]
    for spec in in_force:
        wanted = spec.population.get("status")
        for dept in spec.population.get("dept_key") or all_depts:
            known = statuses.get(dept, set())
            statuses[dept] = None if wanted is None or known is None else known | set(wanted)
    rows = con.execute(
        f"SELECT person_id, dept_key, category, status FROM {inputs.people} a "
        f"WHERE NOT coalesce({covered}, FALSE) ORDER BY person_id"
    ).fetchall()
    out = []
    for person, dept, category, status in rows:
        if dept in statuses:
            wanted = statuses[dept]
            if wanted is not None and status not in wanted:
                continue
            why_zh, why_en = (
                "不在该部门任何现行考核细则的范围内",
                "is in no spec in force of its department",
            )
        else:
            why_zh, why_en = (
                "所在部门没有现行的考核细则",
                "belongs to a department no spec in force covers",
            )
        out.append(
            Finding(
                "person_without_spec",
                "staff",
                str(person),
                str(person),
                f"{person}（部门类别 {dept}，{category}，{status}）{why_zh}（截至 {horizon}），"
                "不会得到等次",
                f"{person} (dept_key {dept}, {category}, {status}) {why_en} (as of {horizon}): "
                "no grade",
            )
        )
    return out


def indicators_without_facts(
    con: duckdb.DuckDBPyConnection, specs: Sequence[Spec], inputs: Inputs, horizon: date
) -> list[Finding]:
    out = []
    for spec in specs:
        last = con.execute(
            f"SELECT period_id, start_date, end_date FROM {inputs.periods} WHERE period_type = ? "
            "AND end_date <= ? ORDER BY end_date DESC LIMIT 1",
            [spec.period, horizon],
        ).fetchone()
        if last is None or not _in_force(spec, last[2]):
            continue
        period_id = last[0]
        key = "person_id" if spec.appraisee == "person" else "org_unit_id"
        for ind in spec.indicators:
            kinds = ind.kinds or ind.rule.kinds_read()
            kind_filter = f" AND f.kind IN {in_list(kinds)}" if kinds else ""
            (n,) = con.execute(
                f"WITH appraisees AS ({appraisees_cte(spec, inputs)}) "
                f"SELECT count(*) FROM {inputs.facts} f JOIN appraisees a "
                f"ON f.{key} = a.appraisee_id AND a.period_id = {lit(period_id)} "
                "AND f.activity_date BETWEEN a.start_date AND a.end_date "
                f"WHERE f.source = {lit(ind.source)}{kind_filter}"
            ).fetchone()
            if n:
                continue
            out.append(
                Finding(
                    "indicator_without_facts",
                    "spec_versions",
                    f"{_version_key(spec)}:{ind.id}:{period_id}",
                    None,
                    f"考核细则 {spec.spec_id}（版本 {spec.version}）的指标“{ind.name}”（{ind.id}，"
                    f"来源 {ind.source}）在最近结束的考核期 {period_id} 没有任何数据：请核对数据"
                    "来源是否接入、来源和类型是否写对",
                    f"indicator '{ind.name}' ({ind.id}, source {ind.source}) of spec "
                    f"{spec.spec_id} (version {spec.version}) has no facts in {period_id}, the "
                    "last period that has ended: check that its source is connected and that "
                    "the source and kinds are spelt right",
                )
            )
    return out


def spec_findings(
    con: duckdb.DuckDBPyConnection, specs: Sequence[Spec], inputs: Inputs
) -> list[Finding]:
    """Every finding, in a stable order. ``inputs``: relation names in ``con``."""
    (horizon,) = con.execute(f"SELECT max(activity_date) FROM {inputs.facts}").fetchone()
    found = empty_populations(con, specs, inputs)
    if horizon is not None:
        found += uncovered_people(con, specs, inputs, horizon)
        # A spec that selects nobody has no facts either: said once, above.
        empty = {f.source_key for f in found if f.check_name == "population_selects_nobody"}
        selecting = [s for s in specs if _version_key(s) not in empty]
        found += indicators_without_facts(con, selecting, inputs, horizon)
    return found


def findings_relation(
    con: duckdb.DuckDBPyConnection, findings: Sequence[Finding], name: str = "kpi_spec_findings"
) -> duckdb.DuckDBPyRelation:
    """The findings as a typed table (an empty result keeps its VARCHAR columns)."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} (" + ", ".join(f"{c} VARCHAR" for c in COLUMNS) + ")"
    )
    if findings:
        marks = ", ".join("?" for _ in COLUMNS)
        con.executemany(f"INSERT INTO {name} VALUES ({marks})", [f.row() for f in findings])
    return con.table(name)


def published_warnings(snapshot: Path, specs: Sequence[tuple[Path, Spec]]) -> list[SpecProblem]:
    """The latest build's ``indicator_without_facts`` findings about these spec versions,
    each located at the indicator in its file (``kpi validate``; the other two findings
    ``kpi validate`` computes itself from the build's dimensions)."""
    from kpi_warehouse.specs.loader import locator

    try:
        with duckdb.connect(str(snapshot), read_only=True) as con:
            rows = con.execute(
                "SELECT source_key, message_zh, message_en FROM fct_data_quality "
                "WHERE check_name = 'indicator_without_facts' ORDER BY source_key"
            ).fetchall()
    except duckdb.Error:
        return []
    out = []
    for path, spec in specs:
        prefix = _version_key(spec) + ":"
        ids = {ind.id: n for n, ind in enumerate(spec.indicators)}
        for key, zh, en in rows:
            if not key.startswith(prefix):
                continue
            indicator = key[len(prefix) :].split(":", 1)[0]
            if indicator not in ids:
                continue
            loc: list[str | int] = ["indicators", ids[indicator], "id"]
            out.append(
                SpecProblem(
                    str(path),
                    locator(path)(loc),
                    f"indicators.{ids[indicator]}",
                    f"最近一次构建：{zh}",
                    f"latest build: {en}",
                    severity="warning",
                )
            )
    return out
