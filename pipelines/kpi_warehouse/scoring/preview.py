"""Score a spec against a file of conformed facts, without the pipeline (a liaison's preview).

The same engine as the warehouse: the facts file is loaded into an in-memory DuckDB and the
spec's compiled SQL runs on it. Fact columns are documented in ``kpi_specs/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from kpi_warehouse.scoring import engine
from kpi_warehouse.scoring.periods import parse_period, periods_covering
from kpi_warehouse.specs.model import Spec

FACT_TYPES = {
    "activity_id": "VARCHAR",
    "source": "VARCHAR",
    "kind": "VARCHAR",
    "person_id": "VARCHAR",
    "org_unit_id": "VARCHAR",
    "activity_date": "DATE",
    "level": "VARCHAR",
    "quantity": "DOUBLE",
    "value": "DOUBLE",
    "event_key": "VARCHAR",
    "is_collective": "BOOLEAN",
    "share": "DOUBLE",
}
FACT_DEFAULTS = {"quantity": "1.0", "share": "1.0", "is_collective": "FALSE"}
REQUIRED_FACTS = ("source", "kind", "person_id", "activity_date")
PEOPLE_TYPES = {
    "person_id": "VARCHAR",
    "person_name": "VARCHAR",
    "org_unit_id": "VARCHAR",
    "procuratorate_id": "VARCHAR",
    "dept_key": "VARCHAR",
    "post": "VARCHAR",
    "category": "VARCHAR",
    "status": "VARCHAR",
    "hire_date": "DATE",
    "leave_date": "DATE",
}


class InputFileError(ValueError):
    """A facts or people file cannot be used; the message says which column or row."""


def read_frame(path: Path) -> pd.DataFrame:
    """CSV (UTF-8, with or without BOM), Excel (.xlsx) or Parquet, all columns as text."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xls"):
            return pd.read_excel(path, dtype=str)
        if suffix == ".parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    except (OSError, ValueError) as exc:
        raise InputFileError(f"无法读取 {path}：{exc} / cannot read {path}: {exc}") from exc


def _typed_table(
    con: duckdb.DuckDBPyConnection,
    name: str,
    frame: pd.DataFrame,
    types: dict[str, str],
    defaults: dict[str, str],
    label: str,
) -> None:
    frame = frame.rename(columns=lambda c: str(c).strip())
    con.register("_in", frame)
    present = {c: t for c, t in types.items() if c in frame.columns}

    def text(column: str) -> str:
        return f"nullif(trim(CAST(\"{column}\" AS VARCHAR)), '')"

    def typed(column: str) -> str:
        return f"TRY_CAST({text(column)} AS {present[column]})"

    # One pass over the file: per column, how many values do not read as their type, and
    # the first such row (row 1 is the header of a spreadsheet).
    checks = ", ".join(
        f"count(*) FILTER (WHERE {text(c)} IS NOT NULL AND {typed(c)} IS NULL), "
        f"min(rn) FILTER (WHERE {text(c)} IS NOT NULL AND {typed(c)} IS NULL)"
        for c in present
    )
    if present:
        found = con.execute(
            f"SELECT {checks} FROM (SELECT row_number() OVER () + 1 AS rn, * FROM _in)"
        ).fetchone()
        for n, (column, sql_type) in enumerate(present.items()):
            bad, first = found[2 * n], found[2 * n + 1]
            if bad:
                raise InputFileError(
                    f"{label}第 {first} 行起有 {bad} 个“{column}”值无法识别为 {sql_type}"
                    f" / {bad} value(s) of '{column}' in {label} are not {sql_type}"
                    f" (first at row {first})"
                )
    cols = [
        f"coalesce({typed(c)}, {defaults.get(c, 'NULL')}) AS {c}"
        if c in present
        else f"{defaults.get(c, 'NULL')}::{t} AS {c}"
        for c, t in types.items()
    ]
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {', '.join(cols)} FROM _in")
    con.unregister("_in")


@dataclass(frozen=True)
class Preview:
    scores: pd.DataFrame
    appraisals: pd.DataFrame
    evidence: pd.DataFrame

    def wide(self) -> pd.DataFrame:
        """One row per appraisee: each indicator's points, then total, rank and grade."""
        keep = ["appraisee_id", "category", "total", "rank_in_category", "grade", "grade_note"]
        out = self.appraisals[keep]
        if not self.scores.empty:
            points = self.scores.pivot_table(
                index="appraisee_id", columns="indicator_id", values="points", sort=False
            )
            out = out.merge(points.reset_index(), on="appraisee_id", how="left")
        return out.sort_values(["category", "rank_in_category", "appraisee_id"])


def score_frames(
    specs: list[Spec],
    facts: pd.DataFrame,
    people: pd.DataFrame | None,
    period_id: str,
    with_evidence: bool = False,
) -> Preview:
    """Score ``specs`` on the facts for ``period_id``; the evidence rows (the facts behind
    each indicator score, for `kpi explain`) only when asked for."""
    missing = [c for c in REQUIRED_FACTS if c not in facts.columns]
    if missing:
        raise InputFileError(
            f"事实文件缺少列：{', '.join(missing)} / the facts file lacks: {', '.join(missing)}"
        )
    period = parse_period(period_id)
    con = duckdb.connect()
    _typed_table(con, "facts", facts, FACT_TYPES, FACT_DEFAULTS, "事实文件")
    con.execute("UPDATE facts SET activity_id = 'row' || rowid + 2 WHERE activity_id IS NULL")
    if people is None:
        # Without a people file everyone in the facts is appraised, as one group, and the
        # spec's population filters do not apply.
        specs = [s.model_copy(update={"population": {}, "categories": []}) for s in specs]
        people = pd.DataFrame({"person_id": sorted(facts["person_id"].dropna().unique())})
    _typed_table(con, "people", people, PEOPLE_TYPES, {}, "人员文件")
    con.execute(
        "CREATE TABLE org_units AS SELECT DISTINCT org_unit_id, procuratorate_id, dept_key,"
        " NULL::VARCHAR AS unit_kind FROM people"
    )
    # The period asked for and every shorter period inside it: a year of a quarterly spec
    # is scored quarter by quarter and rolled up.
    inside = [
        p
        for p in periods_covering(period.start_date, period.end_date)
        if p.start_date >= period.start_date and p.end_date <= period.end_date
    ]
    con.execute(
        "CREATE TABLE periods (period_id VARCHAR, period_type VARCHAR, start_date DATE,"
        " end_date DATE)"
    )
    con.executemany(
        "INSERT INTO periods VALUES (?, ?, ?, ?)",
        [[p.period_id, p.period_type, p.start_date, p.end_date] for p in inside],
    )
    engine.indicator_scores(con, specs).to_table("scores")
    scores = con.sql("SELECT * FROM scores ORDER BY appraisee_id, sort_order").df()
    appraisals = engine.appraisals(con, specs, "scores").df()
    evidence = pd.DataFrame(columns=["indicator_score_id", "points", *FACT_TYPES])
    if with_evidence:
        evidence = con.sql(
            "SELECT e.indicator_score_id, e.points, f.* FROM "
            f"({engine.evidence(con, specs).sql_query()}) e JOIN facts f USING (activity_id)"
            " ORDER BY f.activity_date, f.activity_id"
        ).df()
    return Preview(
        scores[scores.period_id == period.period_id],
        appraisals[appraisals.period_id == period.period_id],
        evidence,
    )
