"""Accounts, roles, the append-only audit log and per-procuratorate settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY_SQLITE = [
    """CREATE TRIGGER kpi_audit_log_no_update BEFORE UPDATE ON kpi_audit_log
       BEGIN SELECT RAISE(ABORT, 'kpi_audit_log is append-only'); END""",
    """CREATE TRIGGER kpi_audit_log_no_delete BEFORE DELETE ON kpi_audit_log
       BEGIN SELECT RAISE(ABORT, 'kpi_audit_log is append-only'); END""",
]
APPEND_ONLY_POSTGRESQL = [
    """CREATE FUNCTION kpi_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'kpi_audit_log is append-only'; END $$""",
    """CREATE TRIGGER kpi_audit_log_append_only BEFORE UPDATE OR DELETE ON kpi_audit_log
       FOR EACH ROW EXECUTE FUNCTION kpi_audit_log_append_only()""",
    """CREATE TRIGGER kpi_audit_log_no_truncate BEFORE TRUNCATE ON kpi_audit_log
       FOR EACH STATEMENT EXECUTE FUNCTION kpi_audit_log_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "kpi_account",
        sa.Column("account_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255)),
        sa.Column("person_id", sa.String(64)),
        sa.Column("org_unit_id", sa.String(64)),
        sa.Column("procuratorate_id", sa.String(64)),
        sa.Column("sso_subject", sa.String(255), unique=True),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("failed_signins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime),
        sa.Column("last_signin_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "kpi_account_role",
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("kpi_account.account_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("role", sa.String(32), primary_key=True),
    )
    op.create_table(
        "kpi_audit_log",
        sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("actor", sa.String(128), nullable=False, index=True),
        sa.Column("actor_account_id", sa.Integer),
        sa.Column("action", sa.String(48), nullable=False, index=True),
        sa.Column("outcome", sa.String(24), nullable=False),
        sa.Column("target", sa.String(255)),
        sa.Column("rows", sa.Integer),
        sa.Column("detail", sa.Text),
    )
    op.create_table(
        "kpi_procuratorate_setting",
        sa.Column("procuratorate_id", sa.String(64), primary_key=True),
        sa.Column("publish_unit_results", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
    )
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": APPEND_ONLY_SQLITE, "postgresql": APPEND_ONLY_POSTGRESQL}
    for statement in statements.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS kpi_audit_log_no_truncate ON kpi_audit_log")
        op.execute("DROP TRIGGER IF EXISTS kpi_audit_log_append_only ON kpi_audit_log")
        op.execute("DROP FUNCTION IF EXISTS kpi_audit_log_append_only()")
    op.drop_table("kpi_procuratorate_setting")
    op.drop_table("kpi_audit_log")
    op.drop_table("kpi_account_role")
    op.drop_table("kpi_account")
