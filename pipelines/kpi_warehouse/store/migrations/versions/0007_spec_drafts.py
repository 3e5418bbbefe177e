"""Spec drafts of the liaison workbench: one row per draft (its text and where it stands);
every save, submission and decision is appended to ``kpi_record_history`` (append-only,
0002) with the text before and after.

Revision ID: 0007_spec_drafts
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_spec_drafts"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kpi_spec_draft",
        sa.Column("draft_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("spec_id", sa.String(64), nullable=False, index=True),
        sa.Column("version", sa.String(64), nullable=False),
        # Paths relative to the specs folder (KPI_SPECS_DIR): the file opened, the file the
        # approval writes (the same file for an edit, a new file for a new version).
        sa.Column("base_file", sa.String(255), nullable=False),
        sa.Column("base_sha256", sa.String(64), nullable=False),
        sa.Column("target_file", sa.String(255), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("author", sa.String(128), nullable=False),
        sa.Column("author_account_id", sa.Integer),
        sa.Column("author_person_id", sa.String(64)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("submitted_at", sa.DateTime),
        sa.Column("decided_by", sa.String(128)),
        sa.Column("decided_by_account_id", sa.Integer),
        sa.Column("decided_at", sa.DateTime),
        sa.Column("reason", sa.Text),
        sa.Column("written_sha256", sa.String(64)),
    )


def downgrade() -> None:
    op.drop_table("kpi_spec_draft")
