"""Rating campaigns (360) with their ballots, and weekly work journals with their reviews.

Revision ID: 0004_ratings_journals
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_ratings_journals"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kpi_rating_campaign",
        sa.Column("campaign_id", sa.String(32), primary_key=True),
        sa.Column("period_id", sa.String(16), nullable=False, index=True),
        sa.Column("org_unit_id", sa.String(64), nullable=False, index=True),
        sa.Column("procuratorate_id", sa.String(64), nullable=False),
        sa.Column("spec_id", sa.String(64), nullable=False),
        sa.Column("indicator_id", sa.String(64), nullable=False),
        sa.Column("levels", sa.Text, nullable=False),  # JSON: rater level -> maximum points
        sa.Column("scale", sa.Text),  # JSON: choice label -> points; NULL = a number 0..max
        sa.Column("deadline", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),  # open / closed
        sa.Column("opened_by", sa.String(128), nullable=False),
        sa.Column("opened_at", sa.DateTime, nullable=False),
        sa.Column("closed_by", sa.String(128)),
        sa.Column("closed_at", sa.DateTime),
    )
    op.create_table(
        "kpi_rating_assignment",
        sa.Column(
            "campaign_id",
            sa.String(32),
            sa.ForeignKey("kpi_rating_campaign.campaign_id"),
            primary_key=True,
        ),
        sa.Column("rater_id", sa.String(64), primary_key=True),
        sa.Column("ratee_id", sa.String(64), primary_key=True),
        sa.Column("rater_level", sa.String(48), nullable=False),
    )
    op.create_table(
        "kpi_rating_ballot",
        sa.Column(
            "campaign_id",
            sa.String(32),
            sa.ForeignKey("kpi_rating_campaign.campaign_id"),
            primary_key=True,
        ),
        sa.Column("rater_id", sa.String(64), primary_key=True),
        sa.Column("ratee_id", sa.String(64), primary_key=True),
        sa.Column("choice", sa.String(32)),  # the scale's label, NULL when abstained/numeric
        sa.Column("score", sa.Float),  # points; NULL = abstained
        sa.Column("abstained", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("cast_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    # The journals are a system of record of the build (dbt source ``app``): the demo
    # generator writes the same columns into a fresh app.sqlite (demo/schema.py), so a table
    # already there is left as it is. Timestamps are ISO text, as in the tables the build
    # extracts.
    if "kpi_journal" not in existing:
        op.create_table(
            "kpi_journal",
            sa.Column("journal_id", sa.String(32), primary_key=True),
            sa.Column("person_id", sa.String(64), nullable=False),
            sa.Column("week_start", sa.String(10), nullable=False),  # ISO date of the Monday
            sa.Column("content", sa.Text),
            sa.Column("self_score", sa.Float),  # NULL = excused, not (yet) back-filled
            sa.Column("excuse", sa.String(16)),  # trip / leave / holiday, set by a reviewer
            sa.Column("excused_by", sa.String(64)),
            sa.Column("submitted_at", sa.Text),
            sa.Column("updated_at", sa.Text, nullable=False),
            sa.UniqueConstraint("person_id", "week_start"),
        )
    if "kpi_journal_review" not in existing:
        op.create_table(
            "kpi_journal_review",
            sa.Column("journal_id", sa.String(32), primary_key=True),
            sa.Column("level", sa.String(32), primary_key=True),
            sa.Column("reviewer_id", sa.String(64), nullable=False),
            sa.Column("score", sa.Float, nullable=False),
            sa.Column("comment", sa.Text),
            sa.Column("reviewed_at", sa.Text, nullable=False),
        )


def downgrade() -> None:
    for table in (
        "kpi_journal_review",
        "kpi_journal",
        "kpi_rating_ballot",
        "kpi_rating_assignment",
        "kpi_rating_campaign",
    ):
        op.drop_table(table)
