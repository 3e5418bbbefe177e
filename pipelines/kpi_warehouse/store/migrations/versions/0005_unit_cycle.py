"""The unit appraisal cycle (上级院对口部门考核): cycles, their items and per-indicator scores.

Revision ID: 0005_unit_cycle
Revises: 0002
Create Date: 2026-11-29

The tables are a system of record of the build (dbt source ``app``), so the demo generator
writes the same columns into a fresh ``app.sqlite`` (``demo/schema.py``); a table that is
already there is left as it is. Their history lives in ``kpi_record_history`` (append-only).
Timestamps and dates are ISO text, as in the other tables the build extracts.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_unit_cycle"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("kpi_unit_cycle", "kpi_unit_cycle_item", "kpi_unit_cycle_score")


def _columns(table: str) -> list[sa.Column]:
    text, num = sa.Text, sa.Float
    if table == "kpi_unit_cycle":
        return [
            sa.Column("cycle_id", sa.String(64), primary_key=True),
            sa.Column("procuratorate_id", sa.String(64), nullable=False),  # the upper unit
            sa.Column("period_id", sa.String(16), nullable=False),
            sa.Column("period_start", text, nullable=False),
            sa.Column("period_end", text, nullable=False),
            sa.Column("status", sa.String(16), nullable=False),  # open / published
            sa.Column("opened_by", text, nullable=False),
            sa.Column("opened_at", text, nullable=False),
            sa.Column("published_by", text),
            sa.Column("published_at", text),
            sa.Column("updated_at", text, nullable=False),
        ]
    if table == "kpi_unit_cycle_item":
        return [
            sa.Column("item_id", sa.String(64), primary_key=True),
            sa.Column("cycle_id", sa.String(64), nullable=False, index=True),
            sa.Column("spec_id", sa.String(64), nullable=False),
            sa.Column("org_unit_id", sa.String(64), nullable=False),  # the lower department
            sa.Column("scorer_unit_id", sa.String(64), nullable=False),  # its upper counterpart
            # draft / submitted / scored / returned / accepted
            sa.Column("status", sa.String(16), nullable=False),
            sa.Column("submitted_by", text),
            sa.Column("submitted_person", text),
            sa.Column("submitted_at", text),
            sa.Column("scored_by", text),
            sa.Column("scored_person", text),
            sa.Column("scored_at", text),
            sa.Column("reviewed_by", text),
            sa.Column("reviewed_at", text),
            sa.Column("review_note", text),
            sa.Column("updated_at", text, nullable=False),
        ]
    return [
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("indicator_id", sa.String(64), primary_key=True),
        sa.Column("indicator_name", text, nullable=False),
        sa.Column("max_points", num, nullable=False),
        sa.Column("sort_order", sa.Integer, nullable=False),
        sa.Column("self_score", num),
        sa.Column("self_note", text),
        sa.Column("score", num),
        sa.Column("score_note", text),
        sa.Column("updated_at", text, nullable=False),
    ]


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for table in TABLES:
        if table not in existing:
            op.create_table(table, *_columns(table))


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
