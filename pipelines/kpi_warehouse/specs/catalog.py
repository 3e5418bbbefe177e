"""The conformed fact sources a spec may name, and the kinds each carries.

One catalogue, ``dbt_project/seeds/fact_kinds.csv``, lists every (source, kind) with its
Chinese label. dbt loads it as the seed ``fact_kinds`` (read by the conformed fact models
for their detail texts and published as ``dim_fact_kind``); this module reads the same file
for the spec loader. A technician who adds a data item adds its staging model, its branch
in the conformed facts (``int_facts__*``) and its rows in that file.

Rows with ``seed_scheme_kind = true`` are kinds used by the reference specs in
``kpi_specs/schemes/`` (Meiling, Shinan, Template 15; DIGEST §B–§D) that the demo
procuratorate does not record: they are valid in any spec, but the conformed facts have no
branch for them until a technician adds one (and its staging model).
"""

from __future__ import annotations

import csv
from pathlib import Path

FACT_KINDS_CSV = Path(__file__).resolve().parents[3] / "dbt_project" / "seeds" / "fact_kinds.csv"


def _read_catalogue(path: Path) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """(every source's kinds with labels, the seed schemes' kinds only), in file order."""
    sources: dict[str, dict[str, str]] = {}
    seed_scheme_kinds: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            source, kind, label = row["source"], row["kind"], row["kind_label"]
            sources.setdefault(source, {})[kind] = label
            if row["seed_scheme_kind"].strip().lower() == "true":
                seed_scheme_kinds.setdefault(source, {})[kind] = label
    return sources, seed_scheme_kinds


SOURCES: dict[str, dict[str, str]]
SEED_SCHEME_KINDS: dict[str, dict[str, str]]
SOURCES, SEED_SCHEME_KINDS = _read_catalogue(FACT_KINDS_CSV)

# Attributes of an appraisee that a spec's population and rank_within may use.
PERSON_ATTRIBUTES = (
    "person_id",
    "org_unit_id",
    "procuratorate_id",
    "dept_key",
    "post",
    "category",
    "status",
)
ORG_UNIT_ATTRIBUTES = ("org_unit_id", "procuratorate_id", "dept_key", "unit_kind")
