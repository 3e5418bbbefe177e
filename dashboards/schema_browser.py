"""The SQL console's schema browser and example queries.

The browser lists what the scope layer's ``meta_tables`` / ``meta_columns`` say the account
may query (``kpi_warehouse.store.scope_docs``): every table with its columns, types and the
descriptions written once in the dbt YAML. Example queries and "query this table" load SQL
into the console's editor (the widget state ``EDITOR_KEY``) with one click.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.example_queries import EXAMPLES
from dashboards.i18n import t
from dashboards.snapshot import Snapshot
from kpi_warehouse.store.scope_docs import RelationDoc, documented_schema

EDITOR_KEY = "sql_text"
TABLE_KEY = "sql_console.schema_table"
SEARCH_KEY = "sql_console.schema_search"


@st.cache_data(ttl=600, show_spinner=False)
def schema(snap: Snapshot) -> list[RelationDoc]:
    """The documented relations the account may query (cached per snapshot and account)."""
    assert snap.scope is not None
    return documented_schema(snap.scope, snap.path)


def load(sql: str) -> None:
    """Button callback: put ``sql`` into the editor (runs before the script reruns)."""
    st.session_state[EDITOR_KEY] = sql


def matches(relation: RelationDoc, needle: str) -> bool:
    """Whether the search text occurs in the table's name or description, or in one of its
    columns' names or descriptions (case-insensitive)."""
    if not needle:
        return True
    texts = [relation.name, relation.description]
    texts += [c.name for c in relation.columns] + [c.description for c in relation.columns]
    return any(needle.lower() in text.lower() for text in texts)


def columns_frame(relation: RelationDoc) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("sql.col.column"): [c.name for c in relation.columns],
            t("sql.col.type"): [c.data_type for c in relation.columns],
            t("sql.col.description"): [c.description for c in relation.columns],
        }
    )


def tables_frame(relations: list[RelationDoc]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("sql.col.table"): [r.name for r in relations],
            t("sql.col.description"): [r.description for r in relations],
        }
    )


def browser(snap: Snapshot) -> None:
    """Search, pick a table, read its columns; the list of every table below."""
    relations = schema(snap)
    st.subheader(t("sql.schema"))
    st.caption(t("sql.schema_hint"))
    needle = st.text_input(t("sql.schema_search"), key=SEARCH_KEY).strip()
    shown = [r for r in relations if matches(r, needle)]
    if not shown:
        st.info(t("sql.schema_none"))
    else:
        by_name = {r.name: r for r in shown}
        name = st.selectbox(t("sql.schema_table"), list(by_name), key=TABLE_KEY)
        relation = by_name[name or next(iter(by_name))]
        st.markdown(relation.description or t("sql.schema_no_description"))
        st.table(columns_frame(relation), hide_index=True, border="horizontal")
        st.button(
            t("sql.schema_load"),
            key="sql_console.load_table",
            icon=":material/input:",
            on_click=load,
            args=(f"SELECT *\nFROM {relation.name}\nLIMIT 100",),
        )
    with st.expander(t("sql.schema_all", n=len(relations))):
        st.table(tables_frame(relations), hide_index=True, border="horizontal")


def examples() -> None:
    """One button per example query; a click loads it into the editor."""
    st.subheader(t("sql.examples"))
    st.caption(t("sql.examples_hint"))
    with st.container(horizontal=True, gap="small"):
        for example in EXAMPLES:
            st.button(
                t(f"sqlex.{example.key}.title"),
                key=f"sqlex.{example.key}",
                on_click=load,
                args=(example.sql,),
            )
