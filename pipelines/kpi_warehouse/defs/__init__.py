"""Dagster definitions, grouped by layer: raw extraction, dbt, publishing."""
