"""KPI specs: the pydantic model of a spec, and loading/validating spec files."""
