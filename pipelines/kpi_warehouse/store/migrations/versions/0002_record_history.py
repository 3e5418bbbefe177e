"""Append-only history of every write to the registries and manual entries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY_SQLITE = [
    """CREATE TRIGGER kpi_record_history_no_update BEFORE UPDATE ON kpi_record_history
       BEGIN SELECT RAISE(ABORT, 'kpi_record_history is append-only'); END""",
    """CREATE TRIGGER kpi_record_history_no_delete BEFORE DELETE ON kpi_record_history
       BEGIN SELECT RAISE(ABORT, 'kpi_record_history is append-only'); END""",
]
APPEND_ONLY_POSTGRESQL = [
    """CREATE FUNCTION kpi_record_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'kpi_record_history is append-only'; END $$""",
    """CREATE TRIGGER kpi_record_history_append_only BEFORE UPDATE OR DELETE
       ON kpi_record_history FOR EACH ROW EXECUTE FUNCTION kpi_record_history_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "kpi_record_history",
        sa.Column("history_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("table_name", sa.String(48), nullable=False, index=True),
        sa.Column("record_id", sa.String(64), nullable=False, index=True),
        sa.Column("act", sa.String(24), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("actor_account_id", sa.Integer),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("batch", sa.String(64)),
    )
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": APPEND_ONLY_SQLITE, "postgresql": APPEND_ONLY_POSTGRESQL}
    for statement in statements.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS kpi_record_history_append_only ON kpi_record_history")
        op.execute("DROP FUNCTION IF EXISTS kpi_record_history_append_only()")
    op.drop_table("kpi_record_history")
