"""KPI warehouse: specs, extraction, scoring, publishing."""
