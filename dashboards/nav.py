"""Navigation state: pages, URL query parameters, selectors bound to them, and links.

The URL is the single source of truth: ``?period=2026Q1&org_unit=...&person=...&
indicator_score_id=...``. Drill-down links are st.page_link elements (real <a> elements)
carrying those parameters, so every page opens directly from a URL and the browser's back
button works. Selectors read their value from the URL and write it back when changed.

A page run collects parameter changes (defaults it filled in, values it derived) and
``commit`` writes them to the URL once at the end, because every write to
st.query_params adds a browser history entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from dashboards.i18n import t

OVERVIEW_PAGE = "views/overview.py"
DEPARTMENT_PAGE = "views/department.py"
PERSON_PAGE = "views/person.py"
EVIDENCE_PAGE = "views/evidence.py"
SCORECARD_PAGE = "views/scorecard_print.py"  # the appraisal form, print view
SQL_PAGE = "views/sql_console.py"
DOCS_PAGE = "views/dbt_docs.py"  # the dbt documentation site (analysts)
MINING_PAGE = "views/mining.py"  # 绩效分析: drivers, rater leniency, moves, coverage
AUDIT_PAGE = "views/audit_log.py"
REGISTRIES_PAGE = "views/registries.py"
MANUAL_ENTRY_PAGE = "views/manual_entry.py"
BUILD_PAGE = "views/admin_build.py"
RATINGS_PAGE = "views/ratings.py"  # rating campaigns: ballots, turnout
JOURNALS_PAGE = "views/journals.py"  # weekly work journals and their review
APPEALS_PAGE = "views/appeals.py"  # an appraisee files and follows appeals
APPEAL_QUEUE_PAGE = "views/appeal_queue.py"  # appraisal office: publish, answer appeals
SPEC_WORKBENCH_PAGE = "views/spec_workbench.py"  # liaisons draft specs; approval
UNIT_APPRAISAL_PAGE = "views/unit_appraisal.py"  # 单位考核: upper units appraise counterparts

PERIOD = "period"
PROCURATORATE = "procuratorate"
ORG_UNIT = "org_unit"
PERSON = "person"
INDICATOR_SCORE = "indicator_score_id"
CONTEXT_PARAMS = (PERIOD, PROCURATORATE, ORG_UNIT, PERSON, INDICATOR_SCORE)

ALL = "all"  # selector value meaning "no filter"; never written to the URL

_RUN_PARAMS_KEY = "nav.run_params"
_WIDGET_PREFIX = "nav.select."


def begin_run() -> None:
    """Start a run from the parameters in the URL (call once, before the page runs)."""
    st.session_state[_RUN_PARAMS_KEY] = st.query_params.to_dict()


def _run_params() -> dict[str, str]:
    if _RUN_PARAMS_KEY not in st.session_state:
        begin_run()
    return st.session_state[_RUN_PARAMS_KEY]


def commit() -> None:
    """Write this run's parameters to the URL, in one update, if they changed."""
    wanted = _run_params()
    if wanted != st.query_params.to_dict():
        st.query_params.from_dict(wanted)


def param(name: str) -> str | None:
    return _run_params().get(name) or None


def set_param(name: str, value: str | None) -> None:
    """Set one parameter for this run (None or ALL removes it); see ``commit``."""
    params = _run_params()
    if value is None or value == ALL:
        params.pop(name, None)
    else:
        params[name] = value


def context_params() -> dict[str, str]:
    """The drill-down context (period, department, person, ...) to carry in links."""
    return {name: value for name in CONTEXT_PARAMS if (value := param(name))}


def _on_select(name: str, widget_key: str, clears: Sequence[str]) -> None:
    """Selector callback (runs before the script): one URL update with the new value."""
    params = st.query_params.to_dict()
    value = st.session_state[widget_key]
    if value is None or value == ALL:
        params.pop(name, None)
    else:
        params[name] = value
    for dependent in clears:
        params.pop(dependent, None)
    st.query_params.from_dict(params)


def url_select(
    name: str,
    label: str,
    options: Sequence[str],
    format_func: Callable[[str], str],
    *,
    default: str | None = None,
    clears: Sequence[str] = (),
) -> str | None:
    """A selectbox whose value lives in the URL parameter ``name``.

    ``clears`` names parameters that depend on this one and are dropped when it changes.
    Returns None (after saying so) when there is nothing to choose from.
    """
    if not options:
        st.info(t("filter.none"))
        return None
    wanted = param(name)
    if wanted not in options:
        wanted = default if default in options else options[0]
    widget_key = _WIDGET_PREFIX + name
    # Assign even when unchanged: the key is shared by the pages, and a value merely left
    # over from another page would not be sent to the browser's fresh selectbox.
    st.session_state[widget_key] = wanted
    st.selectbox(
        label,
        list(options),
        format_func=format_func,
        key=widget_key,
        on_change=_on_select,
        args=(name, widget_key, tuple(clears)),
    )
    set_param(name, wanted)
    return wanted


def link_params(params: Mapping[str, str | None]) -> dict[str, str]:
    """Query parameters for a link, leaving out empty ones."""
    return {key: str(value) for key, value in params.items() if value and value != ALL}


def page_link(page: str, label: str, params: Mapping[str, str | None], icon: str = "") -> None:
    """A real link (an <a> element) to another page with the given query parameters."""
    st.page_link(page, label=label, query_params=link_params(params), icon=icon or None)


def breadcrumb(links: Sequence[tuple[str, str, Mapping[str, str | None]]]) -> None:
    """A row of links back up the drill-down path: (page, label, params) each."""
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        for index, (page, label, params) in enumerate(links):
            if index:
                st.markdown("›")
            page_link(page, label, params, icon=":material/home:" if index == 0 else "")
