"""Deterministic demo source systems: a city procuratorate and four districts."""
