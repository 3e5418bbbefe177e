"""The analysts' schema, on the real demo build: the documented schema the SQL console's
browser shows is exactly what the analyst may query, its descriptions are those of the dbt
YAML (the one place they are written), the example queries run in the analyst's sandbox,
and the build leaves the dbt documentation beside the snapshot, readable offline."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from kpi_warehouse.store import accounts
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.scope import Scope, scope_for, scoped_connection, scoped_relations
from kpi_warehouse.store.scope_docs import docs_file, documented_schema
from kpi_warehouse.store.sql_sandbox import Verdict, run_sql
from tests.conftest import DemoBuild
from tests.mart_contracts import MARTS_DIR, mart_contracts

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # the example queries live in the dashboards package
    sys.path.insert(0, str(REPO_ROOT))

from dashboards.example_queries import EXAMPLES  # noqa: E402
from kpi_warehouse.store.scope_views import INTERNAL_MARTS  # noqa: E402

# What an analyst may name in SQL, written out: every mart of the dbt project, the rating
# summary the scope layer derives, the spec texts, and the snapshot's own meta tables.
ANALYST_RELATIONS = {
    "dim_fact_kind", "dim_indicator", "dim_org_unit", "dim_period", "dim_person", "dim_spec",
    "fct_activity", "fct_annual_result", "fct_appraisal", "fct_case_quality_monthly",
    "fct_data_quality", "fct_evidence", "fct_evidence_record", "fct_indicator_coverage",
    "fct_indicator_driver",
    "fct_indicator_score", "fct_org_unit_appraisal", "fct_payout", "fct_rater_leniency",
    "fct_rating_summary", "fct_rescored_appraisal", "fct_result_movement",
    "meta_closed_period", "meta_columns", "meta_snapshot", "meta_tables",
}  # fmt: skip


def store_url(demo: DemoBuild) -> str:
    return f"sqlite:///{demo.sources / 'app.sqlite'}"


@pytest.fixture(scope="module")
def analyst(demo_build: DemoBuild) -> Scope:
    """The demo's analyst account (PRC-CITY and the districts below it)."""
    url = store_url(demo_build)
    return scope_for(accounts.find("analyst", url=url), url)


def model_descriptions() -> dict[str, str]:
    """Each mart's own description, read straight from its YAML."""
    found = {}
    for path in MARTS_DIR.glob("*.yml"):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            found[model["name"]] = str(model.get("description", "")).strip()
    return found


def test_the_browser_lists_exactly_what_the_analyst_may_query(
    demo_build: DemoBuild, analyst: Scope
) -> None:
    names = [r.name for r in documented_schema(analyst, demo_build.snapshot)]
    assert names == sorted(names)
    assert set(names) == ANALYST_RELATIONS
    with scoped_connection(analyst, demo_build.snapshot) as con:
        assert set(scoped_relations(con)) == ANALYST_RELATIONS  # what the sandbox allows


def test_descriptions_are_those_of_the_dbt_yaml(demo_build: DemoBuild, analyst: Scope) -> None:
    contracts = mart_contracts()
    models = model_descriptions()
    documented = {r.name: r for r in documented_schema(analyst, demo_build.snapshot)}
    marts = set(documented) & set(contracts)
    # Every mart of the dbt project is queryable but those only the scope layer's own views
    # read (fct_rating_group: served as fct_rating_summary, groups of one or two left out).
    assert marts == set(contracts) - set(INTERNAL_MARTS)
    for name in marts:
        relation = documented[name]
        assert relation.layer == "marts", name
        assert relation.description == models[name], name
        contract = {c.name: c for c in contracts[name].columns}
        assert [c.name for c in relation.columns] == list(contract), name
        for column in relation.columns:
            assert column.description == contract[column.name].description, (name, column.name)
            assert column.data_type == contract[column.name].data_type, (name, column.name)


def test_every_column_is_described(demo_build: DemoBuild, analyst: Scope) -> None:
    for relation in documented_schema(analyst, demo_build.snapshot):
        assert relation.description, relation.name
        undocumented = [c.name for c in relation.columns if not c.description]
        assert undocumented == [], relation.name


def test_meta_columns_answers_in_the_console(demo_build: DemoBuild, analyst: Scope) -> None:
    sql = (
        "SELECT description FROM meta_columns "
        "WHERE table_name = 'fct_rater_leniency' AND column_name = 'is_suppressed'"
    )
    outcome = run_sql(
        analyst, demo_build.snapshot, sql, Actor("analyst"), audit_url=store_url(demo_build)
    )
    assert outcome.check.verdict is Verdict.OK
    [column] = [c for c in mart_contracts()["fct_rater_leniency"].columns
                if c.name == "is_suppressed"]  # fmt: skip
    assert list(outcome.frame["description"]) == [column.description]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.key for e in EXAMPLES])
def test_example_queries_run_as_the_analyst(demo_build: DemoBuild, analyst: Scope, example) -> None:
    outcome = run_sql(
        analyst, demo_build.snapshot, example.sql, Actor("analyst"), audit_url=store_url(demo_build)
    )
    assert outcome.check.verdict is Verdict.OK, outcome.check
    assert outcome.error == ""
    assert outcome.frame is not None and len(outcome.frame) > 0


def test_the_build_leaves_the_dbt_docs_beside_the_snapshot(demo_build: DemoBuild) -> None:
    page = docs_file(demo_build.snapshot)
    assert page == demo_build.snapshot.parent / "dbt_docs.html"
    html = page.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    # The manifest is inlined, with the marts and their YAML descriptions ...
    assert "model.kpi_warehouse.fct_indicator_driver" in html
    driver = mart_contracts()["fct_indicator_driver"].columns[-1]  # driver_rank
    assert driver.description in html
    # ... and the page loads nothing from elsewhere (it must open with no network).
    assert re.findall(r"""<(?:script|link|img)[^>]+(?:src|href)=["']?https?://""", html) == []
