"""The leaders' pages' parts (issue 13): periods compared, changes, trends, counterparts,
unit rankings, quota use, payouts and the quarterly appraisal form (scorecard export)."""
