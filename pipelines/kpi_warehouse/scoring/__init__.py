"""The scoring library: the one place where rule semantics live.

:func:`kpi_warehouse.scoring.engine.score` turns validated specs into DuckDB SQL and runs it
against conformed activity facts. The pipeline's dbt Python models and the ``kpi score``
CLI both call it: one implementation, two entry points.
"""
