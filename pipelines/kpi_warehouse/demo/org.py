"""Organisation and staff directory of the demo: one city procuratorate, four districts.

Every procuratorate has the same fifteen departments: the five registry owners and ten
business departments as a procuratorate has them since the 2019 reform of internal
structure (第一至第三检察部 for criminal prosecution, 刑事执行、民事、行政、公益诉讼、
未成年人、控告申诉检察部 and 案件管理部); the same ``dept_key`` in the city and the districts
is what lets a city department appraise its counterparts below. People are apportioned
deterministically (largest remainder) over procuratorates and departments, so person ids
and posts depend on ``staff`` only; names, statuses, dates and the latent ``diligence``
come from the seeded generator: most people do their work well, about 2 % struggle.

Categories: 检察长 / 副检察长 and senior non-leading posts (一级检察官, 主任科员) are
科级干部; department heads and deputies are 中层干部; everyone else is 一般工作人员.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .names import person_name
from .workdays import next_working_day


@dataclass(frozen=True, slots=True)
class Procuratorate:
    procuratorate_id: str
    name: str
    level: str  # city / district
    parent_id: str | None
    short: str  # 市院 / 玄武区院 — used in bulletin titles
    case_prefix: str  # 宁检 / 宁玄检 — used in case numbers
    district: str  # 玄武区 ('' for the city)


PROCURATORATES: tuple[Procuratorate, ...] = (
    Procuratorate("PRC-CITY", "南京市人民检察院", "city", None, "南京市院", "宁检", ""),
    Procuratorate(
        "PRC-D1", "南京市玄武区人民检察院", "district", "PRC-CITY", "玄武区院", "宁玄检", "玄武区"
    ),
    Procuratorate(
        "PRC-D2", "南京市秦淮区人民检察院", "district", "PRC-CITY", "秦淮区院", "宁秦检", "秦淮区"
    ),
    Procuratorate(
        "PRC-D3", "南京市鼓楼区人民检察院", "district", "PRC-CITY", "鼓楼区院", "宁鼓检", "鼓楼区"
    ),
    Procuratorate(
        "PRC-D4", "南京市建邺区人民检察院", "district", "PRC-CITY", "建邺区院", "宁建检", "建邺区"
    ),
)
PROCURATORATE_WEIGHTS: tuple[float, ...] = (0.32, 0.17, 0.17, 0.17, 0.17)


@dataclass(frozen=True, slots=True)
class Department:
    dept_key: str
    kind: str  # registry_owner / business
    city_name: str
    district_name: str
    weight: float  # relative headcount


DEPARTMENTS: tuple[Department, ...] = (
    # The offices that keep the five shared registries (DIGEST §A).
    Department("office", "registry_owner", "办公室", "办公室", 1.0),
    Department("political", "registry_owner", "政治部", "政治部", 0.7),
    Department("publicity", "registry_owner", "新闻宣传处", "新闻宣传科", 0.3),
    Department("research", "registry_owner", "法律政策研究室", "法律政策研究室", 0.3),
    Department("supervision", "registry_owner", "检务督察部", "检务督察科", 0.3),
    # The business departments after the 2019 reform of internal structure: 捕诉一体
    # criminal prosecution departments (arrest review and prosecution in one department),
    # then one department per procuratorial function. There is no 反贪污贿赂 department
    # (transferred to the supervision commissions in 2018) and no investigation department:
    # 第三检察部 prosecutes the duty crimes the commission transfers.
    Department("gongsu", "business", "第一检察部", "第一检察部", 2.0),
    Department("zhongxing", "business", "第二检察部", "第二检察部", 1.2),
    Department("zhiwu", "business", "第三检察部", "第三检察部", 0.6),
    Department("xingzhi", "business", "刑事执行检察部", "刑事执行检察部", 0.5),
    Department("minshi", "business", "民事检察部", "民事检察部", 0.5),
    Department("xingzheng", "business", "行政检察部", "行政检察部", 0.4),
    Department("gongyi", "business", "公益诉讼检察部", "公益诉讼检察部", 0.5),
    Department("weijian", "business", "未成年人检察部", "未成年人检察部", 0.4),
    Department("konggao", "business", "控告申诉检察部", "控告申诉检察部", 0.5),
    Department("anguan", "business", "案件管理部", "案件管理部", 0.5),
)

# What each department does (its 职能), for texts and the README.
DEPARTMENT_DUTY: dict[str, str] = {
    "gongsu": "普通刑事犯罪案件的审查逮捕、审查起诉（捕诉一体）",
    "zhongxing": "重大刑事犯罪和经济犯罪案件的审查逮捕、审查起诉",
    "zhiwu": "监察机关移送的职务犯罪案件的审查起诉",
    "xingzhi": "刑罚执行、监管活动监督",
    "minshi": "民事诉讼监督",
    "xingzheng": "行政诉讼监督",
    "gongyi": "公益诉讼",
    "weijian": "未成年人刑事案件办理与权益保护",
    "konggao": "控告、申诉、国家赔偿和司法救助",
    "anguan": "案件受理、流程监控、案件质量评查",
}

# Which registry each registry-owning department keeps.
REGISTRY_KEEPER: dict[str, str] = {
    "reg_bulletins": "office",
    "reg_awards": "political",
    "reg_publicity": "publicity",
    "reg_research": "research",
    "reg_discipline": "supervision",
}

CATEGORY = {
    "chief": "科级干部",
    "deputy_chief": "科级干部",
    "senior": "科级干部",
    "head": "中层干部",
    "deputy": "中层干部",
    "staff": "一般工作人员",
    "clerk": "一般工作人员",
}
LEADER_ROLES = frozenset({"chief", "deputy_chief"})
_TITLED_HEADS = frozenset({"office", "political", "research"})  # 主任 / 副主任
# 检察部 heads are 主任 too (主任 / 副主任 of a 检察部, 2019 reform)


@dataclass(slots=True, eq=False)
class OrgUnit:
    org_unit_id: str
    procuratorate: Procuratorate
    name: str
    dept_key: str
    kind: str
    members: list[Person] = field(default_factory=list)  # leaders excluded
    supervisor: Person | None = None  # the 副检察长 in charge (or the 检察长)

    @property
    def head(self) -> Person | None:
        return self.members[0] if self.members and self.members[0].role == "head" else None

    @property
    def deputies(self) -> list[Person]:
        return [p for p in self.members if p.role == "deputy"]

    @property
    def clerks(self) -> list[Person]:
        return [p for p in self.members if p.role == "clerk"]


@dataclass(slots=True, eq=False)
class Person:
    person_id: str
    name: str
    unit: OrgUnit
    role: str  # chief / deputy_chief / head / deputy / senior / staff / clerk
    post: str
    hire_date: date
    status: str = "on_post"  # on_post / seconded / retiring / long_leave
    leave_date: date | None = None
    diligence: float = 0.5  # latent 0..1, drives all activity
    habit: float = 1.0  # personal multiplier on lateness
    active_from: date | None = None  # None = no activity in the period (long leave)
    active_to: date | None = None

    @property
    def category(self) -> str:
        return CATEGORY[self.role]

    @property
    def procuratorate(self) -> Procuratorate:
        return self.unit.procuratorate

    @property
    def is_leader(self) -> bool:
        return self.role in LEADER_ROLES

    def active_on(self, day: date) -> bool:
        if self.active_from is None or self.active_to is None:
            return False
        return self.active_from <= day <= self.active_to

    def overlaps(self, first: date, last: date) -> bool:
        return (
            self.active_from is not None
            and self.active_from <= last
            and self.active_to is not None
            and self.active_to >= first
        )


@dataclass
class Org:
    procuratorates: tuple[Procuratorate, ...]
    units: list[OrgUnit]
    people: list[Person]
    leaders: dict[str, list[Person]]  # procuratorate_id -> [检察长, 副检察长 ...]

    def unit(self, procuratorate_id: str, dept_key: str) -> OrgUnit:
        return self._by_key[(procuratorate_id, dept_key)]

    def __post_init__(self) -> None:
        self._by_key = {(u.procuratorate.procuratorate_id, u.dept_key): u for u in self.units}
        self.by_prc: dict[str, list[Person]] = {p.procuratorate_id: [] for p in self.procuratorates}
        for person in self.people:
            self.by_prc[person.procuratorate.procuratorate_id].append(person)

    def chief(self, procuratorate_id: str) -> Person | None:
        leaders = self.leaders[procuratorate_id]
        return leaders[0] if leaders else None

    def superior(self, person: Person) -> Person | None:
        """Who reviews this person's work: the department head, else the leader in charge."""
        prc = person.procuratorate
        candidates: list[Person | None] = []
        if person.role == "chief":
            if prc.parent_id:
                candidates.append(self.chief(prc.parent_id))
            else:
                candidates.extend(self.leaders[prc.procuratorate_id][1:2])
        elif person.role == "deputy_chief":
            candidates.append(self.chief(prc.procuratorate_id))
        else:
            if person.role != "head":
                candidates.append(person.unit.head)
            candidates.append(person.unit.supervisor)
            candidates.append(self.chief(prc.procuratorate_id))
            if prc.parent_id:
                candidates.append(self.chief(prc.parent_id))
        for c in candidates:
            if c is not None and c is not person and c.status != "long_leave":
                return c
        return None

    def leader_raters(self, person: Person) -> list[Person]:
        """Leaders who rate this person, most direct first (2–3 are used)."""
        prc = person.procuratorate
        leaders = self.leaders[prc.procuratorate_id]
        cands: list[Person | None] = []
        if person.is_leader:
            parent = prc.parent_id
            cands.extend(self.leaders[parent] if parent else [])
            cands.extend(leaders)
        else:
            if person.role != "head":
                cands.append(person.unit.head)
                cands.extend(person.unit.deputies[:1])
            cands.append(person.unit.supervisor)
            cands.extend(leaders)
        seen: list[Person] = []
        for c in cands:
            if c is not None and c is not person and c not in seen and c.status != "long_leave":
                seen.append(c)
        return seen

    def clerk_for(self, person: Person, avoid: Person | None) -> Person:
        """The clerk who enters this person's manual data (never ``avoid``, the reviewer)."""
        prc = person.procuratorate.procuratorate_id
        pools: list[list[Person]] = [
            person.unit.clerks,
            [m for m in person.unit.members if m.role in ("staff", "senior")],
            self.unit(prc, "office").clerks,
            self.unit(prc, "political").clerks,
            self.unit(prc, "office").members,
            self.by_prc[prc],
            self.people,
        ]
        for pool in pools:
            for c in pool:
                if c is not avoid and c is not person and c.status == "on_post":
                    return c
        for c in self.people:  # tiny organisations: anyone but the reviewer
            if c is not avoid:
                return c
        raise ValueError("no clerk available")


def apportion(total: int, weights: list[float] | tuple[float, ...]) -> list[int]:
    """Split ``total`` by ``weights`` with the largest-remainder method (ties: first wins)."""
    wsum = sum(weights)
    exact = [total * w / wsum for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


# Which departments are staffed first when there are too few people for all fifteen.
STAFFING_PRIORITY: tuple[str, ...] = (
    "gongsu", "office", "zhongxing", "political", "minshi", "konggao", "anguan",
    "gongyi", "zhiwu", "xingzhi", "weijian", "xingzheng", "publicity", "research",
    "supervision",
)  # fmt: skip
MIN_UNIT_SIZE = 3


def _unit_sizes(people: int) -> list[int]:
    """Headcount per department (in DEPARTMENTS order): every department once there are
    enough people, else only the first ones of STAFFING_PRIORITY, at least 3 each."""
    k = max(1, min(len(DEPARTMENTS), people // MIN_UNIT_SIZE))
    staffed = set(STAFFING_PRIORITY[:k])
    weights = [d.weight if d.dept_key in staffed else 0.0 for d in DEPARTMENTS]
    return apportion(people, weights)


def _unit_roles(size: int) -> list[str]:
    if size <= 0:
        return []
    deputies = 0 if size < 6 else 1 if size < 12 else 2 if size < 40 else 3
    clerks = 0 if size < 2 else max(1, round(0.12 * size))
    seniors = 0 if size < 5 else max(1, round(0.08 * size))
    staff = size - 1 - deputies - clerks - seniors
    return (
        ["head"]
        + ["deputy"] * deputies
        + ["senior"] * seniors
        + ["staff"] * staff
        + ["clerk"] * clerks
    )


def _post(role: str, unit: OrgUnit, rng: random.Random) -> str:
    business = unit.kind == "business"
    city = unit.procuratorate.level == "city"
    if role == "chief":
        return "检察长"
    if role == "deputy_chief":
        return "副检察长"
    if role in ("head", "deputy"):
        titled = unit.dept_key in _TITLED_HEADS or unit.name.endswith("部")
        base = "主任" if titled else "处长" if city else "科长"
        return base if role == "head" else "副" + base
    if role == "senior":
        return "一级检察官" if business else "主任科员"
    if role == "clerk":
        return "书记员" if business else "科员"
    if business:
        return rng.choices(("检察官", "检察官助理", "检察员"), weights=(45, 35, 20))[0]
    return rng.choices(("科员", "副主任科员"), weights=(80, 20))[0]


def _random_date(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def build_org(
    rng: random.Random,
    staff: int,
    start: date,
    end: date,
    procuratorates: tuple[Procuratorate, ...] = PROCURATORATES,
    weights: tuple[float, ...] = PROCURATORATE_WEIGHTS,
) -> Org:
    """The organisation with ``staff`` people (>= 20), apportioned over ``procuratorates``
    by ``weights`` (the demo's five by default; see :mod:`.province` for more)."""
    if staff < 20:
        raise ValueError("staff must be at least 20")
    units: list[OrgUnit] = []
    people: list[Person] = []
    leaders: dict[str, list[Person]] = {}
    per_prc = apportion(staff, weights)
    for prc, n_prc in zip(procuratorates, per_prc, strict=True):
        city = prc.level == "city"
        prc_units = [
            OrgUnit(
                f"{prc.procuratorate_id}-{d.dept_key}",
                prc,
                d.city_name if city else d.district_name,
                d.dept_key,
                d.kind,
            )
            for d in DEPARTMENTS
        ]
        units.extend(prc_units)
        office = prc_units[0]
        n_deputy_chiefs = (3 if city else 2) if n_prc >= 30 else 1 if n_prc >= 8 else 0
        roles: list[tuple[OrgUnit, str]] = [(office, "chief")]
        roles += [(office, "deputy_chief")] * n_deputy_chiefs
        sizes = _unit_sizes(n_prc - len(roles))
        for unit, size in zip(prc_units, sizes, strict=True):
            roles += [(unit, r) for r in _unit_roles(size)]
        prc_leaders: list[Person] = []
        for unit, role in roles:
            pid = f"P{len(people) + 1:05d}"
            person = Person(pid, person_name(rng), unit, role, _post(role, unit, rng), start)
            if role in LEADER_ROLES:
                prc_leaders.append(person)
            else:
                unit.members.append(person)
            people.append(person)
        leaders[prc.procuratorate_id] = prc_leaders
        deputy_chiefs = prc_leaders[1:] or prc_leaders[:1]
        for i, unit in enumerate(prc_units):
            unit.supervisor = deputy_chiefs[i % len(deputy_chiefs)] if deputy_chiefs else None

    _assign_people(rng, people, start, end)
    return Org(procuratorates, units, people, leaders)


def _assign_people(rng: random.Random, people: list[Person], start: date, end: date) -> None:
    """Diligence, hire dates and statuses."""
    for p in people:
        # Most people do their work well; about 2 % struggle (they are the ones whose
        # absences, overdue cases and sanctions later explain a 不称职).
        beta = rng.betavariate(2.5, 1.4)
        senior_role = p.role in ("chief", "deputy_chief", "head")
        struggling = not senior_role and rng.random() < 0.02
        if senior_role:
            p.diligence = 0.5 + 0.5 * beta
        else:
            p.diligence = 0.05 + 0.2 * beta if struggling else 0.4 + 0.6 * beta
        p.habit = rng.uniform(0.5, 1.5)
        if p.role in LEADER_ROLES:
            p.hire_date = _random_date(rng, date(1988, 7, 1), date(2004, 7, 1))
        elif p.role in ("head", "deputy", "senior"):
            p.hire_date = _random_date(rng, date(1992, 7, 1), date(2012, 7, 1))
        else:
            p.hire_date = _random_date(rng, date(1996, 7, 1), date(2025, 7, 1))

    # Statuses go to ordinary staff only; each unit's first clerk stays on post to enter data.
    keep = {id(u.clerks[0]) for u in {id(p.unit): p.unit for p in people}.values() if u.clerks}
    pool = [p for p in people if p.role in ("senior", "staff", "clerk") and id(p) not in keep]
    n = len(pool)
    counts = {
        status: (max(1, round(share * n)) if n >= 8 else 0)
        for status, share in (
            ("seconded", 0.03),
            ("retiring", 0.02),
            ("long_leave", 0.02),
            ("new_hire", 0.015),
        )
    }
    chosen = rng.sample(pool, sum(counts.values()))
    pos = 0
    for status, k in counts.items():
        for p in chosen[pos : pos + k]:
            if status == "new_hire":
                hired = _random_date(rng, start + timedelta(days=10), end - timedelta(days=40))
                p.hire_date = next_working_day(hired)
            elif status == "retiring":
                p.status = status
                p.hire_date = _random_date(rng, date(1985, 7, 1), date(1995, 7, 1))
                p.leave_date = _random_date(
                    rng, start + timedelta(days=20), end - timedelta(days=10)
                )
            else:
                p.status = status
        pos += k

    for p in people:
        if p.status == "long_leave":
            continue
        p.active_from = max(start, p.hire_date)
        p.active_to = min(end, p.leave_date - timedelta(days=1)) if p.leave_date else end
        if p.active_to < p.active_from:
            p.active_from = p.active_to = None
