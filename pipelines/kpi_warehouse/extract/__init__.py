"""Extraction from the systems of record into the warehouse's ``raw`` schema."""
