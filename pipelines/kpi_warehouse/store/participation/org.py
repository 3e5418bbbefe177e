"""Who stands where: the office system's staff directory and org units, read for the
campaigns' rosters and the journals' reviewing hierarchy.

Posts decide the levels (decision, the demo's and the office system's posts):

- department head (部门负责人): the unit's 主任 / 处长 / 科长;
- section chief (科室负责人): the unit's 副主任 / 副处长 / 副科长;
- supervising leader (分管领导): the procuratorate's 检察长 and 副检察长 — [interp] the
  office system does not record which leader supervises which department, so each of them
  counts as supervising it;
- leader (院领导 and 部门负责人 together, the demo specs' ``leader`` level): the unit's
  head and deputies and the procuratorate's 检察长 and 副检察长;
- colleague: every other appraised member of the unit.

Only people on post, seconded or retiring take part; long leave does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from kpi_warehouse.store.registries.directory import office_url

HEAD_POSTS = frozenset({"主任", "处长", "科长"})
DEPUTY_POSTS = frozenset({"副主任", "副处长", "副科长"})
CHIEF_POSTS = ("检察长",)
DEPUTY_CHIEF_POSTS = ("副检察长",)
ACTIVE = frozenset({"on_post", "seconded", "retiring"})


@dataclass(frozen=True)
class Member:
    person_id: str
    name: str
    org_unit_id: str
    procuratorate_id: str
    post: str
    status: str

    @property
    def is_chief(self) -> bool:
        return self.post in CHIEF_POSTS or self.post in DEPUTY_CHIEF_POSTS


@dataclass(frozen=True)
class Unit:
    org_unit_id: str
    procuratorate_id: str
    name: str
    dept_key: str


@dataclass(frozen=True)
class Directory:
    members: dict[str, Member]
    units: dict[str, Unit]

    def unit_members(self, org_unit_id: str) -> list[Member]:
        return sorted(
            (
                m
                for m in self.members.values()
                if m.org_unit_id == org_unit_id and m.status in ACTIVE
            ),
            key=lambda m: m.person_id,
        )

    def chiefs(self, procuratorate_id: str) -> list[Member]:
        """检察长 first, then the 副检察长, of a procuratorate (active)."""
        found = [
            m
            for m in self.members.values()
            if m.procuratorate_id == procuratorate_id and m.is_chief and m.status in ACTIVE
        ]
        return sorted(found, key=lambda m: (m.post not in CHIEF_POSTS, m.person_id))

    def supervising_leaders(self, procuratorate_id: str) -> list[Member]:
        return self.chiefs(procuratorate_id)

    def name(self, person_id: str) -> str:
        member = self.members.get(person_id)
        return member.name if member else person_id


def load(url: str | None = None) -> Directory:
    eng = sa.create_engine(url or office_url())
    try:
        with eng.connect() as con:
            units = {
                r[0]: Unit(str(r[0]), str(r[1]), str(r[2]), str(r[3]))
                for r in con.execute(
                    sa.text("SELECT org_unit_id, procuratorate_id, name, dept_key FROM org_units")
                )
            }
            members = {}
            for pid, name, unit, post, status in con.execute(
                sa.text("SELECT person_id, name, org_unit_id, post, status FROM staff")
            ):
                prc = units[unit].procuratorate_id if unit in units else ""
                members[str(pid)] = Member(
                    str(pid), str(name), str(unit), prc, str(post), str(status)
                )
            return Directory(members, units)
    finally:
        eng.dispose()
