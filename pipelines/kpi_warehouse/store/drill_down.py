"""The dashboard's drill-down statements that the benchmark times too (one definition).

Each runs through the scope layer (``scope.query``) with ``?`` or ``$n`` parameters.
"""

# The source records behind one indicator score (parameter $1: indicator_score_id). The
# digest picks the score's rows by the table's sort order (its zone maps), not by a scan.
EVIDENCE_SQL = """
    SELECT activity_date, source_system, source_table, source_key,
           coalesce(kind_label, kind) AS kind, level, quantity, share, detail, points
    FROM fct_evidence_record
    WHERE score_digest = left(md5($1), 16) AND indicator_score_id = $1
    ORDER BY activity_date, source_system, source_table, source_key
"""
