"""One sign-in account per role for the demo's city procuratorate (PRC-CITY).

People are picked from the office system's staff directory by post, so the accounts fit
any ``--staff`` size; where a small demo has too few people, a role reuses the department
head. Every demo account has the password DEMO_PASSWORD (for the demo only; the README
says so). Existing accounts are left alone, so ``kpi demo --if-absent`` is idempotent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from kpi_warehouse.store import accounts
from kpi_warehouse.store.audit import Actor

DEMO_PASSWORD = "kpi-demo-2026"
CITY = "PRC-CITY"
BUSINESS_UNIT = f"{CITY}-gongsu"  # 第一检察部
REGISTRY_UNIT = f"{CITY}-office"  # 办公室 keeps the bulletins registry


@dataclass(frozen=True)
class StaffRow:
    person_id: str
    org_unit_id: str
    post: str
    status: str


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    person_id: str | None = None
    org_unit_id: str | None = None
    procuratorate_id: str | None = None


def read_roster(office_url: str) -> list[StaffRow]:
    engine = sa.create_engine(office_url)
    try:
        with engine.connect() as con:
            rows = con.execute(
                sa.text("SELECT person_id, org_unit_id, post, status FROM staff ORDER BY person_id")
            )
            return [StaffRow(*row) for row in rows]
    finally:
        engine.dispose()


class _Picker:
    def __init__(self, roster: Sequence[StaffRow]) -> None:
        self.roster = roster
        self.used: set[str] = set()

    def pick(self, unit: str | None, posts: Sequence[str], reuse: str | None = None) -> str | None:
        """The first unused person of ``unit`` (any unit of the city when None) whose post
        is in ``posts`` (any post when empty), on post first; else ``reuse``."""
        for on_post_only in (True, False):
            for row in self.roster:
                if row.person_id in self.used or (on_post_only and row.status != "on_post"):
                    continue
                if unit is None and not row.org_unit_id.startswith(f"{CITY}-"):
                    continue
                if unit is not None and row.org_unit_id != unit:
                    continue
                if posts and row.post not in posts:
                    continue
                self.used.add(row.person_id)
                return row.person_id
        return reuse


def demo_accounts(roster: Sequence[StaffRow]) -> list[DemoAccount]:
    """The ten demo accounts, one per role, bound to people of the city procuratorate."""
    p = _Picker(roster)
    leader = p.pick(None, ("检察长",))
    head = p.pick(BUSINESS_UNIT, ("处长", "科长", "主任"))
    staff = p.pick(BUSINESS_UNIT, ("检察官", "检察官助理", "检察员", "一级检察官"), head)
    clerk = p.pick(BUSINESS_UNIT, ("书记员",), head)
    reviewer = p.pick(BUSINESS_UNIT, ("副主任", "副处长", "副科长", "一级检察官"), head)
    liaison = p.pick(BUSINESS_UNIT, (), head)
    registry = p.pick(REGISTRY_UNIT, ("主任", "副主任", "科员"))
    office = p.pick(f"{CITY}-political", ()) or p.pick(None, ())
    analyst = p.pick(f"{CITY}-research", ()) or p.pick(None, ("科员", "副主任科员"))
    return [
        DemoAccount("admin", "admin"),
        DemoAccount("leader", "leader", leader, procuratorate_id=CITY),
        DemoAccount("dept_head", "dept_head", head, org_unit_id=BUSINESS_UNIT),
        DemoAccount("liaison", "liaison", liaison, org_unit_id=BUSINESS_UNIT),
        DemoAccount("appraisal_office", "appraisal_office", office, procuratorate_id=CITY),
        DemoAccount("analyst", "analyst", analyst, procuratorate_id=CITY),
        DemoAccount("registry_owner", "registry_owner", registry, org_unit_id=REGISTRY_UNIT),
        DemoAccount("clerk", "clerk", clerk),
        DemoAccount("reviewer", "reviewer", reviewer),
        DemoAccount("staff", "staff", staff),
    ]


# The other registries' owner offices (办公室 keeps 信息简报 with ``registry_owner``).
KEEPER_OFFICES = ("political", "publicity", "research", "supervision")


def keeper_accounts(roster: Sequence[StaffRow], taken: set[str]) -> list[DemoAccount]:
    """``registry_<office>``: a registry owner of each other owner office, bound to a
    person of that office of the city (any unbound city person in a small demo)."""
    p = _Picker(roster)
    p.used |= taken
    return [
        DemoAccount(f"registry_{key}", "registry_owner",
                    p.pick(f"{CITY}-{key}", ()) or p.pick(None, ()), org_unit_id=f"{CITY}-{key}")
        for key in KEEPER_OFFICES
    ]  # fmt: skip


def create_demo_accounts(office_url: str, app_url: str) -> list[str]:
    """Create the demo accounts that do not exist yet; returns the names created."""
    existing = {a.username for a in accounts.list_all(app_url)}
    created = []
    actor = Actor("demo")
    roster = read_roster(office_url)
    specs = demo_accounts(roster)
    specs += keeper_accounts(roster, {s.person_id for s in specs if s.person_id})
    for spec in specs:
        if spec.username in existing:
            continue
        accounts.add(
            actor, spec.username, [spec.role], DEMO_PASSWORD, spec.person_id,
            spec.org_unit_id, spec.procuratorate_id, url=app_url,
        )  # fmt: skip
        created.append(spec.username)
    return created
