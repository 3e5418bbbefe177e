"""What an account's roles reach, as small temp tables inside a scoped connection.

Computed from the account's roles and bindings and the snapshot's own organisation:

- ``__scope_prc_full``: procuratorates seen at person level (leader, analyst: the bound
  procuratorate and every one below it; appraisal office: the bound one only);
- ``__scope_units_full``: departments seen at person level (those of the procuratorates
  above; dept_head: the bound department and its counterparts — same ``dept_key`` — in
  the procuratorates below; liaison: the bound department);
- ``__scope_people_self``: the account's own person (any role);
- ``__scope_units_totals``: the staff member's own department (from ``dim_person``), for
  published totals and grades only, unless its procuratorate withholds them;
- ``__scope_people_full``: people seen at person level (self, and everyone in or appraised
  in a department of ``__scope_units_full``);
- ``__scope_units_visible``: departments whose names may show;
- ``__scope_flags``: ``all_access`` (admin) and ``any_procuratorate``;
- ``__scope_period_gate`` (``gated``) and ``__scope_published`` (``period_id``): an account
  that sees only its own results (no admin, leader, analyst, appraisal-office, dept_head or
  liaison grant) sees only published periods and the periods inside them, e.g. a published
  quarter's months (``scope_views.gate_periods``). The reviewing roles keep every period:
  they check, approve and publish the results before staff see them.

The procuratorate tree comes from the first source the snapshot has: a
``parent_procuratorate_id`` column of ``dim_org_unit``, a ``dim_procuratorate`` mart, or
``raw.office__procuratorates``; with none, no procuratorate reaches below itself.
"""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from kpi_warehouse.store.roles import Role

Columns = Mapping[tuple[str, str], tuple[str, ...]]  # (schema, table) -> column names


def tree_sql(s: str, columns: Columns) -> str:
    """(procuratorate_id, parent_id) of every procuratorate, from the best source there is."""
    if "parent_procuratorate_id" in columns.get(("main", "dim_org_unit"), ()):
        return (
            f"SELECT DISTINCT procuratorate_id, parent_procuratorate_id AS parent_id "
            f"FROM {s}.main.dim_org_unit"
        )
    for schema, table in (("main", "dim_procuratorate"), ("raw", "office__procuratorates")):
        cols = columns.get((schema, table), ())
        parent = next((c for c in ("parent_procuratorate_id", "parent_id") if c in cols), None)
        if "procuratorate_id" in cols and parent:
            return (
                f"SELECT CAST(procuratorate_id AS VARCHAR) AS procuratorate_id, "
                f"CAST({parent} AS VARCHAR) AS parent_id FROM {s}.{schema}.{table}"
            )
    return (
        f"SELECT DISTINCT procuratorate_id, CAST(NULL AS VARCHAR) AS parent_id "
        f"FROM {s}.main.dim_org_unit"
    )


def create_grants(
    con: duckdb.DuckDBPyConnection,
    s: str,
    columns: Columns,
    roles: frozenset[Role],
    person_id: str | None,
    org_unit_id: str | None,
    procuratorate_id: str | None,
    withheld: tuple[str, ...],
    published: tuple[str, ...] | None = None,
) -> None:
    """Fill the ``__scope_*`` temp tables for one account (see the module docstring)."""
    admin = Role.ADMIN in roles
    prc_roots: list[tuple[str, bool]] = []
    if procuratorate_id:
        if roles & {Role.LEADER, Role.ANALYST}:
            prc_roots.append((procuratorate_id, True))
        if Role.APPRAISAL_OFFICE in roles:
            prc_roots.append((procuratorate_id, False))
    unit_roots: list[tuple[str, bool]] = []
    if org_unit_id:
        if Role.DEPT_HEAD in roles:
            unit_roots.append((org_unit_id, True))
        if Role.LIAISON in roles:
            unit_roots.append((org_unit_id, False))
    staff_totals = Role.STAFF in roles and person_id is not None

    con.execute(f"CREATE TEMP TABLE __scope_tree AS {tree_sql(s, columns)}")
    con.execute("CREATE TEMP TABLE __scope_prc_roots (procuratorate_id VARCHAR, below BOOLEAN)")
    con.execute("CREATE TEMP TABLE __scope_unit_roots (org_unit_id VARCHAR, below BOOLEAN)")
    con.execute("CREATE TEMP TABLE __scope_withheld (procuratorate_id VARCHAR)")
    con.execute("CREATE TEMP TABLE __scope_people_self (person_id VARCHAR)")
    if prc_roots:
        con.executemany("INSERT INTO __scope_prc_roots VALUES (?, ?)", prc_roots)
    if unit_roots:
        con.executemany("INSERT INTO __scope_unit_roots VALUES (?, ?)", unit_roots)
    if withheld:
        con.executemany("INSERT INTO __scope_withheld VALUES (?)", [(w,) for w in withheld])
    if person_id:
        con.execute("INSERT INTO __scope_people_self VALUES (?)", [person_id])

    if admin:
        con.execute(
            f"CREATE TEMP TABLE __scope_prc_full AS "
            f"SELECT DISTINCT procuratorate_id FROM {s}.main.dim_org_unit"
        )
    else:
        # Roots marked `below` (leader, analyst) reach every procuratorate under them.
        con.execute(
            """
            CREATE TEMP TABLE __scope_prc_full AS
            WITH RECURSIVE down(procuratorate_id) AS (
                SELECT procuratorate_id FROM __scope_prc_roots WHERE below
                UNION
                SELECT t.procuratorate_id FROM __scope_tree t
                JOIN down d ON t.parent_id = d.procuratorate_id
            )
            SELECT procuratorate_id FROM down
            UNION SELECT procuratorate_id FROM __scope_prc_roots
            """
        )
    con.execute(
        f"""
        CREATE TEMP TABLE __scope_units_full AS
        WITH RECURSIVE below(root_unit, procuratorate_id) AS (
            SELECT r.org_unit_id, t.procuratorate_id
            FROM __scope_unit_roots r
            JOIN {s}.main.dim_org_unit u ON u.org_unit_id = r.org_unit_id
            JOIN __scope_tree t ON t.parent_id = u.procuratorate_id
            WHERE r.below
            UNION
            SELECT b.root_unit, t.procuratorate_id
            FROM below b JOIN __scope_tree t ON t.parent_id = b.procuratorate_id
        )
        SELECT org_unit_id FROM {s}.main.dim_org_unit
        WHERE procuratorate_id IN (SELECT procuratorate_id FROM __scope_prc_full)
        UNION SELECT org_unit_id FROM __scope_unit_roots
        UNION
        SELECT o.org_unit_id
        FROM below b
        JOIN {s}.main.dim_org_unit u ON u.org_unit_id = b.root_unit
        JOIN {s}.main.dim_org_unit o
          ON o.procuratorate_id = b.procuratorate_id AND o.dept_key = u.dept_key
        """
    )
    con.execute(
        f"""
        CREATE TEMP TABLE __scope_units_totals AS
        SELECT org_unit_id FROM {s}.main.dim_org_unit
        WHERE ? AND org_unit_id IN (SELECT org_unit_id FROM {s}.main.dim_person WHERE person_id = ?)
          AND procuratorate_id NOT IN (SELECT procuratorate_id FROM __scope_withheld)
        """,
        [staff_totals, person_id],
    )
    con.execute(
        f"""
        CREATE TEMP TABLE __scope_people_full AS
        SELECT person_id FROM __scope_people_self
        UNION
        SELECT person_id FROM {s}.main.dim_person
        WHERE org_unit_id IN (SELECT org_unit_id FROM __scope_units_full)
        UNION
        SELECT appraisee_id FROM {s}.main.fct_appraisal
        WHERE appraisee_type = 'person'
          AND org_unit_id IN (SELECT org_unit_id FROM __scope_units_full)
        """
    )
    # The scores (and their evidence) the account sees in full, by one key per appraisee:
    # (appraisee is a person) || ':' || id. One semi-join instead of two (scope_views).
    con.execute(
        """
        CREATE TEMP TABLE __scope_score_keys AS
        SELECT 'true:' || person_id AS score_key FROM __scope_people_full
        UNION ALL
        SELECT 'false:' || org_unit_id FROM __scope_units_full
        """
    )
    con.execute(
        f"""
        CREATE TEMP TABLE __scope_units_visible AS
        SELECT org_unit_id FROM __scope_units_full
        UNION SELECT org_unit_id FROM __scope_units_totals
        UNION SELECT org_unit_id FROM {s}.main.dim_person
              WHERE person_id IN (SELECT person_id FROM __scope_people_self)
        UNION SELECT org_unit_id FROM {s}.main.fct_appraisal
              WHERE appraisee_type = 'person'
                AND appraisee_id IN (SELECT person_id FROM __scope_people_self)
        """
    )
    gated = published is not None and not (admin or prc_roots or unit_roots)
    con.execute("CREATE TEMP TABLE __scope_period_gate AS SELECT CAST(? AS BOOLEAN) AS gated",
                [gated])  # fmt: skip
    con.execute("CREATE TEMP TABLE __scope_published_raw (period_id VARCHAR)")
    if published:
        con.executemany("INSERT INTO __scope_published_raw VALUES (?)", [(p,) for p in published])
    period_cols = columns.get(("main", "dim_period"), ())
    if {"period_id", "start_date", "end_date"} <= set(period_cols):
        # A published quarter also shows its months (not its half-year or year).
        con.execute(
            f"""
            CREATE TEMP TABLE __scope_published AS
            SELECT period_id FROM __scope_published_raw
            UNION
            SELECT p.period_id FROM {s}.main.dim_period p JOIN {s}.main.dim_period q
              ON q.period_id IN (SELECT period_id FROM __scope_published_raw)
             AND p.start_date >= q.start_date AND p.end_date <= q.end_date
            """
        )
    else:
        con.execute("CREATE TEMP TABLE __scope_published AS SELECT * FROM __scope_published_raw")
    con.execute(
        "CREATE TEMP TABLE __scope_flags AS SELECT CAST(? AS BOOLEAN) AS all_access, "
        "EXISTS (SELECT 1 FROM __scope_prc_full) AS any_procuratorate",
        [admin],
    )
