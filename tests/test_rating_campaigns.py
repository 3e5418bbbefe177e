"""Rating campaigns: ballots through the spec's rater tiers to the indicator's points,
worked by hand; one ballot per rater and ratee until the deadline; closing freezes them
into the store's ``ratings``; the organiser sees counts, a ratee sees no ballot."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kpi_warehouse.store.participation import campaigns, tiers
from kpi_warehouse.store.registries.access import NotAllowed
from tests.participation_helpers import account, directory, office, store
from tests.scoring_helpers import base_spec, fact, indicator_rows, spec_from

REPO = Path(__file__).resolve().parents[1]
SHINAN = REPO / "kpi_specs" / "schemes" / "shinan.yaml"
OPENED = datetime(2026, 6, 1, 9, 0)
DEADLINE = datetime(2026, 6, 26, 23, 59, 59)
BEFORE = datetime(2026, 6, 20, 10, 0)
AFTER = datetime(2026, 6, 29, 9, 0)


@pytest.fixture
def world(tmp_path: Path) -> dict:
    office_url, url = office(tmp_path, with_deputy=False), store(tmp_path)
    people = {p: account(url, f"u_{p.lower()}", "staff", p) for p in ("A", "B", "C", "D")}
    people |= {
        p: account(url, f"u_{p.lower()}", "leader", p, procuratorate="X") for p in ("K", "V1", "V2")
    }
    people["H"] = account(url, "u_h", "dept_head", "H", org_unit="X-dept")
    return {
        "url": url,
        "dir": directory(office_url),
        "people": people,
        "liaison": account(url, "liaison", "liaison", "A", org_unit="X-dept"),
        "other_liaison": account(url, "other", "liaison", "O", org_unit="X-other"),
        "office": account(url, "office", "appraisal_office", "K", procuratorate="X"),
    }


def _open(w: dict, indicator: str, who: str = "liaison") -> str:
    found = tiers.tiers_of(tiers.read_spec(SHINAN), indicator)
    return campaigns.open_campaign(
        w[who], "X-dept", "2026Q2", DEADLINE, w["dir"], found, now=OPENED, url=w["url"]
    )


def _cast(
    w: dict, cid: str, rater: str, ratee: str, choice: str | None, at: datetime = BEFORE
) -> None:
    campaigns.cast(
        w["people"][rater], cid, ratee, choice=choice, abstain=choice is None, now=at, url=w["url"]
    )


def _ratings(url: str) -> list[dict]:
    eng = sa.create_engine(url)
    with eng.connect() as con:
        rows = [
            dict(r._mapping)
            for r in con.execute(
                sa.text(
                    "SELECT ratee_id, rater_id, rater_level, score, period_id FROM ratings "
                    "ORDER BY ratee_id, rater_id"
                )
            )
        ]
    eng.dispose()
    return rows


def _facts(rows: list[dict]) -> list[dict]:
    """As int_facts__ratings does: an abstention is not a rating; dated at the quarter's end
    (2026Q2 → 30 June)."""
    return [
        fact(i, r["ratee_id"], "ratings.rating", r["rater_level"], "2026-06-30", value=r["score"])
        for i, r in enumerate(rows)
        if r["score"] is not None
    ]


def _points(tmp_path: Path, indicator: str, rows: list[dict]) -> dict[str, float]:
    spec = tiers.read_spec(SHINAN)
    ind = next(i for i in spec["indicators"] if i["id"] == indicator)
    scored = spec_from(tmp_path, base_spec([ind], period="year"))
    out = indicator_rows(scored, _facts(rows), ["H", "A", "B", "C", "D"], ("2026",))
    return {person: row["points"] for (person, _, _), row in out.items()}


def test_leader_tiers_with_a_missing_level_and_an_abstention(world: dict, tmp_path: Path) -> None:
    w = world
    cid = _open(w, "leader_eval")
    # H changes his ballot before the deadline: one ballot per rater and ratee, the last.
    _cast(w, cid, "H", "A", "一般")
    _cast(w, cid, "H", "A", "良好")  # 5
    _cast(w, cid, "K", "A", "优秀")  # 7
    _cast(w, cid, "V1", "A", "较好")  # 3
    _cast(w, cid, "V2", "A", None)  # abstains
    _cast(w, cid, "K", "B", "较差")  # 0
    # Turnout: H rates A–D as department head (4 due); K, V1, V2 rate H and A–D as
    # supervising leaders (15 due); no section chief in this department.
    turnout = campaigns.turnout(w["liaison"], cid, w["dir"], url=w["url"])
    assert [(t.level, t.expected, t.cast, t.abstained) for t in turnout] == [
        ("department_head", 4, 1, 0),
        ("supervising_leader", 15, 4, 1),
    ]
    with pytest.raises(campaigns.CampaignError):  # not before the deadline
        campaigns.close(w["liaison"], cid, w["dir"], now=BEFORE, url=w["url"])
    assert _ratings(w["url"]) == []  # an open campaign feeds nothing
    assert campaigns.close(w["liaison"], cid, w["dir"], now=AFTER, url=w["url"]) == 5
    with pytest.raises(campaigns.CampaignError):  # frozen
        _cast(w, cid, "V2", "A", "优秀", at=AFTER)
    rows = _ratings(w["url"])
    assert [(r["ratee_id"], r["rater_id"], r["rater_level"], r["score"]) for r in rows] == [
        ("A", "H", "department_head", 5.0),
        ("A", "K", "supervising_leader", 7.0),
        ("A", "V1", "supervising_leader", 3.0),
        ("A", "V2", "supervising_leader", None),
        ("B", "K", "supervising_leader", 0.0),
    ]
    points = _points(tmp_path, "leader_eval", rows)
    # A, first half: head 5 + supervising leaders (7 + 3) ÷ 2 = 5 (V2 abstained, not
    # counted) + section chief missing → full 7 = 17; second half unrated → 21;
    # the year = (17 + 21) ÷ 2 = 19.
    assert points["A"] == pytest.approx(19.0)
    # B: head missing 7 + supervising 0 + section chief 7 = 14; (14 + 21) ÷ 2 = 17.5.
    assert points["B"] == pytest.approx(17.5)
    assert points["C"] == pytest.approx(21.0)  # nobody rated: full in both rounds


def test_all_staff_tier_abstentions_not_counted(world: dict, tmp_path: Path) -> None:
    w = world
    cid = _open(w, "staff_eval", who="office")  # the appraisal office may open it too
    _cast(w, cid, "B", "A", "优秀")  # 9
    _cast(w, cid, "C", "A", "良好")  # 6
    _cast(w, cid, "D", "A", None)
    turnout = campaigns.turnout(w["office"], cid, w["dir"], url=w["url"])
    # colleagues are A–D: H has 4 raters, each of A–D the other 3.
    assert [(t.level, t.expected, t.cast, t.abstained) for t in turnout] == [
        ("colleague", 16, 3, 1)
    ]
    campaigns.close(w["office"], cid, w["dir"], now=AFTER, url=w["url"])
    # A, first half: (9 + 6) ÷ 2 = 7.5; second half unrated → 9; the year 8.25.
    assert _points(tmp_path, "staff_eval", _ratings(w["url"]))["A"] == pytest.approx(8.25)


def test_who_may_do_what(world: dict) -> None:
    w = world
    with pytest.raises(NotAllowed):  # another department's liaison
        _open(w, "leader_eval", who="other_liaison")
    cid = _open(w, "leader_eval")
    with pytest.raises(campaigns.CampaignError):  # one campaign per department and quarter
        _open(w, "leader_eval", who="office")
    with pytest.raises(NotAllowed):  # A is no leader: A does not rate at this level
        _cast(w, cid, "A", "B", "优秀")
    with pytest.raises(campaigns.CampaignError):  # not on the scale
        _cast(w, cid, "K", "A", "95")
    with pytest.raises(NotAllowed):  # a ratee sees no turnout, let alone ballots
        campaigns.turnout(w["people"]["A"], cid, w["dir"], url=w["url"])
    with pytest.raises(NotAllowed):
        campaigns.close(w["people"]["K"], cid, w["dir"], now=AFTER, url=w["url"])


def test_a_ratee_sees_only_the_ballots_they_cast(world: dict) -> None:
    w = world
    cid = _open(w, "staff_eval")
    _cast(w, cid, "B", "A", "优秀")
    _cast(w, cid, "C", "A", "一般")
    _cast(w, cid, "A", "B", "良好")
    mine = campaigns.my_ballots(w["people"]["A"], url=w["url"])
    # A rates H, B, C and D; the ballots about A (from B and C) are not among them.
    assert sorted(r["ratee_id"] for r in mine) == ["B", "C", "D", "H"]
    assert {r["ratee_id"]: r["choice"] for r in mine}["B"] == "良好"
    assert all(r["choice"] is None for r in mine if r["ratee_id"] != "B")


def test_the_demo_department_rates_on_a_hundred_point_scale() -> None:
    # 第一检察部 is covered by its own spec (主任 … 检察官助理) and the clerks' (书记员): a
    # department of four prosecutors and a clerk is rated under its own spec's tiers.
    posts = ["主任", "检察官", "检察官助理", "检察员", "书记员"]
    found = tiers.find("gongsu", "2026Q4", posts=posts)
    assert (found.spec_id, found.indicator_id) == ("gongsu-staff", "evaluation")
    assert tiers.find("gongsu", "2026Q4", posts=["书记员"]).spec_id == "clerks-staff"
    assert found.levels == {"leader": 100.0, "colleague": 100.0}
    assert found.scale is None  # 百分制: a number 0..100, no choices


def test_a_numeric_ballot_stays_within_the_level(world: dict) -> None:
    w = world
    found = tiers.Tiers("t", "evaluation", "民主测评", {"leader": 100.0, "colleague": 100.0}, None)
    cid = campaigns.open_campaign(
        w["liaison"], "X-dept", "2026Q2", DEADLINE, w["dir"], found, now=OPENED, url=w["url"]
    )
    with pytest.raises(campaigns.CampaignError):
        campaigns.cast(w["people"]["B"], cid, "A", score=101, now=BEFORE, url=w["url"])
    campaigns.cast(w["people"]["B"], cid, "A", score=88, now=BEFORE, url=w["url"])
    assert {
        r["ratee_id"]: r["score"] for r in campaigns.my_ballots(w["people"]["B"], url=w["url"])
    }["A"] == 88.0
