"""Streamlit dashboard over the published read-only KPI snapshot."""
