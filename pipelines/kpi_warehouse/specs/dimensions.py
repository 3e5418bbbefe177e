"""A spec's values checked against the latest build: the published snapshot's ``dim_person``,
``dim_org_unit`` and the levels in ``fct_activity`` (read-only).

- A category, post, department (``dept_key``), procuratorate, unit or unit kind that no row of
  the dimensions has is an error with "did you mean": the org structure is complete, so such
  a value selects nobody and its people silently vanish from the appraisal.
- A status nobody has is an error when it is close to a known status (a typo), else a
  warning: a status such as ``retiring`` may simply have no one at the moment.
- A level (``by_level``, a condition's ``levels``) is checked only for sources whose records
  carry levels in the build: close to a known level → error (a typo loses points), else a
  warning (a level may not have occurred yet, e.g. a national honour).
- A population that selects nobody is a warning; so are people of the build whom no spec in
  force covers (when the whole specs folder is validated).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from kpi_warehouse.specs.model import Condition, Spec
from kpi_warehouse.specs.problems import Severity, SpecProblem, did_you_mean, listed

Locate = Callable[[Sequence[str | int]], int | None]
PERSON_COLUMNS = ("person_id", "org_unit_id", "procuratorate_id", "dept_key", "post", "category")
ORG_COLUMNS = ("org_unit_id", "procuratorate_id", "dept_key", "unit_kind")
KNOWN_STATUSES = ("on_post", "seconded", "retiring", "long_leave")
_LABEL_ZH = {
    "person_id": "人员编号",
    "org_unit_id": "部门编号",
    "procuratorate_id": "检察院编号",
    "dept_key": "部门类别",
    "post": "岗位",
    "category": "人员类别",
    "status": "人员状态",
    "unit_kind": "单位类型",
}


@dataclass(frozen=True)
class Dimensions:
    """The values of each attribute in the snapshot, and the levels each source records."""

    snapshot: Path
    person: dict[str, frozenset[str]]
    org_unit: dict[str, frozenset[str]]
    levels: dict[str, frozenset[str]]
    con_path: str

    def selects(self, spec: Spec) -> int:
        """How many appraisees of the snapshot the spec's population (and categories) select."""
        table = "dim_person" if spec.appraisee == "person" else "dim_org_unit"
        columns = self.person if spec.appraisee == "person" else self.org_unit
        filters = {k: v for k, v in spec.population.items() if k in columns}
        if spec.categories and spec.appraisee == "person":
            filters["category"] = list(spec.categories)
        where = (
            " AND ".join(f'list_contains(?::VARCHAR[], CAST("{k}" AS VARCHAR))' for k in filters)
            or "TRUE"
        )
        with duckdb.connect(self.con_path, read_only=True) as con:
            row = con.execute(f"SELECT count(*) FROM {table} WHERE {where}", list(filters.values()))
            found = row.fetchone()
        return int(found[0]) if found else 0


def _distinct(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str]) -> dict:
    present = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
    return {
        c: frozenset(
            str(v) for (v,) in con.execute(f'SELECT DISTINCT "{c}" FROM {table}').fetchall() if v
        )
        for c in columns
        if c in present
    }


def read_dimensions(snapshot: Path) -> Dimensions | None:
    """The snapshot's dimensions, or ``None`` when there is no (readable) snapshot."""
    if not snapshot.exists():
        return None
    try:
        with duckdb.connect(str(snapshot), read_only=True) as con:
            tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
            if not {"dim_person", "dim_org_unit"} <= tables:
                return None
            person = _distinct(con, "dim_person", (*PERSON_COLUMNS, "status"))
            org_unit = _distinct(con, "dim_org_unit", ORG_COLUMNS)
            levels: dict[str, set[str]] = {}
            if "fct_activity" in tables:
                rows = con.execute(
                    "SELECT DISTINCT source, level FROM fct_activity WHERE level IS NOT NULL"
                ).fetchall()
                for source, level in rows:
                    levels.setdefault(str(source), set()).add(str(level))
    except duckdb.Error:
        return None
    return Dimensions(
        snapshot,
        person,
        org_unit,
        {s: frozenset(v) for s, v in levels.items()},
        str(snapshot),
    )


def dimension_problems(
    path: str, locate: Locate, spec: Spec, dims: Dimensions
) -> list[SpecProblem]:
    out: list[SpecProblem] = []
    values = dims.person if spec.appraisee == "person" else dims.org_unit

    def add(loc: list[str | int], zh: str, en: str, severity: Severity = "error") -> None:
        field = ".".join(map(str, loc))
        out.append(SpecProblem(path, locate(loc), field, zh, en, severity=severity))

    def check(loc: list[str | int], attribute: str, value: str) -> None:
        known = values.get(attribute)
        if known is None or value in known:
            return
        choices = sorted(known | set(KNOWN_STATUSES)) if attribute == "status" else sorted(known)
        if attribute == "status" and value in KNOWN_STATUSES:
            return
        zh, en = did_you_mean(value, choices)
        severity: Severity = "error" if attribute != "status" or zh else "warning"
        label = _LABEL_ZH.get(attribute, attribute)
        add(
            loc,
            f"最近一次构建的数据中没有{label}“{value}”{zh or '，'}已有：{listed(choices)}",
            f"no {attribute} '{value}' in the latest build's data{en or ';'} "
            f"known: {listed(choices)}",
            severity,
        )

    for key, allowed in spec.population.items():
        for i, value in enumerate(allowed):
            check(["population", key, i], key, value)
    if spec.appraisee == "person":
        for i, value in enumerate(spec.categories):
            check(["categories", i], "category", value)

    def condition(loc: list[str | int], cond: Condition) -> None:
        if cond.attribute is not None:
            for i, value in enumerate(cond.values or []):
                check([*loc, "values", i], cond.attribute, value)
        if cond.source is not None:
            for i, level in enumerate(cond.levels or []):
                check_level([*loc, "levels", i], cond.source, level)

    def check_level(loc: list[str | int], source: str, level: str) -> None:
        known = dims.levels.get(source)
        if not known or level in known:
            return
        zh, en = did_you_mean(level, known)
        choices = listed(sorted(known))
        add(
            loc,
            f"最近一次构建中 {source} 的记录没有级别“{level}”{zh or '，'}已有：{choices}",
            f"no record of {source} in the latest build has level '{level}'{en or ';'} "
            f"known: {listed(sorted(known))}",
            "error" if zh else "warning",
        )

    for n, ind in enumerate(spec.indicators):
        for level in getattr(ind.rule, "by_level", None) or {}:
            check_level(["indicators", n, "rule", "by_level", level], ind.source, level)
    for n, veto in enumerate(spec.vetoes):
        condition(["vetoes", n], veto)
    for part in ("not_graded", "undetermined", "forced", "pay_as"):
        for n, cond in enumerate(getattr(spec.eligibility, part)):
            condition(["eligibility", part, n], cond)
    if not any(p.is_error for p in out) and dims.selects(spec) == 0:
        add(
            ["population"] if spec.population else ["categories"],
            "按人员范围和类别，最近一次构建的数据中没有任何考核对象：请检查部门、类别和状态",
            "the population and categories select nobody in the latest build's data: check "
            "the departments, categories and statuses",
            "warning",
        )
    return out


def coverage_problems(
    specs_dir: str, specs: Sequence[Spec], dims: Dimensions, today: date
) -> list[SpecProblem]:
    """Warnings for people of the snapshot whom no person spec in force today covers: they
    would get no grade. A department with no spec at all is one warning; in a department
    with specs, the people left out whose status some spec of it appraises (long-term leave
    left out on purpose is not reported)."""
    in_force = [
        s
        for s in specs
        if s.appraisee == "person"
        and s.effective_from <= today
        and (s.effective_to is None or today <= s.effective_to)
    ]
    with duckdb.connect(dims.con_path, read_only=True) as con:
        people = con.execute("SELECT * FROM dim_person").df()
    if people.empty or "dept_key" not in people.columns:
        return []
    covered = pd.Series(False, index=people.index)
    statuses: dict[str, set[str] | None] = {}  # dept → statuses its specs appraise (None: all)
    for spec in in_force:
        mask = pd.Series(True, index=people.index)
        for key, allowed in spec.population.items():
            if key in people.columns:
                mask &= people[key].astype("string").isin(allowed).fillna(False)
        if spec.categories and "category" in people.columns:
            mask &= people["category"].astype("string").isin(spec.categories).fillna(False)
        covered |= mask
        depts = spec.population.get("dept_key") or people["dept_key"].dropna().unique()
        for dept in depts:
            wanted = spec.population.get("status")
            known = statuses.get(dept, set())
            statuses[dept] = None if wanted is None or known is None else known | set(wanted)
    out = []
    left = people[~covered]
    for dept, group in left.groupby("dept_key", sort=True):
        if dept not in statuses:
            zh = f"部门类别“{dept}”的 {len(group)} 人没有任何现行考核细则覆盖，不会得到等次"
            en = f"no spec in force covers dept_key '{dept}' ({len(group)} people): no grade"
        else:
            wanted = statuses[dept]
            if wanted is not None and "status" in group.columns:
                group = group[group["status"].isin(wanted)]
            if group.empty:
                continue
            ids = listed(sorted(map(str, group["person_id"])), 8)
            n = len(group)
            zh = f"部门类别“{dept}”有 {n} 人不在任何现行考核细则的范围内（{ids}），不会得到等次"
            en = f"{n} people of dept_key '{dept}' are in no spec in force ({ids}): no grade"
        out.append(SpecProblem(specs_dir, None, "population", zh, en, severity="warning"))
    return out
