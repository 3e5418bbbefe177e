"""Closed periods: which periods are closed, by whom, and the archive of their results.

One row per period ever closed (its current state); every close and reopen is also a row of
the append-only ``kpi_record_history`` (table ``kpi_closed_period``) and a line of the audit
log.

Revision ID: 0006_closed_periods
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_closed_periods"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kpi_closed_period",
        sa.Column("period_id", sa.String(32), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),  # closed / reopened
        sa.Column("closed_at", sa.DateTime, nullable=False),
        sa.Column("closed_by", sa.String(128), nullable=False),
        sa.Column("archive_file", sa.String(255), nullable=False),
        sa.Column("archive_sha256", sa.String(64), nullable=False),
        sa.Column("results_digest", sa.Text, nullable=False),  # JSON: mart -> rows, md5
        sa.Column("spec_versions", sa.Text, nullable=False),  # JSON: spec_id@from -> ...
        sa.Column("reopened_at", sa.DateTime),
        sa.Column("reopened_by", sa.String(128)),
        sa.Column("reopen_reason", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("kpi_closed_period")
