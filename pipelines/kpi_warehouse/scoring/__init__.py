"""The scoring library: the one place where the semantics of rules and grades live.

It turns validated specs (:mod:`kpi_warehouse.specs`, the layer below, which never imports
this one) into DuckDB SQL:

- ``rules``: each rule type's SQL; ``compiler``: a spec's indicator scores and evidence;
- ``grading``: the one grading path (bands → precedence → quotas → result columns), fed by
  ``period_results`` (a period: the score formula over the indicator points) and
  ``rollup`` (a longer period: the sub-period totals); ``conditions`` and ``quotas`` are its
  parts;
- ``formula``, ``sql``: SQL rendering; ``periods``: period ids.

:mod:`kpi_warehouse.scoring.engine` runs the SQL on a DuckDB connection. The pipeline's dbt
Python models and the liaison's preview (:mod:`kpi_warehouse.preview`, ``kpi score``) both
call it: one implementation, two entry points.
"""
