"""What the signed-in account may open: pages by role, ids in the URL by scope.

The ids a link carries (period, procuratorate, department, person, indicator score) are
checked against the scope layer before a page runs: one outside the scope (or unknown)
stops the page with "无权查看 / not permitted" and shows no data. Views of someone
else's scorecard and every refusal are written to the audit log.
"""

from __future__ import annotations

import streamlit as st

from dashboards import nav
from dashboards.snapshot import Snapshot
from kpi_warehouse.store import audit, spec_drafts
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.roles import SQL_ROLES, Role
from kpi_warehouse.store.scope import Scope, denied

# URL parameter -> the scope layer's kind of id
URL_KINDS = {
    nav.PERIOD: "period",
    nav.PROCURATORATE: "procuratorate",
    nav.ORG_UNIT: "org_unit",
    nav.PERSON: "person",
    nav.INDICATOR_SCORE: "indicator_score",
}
_VIEWED_KEY = "access.viewed"


# Pages only some roles open (any one of the roles suffices); a page not listed here is
# open to every signed-in account, and the scope layer limits what it shows.
PAGE_ROLES: dict[str, frozenset[Role]] = {
    nav.SQL_PAGE: frozenset(SQL_ROLES),
    nav.DOCS_PAGE: frozenset(SQL_ROLES),
    # Performance mining: leaders, analysts, the appraisal office (rows by the scope layer).
    nav.MINING_PAGE: frozenset({Role.LEADER, Role.ANALYST, Role.APPRAISAL_OFFICE, Role.ADMIN}),
    nav.AUDIT_PAGE: frozenset({Role.ADMIN}),
    nav.REGISTRIES_PAGE: frozenset({Role.REGISTRY_OWNER}),
    nav.MANUAL_ENTRY_PAGE: frozenset({Role.CLERK, Role.REVIEWER, Role.LIAISON}),
    nav.BUILD_PAGE: frozenset({Role.ADMIN}),
    # Appeals: every role that can be bound to a person (an admin keeps the system).
    nav.APPEALS_PAGE: frozenset(Role) - {Role.ADMIN},
    nav.APPEAL_QUEUE_PAGE: frozenset({Role.APPRAISAL_OFFICE, Role.ADMIN}),
    # Specs workbench: authors (liaison, appraisal office, admin) and approvers.
    nav.SPEC_WORKBENCH_PAGE: spec_drafts.WORKBENCH_ROLES,
    # Unit appraisal: the departments (liaison, head), the appraisal office, leaders, admin.
    nav.UNIT_APPRAISAL_PAGE: frozenset(
        {Role.LIAISON, Role.DEPT_HEAD, Role.APPRAISAL_OFFICE, Role.LEADER, Role.ADMIN}
    ),
}


def may_open(page: str, scope: Scope) -> bool:
    """Pages by role (``PAGE_ROLES``)."""
    allowed = PAGE_ROLES.get(page)
    return allowed is None or bool(scope.role_set & allowed)


def actor(scope: Scope) -> Actor:
    return Actor(scope.username, scope.account_id)


@st.cache_data(ttl=600, show_spinner=False)
def _denied(snap: Snapshot, wanted: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    assert snap.scope is not None
    return denied(snap.scope, snap.path, dict(wanted))


def refused_params(snap: Snapshot) -> list[tuple[str, str, str]]:
    """(url parameter, kind, id) of every id in the URL outside the account's scope."""
    wanted = tuple((kind, value) for name, kind in URL_KINDS.items() if (value := nav.param(name)))
    if not wanted:
        return []
    kinds = {kind: name for name, kind in URL_KINDS.items()}
    return [(kinds[kind], kind, value) for kind, value in _denied(snap, wanted)]


def record_refusal(scope: Scope, page: str, refused: list[tuple[str, str, str]]) -> None:
    targets = ", ".join(f"{kind}:{value}" for _, kind, value in refused)
    audit.record(actor(scope), "access_denied", "denied", target=targets, detail={"page": page})


def note_scorecard_view(scope: Scope, person_id: str, period_id: str | None) -> None:
    """Log a view of someone else's scorecard, once per session, person and period."""
    if person_id == scope.person_id:
        return
    seen: set[tuple[str, str | None]] = st.session_state.setdefault(_VIEWED_KEY, set())
    if (person_id, period_id) in seen:
        return
    seen.add((person_id, period_id))
    audit.record(
        actor(scope), "scorecard_view", target=f"person:{person_id}", detail={"period": period_id}
    )
