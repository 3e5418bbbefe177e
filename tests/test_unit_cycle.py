"""The unit appraisal cycle's services on a real (SQLite) store: the states and who may
move them, a cycle's totals and ranking worked out by hand, what each side sees, and the
history of every act."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from kpi_warehouse.store import accounts, history, unit_cycle
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.unit_cycle import (
    CycleError,
    CyclePlan,
    PlannedIndicator,
    PlannedSpec,
)

UPPER, PERIOD = "UP", "2026Q2"
SCORER_UNIT = "UP-gongsu"
LOWER = ("L1-gongsu", "L2-gongsu", "L3-gongsu")
PLAN = CyclePlan(
    UPPER,
    PERIOD,
    "2026-04-01",
    "2026-06-30",
    (
        PlannedSpec(
            "gongsu-units",
            SCORER_UNIT,
            LOWER,
            (PlannedIndicator("closure", "审结率", 20.0), PlannedIndicator("awards", "表彰", 10.0)),
        ),
    ),
)
CYCLE = unit_cycle.cycle_id_for(UPPER, PERIOD)


def item(unit: str) -> str:
    return f"{CYCLE}-gongsu-units-{unit}"


ACCOUNTS = [
    ("office", ["appraisal_office"], "P-OFF", None, UPPER),
    ("head", ["dept_head"], "P-HEAD", SCORER_UNIT, None),
    ("l1", ["liaison"], "P-L1", "L1-gongsu", None),
    ("l2", ["liaison"], "P-L2", "L2-gongsu", None),
    ("l3", ["liaison"], "P-L3", "L3-gongsu", None),
    # an appraisal office member who is also bound to a lower department
    ("office_l1", ["appraisal_office"], "P-OL1", "L1-gongsu", UPPER),
    # the upper department's head who also sits in the appraisal office
    ("head_office", ["dept_head", "appraisal_office"], "P-HO", SCORER_UNIT, UPPER),
    ("nobody", ["liaison"], "P-N", "L9-other", None),
]


@pytest.fixture(scope="module")
def accounts_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the accounts (password hashes are slow: made once, copied per test)."""
    path = tmp_path_factory.mktemp("unit_cycle") / "app.sqlite"
    url = f"sqlite:///{path}"
    for name, roles, person, unit, prc in ACCOUNTS:
        accounts.add(Actor("test"), name, roles, "a-long-password-1", person, unit, prc, url=url)
    return path


@pytest.fixture
def store(accounts_store: Path, tmp_path: Path) -> str:
    target = tmp_path / "app.sqlite"
    shutil.copyfile(accounts_store, target)
    return f"sqlite:///{target}"


def who(name: str, url: str) -> accounts.AccountView:
    return accounts.find(name, url)


def full(a: float, b: float) -> dict[str, tuple[float, str | None]]:
    return {"closure": (a, None), "awards": (b, None)}


def run_to_scored(url: str, unit: str, liaison: str, self_: tuple, score: tuple) -> None:
    unit_cycle.submit(who(liaison, url), item(unit), full(*self_), url)
    unit_cycle.score(who("head", url), item(unit), full(*score), url)


def test_a_cycle_totals_and_ranks_by_hand(store: str) -> None:
    unit_cycle.open_cycle(who("office", store), PLAN, store)
    # L1: 18 + 7.5 = 25.5; L2: 15.5 + 10 = 25.5 (a tie: both rank 1); L3: 20 + 4 = 24 (rank 3,
    # not 2: two departments are ahead of it). Self-assessments do not count.
    run_to_scored(store, "L1-gongsu", "l1", (20, 10), (18, 7.5))
    run_to_scored(store, "L2-gongsu", "l2", (19, 10), (15.5, 10))
    run_to_scored(store, "L3-gongsu", "l3", (20, 9), (20, 4))
    for unit in LOWER:
        unit_cycle.review(who("office", store), item(unit), True, url=store)
    unit_cycle.publish(who("office", store), CYCLE, store)

    seen = unit_cycle.results(who("l1", store), CYCLE, store)
    by_unit = {r.org_unit_id: r for r in seen}
    assert {u: (r.total, r.rank, r.units) for u, r in by_unit.items()} == {
        "L1-gongsu": (25.5, 1, 3),
        "L2-gongsu": (25.5, 1, 3),
        "L3-gongsu": (24.0, 3, 3),
    }
    # Its own detail; only the others' totals.
    mine = by_unit["L1-gongsu"].detail
    assert mine is not None
    assert [(s["indicator_id"], s["self_score"], s["score"]) for s in mine] == [
        ("closure", 20.0, 18.0),
        ("awards", 10.0, 7.5),
    ]
    assert by_unit["L2-gongsu"].detail is None and by_unit["L3-gongsu"].detail is None
    # The upper side sees every detail; an outsider sees nothing.
    assert all(r.detail is not None for r in unit_cycle.results(who("office", store), CYCLE, store))
    with pytest.raises(NotAllowed):
        unit_cycle.results(who("nobody", store), CYCLE, store)


def test_the_states_in_order_and_the_refusals(store: str) -> None:
    office, head, l1 = who("office", store), who("head", store), who("l1", store)
    with pytest.raises(NotAllowed):  # only the upper unit's appraisal office opens a cycle
        unit_cycle.open_cycle(head, PLAN, store)
    unit_cycle.open_cycle(office, PLAN, store)
    it = item("L1-gongsu")
    with pytest.raises(CycleError):  # nothing to score before the self-assessment
        unit_cycle.score(head, it, full(10, 5), store)
    with pytest.raises(NotAllowed):  # another department's liaison
        unit_cycle.submit(who("l2", store), it, full(10, 5), store)
    with pytest.raises(CycleError):  # above the indicator's maximum
        unit_cycle.submit(l1, it, full(20.5, 5), store)
    with pytest.raises(CycleError):  # every indicator
        unit_cycle.submit(l1, it, {"closure": (10.0, None)}, store)
    unit_cycle.submit(l1, it, full(19, 9), store)
    with pytest.raises(NotAllowed):  # the lower department never scores itself
        unit_cycle.score(l1, it, full(19, 9), store)
    # Before publication the lower side does not see the upper side's scores.
    unit_cycle.score(head, it, full(16, 8), store)
    assert [s["score"] for s in unit_cycle.detail(l1, it, store)["scores"]] == [None, None]
    assert [s["score"] for s in unit_cycle.detail(office, it, store)["scores"]] == [16.0, 8.0]
    with pytest.raises(NotAllowed):  # an office member bound to the department appraised
        unit_cycle.review(who("office_l1", store), it, True, url=store)
    with pytest.raises(CycleError):  # a return needs a reason
        unit_cycle.review(office, it, False, "  ", store)
    unit_cycle.review(office, it, False, "奖项未核实 / award not verified", store)
    with pytest.raises(CycleError):  # returned: the counterpart scores again, not a review
        unit_cycle.review(office, it, True, url=store)
    with pytest.raises(CycleError):  # not all accepted
        unit_cycle.publish(office, CYCLE, store)
    with pytest.raises(NotAllowed):  # no published results yet for the lower side
        unit_cycle.results(l1, CYCLE, store)
    unit_cycle.score(head, it, full(16, 6), store)
    unit_cycle.review(office, it, True, url=store)
    assert unit_cycle.detail(office, it, store)["status"] == "accepted"


def test_the_scorer_may_not_review_what_they_scored(store: str) -> None:
    unit_cycle.open_cycle(who("office", store), PLAN, store)
    it = item("L2-gongsu")
    unit_cycle.submit(who("l2", store), it, full(18, 8), store)
    unit_cycle.score(who("head_office", store), it, full(17, 8), store)
    with pytest.raises(NotAllowed):
        unit_cycle.review(who("head_office", store), it, True, url=store)
    unit_cycle.review(who("office", store), it, True, url=store)


def test_every_act_is_in_the_history_with_before_after_and_reason(store: str) -> None:
    office, head, l3 = who("office", store), who("head", store), who("l3", store)
    unit_cycle.open_cycle(office, PLAN, store)
    it = item("L3-gongsu")
    unit_cycle.submit(l3, it, {"closure": (20.0, "全部审结"), "awards": (3.0, None)}, store)
    unit_cycle.score(head, it, full(18, 3), store)
    unit_cycle.review(office, it, False, "审结率按月平均计算", store)
    rows = history.of(unit_cycle.ITEMS, it, store)
    assert [(h.act, h.actor) for h in rows] == [
        ("open", "office"),
        ("submit", "l3"),
        ("score", "head"),
        ("return", "office"),
    ]
    submit = rows[1]
    before, after = json.loads(submit.before), json.loads(submit.after)
    assert (before["status"], after["status"]) == ("draft", "submitted")
    assert after["scores"]["closure"] == {
        "self_score": 20.0, "self_note": "全部审结", "score": None, "score_note": None,
    }  # fmt: skip
    assert after["submitted_person"] == "P-L3"
    assert rows[3].reason == "审结率按月平均计算"
    assert json.loads(rows[3].after)["review_note"] == "审结率按月平均计算"


def test_a_published_cycle_does_not_change(store: str) -> None:
    office = who("office", store)
    plan = CyclePlan(UPPER, PERIOD, "2026-04-01", "2026-06-30", (
        PlannedSpec("gongsu-units", SCORER_UNIT, ("L1-gongsu",), PLAN.specs[0].indicators),
    ))  # fmt: skip
    unit_cycle.open_cycle(office, plan, store)
    run_to_scored(store, "L1-gongsu", "l1", (20, 10), (18, 7.5))
    unit_cycle.review(office, item("L1-gongsu"), True, url=store)
    unit_cycle.publish(office, CYCLE, store)
    with pytest.raises(CycleError):
        unit_cycle.publish(office, CYCLE, store)
    with pytest.raises(CycleError):
        unit_cycle.score(who("head", store), item("L1-gongsu"), full(1, 1), store)
    with sa.create_engine(store).connect() as con:
        status = con.execute(sa.text("SELECT status FROM kpi_unit_cycle")).scalar_one()
    assert status == "published"


def test_cli_verbs_run_the_same_rules(
    store: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kpi_warehouse.cli import main

    monkeypatch.setenv("KPI_APP_URL", store)
    unit_cycle.open_cycle(who("office", store), PLAN, store)
    it = item("L1-gongsu")

    def kpi(*args: str) -> tuple[int, str, str]:
        code = main(["unit-appraisal", *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    scores = ["--score", "closure=19", "--score", "awards=9"]
    code, _, err = kpi("score", it, "--user", "l1", *scores)
    assert code == 2 and "only the counterpart" in err
    assert kpi("submit", it, "--user", "l1", *scores)[0] == 0
    scored = ["--score", "closure=17", "--score", "awards=9", "--note", "closure=按月平均"]
    assert kpi("score", it, "--user", "head", *scored)[0] == 0
    code, _, err = kpi("review", it, "--user", "office", "--return")
    assert code == 2 and "a return needs a reason" in err
    assert kpi("review", it, "--user", "office", "--accept")[0] == 0
    code, out, _ = kpi("list", "--user", "l1")
    assert it in out and "accepted" in out
    code, _, err = kpi("publish", CYCLE, "--user", "office")
    assert code == 2 and "2 item(s) not accepted" in err
    detail = unit_cycle.detail(who("office", store), it, store)["scores"]
    assert [(s["score"], s["score_note"]) for s in detail] == [(17.0, "按月平均"), (9.0, None)]
