"""A spec-only change rebuilds only the models the specs feed, rescores only the changed
specs, and publishes exactly what a full build publishes: the plan on a hand-made manifest,
then the real pipeline on a copy of the small demo (a spec edited and one removed → the
rebuild → `kpi build --full` on the same inputs)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from kpi_warehouse.build_inputs import DbtInputs
from kpi_warehouse.spec_rebuild import plan
from tests.conftest import REPO, DemoBuild, copy_demo, demo_env, kpi

SPECS = "source.p.specs.spec_versions"
RAW = "source.p.raw.t"


def _node(kind: str, name: str, parents: list[str]) -> dict:
    return {"resource_type": kind, "name": name, "depends_on": {"nodes": parents}}


def _manifest(nodes: dict[str, dict]) -> dict:
    sources = {
        SPECS: {"source_name": "specs", "name": "spec_versions"},
        RAW: {"source_name": "raw", "name": "t"},
    }
    parents = {uid: list(n["depends_on"]["nodes"]) for uid, n in nodes.items()}
    children: dict[str, list[str]] = {uid: [] for uid in [*sources, *nodes]}
    for uid, ps in parents.items():
        for p in ps:
            children[p].append(uid)
    return {"sources": sources, "nodes": nodes, "parent_map": parents, "child_map": children}


# specs → scores → marts;  raw → facts → scores;  seed kinds → facts;  raw → other (no specs)
NODES = {
    "model.p.facts": _node("model", "facts", [RAW, "seed.p.kinds"]),
    "seed.p.kinds": _node("seed", "kinds", []),
    "model.p.scores": _node("model", "scores", [SPECS, "model.p.facts"]),
    "model.p.marts": _node("model", "marts", ["model.p.scores"]),
    "model.p.other": _node("model", "other", [RAW]),
    "test.p.not_null_marts": _node("test", "not_null_marts", ["model.p.marts"]),
    "test.p.unique_facts": _node("test", "unique_facts", ["model.p.facts"]),
    # a link from a rebuilt model to a kept one upstream of it: runs
    "test.p.rel_scores_facts": _node("test", "rel_scores_facts",
                                     ["model.p.scores", "model.p.facts"]),
    "test.p.source_raw": _node("test", "source_raw", [RAW]),
}  # fmt: skip


def test_the_plan_rebuilds_what_the_specs_feed_and_keeps_the_rest() -> None:
    found = plan(_manifest(NODES))
    assert found is not None
    assert found.rebuilt == ("marts", "scores")
    assert found.kept == ("facts", "kinds", "other")
    assert found.kept_tests == {"unique_facts", "source_raw"}
    assert found.dbt_args() == [
        "--indirect-selection", "buildable", "--exclude", "facts kinds other",
    ]  # fmt: skip


def test_a_test_that_would_not_run_makes_it_a_full_build() -> None:
    # marts ↔ other: `other` is kept and upstream of nothing rebuilt, so a buildable
    # selection would skip the test — the rebuild must then be a full one.
    nodes = NODES | {"test.p.rel_marts_other": _node(
        "test", "rel_marts_other", ["model.p.marts", "model.p.other"])}  # fmt: skip
    assert plan(_manifest(nodes)) is None
    without_specs = _manifest(NODES)
    del without_specs["sources"][SPECS]  # a project that scores by no specs source
    assert plan(without_specs) is None


def test_the_changed_specs_are_those_edited_added_or_removed() -> None:
    def inputs(specs: dict[str, str] | str) -> DbtInputs:
        return DbtInputs("sources", specs if isinstance(specs, str) else json.dumps(specs), "c")

    built = inputs({"a": "1:1", "b": "2:1", "c": "3:2"})
    now = inputs({"a": "1:1", "b": "9:1", "d": "4:1"})  # b edited, c removed, d added
    assert now.changed_specs(built) == ["b", "c", "d"]
    assert now.changed_specs(now) == []
    # Recorded by a version that hashed all specs together: not known per spec.
    assert now.changed_specs(inputs("123:18")) is None


def _content_hash(snapshot: Path) -> str:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute("SELECT content_sha256 FROM meta_snapshot").fetchone()[0]


def _models_run(data: Path) -> set[str]:
    results = json.loads((data / "warehouse" / "dbt_target" / "run_results.json").read_text())
    return {r["unique_id"] for r in results["results"] if r["unique_id"].startswith("model.")}


def _dbt_descendants_of_specs(data: Path) -> set[str]:
    """dbt's own answer (`dbt ls`), not the plan's: the models downstream of the specs."""
    out = subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "ls", "--quiet", "--resource-type", "model",
         "--select", "source:specs.spec_versions+", "--output", "json", "--output-keys",
         "unique_id", "--vars", json.dumps({"build_db": str(data / "ls.duckdb")})],
        cwd=REPO / "dbt_project", capture_output=True, text=True, check=True, timeout=300,
        env=demo_env(data),
    ).stdout  # fmt: skip
    return {json.loads(line)["unique_id"] for line in out.splitlines() if line.startswith("{")}


def _compiled(data: Path, model: str) -> str:
    results = json.loads((data / "warehouse" / "dbt_target" / "run_results.json").read_text())
    found = [r for r in results["results"] if r["unique_id"] == f"model.kpi_warehouse.{model}"]
    return found[0]["compiled_code"]


def _scores_of(snapshot: Path, spec_id: str) -> list[tuple]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute(
            "SELECT s.*, e.activity_id, e.points FROM fct_indicator_score s "
            "LEFT JOIN fct_evidence e USING (indicator_score_id) WHERE s.spec_id = ? ORDER BY ALL",
            [spec_id],
        ).fetchall()


def _rescore_table_left(data: Path) -> bool:
    with duckdb.connect(str(data / "warehouse" / "build.duckdb"), read_only=True) as con:
        return bool(
            con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'kpi_state' "
                "AND table_name = 'rescore_specs'"
            ).fetchone()[0]
        )


def _late_points(snapshot: Path) -> list[tuple]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute(
            "SELECT appraisee_id, period_id, points FROM fct_indicator_score "
            "WHERE spec_id = 'gongsu-staff' AND indicator_id = 'attendance' ORDER BY ALL"
        ).fetchall()


@pytest.mark.timeout(1800)  # three builds of the small demo on a shared machine
def test_a_spec_edit_rebuilds_only_what_it_feeds_and_equals_a_full_build(
    demo_build: DemoBuild, tmp_path: Path
) -> None:
    demo, specs = copy_demo(demo_build, tmp_path)
    data, env, snapshot = demo.data_dir, demo.env, demo.snapshot
    kpi(env, "build")  # the same specs, copied: nothing to do
    before, late_before = _content_hash(snapshot), _late_points(snapshot)
    with duckdb.connect(str(snapshot), read_only=True) as con:
        query = "SELECT DISTINCT spec_id FROM fct_indicator_score ORDER BY spec_id"
        scored = [r[0] for r in con.execute(query).fetchall()]
    assert {"gongsu-staff", "zhongxing-units"} < set(scored)
    untouched = next(s for s in scored if s not in ("gongsu-staff", "zhongxing-units"))
    untouched_before = _scores_of(snapshot, untouched)

    # 第一检察部's liaison doubles the deduction for a late arrival (0.5 → 1 a time), and the
    # city's 第二检察部 withdraws its appraisal of the district departments (a spec removed).
    gongsu = specs / "demo" / "gongsu-2026.yaml"
    original = gongsu.read_text(encoding="utf-8")
    edited = original.replace("per: {late: 0.5, absent: 5}", "per: {late: 1, absent: 5}")
    assert edited != original
    gongsu.write_text(edited, encoding="utf-8")
    (specs / "demo" / "zhongxing-units-2026.yaml").unlink()
    rebuilt = kpi(env, "build")
    assert "only the specs changed (gongsu-staff, zhongxing-units)" in rebuilt.stderr
    assert _models_run(data) == _dbt_descendants_of_specs(data)
    # The scores and evidence were rescored for those two specs only (dbt's incremental
    # run read the specs named for it), and the table naming them is gone after the run.
    for model in ("int_indicator_scores", "int_evidence"):  # Python: they read the table
        assert "self.is_incremental = True" in _compiled(data, model), model
    for model in ("fct_evidence", "fct_evidence_record"):
        assert "kpi_state.rescore_specs" in _compiled(data, model), model
    assert not _rescore_table_left(data)
    after = _content_hash(snapshot)
    assert after != before
    assert _scores_of(snapshot, "zhongxing-units") == []  # the removed spec's rows are gone
    assert _scores_of(snapshot, untouched) == untouched_before
    # Attendance starts at 5 and loses 0.5 (now 1) a late arrival; one absence or ten late
    # arrivals make it 0. Where the old points were above 0 and below 5, they were late
    # arrivals only: n = (5 - old) / 0.5 of them, now costing n.
    late_after = {(p, q): v for p, q, v in _late_points(snapshot)}
    late_only = [(p, q, old) for p, q, old in late_before if 0 < old < 5]
    assert late_only, "the demo has late arrivals in 第一检察部"
    for person, period, old in late_only:
        late = (5 - old) / 0.5
        assert late_after[(person, period)] == max(0.0, 5 - late), (person, period, old)

    full = kpi(env, "build", "--full")
    assert "only the specs changed" not in full.stderr
    assert "kpi_state.rescore_specs" not in _compiled(data, "fct_evidence_record")
    assert _content_hash(snapshot) == after  # the partial rebuild published what a full one does
