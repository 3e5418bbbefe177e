"""The roles an account can hold and the binding each role needs to grant anything."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    LEADER = "leader"
    DEPT_HEAD = "dept_head"
    LIAISON = "liaison"
    APPRAISAL_OFFICE = "appraisal_office"
    ANALYST = "analyst"
    REGISTRY_OWNER = "registry_owner"
    CLERK = "clerk"
    REVIEWER = "reviewer"
    STAFF = "staff"


ROLE_IDS: tuple[str, ...] = tuple(r.value for r in Role)

# What a role must be bound to; without it the role grants nothing (fail closed).
PROCURATORATE_ROLES = frozenset({Role.LEADER, Role.APPRAISAL_OFFICE, Role.ANALYST})
ORG_UNIT_ROLES = frozenset({Role.DEPT_HEAD, Role.LIAISON})
PERSON_ROLES = frozenset({Role.REGISTRY_OWNER, Role.CLERK, Role.REVIEWER, Role.STAFF})
SQL_ROLES = frozenset({Role.ADMIN, Role.ANALYST})

LABELS: dict[str, tuple[str, str]] = {
    Role.ADMIN: ("系统管理员", "administrator"),
    Role.LEADER: ("院领导", "leader"),
    Role.DEPT_HEAD: ("部门负责人", "department head"),
    Role.LIAISON: ("部门联络员", "department liaison"),
    Role.APPRAISAL_OFFICE: ("考核办", "appraisal office"),
    Role.ANALYST: ("数据分析员", "analyst"),
    Role.REGISTRY_OWNER: ("登记部门", "registry owner"),
    Role.CLERK: ("录入员", "data-entry clerk"),
    Role.REVIEWER: ("审核人", "reviewer"),
    Role.STAFF: ("干警", "staff member"),
}


def parse_roles(values: list[str] | tuple[str, ...]) -> tuple[Role, ...]:
    """Known role ids, deduplicated in the canonical order; ValueError names unknown ones."""
    unknown = sorted(set(values) - set(ROLE_IDS))
    if unknown:
        raise ValueError(
            f"未知角色 / unknown role(s): {', '.join(unknown)}; 可选 / one of: {' '.join(ROLE_IDS)}"
        )
    if not values:
        raise ValueError("至少需要一个角色 / at least one role is required")
    return tuple(r for r in Role if r.value in set(values))


def missing_bindings(
    roles: tuple[Role, ...],
    person_id: str | None,
    org_unit_id: str | None,
    procuratorate_id: str | None,
) -> list[str]:
    """Messages for roles whose binding is absent (the account would see nothing for them)."""
    problems = []
    for role in roles:
        if role in PROCURATORATE_ROLES and not procuratorate_id:
            problems.append(f"角色 {role} 需要 --procuratorate / role {role} needs --procuratorate")
        if role in ORG_UNIT_ROLES and not org_unit_id:
            problems.append(f"角色 {role} 需要 --org-unit / role {role} needs --org-unit")
        if role in PERSON_ROLES and not person_id:
            problems.append(f"角色 {role} 需要 --person / role {role} needs --person")
    return problems
