"""Alembic environment of the store: run on the connection ``db.upgrade`` passes in."""

from __future__ import annotations

from alembic import context

from kpi_warehouse.store.db import VERSION_TABLE
from kpi_warehouse.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
