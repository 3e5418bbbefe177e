"""The KPI spec language, as pydantic models.

A liaison writes one YAML file per department and version. The models here are the
schema (exported as JSON Schema for editors); :mod:`kpi_warehouse.scoring` turns a
validated spec into DuckDB SQL. Rule semantics live only in the scoring package.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kpi_warehouse.specs.rule_models import Rule

IDENT = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Strict):
    id: str = Field(pattern=IDENT, description="identifier used in the score formula")
    name: str = Field(description="the indicator's name as the scorecard shows it")
    clause: str = Field("", description="the standards-document clause it quantifies")
    source: str = Field(description="conformed fact source, e.g. office.attendance")
    kinds: list[str] | None = Field(None, description="fact kinds counted; default all")
    rule: Rule


class Grade(_Strict):
    grade: str
    min: float | None = Field(None, description="lowest total for this grade; none = any")


class Spec(_Strict):
    spec_id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    version: str
    title: str
    appraisee: Literal["person", "org_unit"] = "person"
    period: Literal["month", "quarter", "half_year", "year"] = "quarter"
    effective_from: date
    effective_to: date | None = None
    population: dict[str, list[str]] = Field(
        default_factory=dict,
        description="appraisee attribute → allowed values, e.g. dept_key: [gongsu]",
    )
    categories: list[str] = Field(default_factory=list)
    rank_within: list[str] = Field(default_factory=lambda: ["org_unit_id", "category"])
    indicators: list[Indicator] = Field(min_length=1)
    score: str | None = Field(None, description="formula over indicator ids; default: their sum")
    grades: list[Grade] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Spec:
        ids = [i.id for i in self.indicators]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate indicator ids: {', '.join(dupes)}")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        mins = [g.min for g in self.grades]
        if mins[-1] is not None or any(m is None for m in mins[:-1]):
            raise ValueError("every grade but the last needs 'min'; the last takes the rest")
        if mins[:-1] != sorted(mins[:-1], reverse=True):
            raise ValueError("grades must be listed from the highest down")
        return self
