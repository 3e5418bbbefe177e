"""The product's own operational store (the database behind ``KPI_APP_URL``) and the one
scope layer every read goes through.

Accounts, roles, the append-only audit log and per-procuratorate settings live in the app
DB beside the demo's registries (tables prefixed ``kpi_``, created by Alembic migrations).
``scope`` turns a signed-in account into a read-only DuckDB connection over the published
snapshot where every mart shows only what that account may see; ``sql_sandbox`` runs
user-written SQL through it.

Import rule: this package imports nothing else from ``kpi_warehouse`` (the dashboards may
import it, and they never import the pipeline); ``tests/test_store_imports.py`` checks it.
"""
