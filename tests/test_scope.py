"""The scope layer over every mart: who sees which rows, masked columns, ratings only as
aggregates of three or more, and NotPermitted for anything outside the scope.

Expected rows are worked out by hand from the organisation in ``tests/scope_snapshot.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi_warehouse.store.drill_down import EVIDENCE_SQL
from kpi_warehouse.store.scope import (
    NotPermitted,
    Scope,
    denied,
    query,
    require,
    scoped_connection,
    scoped_relations,
    scorecard_people,
)
from tests.scope_snapshot import build_scope_snapshot

ALL_UNITS = {"C-gs", "C-of", "D1-gs", "D1-of", "D2-gs"}
ALL_PEOPLE = {f"P{i}" for i in range(1, 10)}
APPRAISED = {f"P{i}" for i in range(2, 10)}

ADMIN = Scope("admin", 1, ("admin",))
LEADER_C = Scope("leader_c", 2, ("leader",), "P1", None, "C")
LEADER_D1 = Scope("leader_d1", 3, ("leader",), None, None, "D1")
OFFICE_C = Scope("office_c", 4, ("appraisal_office",), "P5", None, "C")
ANALYST_D1 = Scope("analyst_d1", 5, ("analyst",), None, None, "D1")
HEAD_CGS = Scope("head_cgs", 6, ("dept_head",), "P2", "C-gs")
HEAD_D1GS = Scope("head_d1gs", 7, ("dept_head",), "P6", "D1-gs")
LIAISON_CGS = Scope("liaison_cgs", 8, ("liaison",), None, "C-gs")
STAFF_P3 = Scope("staff_p3", 9, ("staff",), "P3")
STAFF_P3_WITHHELD = Scope("staff_p3", 9, ("staff",), "P3", withheld=("C",))
CLERK_P4 = Scope("clerk_p4", 10, ("clerk",), "P4")
UNBOUND_LEADER = Scope("nobody", 11, ("leader",))
HEAD_AND_STAFF = Scope("both", 12, ("dept_head", "staff"), "P7", "D2-gs")


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_scope_snapshot(tmp_path_factory.mktemp("scope") / "published.duckdb")


def ids(scope: Scope, snap: Path, sql: str) -> set[str]:
    return set(query(scope, snap, sql).iloc[:, 0])


PERSON_APPRAISALS = "SELECT appraisee_id FROM fct_appraisal WHERE appraisee_type = 'person'"

# scope, units (dim_org_unit), people (dim_person), person appraisals, department appraisals
CASES = [
    (ADMIN, ALL_UNITS, ALL_PEOPLE, APPRAISED, {"C-gs"}),
    (LEADER_C, ALL_UNITS, ALL_PEOPLE, APPRAISED, {"C-gs"}),  # the city and both districts
    (LEADER_D1, {"D1-gs", "D1-of"}, {"P6", "P7", "P8"}, {"P6", "P7", "P8"}, set()),
    (ANALYST_D1, {"D1-gs", "D1-of"}, {"P6", "P7", "P8"}, {"P6", "P7", "P8"}, set()),
    (
        OFFICE_C,
        {"C-gs", "C-of"},
        {"P1", "P2", "P3", "P4", "P5"},
        {"P2", "P3", "P4", "P5"},
        {"C-gs"},
    ),  # its own procuratorate only
    (
        HEAD_CGS,
        {"C-gs", "D1-gs", "D2-gs"},
        {"P2", "P3", "P4", "P6", "P7", "P9"},
        {"P2", "P3", "P4", "P6", "P7", "P9"},
        {"C-gs"},
    ),  # counterparts below
    (HEAD_D1GS, {"D1-gs"}, {"P6", "P7"}, {"P6", "P7"}, set()),  # nothing below a district
    (LIAISON_CGS, {"C-gs"}, {"P2", "P3", "P4"}, {"P2", "P3", "P4"}, {"C-gs"}),
    (STAFF_P3, {"C-gs"}, {"P2", "P3", "P4"}, {"P2", "P3", "P4"}, {"C-gs"}),  # totals
    (STAFF_P3_WITHHELD, {"C-gs"}, {"P3"}, {"P3"}, set()),
    (CLERK_P4, {"C-gs"}, {"P4"}, {"P4"}, set()),  # own results only
    (UNBOUND_LEADER, set(), set(), set(), set()),  # a role without its binding: nothing
    (HEAD_AND_STAFF, {"D1-gs", "D2-gs"}, {"P6", "P7", "P9"}, {"P6", "P7", "P9"}, set()),
]


CASE_IDS = [c[0].username + "-" + "-".join(c[0].roles) for c in CASES]


@pytest.mark.parametrize(("scope", "units", "people", "appraised", "departments"), CASES,
                         ids=CASE_IDS)  # fmt: skip
def test_rows_per_role(snap: Path, scope, units, people, appraised, departments):
    assert ids(scope, snap, "SELECT org_unit_id FROM dim_org_unit") == units
    assert ids(scope, snap, "SELECT person_id FROM dim_person") == people
    assert ids(scope, snap, PERSON_APPRAISALS) == appraised
    own_units = "SELECT appraisee_id FROM fct_appraisal WHERE appraisee_type = 'org_unit'"
    assert ids(scope, snap, own_units) == departments


@pytest.mark.parametrize(
    ("scope", "scores", "activity_people", "findings"),
    [
        (ADMIN, {f"S-{p}" for p in APPRAISED} | {"S-C-gs"}, ALL_PEOPLE,
         {"DQ-P3", "DQ-P7", "DQ-P99"}),
        (LEADER_D1, {"S-P6", "S-P7", "S-P8"}, {"P6", "P7", "P8"}, {"DQ-P7", "DQ-P99"}),
        (HEAD_CGS, {"S-P2", "S-P3", "S-P4", "S-P6", "S-P7", "S-P9", "S-C-gs"},
         {"P2", "P3", "P4", "P6", "P7", "P9"}, {"DQ-P3", "DQ-P7"}),
        # Staff: their own scorecard only, not their colleagues' breakdowns.
        (STAFF_P3, {"S-P3"}, {"P3"}, {"DQ-P3"}),
        (CLERK_P4, {"S-P4"}, {"P4"}, set()),
        (UNBOUND_LEADER, set(), set(), set()),
    ],
)  # fmt: skip
def test_scores_activity_and_findings_per_role(snap: Path, scope, scores, activity_people,
                                               findings):  # fmt: skip
    assert ids(scope, snap, "SELECT indicator_score_id FROM fct_indicator_score") == scores
    assert ids(scope, snap, "SELECT DISTINCT person_id FROM fct_activity") == activity_people
    evidence = ids(scope, snap, "SELECT DISTINCT indicator_score_id FROM fct_evidence")
    assert evidence == scores - {"S-C-gs"}  # the department score has no evidence rows
    assert ids(scope, snap, "SELECT finding_id FROM fct_data_quality") == findings


def test_reference_marts_are_the_same_for_everyone(snap: Path):
    for scope in (ADMIN, STAFF_P3, UNBOUND_LEADER):
        assert ids(scope, snap, "SELECT period_id FROM dim_period") == {"2026Q1", "2026Q2"}
        assert ids(scope, snap, "SELECT kind FROM dim_fact_kind") == {"late"}
        assert len(query(scope, snap, "SELECT * FROM meta_snapshot")) == 1


def test_indicators_are_those_of_the_specs_whose_results_are_visible(snap: Path):
    # Every appraisal of the fixture is scored by spec S (indicator ATT); S2 (DOC) scored
    # nobody, so only an account that sees everything reads its text.
    sql = "SELECT indicator_id FROM dim_indicator"
    assert ids(ADMIN, snap, sql) == {"ATT", "DOC"}
    assert ids(LIAISON_CGS, snap, sql) == {"ATT"}
    assert ids(STAFF_P3, snap, sql) == {"ATT"}
    assert ids(UNBOUND_LEADER, snap, sql) == set()


def test_colleagues_show_totals_and_grades_only(snap: Path):
    people = query(
        STAFF_P3, snap, "SELECT person_id, person_name, hire_date, status FROM dim_person"
    ).set_index("person_id")
    assert people.loc["P4", "person_name"] == "姓名P4"
    assert people.loc["P4", ["hire_date", "status"]].isna().all()
    assert str(people.loc["P3", "hire_date"])[:10] == "2015-07-01"
    rows = query(
        STAFF_P3, snap,
        "SELECT appraisee_id, total, grade, grade_note, payout FROM fct_appraisal "
        "WHERE appraisee_type = 'person' ORDER BY appraisee_id",
    )  # fmt: skip
    assert rows["total"].tolist() == [91.0, 84.0, 77.5]
    assert rows["grade"].tolist() == ["良好"] * 3
    assert rows["grade_note"].fillna("-").tolist() == ["-", "备注P3", "-"]
    assert rows["payout"].fillna(-1).tolist() == [-1, 1800.0, -1]


def test_ratings_leave_only_as_aggregates_of_three_or_more(snap: Path):
    for scope in (ADMIN, LEADER_C):
        rating_rows = query(
            scope, snap,
            "SELECT person_id, kind, quantity, value, source_key FROM fct_activity "
            "WHERE source = 'ratings.rating' ORDER BY person_id",
        )  # fmt: skip
        # P3: three colleagues (80, 90, 100) -> one row, mean 90; two leaders -> suppressed.
        # P7: four colleagues (60, 70, 80, 90) -> mean 75.
        assert rating_rows.drop(columns="source_key").values.tolist() == [
            ["P3", "colleague", 3.0, 90.0],
            ["P7", "colleague", 4.0, 75.0],
        ]
        assert rating_rows["source_key"].isna().all()  # no rating id to look up
        summary = query(scope, snap, "SELECT * FROM fct_rating_summary ORDER BY appraisee_id")
        assert summary.values.tolist() == [
            ["2026Q1", "P3", "colleague", 3, 90.0],
            ["2026Q1", "P7", "colleague", 4, 75.0],
        ]
    # The evidence of P3's score: the attendance record and one rating summary carrying
    # the three colleague ratings' points (1 + 1 + 1); the two leader ratings are gone.
    evidence = query(
        STAFF_P3, snap, "SELECT activity_id, points FROM fct_evidence ORDER BY activity_id"
    )
    assert evidence.values.tolist() == [
        ["att:P3", -1.0],
        ["ratings:summary:2026Q1:P3:colleague", 3.0],
    ]
    joined = query(
        STAFF_P3, snap,
        "SELECT a.detail FROM fct_evidence e JOIN fct_activity a USING (activity_id) "
        "WHERE a.source = 'ratings.rating'",
    )  # fmt: skip
    assert joined["detail"].tolist() == ["群众测评：3 人评分，平均 90.0 分"]


@pytest.mark.parametrize("scope", [ADMIN, STAFF_P3, HEAD_CGS])
def test_evidence_records_show_ratings_only_as_a_summary(snap: Path, scope: Scope):
    # The evidence drill-down's own statement (fct_evidence_record): P3's attendance record
    # (-1) and one row for the three colleague ratings (80, 90, 100: mean 90, points
    # 1 + 1 + 1); the two leader ratings (fewer than three raters) are not shown at all.
    records = query(scope, snap, EVIDENCE_SQL, ["S-P3"])
    assert records[["kind", "quantity", "detail", "points"]].values.tolist() == [
        ["迟到", 1.0, "迟到", -1.0],
        ["群众测评", 3.0, "群众测评：3 人评分，平均 90.0 分", 3.0],
    ]
    assert records["source_key"].iloc[0] == "AT-P3"
    assert records["source_key"].isna().iloc[1]  # no rating id to look up
    assert str(records["activity_date"].iloc[1])[:10] == "2026-03-31"


def test_evidence_records_follow_the_scores_in_scope(snap: Path):
    # P7's score is not P3's to see; P7's department head sees it, with the four colleague
    # ratings (60, 70, 80, 90) as one row: mean 75.
    assert query(STAFF_P3, snap, EVIDENCE_SQL, ["S-P7"]).empty
    records = query(HEAD_D1GS, snap, EVIDENCE_SQL, ["S-P7"])
    assert records["detail"].tolist() == ["迟到", "群众测评：4 人评分，平均 75.0 分"]
    assert records["points"].tolist() == [-1.0, 4.0]
    # No row of the table names a single rating.
    rows = query(ADMIN, snap, "SELECT activity_id FROM fct_evidence_record")
    assert not rows["activity_id"].str.fullmatch(r"ratings:R\d+").any()


def test_no_view_names_a_rater(snap: Path):
    with scoped_connection(ADMIN, snap) as con:
        columns = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = 'temp' "
            "AND table_name NOT LIKE '\\_\\_scope%' ESCAPE '\\'"
        ).fetchall()
    assert [c for c in columns if "rater" in c[1] and c[1] not in ("raters", "rater_level")] == []


def test_only_the_marts_are_exposed(snap: Path):
    with scoped_connection(STAFF_P3, snap) as con:
        assert scoped_relations(con) == (
            "dim_fact_kind", "dim_indicator", "dim_org_unit", "dim_period", "dim_person",
            "fct_activity", "fct_appraisal", "fct_data_quality", "fct_evidence",
            "fct_evidence_record", "fct_indicator_score", "fct_rating_summary", "meta_columns",
            "meta_snapshot", "meta_tables",
        )  # fmt: skip
        # stg_*, raw.* are not reachable by their plain names.
        for name in ("stg_office__staff", "app__ratings"):
            with pytest.raises(Exception, match="does not exist"):
                con.execute(f"SELECT * FROM {name}")


@pytest.mark.parametrize(
    ("scope", "kind", "value"),
    [
        (STAFF_P3, "person", "P4"),  # a colleague: totals yes, scorecard no
        (STAFF_P3, "person", "P7"),
        (STAFF_P3, "org_unit", "D1-gs"),
        (STAFF_P3, "procuratorate", "D1"),
        (STAFF_P3, "indicator_score", "S-P4"),
        (STAFF_P3, "period", "2030Q1"),
        (HEAD_CGS, "person", "P8"),  # D1's office is not a counterpart of 公诉
        (HEAD_CGS, "org_unit", "C-of"),
        (LEADER_D1, "org_unit", "C-gs"),  # not upwards
        (LEADER_D1, "person", "P9"),  # nor sideways
        (ADMIN, "person", "P404"),  # unknown ids are refused the same way
    ],
)
def test_out_of_scope_ids_are_not_permitted(snap: Path, scope, kind, value):
    with pytest.raises(NotPermitted) as caught:
        require(scope, snap, kind, value)
    assert (caught.value.kind, caught.value.value) == (kind, value)
    assert "无权查看 / not permitted" in str(caught.value)


def test_in_scope_ids_pass(snap: Path):
    wanted = {"period": "2026Q1", "org_unit": "D2-gs", "person": "P9", "procuratorate": "D2",
              "indicator_score": "S-P9"}  # fmt: skip
    assert denied(HEAD_CGS, snap, {**wanted, "procuratorate": None}) == []
    assert denied(LEADER_C, snap, wanted) == []
    assert denied(STAFF_P3, snap, wanted) == [
        ("org_unit", "D2-gs"), ("person", "P9"), ("procuratorate", "D2"),
        ("indicator_score", "S-P9"),
    ]  # fmt: skip


def test_scorecard_people(snap: Path):
    assert scorecard_people(STAFF_P3, snap) == {"P3"}
    assert scorecard_people(LIAISON_CGS, snap) == {"P2", "P3", "P4"}
    assert scorecard_people(ADMIN, snap) == ALL_PEOPLE


def test_a_connection_cannot_write_or_read_files(snap: Path, tmp_path: Path):
    with scoped_connection(ADMIN, snap) as con:
        for statement in (
            f"COPY (SELECT 1) TO '{tmp_path / 'x.csv'}'",
            "SELECT * FROM read_text('/etc/hostname')",
            "SET enable_external_access = true",
            "SET memory_limit = '64GB'",
        ):
            with pytest.raises(Exception):  # noqa: B017 - any DuckDB refusal will do
                con.execute(statement)
    assert not (tmp_path / "x.csv").exists()


def test_demo_snapshot_marts_all_have_a_scope_rule(demo_snapshot: Path):
    """Every dim_/fct_ table the pipeline publishes is behind a scoped view or read only by
    the scope layer's own views (none is left out unnoticed), and the demo's city leader
    reaches the four districts below it."""
    import duckdb

    from kpi_warehouse.store.scope_views import (
        INTERNAL_MARTS,
        PUBLIC_MARTS,
        SCOPED_MARTS,
        SPEC_MARTS,
    )

    with duckdb.connect(str(demo_snapshot), read_only=True) as con:
        tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
        ).fetchall()
    marts = {t for (t,) in tables if t.startswith(("dim_", "fct_"))}
    assert marts <= set(SCOPED_MARTS) | set(PUBLIC_MARTS) | set(SPEC_MARTS) | set(INTERNAL_MARTS)
    assert not set(INTERNAL_MARTS) & set(SCOPED_MARTS)
    # The store's own tables (accounts, password hashes, the audit log) never reach it.
    with duckdb.connect(str(demo_snapshot), read_only=True) as con:
        leaked = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE table_name LIKE 'kpi\\_a%' ESCAPE '\\' OR column_name = 'password_hash'"
        ).fetchall()
    assert leaked == []
    leader = Scope("leader", 1, ("leader",), None, None, "PRC-CITY")
    prcs = ids(leader, demo_snapshot, "SELECT DISTINCT procuratorate_id FROM dim_org_unit")
    assert prcs == {"PRC-CITY", "PRC-D1", "PRC-D2", "PRC-D3", "PRC-D4"}


def test_a_refused_statement_is_refused_each_time(snap: Path):
    """The product's own statements are vetted once per process (scope._vetted): only a
    statement that passed is remembered, so one naming a table outside the scoped marts is
    refused on every call, and a passing one still returns only the account's rows."""
    from kpi_warehouse.store.sql_sandbox import Refused

    outside = "SELECT count(*) AS n FROM main.dim_person"  # a schema-qualified name
    for _ in range(2):
        with pytest.raises(Refused):
            query(STAFF_P3, snap, outside)
    mine = "SELECT count(*) AS n FROM fct_appraisal WHERE appraisee_id = ?"
    for _ in range(2):  # P5 works in another department (C-of): none of P5's results
        assert int(query(STAFF_P3, snap, mine, ["P5"]).iloc[0]["n"]) == 0
