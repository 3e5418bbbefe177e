"""The campaigns' and journals' tables (created by migration 0004_ratings_journals)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

campaign_t = sa.Table(
    "kpi_rating_campaign",
    metadata,
    sa.Column("campaign_id", sa.String(32), primary_key=True),
    sa.Column("period_id", sa.String(16)),
    sa.Column("org_unit_id", sa.String(64)),
    sa.Column("procuratorate_id", sa.String(64)),
    sa.Column("spec_id", sa.String(64)),
    sa.Column("indicator_id", sa.String(64)),
    sa.Column("levels", sa.Text),
    sa.Column("scale", sa.Text),
    sa.Column("deadline", sa.DateTime),
    sa.Column("status", sa.String(16)),
    sa.Column("opened_by", sa.String(128)),
    sa.Column("opened_at", sa.DateTime),
    sa.Column("closed_by", sa.String(128)),
    sa.Column("closed_at", sa.DateTime),
)

assignment_t = sa.Table(
    "kpi_rating_assignment",
    metadata,
    sa.Column("campaign_id", sa.String(32), primary_key=True),
    sa.Column("rater_id", sa.String(64), primary_key=True),
    sa.Column("ratee_id", sa.String(64), primary_key=True),
    sa.Column("rater_level", sa.String(48)),
)

ballot_t = sa.Table(
    "kpi_rating_ballot",
    metadata,
    sa.Column("campaign_id", sa.String(32), primary_key=True),
    sa.Column("rater_id", sa.String(64), primary_key=True),
    sa.Column("ratee_id", sa.String(64), primary_key=True),
    sa.Column("choice", sa.String(32)),
    sa.Column("score", sa.Float),
    sa.Column("abstained", sa.Boolean),
    sa.Column("cast_at", sa.DateTime),
    sa.Column("updated_at", sa.DateTime),
)

journal_t = sa.Table(
    "kpi_journal",
    metadata,
    sa.Column("journal_id", sa.String(32), primary_key=True),
    sa.Column("person_id", sa.String(64)),
    sa.Column("week_start", sa.String(10)),
    sa.Column("content", sa.Text),
    sa.Column("self_score", sa.Float),
    sa.Column("excuse", sa.String(16)),
    sa.Column("excused_by", sa.String(64)),
    sa.Column("submitted_at", sa.Text),  # ISO text (the build extracts this table)
    sa.Column("updated_at", sa.Text),
)

review_t = sa.Table(
    "kpi_journal_review",
    metadata,
    sa.Column("journal_id", sa.String(32), primary_key=True),
    sa.Column("level", sa.String(32), primary_key=True),
    sa.Column("reviewer_id", sa.String(64)),
    sa.Column("score", sa.Float),
    sa.Column("comment", sa.Text),
    sa.Column("reviewed_at", sa.Text),
)
