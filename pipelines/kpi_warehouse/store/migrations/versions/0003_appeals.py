"""Period publication and appeals: which periods staff may see (and since when), and the
appeals filed against a published period's results with their written answers.

Revision ID: 0003_appeals
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_appeals"
down_revision = "0002"
branch_labels = None
depends_on = None

# A publication is never changed or withdrawn; an appeal is never deleted and, once
# decided, never changed (its history lives in kpi_record_history as well).
APPEND_ONLY_SQLITE = [
    """CREATE TRIGGER kpi_period_publication_no_update BEFORE UPDATE ON kpi_period_publication
       BEGIN SELECT RAISE(ABORT, 'kpi_period_publication is append-only'); END""",
    """CREATE TRIGGER kpi_period_publication_no_delete BEFORE DELETE ON kpi_period_publication
       BEGIN SELECT RAISE(ABORT, 'kpi_period_publication is append-only'); END""",
    """CREATE TRIGGER kpi_appeal_no_delete BEFORE DELETE ON kpi_appeal
       BEGIN SELECT RAISE(ABORT, 'kpi_appeal rows are never deleted'); END""",
    """CREATE TRIGGER kpi_appeal_decided_final BEFORE UPDATE ON kpi_appeal
       WHEN OLD.status <> 'pending'
       BEGIN SELECT RAISE(ABORT, 'a decided kpi_appeal is final'); END""",
]
APPEND_ONLY_POSTGRESQL = [
    """CREATE FUNCTION kpi_period_publication_append_only() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'kpi_period_publication is append-only'; END $$""",
    """CREATE TRIGGER kpi_period_publication_append_only BEFORE UPDATE OR DELETE
       ON kpi_period_publication FOR EACH ROW
       EXECUTE FUNCTION kpi_period_publication_append_only()""",
    """CREATE FUNCTION kpi_appeal_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'kpi_appeal rows are never deleted'; END IF;
         IF OLD.status <> 'pending' THEN RAISE EXCEPTION 'a decided kpi_appeal is final'; END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER kpi_appeal_guard BEFORE UPDATE OR DELETE ON kpi_appeal
       FOR EACH ROW EXECUTE FUNCTION kpi_appeal_guard()""",
]


def upgrade() -> None:
    op.create_table(
        "kpi_period_publication",
        sa.Column("period_id", sa.String(32), primary_key=True),
        sa.Column("published_at", sa.DateTime, nullable=False),
        sa.Column("published_by", sa.String(128), nullable=False),
        sa.Column("published_by_account_id", sa.Integer),
    )
    op.create_table(
        "kpi_appeal",
        sa.Column("appeal_id", sa.String(32), primary_key=True),
        sa.Column("period_id", sa.String(32), nullable=False, index=True),
        sa.Column("person_id", sa.String(64), nullable=False, index=True),
        sa.Column("filed_by", sa.String(128), nullable=False),
        sa.Column("filed_by_account_id", sa.Integer),
        sa.Column("indicator_id", sa.String(64)),
        sa.Column("spec_id", sa.String(64)),
        sa.Column("spec_version", sa.String(32)),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("attachment_name", sa.String(255)),
        sa.Column("attachment_type", sa.String(128)),
        sa.Column("attachment", sa.LargeBinary),
        sa.Column("filed_at", sa.DateTime, nullable=False),
        sa.Column("window_closes", sa.Date, nullable=False),
        sa.Column("answer_due", sa.Date, nullable=False),
        sa.Column("before_json", sa.Text),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending", index=True),
        sa.Column("answer", sa.Text),
        sa.Column("decided_by", sa.String(128)),
        sa.Column("decided_by_person", sa.String(64)),
        sa.Column("decided_by_account_id", sa.Integer),
        sa.Column("decided_at", sa.DateTime),
        sa.Column("correction_kind", sa.String(16)),
        sa.Column("correction_id", sa.String(64)),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": APPEND_ONLY_SQLITE, "postgresql": APPEND_ONLY_POSTGRESQL}
    for statement in statements.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS kpi_appeal_guard ON kpi_appeal")
        op.execute("DROP FUNCTION IF EXISTS kpi_appeal_guard()")
        op.execute(
            "DROP TRIGGER IF EXISTS kpi_period_publication_append_only ON kpi_period_publication"
        )
        op.execute("DROP FUNCTION IF EXISTS kpi_period_publication_append_only()")
    op.drop_table("kpi_appeal")
    op.drop_table("kpi_period_publication")
