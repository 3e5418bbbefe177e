"""Indicator rules of the spec language: one pydantic model per rule type.

Their semantics (the SQL) live in the scoring library's ``rules`` module; a new rule type
adds its model here (and to :data:`Rule`), and its compiler to the registry there.

Each model states which fact kinds it names (:meth:`kinds_named`, checked against the source's
catalogue by the loader), which it reads when the indicator lists no ``kinds``
(:meth:`kinds_read`, ``None`` = every kind of the source), and the most an indicator can
score under it (:attr:`max_points`, which the compiled SQL uses too).
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Strict(BaseModel):
    # .nan and .inf are never a liaison's number (a cap of .inf, a weight of .nan).
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class _RuleBase(_Strict):
    @property
    def max_points(self) -> float | None:
        """The most an indicator can score under this rule; ``None`` = no maximum.

        The compiled SQL reports it as ``max_points`` and caps by it; the loader checks the
        top grade is reachable with every indicator at it; ``dim_indicator`` publishes it.
        """
        raise NotImplementedError

    @property
    def min_points(self) -> float | None:
        """The least an indicator can score under this rule; ``None`` = no minimum. The
        loader uses it to find a score formula that can divide by zero."""
        return 0.0

    def kinds_read(self) -> list[str] | None:
        """Kinds selected when the indicator lists none; ``None`` = all of the source."""
        return None

    def kinds_named(self) -> list[str]:
        """Every kind the rule mentions (the loader checks each exists in the source)."""
        return list(self.kinds_read() or [])


def _unique(values: list[str], what: str) -> list[str]:
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        raise ValueError(f"{what} listed twice: {', '.join(dupes)}")
    return values


class PerItem(_RuleBase):
    """Points per matching record, optionally by level, with a cap.

    A record earns ``points`` (or ``by_level[level]``; an unlisted level earns 0) × its
    ``quantity`` × its ``share`` (a joint item is split: 1 / number of co-authors) × the
    ``collective_factor`` when it is a collective honour (each member gets ½).

    ``once_per_event``: records sharing an ``event_key`` count once, at the record that earns
    the most *after* the share and collective factor are applied (so a collective national
    honour at 5 × ½ = 2.5 loses to an individual city honour at 3 for the same event).
    The sum is capped at ``max``.
    """

    type: Literal["per_item"] = "per_item"
    points: float | None = Field(None, ge=0, description="points per record when no level applies")
    by_level: dict[str, float] | None = Field(None, description="points per record by level")
    max: float | None = Field(None, ge=0, description="cap on the indicator's points")
    once_per_event: bool = False
    collective_factor: float = Field(1.0, ge=0, le=1)

    @field_validator("by_level")
    @classmethod
    def _non_negative(cls, levels: dict[str, float] | None) -> dict[str, float] | None:
        if levels is not None:
            if not levels:
                raise ValueError("by_level needs at least one level")
            bad = [k for k, v in levels.items() if v < 0]
            if bad:
                raise ValueError(
                    f"by_level points must be ≥ 0 (use a deduct rule for deductions): "
                    f"{', '.join(bad)}"
                )
        return levels

    @model_validator(mode="after")
    def _points_or_levels(self) -> PerItem:
        if (self.points is None) == (self.by_level is None):
            raise ValueError("give exactly one of 'points' or 'by_level'")
        return self

    @property
    def max_points(self) -> float | None:
        return self.max


class Deduct(_RuleBase):
    """Start from a default and deduct per record of each kind; floor at ``floor``.

    points = ``start`` − Σ ``per[kind]`` × (quantity of that kind), never below ``floor``.
    ``zero_if``: the indicator scores 0 once a kind's count reaches the threshold.
    """

    type: Literal["deduct"] = "deduct"
    start: float = Field(ge=0, description="the default (full) score")
    per: dict[str, float] = Field(description="points deducted per record, by kind")
    zero_if: dict[str, float] = Field(default_factory=dict)
    floor: float = 0.0

    @field_validator("per")
    @classmethod
    def _positive_deductions(cls, per: dict[str, float]) -> dict[str, float]:
        bad = [k for k, v in per.items() if v < 0]
        if bad:
            raise ValueError(f"deductions must be ≥ 0 (write 1 for −1): {', '.join(bad)}")
        return per

    @field_validator("zero_if")
    @classmethod
    def _positive_thresholds(cls, zero_if: dict[str, float]) -> dict[str, float]:
        bad = [k for k, v in zero_if.items() if v <= 0]
        if bad:
            raise ValueError(f"zero_if thresholds must be > 0: {', '.join(bad)}")
        return zero_if

    @model_validator(mode="after")
    def _floor_below_start(self) -> Deduct:
        if not self.per and not self.zero_if:
            raise ValueError("give at least one kind in 'per' or 'zero_if'")
        if self.floor > self.start:
            raise ValueError(f"floor {self.floor:g} is above start {self.start:g}")
        return self

    @property
    def max_points(self) -> float | None:
        return self.start

    @property
    def min_points(self) -> float | None:
        return min(self.floor, 0.0) if self.zero_if else self.floor

    def kinds_read(self) -> list[str] | None:
        return list(dict.fromkeys([*self.per, *self.zero_if]))


class ConditionalMax(_Strict):
    """The alternative cap of a direct score: applies when no record of ``kinds`` exists."""

    kinds: list[str] = Field(min_length=1, description="e.g. [key_project]")
    max: float = Field(ge=0, description="the cap when the appraisee has none of these records")


class Direct(_RuleBase):
    """A score entered directly (reviewed manual entry): the sum of values, clamped.

    points = Σ value, clamped to [``min``, ``max``]. A negative ``min`` gives a bounded
    adjustment: rewards and penalties (penalties carry negative values) net out and the net
    is clamped, e.g. ``min: -10, max: 10``.

    ``max_without``: a conditional maximum. When the appraisee has no record of
    ``max_without.kinds`` in the period (same source as the indicator, whatever the
    indicator's own ``kinds``), the cap is ``max_without.max`` instead of ``max``:
    "routine work max 50; with no key project routine work is scored out of 90".

    ``split_max``: the cap is shared equally among the appraisee's parts, a part being the
    records sharing an ``event_key`` (a record without one is a part of its own): each part
    is capped at the cap ÷ the number of parts before the parts are summed. "Key projects
    max 40; with two projects, each max 20"; "routine work 50; office work and community
    work, each 25". [interp] With the conditional maximum the parts share that one too
    (no key project, both kinds of routine work: each out of 45).
    """

    type: Literal["direct"] = "direct"
    max: float = Field(ge=0, description="the cap; 0 for penalties only (with a negative min)")
    min: float = 0.0
    max_without: ConditionalMax | None = None
    split_max: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> Direct:
        if self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        if self.max_without is not None and self.min > self.max_without.max:
            raise ValueError(f"min {self.min:g} is above max_without.max {self.max_without.max:g}")
        return self

    @property
    def max_points(self) -> float | None:
        """``max``, or ``max_without.max`` if higher: the conditional cap can be the higher."""
        if self.max_without is None:
            return self.max
        return max(self.max, self.max_without.max)

    @property
    def min_points(self) -> float | None:
        return self.min

    def kinds_named(self) -> list[str]:
        return list(self.max_without.kinds) if self.max_without else []


class RateBands(_RuleBase):
    """Band points on a rate computed per month, then the mean over the period's months.

    rate = records of ``numerator`` kinds ÷ records of ``denominator`` kinds, in a month.
    ``bands``: ``[[min_rate, points], ...]`` from the highest; below all → ``otherwise``.
    """

    type: Literal["rate_bands"] = "rate_bands"
    numerator: list[str] = Field(min_length=1)
    denominator: list[str] = Field(min_length=1)
    bands: list[tuple[float, float]] = Field(min_length=1)
    otherwise: float = 0.0

    @field_validator("bands")
    @classmethod
    def _descending(cls, bands: list[tuple[float, float]]) -> list[tuple[float, float]]:
        rates = [b[0] for b in bands]
        if any(not 0 <= r <= 1 for r in rates):
            raise ValueError("band rates are shares between 0 and 1 (0.9 for 90 %)")
        if any(a <= b for a, b in zip(rates, rates[1:], strict=False)):
            raise ValueError("bands must be listed from the highest rate down, each rate once")
        return bands

    @property
    def max_points(self) -> float | None:
        return max([self.otherwise, *(p for _, p in self.bands)])

    @property
    def min_points(self) -> float | None:
        return min([self.otherwise, *(p for _, p in self.bands)])

    def kinds_read(self) -> list[str] | None:
        return list(dict.fromkeys([*self.numerator, *self.denominator]))


class MeanValue(_RuleBase):
    """The mean of the records' values, times ``scale``, capped at ``max``."""

    type: Literal["mean_value"] = "mean_value"
    scale: float = 1.0
    max: float | None = Field(None, ge=0)
    missing: float = 0.0

    @property
    def max_points(self) -> float | None:
        return self.max

    @property
    def min_points(self) -> float | None:
        return None  # the mean of entered values: any number


class DynamicShare(_RuleBase):
    """Each counted record earns an equal share of ``max``: max ÷ number of sessions held.

    points = ``max`` × (quantity of ``counted`` kinds) ÷ (quantity of ``sessions`` kinds).
    Every record of a ``sessions`` kind is one session the appraisee was invited to (held),
    so ``counted`` must be among ``sessions``: theory study "3 ÷ sessions per session
    confirmed on time; late or missing feedback earns 0" is
    ``{max: 3, counted: [confirmed], sessions: [confirmed, late, absent]}``.

    [interp] A period with no session scores ``if_none``, by default ``max``: the Shinan text
    awards points for sessions missed, so a year without sessions cannot lose any.
    """

    type: Literal["dynamic_share"] = "dynamic_share"
    max: float = Field(ge=0, description="the points for attending every session")
    counted: list[str] = Field(min_length=1, description="kinds that earn a share")
    sessions: list[str] = Field(min_length=1, description="kinds that each mean one session")
    if_none: float | None = Field(None, ge=0, description="points with no session; default max")

    @model_validator(mode="after")
    def _counted_in_sessions(self) -> DynamicShare:
        _unique(self.counted, "counted kinds")
        _unique(self.sessions, "session kinds")
        extra = [k for k in self.counted if k not in self.sessions]
        if extra:
            raise ValueError(
                f"counted kinds must also be session kinds (every counted record is a session "
                f"held): add {', '.join(extra)} to 'sessions'"
            )
        if self.if_none is not None and self.if_none > self.max:
            raise ValueError(f"if_none {self.if_none:g} is above max {self.max:g}")
        return self

    @property
    def max_points(self) -> float | None:
        return self.max

    def kinds_read(self) -> list[str] | None:
        return list(self.sessions)


class RankBands(_RuleBase):
    """Points by the appraisee's rank within a group: "top 25 % → 90, 25–55 % → 80, rest → 70".

    The measure is the ``mean``, ``sum`` or ``count`` (Σ quantity) of the appraisee's records'
    values in the period (higher is better). Within each group (the appraisees sharing the
    ``within`` attributes in the period; default: the spec's ``rank_within``) the rank is
    1 for the best, and equal measures share the best rank of the tie (SQL ``rank()``).
    position = rank ÷ group size; the band is the first ``[share, points]`` with
    position ≤ share.

    [interp, DIGEST §B] The boundary person belongs to the higher band (5th of 20 = 0.25 →
    the 25 % band); ties share the better band (they share the better rank).
    [interp] Appraisees with no record (or only NULL values) are not ranked and do not count
    in the group size, so nobody's band depends on how many colleagues were not rated; they
    score ``missing``, by default the points of the last (lowest) band.
    """

    type: Literal["rank_bands"] = "rank_bands"
    measure: Literal["mean", "sum", "count"] = "mean"
    bands: list[tuple[float, float]] = Field(
        min_length=1, description="[[share, points], ...] by ascending share, ending at 1.0"
    )
    within: list[str] | None = Field(
        None, description="appraisee attributes that form the groups; default rank_within"
    )
    missing: float | None = Field(None, description="points when unranked; default last band")

    @field_validator("bands")
    @classmethod
    def _ascending(cls, bands: list[tuple[float, float]]) -> list[tuple[float, float]]:
        shares = [b[0] for b in bands]
        if any(not 0 < s <= 1 for s in shares):
            raise ValueError("band shares must be in (0, 1]: 0.25 for the top 25 %")
        if any(a >= b for a, b in zip(shares, shares[1:], strict=False)):
            raise ValueError("bands must be listed by ascending share, each share once")
        if shares[-1] != 1.0:
            raise ValueError("the last band must have share 1.0 (everyone else)")
        return bands

    @field_validator("within")
    @classmethod
    def _within_unique(cls, within: list[str] | None) -> list[str] | None:
        return None if within is None else _unique(within, "within attributes")

    @property
    def max_points(self) -> float | None:
        return max([self.missing_points, *(p for _, p in self.bands)])

    @property
    def min_points(self) -> float | None:
        return min([self.missing_points, *(p for _, p in self.bands)])

    @property
    def missing_points(self) -> float:
        """The points of an unranked appraisee: ``missing``, else the last band's."""
        return self.bands[-1][1] if self.missing is None else self.missing


class RaterTiers(_RuleBase):
    """Ratings by rater level: the mean within a level, summed over the levels.

    Facts: one record per rater, ``kind`` = the rater's level, ``value`` = the points that
    rater gave on the level's scale (优秀 7 / 良好 5 / …; the scale is applied upstream).
    points = Σ over ``levels`` of (the mean of that level's values, or the level's maximum
    when no rater of that level rated). Abstentions (NULL values) are ignored; a level whose
    raters all abstained is missing and scores full. "Leader evaluation 3 × 7" is
    ``{levels: {department_head: 7, supervising_leader: 7, section_chief: 7}}``; the
    all-staff evaluation (9, mean of the ratings cast) is ``{levels: {colleague: 9}}``.

    [interp, DIGEST §C] A missing level scores full marks, as the text says: an appraisee
    with no rating at all scores Σ maxima.

    ``rounds``: the evaluation is held once per sub-period (Shinan: end of June and end of
    December, ``rounds: half_year``); each round is scored as above from the ratings dated
    in it, and the period's points are the mean over the period's rounds ("the year = the
    mean of the two"). [interp] Every sub-period inside the period is a round, and a round in
    which nobody rated the appraisee scores full marks, as a missing level does.
    """

    type: Literal["rater_tiers"] = "rater_tiers"
    levels: dict[str, float] = Field(
        min_length=1, description="rater level (fact kind) → that level's maximum points"
    )
    rounds: Literal["month", "quarter", "half_year"] | None = Field(
        None, description="one evaluation per sub-period; the period = mean of the rounds"
    )
    scale: dict[str, float] | None = Field(
        None,
        description="the ballot's choices → points (优秀: 7, 良好: 5 …), best first; without it"
        " a rater gives a number from 0 to the level's maximum",
    )

    @field_validator("levels")
    @classmethod
    def _non_negative(cls, levels: dict[str, float]) -> dict[str, float]:
        bad = [k for k, v in levels.items() if v < 0]
        if bad:
            raise ValueError(f"level maxima must be ≥ 0: {', '.join(bad)}")
        return levels

    @model_validator(mode="after")
    def _scale_within_levels(self) -> RaterTiers:
        if self.scale is not None:
            top = min(self.levels.values())
            bad = [k for k, v in self.scale.items() if v < 0 or v > top]
            if bad or not self.scale:
                raise ValueError(f"scale points must lie in 0..{top:g}: {', '.join(bad)}")
        return self

    @property
    def max_points(self) -> float | None:
        return sum(self.levels.values())

    def kinds_read(self) -> list[str] | None:
        return list(self.levels)


class ReviewedHierarchy(_RuleBase):
    """Weekly journals reviewed up a hierarchy; the highest reviewer's score is final.

    Facts: ``score_kind`` records with ``level`` = the scorer's level, ``event_key`` = the
    goal category, ``activity_date`` = the week's Monday (any day is taken to its week's
    Monday), ``value`` = the score; ``excused_kind`` records on a week = the week is excused
    (official trip, leave, holiday).

    - Per week and goal category the score of the highest level in ``levels`` (listed lowest
      first) that scored is final: an unreviewed level agrees with the level below, i.e.
      the highest level present wins. Several scores at that level are averaged; scores with
      a level not listed, or with no value, are ignored.
    - The week's score = the mean over its goal categories.
    - The period's score = Σ week scores ÷ the weeks that count, where every Monday inside
      the period is a week (or, with ``weeks``, the period counts that many weeks whatever
      its Mondays: "the year has 52 weeks"), and a week with no journal and no excuse
      scores 0.

    [interp] An excused week with no journal is left out of the count; an excused week with a
    (back-filled) journal counts with its score, as the text lets such journals be
    back-filled. A period whose weeks are all excused scores ``if_no_weeks`` (default 0;
    the text is silent, and long absences are the eligibility rules' business).
    """

    type: Literal["reviewed_hierarchy"] = "reviewed_hierarchy"
    levels: list[str] = Field(
        min_length=1,
        description="scorer levels, lowest first, e.g. [self, section_chief, department_head]",
    )
    max: float = Field(ge=0, description="the most a week can score, e.g. 50")
    score_kind: str = "journal_score"
    excused_kind: str = "journal_excused"
    if_no_weeks: float = Field(0.0, ge=0)
    weeks: int | None = Field(
        None,
        ge=1,
        le=53,
        description="the weeks a period counts (e.g. 52 for a year); default: its Mondays",
    )

    @model_validator(mode="after")
    def _consistent(self) -> ReviewedHierarchy:
        _unique(self.levels, "levels")
        if self.score_kind == self.excused_kind:
            raise ValueError("score_kind and excused_kind must differ")
        if self.if_no_weeks > self.max:
            raise ValueError(f"if_no_weeks {self.if_no_weeks:g} is above max {self.max:g}")
        return self

    @property
    def max_points(self) -> float | None:
        return self.max

    def kinds_read(self) -> list[str] | None:
        return [self.score_kind, self.excused_kind]


Rule = Annotated[
    PerItem
    | Deduct
    | Direct
    | RateBands
    | MeanValue
    | DynamicShare
    | RankBands
    | RaterTiers
    | ReviewedHierarchy,
    Field(discriminator="type"),
]

RULE_TYPES: dict[str, type[_RuleBase]] = {
    model.model_fields["type"].default: model for model in get_args(get_args(Rule)[0])
}
"""Rule type tag (``per_item``, …) → its model, derived from :data:`Rule`."""
