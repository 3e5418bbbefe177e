"""Score a spec against a file of conformed facts, without the pipeline (a liaison's preview).

The same engine as the warehouse: the facts file is loaded into an in-memory DuckDB and the
spec's compiled SQL runs on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from kpi_warehouse.preview.checks import (
    FileProblem,
    column_problems,
    fact_problems,
    people_problems,
)
from kpi_warehouse.preview.files import (
    FACT_DEFAULTS,
    FACT_TYPES,
    PEOPLE_TYPES,
    REQUIRED_FACTS,
    InputFileError,
    load_typed_table,
)
from kpi_warehouse.scoring import engine
from kpi_warehouse.scoring.periods import Period, parse_period, periods_covering
from kpi_warehouse.specs.model import Spec


@dataclass(frozen=True)
class Preview:
    scores: pd.DataFrame
    appraisals: pd.DataFrame
    evidence: pd.DataFrame
    warnings: tuple[FileProblem, ...] = ()  # of the input files, to show beside the result
    people: pd.DataFrame = field(default_factory=pd.DataFrame)  # the appraisees' attributes

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
    period = parse_period(period_id)
    facts_file = facts.attrs.get("file", "事实文件 / facts file")
    warnings = check_files(specs, facts, people)
    con = duckdb.connect()
    load_typed_table(con, "facts", facts, FACT_TYPES, FACT_DEFAULTS, facts_file)
    con.execute("UPDATE facts SET activity_id = 'row' || rowid + 2 WHERE activity_id IS NULL")
    check_period(con, facts_file, period)
    if people is None:
        # Without a people file everyone in the facts is appraised, as one group, and the
        # spec's population filters do not apply.
        specs = [s.model_copy(update={"population": {}, "categories": []}) for s in specs]
        people = pd.DataFrame({"person_id": sorted(facts["person_id"].dropna().unique())})
    people_file = people.attrs.get("file", "人员文件 / people file")
    load_typed_table(con, "people", people, PEOPLE_TYPES, {}, people_file)
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
        tuple(warnings),
        con.sql("SELECT * FROM people").df(),
    )


def check_files(
    specs: list[Spec], facts: pd.DataFrame, people: pd.DataFrame | None
) -> list[FileProblem]:
    """Raise :class:`InputFileError` listing every error of the files; return the warnings."""
    facts_file = facts.attrs.get("file", "事实文件 / facts file")
    problems = column_problems(facts, facts_file, list(FACT_TYPES), REQUIRED_FACTS)
    if people is not None:
        people_file = people.attrs.get("file", "人员文件 / people file")
        problems += column_problems(people, people_file, list(PEOPLE_TYPES), ("person_id",))
        problems += people_problems(people, people_file)
    if not any(p.severity == "error" for p in problems):
        problems += fact_problems(facts, facts_file, specs, people)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputFileError(errors)
    return problems


def check_period(con: duckdb.DuckDBPyConnection, facts_file: str, period: Period) -> None:
    """A period with no record at all is a wrong file or a wrong period, not a quiet one."""
    inside, first, last = con.execute(
        "SELECT count(*) FILTER (WHERE activity_date BETWEEN ? AND ?), min(activity_date),"
        " max(activity_date) FROM facts",
        [period.start_date, period.end_date],
    ).fetchone()
    if inside == 0:
        raise InputFileError(
            [
                FileProblem(
                    facts_file,
                    None,
                    "activity_date",
                    f"没有日期在 {period.label_zh}（{period.start_date} 至 {period.end_date}）内的"
                    f"记录：文件中的记录从 {first} 到 {last}。请检查 --period 或文件",
                    f"no record is dated in {period.label_en} ({period.start_date} to "
                    f"{period.end_date}): the file's records run from {first} to {last}. "
                    "Check --period or the file",
                )
            ]
        )
