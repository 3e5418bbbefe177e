"""The demo's unit appraisal cycles: the city's 第一、第二检察部 appraise their district
counterparts (specs ``gongsu-units`` and ``zhongxing-units``) every quarter.

Every quarter but the last is published (every item accepted); the last is in progress
with items in every state, so the 单位考核 page has something in each queue:

| item | state |
|---|---|
| 第一检察部 of PRC-D1 | draft (its liaison, account ``d1_liaison``, has not submitted) |
| 第一检察部 of PRC-D2 | submitted |
| 第一检察部 of PRC-D3 | scored, awaiting review |
| 第一检察部 of PRC-D4 | returned by the appraisal office, with a reason |
| 第二检察部 of PRC-D1, PRC-D2 | accepted |
| 第二检察部 of PRC-D3 | submitted |
| 第二检察部 of PRC-D4 | draft |

The counterpart's score of an indicator follows the department's diligence that quarter
(its members' mean) with a little noise, in half points; the self-assessment is the same
or up to two points higher. Rows are tuples in the DDL's column order; no clock is read.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from .common import Context, Row, clamp, stream
from .org import OrgUnit, Person

SPECS_DIR = Path(__file__).resolve().parents[3] / "kpi_specs" / "demo"
UPPER = "PRC-CITY"
# spec_id -> (its file, the upper department's dept_key, the scorer's demo username)
CYCLE_SPECS = {
    "gongsu-units": ("gongsu-units-2026.yaml", "gongsu", "dept_head"),
    "zhongxing-units": ("zhongxing-units-2026.yaml", "zhongxing", "zhongxing_head"),
}
OFFICE_USER = "appraisal_office"
IN_PROGRESS = {
    ("gongsu-units", "PRC-D1"): "draft",
    ("gongsu-units", "PRC-D2"): "submitted",
    ("gongsu-units", "PRC-D3"): "scored",
    ("gongsu-units", "PRC-D4"): "returned",
    ("zhongxing-units", "PRC-D1"): "accepted",
    ("zhongxing-units", "PRC-D2"): "accepted",
    ("zhongxing-units", "PRC-D3"): "submitted",
    ("zhongxing-units", "PRC-D4"): "draft",
}
RETURN_NOTE = "超期办案一项扣分与案件系统记录不符，请核对后重新评分。"


def _indicators(file: str) -> list[tuple[str, str, float]]:
    """(id, name, maximum) of the spec's indicators scored in the cycle."""
    from kpi_warehouse.specs.loader import load_spec

    spec = load_spec(SPECS_DIR / file)
    return [
        (i.id, i.name, float(i.rule.max_points or 0.0))
        for i in spec.indicators
        if i.source == "unit.appraisal"
    ]


def liaison_of(unit: OrgUnit, fallback: Person) -> Person:
    """The department's first member on post (by person id), else ``fallback``."""
    on_post = sorted((p for p in unit.members if p.status == "on_post"), key=lambda p: p.person_id)
    return on_post[0] if on_post else fallback


def _at(day: date) -> str:
    return f"{day.isoformat()}T10:00:00"


def build_unit_cycles(ctx: Context) -> dict[str, list[Row]]:
    rng = stream(ctx.seed, "unit-cycle")
    cycles: list[Row] = []
    items: list[Row] = []
    scores: list[Row] = []
    last = len(ctx.quarters) - 1
    chief = ctx.org.leaders[UPPER][0]
    for q, (period_id, first, end) in enumerate(ctx.quarters):
        cycle_id = f"UC-{UPPER}-{period_id}"
        opened, submitted, scored = end + timedelta(3), end + timedelta(8), end + timedelta(15)
        reviewed, published = end + timedelta(20), end + timedelta(24)
        in_progress = q == last
        cycles.append((
            cycle_id, UPPER, period_id, first.isoformat(), end.isoformat(),
            "open" if in_progress else "published", OFFICE_USER, _at(opened),
            None if in_progress else OFFICE_USER, None if in_progress else _at(published),
            _at(reviewed if in_progress else published),
        ))  # fmt: skip
        for spec_id, (file, dept_key, scorer_user) in CYCLE_SPECS.items():
            upper = ctx.org.unit(UPPER, dept_key)
            scorer = upper.head or liaison_of(upper, chief)
            for prc in ctx.org.procuratorates:
                if (spec_id, prc.procuratorate_id) not in IN_PROGRESS:
                    continue  # the specs' population: the demo's four districts, also in a province
                lower = ctx.org.unit(prc.procuratorate_id, dept_key)
                liaison = liaison_of(lower, ctx.org.leaders[prc.procuratorate_id][0])
                state = IN_PROGRESS[(spec_id, prc.procuratorate_id)] if in_progress else "accepted"
                item_id = f"{cycle_id}-{spec_id}-{lower.org_unit_id}"
                done = {s: True for s in ("submitted", "scored", "returned", "accepted")}
                has_self = done.get(state, False)
                has_score = state in ("scored", "returned", "accepted")
                has_review = state in ("returned", "accepted")
                user = f"{prc.procuratorate_id.lower().replace('prc-', '')}_{dept_key}_liaison"
                if (spec_id, prc.procuratorate_id) == ("gongsu-units", "PRC-D1"):
                    user = "d1_liaison"
                updated = reviewed if has_review else scored if has_score else submitted
                items.append((
                    item_id, cycle_id, spec_id, lower.org_unit_id, upper.org_unit_id, state,
                    user if has_self else None, liaison.person_id if has_self else None,
                    _at(submitted) if has_self else None,
                    scorer_user if has_score else None, scorer.person_id if has_score else None,
                    _at(scored) if has_score else None,
                    OFFICE_USER if has_review else None, _at(reviewed) if has_review else None,
                    RETURN_NOTE if state == "returned" else None,
                    _at(updated if has_self else opened),
                ))  # fmt: skip
                members = [p for p in lower.members if p.person_id in ctx.qdil]
                diligence = (
                    sum(ctx.qdil[p.person_id][q] for p in members) / len(members)
                    if members
                    else 0.7
                )
                for order, (ind, name, top) in enumerate(_indicators(file), start=1):
                    share = clamp(0.55 + 0.45 * diligence + rng.gauss(0, 0.05))
                    value = round(top * share * 2) / 2
                    self_value = min(top, value + rng.choice((0.0, 0.5, 1.0, 2.0)))
                    scores.append((
                        item_id, ind, name, top, order,
                        self_value if has_self else None,
                        "按考核办法逐项自查" if has_self and order == 1 else None,
                        value if has_score else None,
                        "依据案件系统与公共库记录" if has_score and order == 1 else None,
                        _at(updated if has_self else opened),
                    ))  # fmt: skip
    return {"kpi_unit_cycle": cycles, "kpi_unit_cycle_item": items, "kpi_unit_cycle_score": scores}


LOWER_LIAISON = ("d1_liaison", "PRC-D1-gongsu")  # 玄武区院第一检察部's liaison


def create_cycle_accounts(office_url: str, app_url: str) -> list[str]:
    """The district liaison who submits in the demo's cycle (``d1_liaison``), bound to the
    first on-post member of PRC-D1-gongsu — the person the demo's published items name."""
    from kpi_warehouse.store import accounts
    from kpi_warehouse.store.audit import Actor

    from .accounts import DEMO_PASSWORD, read_roster

    username, unit = LOWER_LIAISON
    if username in {a.username for a in accounts.list_all(app_url)}:
        return []
    people = [r.person_id for r in read_roster(office_url)
              if r.org_unit_id == unit and r.status == "on_post"]  # fmt: skip
    if not people:
        return []
    accounts.add(Actor("demo"), username, ["liaison"], DEMO_PASSWORD, people[0], unit,
                 url=app_url)  # fmt: skip
    return [username]
