"""The dashboard's drill-down statements that the benchmark times too (one definition).

Each runs through the scope layer (``scope.query``) with ``?`` parameters.
"""

# The source records behind one indicator score (parameter: indicator_score_id).
EVIDENCE_SQL = """
    SELECT a.activity_date, a.source_system, a.source_table, a.source_key,
           coalesce(a.kind_label, a.kind) AS kind,
           a.level, a.quantity, a.share, a.detail, e.points
    FROM fct_evidence e
    JOIN fct_activity a ON a.activity_id = e.activity_id
    WHERE e.indicator_score_id = ?
    ORDER BY a.activity_date, a.source_system, a.source_table, a.source_key
"""
