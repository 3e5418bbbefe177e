"""Indicator rules of the spec language: one pydantic model per rule type.

Their semantics (the SQL) live in :mod:`kpi_warehouse.scoring.rules`; a new rule type adds
its model here, its compiler there, and a line to :data:`Rule`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PerItem(_Strict):
    """Points per matching record, optionally by level, with a cap.

    ``once_per_event``: records sharing an ``event_key`` count once, at their highest-scoring
    level. ``collective_factor``: a collective honour gives each member this share (½).
    Joint items are split by the record's ``share`` (1 / number of co-authors).
    """

    type: Literal["per_item"] = "per_item"
    points: float | None = Field(None, description="points per record when no level applies")
    by_level: dict[str, float] | None = Field(None, description="points per record by level")
    max: float | None = Field(None, description="cap on the indicator's points")
    once_per_event: bool = False
    collective_factor: float = Field(1.0, ge=0, le=1)

    @model_validator(mode="after")
    def _points_or_levels(self) -> PerItem:
        if (self.points is None) == (self.by_level is None):
            raise ValueError("give exactly one of 'points' or 'by_level'")
        return self


class Deduct(_Strict):
    """Start from a default and deduct per record of each kind; floor at ``floor``.

    ``zero_if``: the indicator scores 0 once a kind's count reaches the threshold.
    """

    type: Literal["deduct"] = "deduct"
    start: float = Field(description="the default (full) score")
    per: dict[str, float] = Field(description="points deducted per record, by kind")
    zero_if: dict[str, float] = Field(default_factory=dict)
    floor: float = 0.0


class Direct(_Strict):
    """A score entered directly (reviewed manual entry): the sum of values, clamped."""

    type: Literal["direct"] = "direct"
    max: float
    min: float = 0.0


class RateBands(_Strict):
    """Band points on a rate computed per month, then the mean over the period's months.

    rate = records of ``numerator`` kinds ÷ records of ``denominator`` kinds, in a month.
    ``bands``: ``[[min_rate, points], ...]`` from the highest; below all → ``otherwise``.
    """

    type: Literal["rate_bands"] = "rate_bands"
    numerator: list[str]
    denominator: list[str]
    bands: list[tuple[float, float]]
    otherwise: float = 0.0

    @field_validator("bands")
    @classmethod
    def _descending(cls, bands: list[tuple[float, float]]) -> list[tuple[float, float]]:
        rates = [b[0] for b in bands]
        if rates != sorted(rates, reverse=True):
            raise ValueError("bands must be listed from the highest rate down")
        return bands


class MeanValue(_Strict):
    """The mean of the records' values, times ``scale``, capped at ``max``."""

    type: Literal["mean_value"] = "mean_value"
    scale: float = 1.0
    max: float | None = None
    missing: float = 0.0


Rule = Annotated[PerItem | Deduct | Direct | RateBands | MeanValue, Field(discriminator="type")]
