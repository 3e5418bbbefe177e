"""The KPI spec language, as pydantic models.

A liaison writes one YAML file per department and version. The models here are the
schema (exported as JSON Schema for editors); the scoring library (the ``scoring`` package,
a layer above this one: it imports specs, never the reverse) turns a validated spec into
DuckDB SQL. Rule semantics live only there.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kpi_warehouse.specs.rule_models import Rule

IDENT = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    # .nan and .inf are never a liaison's number (a cap of .inf, a weight of .nan).
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
    clause: str = Field("", description="the standards-document clause it quantifies")
    consequences: list[str] = Field(
        default_factory=list,
        description="what the grade entails (诫勉谈话, 不享受年度考核奖金 …): shown in its note",
    )


class Condition(_Strict):
    """A fact about an appraisee in the period, used by vetoes and eligibility rules.

    Either records: at least ``at_least`` (default 1) records of ``source`` (of ``kinds``, of
    ``levels``) dated in the period; or an attribute: the appraisee's ``attribute`` is one of
    ``values``; or ``hired_within_days``: hired fewer than N days before the period ends.
    """

    name: str = Field(description="what the scorecard says, e.g. 旷工超过2个工作日")
    source: str | None = None
    kinds: list[str] | None = None
    levels: list[str] | None = None
    at_least: float = Field(1, gt=0)
    attribute: str | None = None
    values: list[str] | None = None
    hired_within_days: int | None = Field(None, ge=1)
    clause: str = Field("", description="the standards-document clause it quantifies")

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [
            self.source is not None,
            self.attribute is not None,
            self.hired_within_days is not None,
        ]
        if sum(tests) != 1:
            raise ValueError("give exactly one of 'source', 'attribute' or 'hired_within_days'")
        if self.attribute is not None and not self.values:
            raise ValueError("'attribute' needs 'values'")
        return self


class Veto(Condition):
    """One-vote veto (一票否决): the total becomes 0 and/or the grade is capped."""

    zero_score: bool = False
    grade_cap: str | None = Field(None, description="the best grade still possible")


class ForcedGrade(Condition):
    grade: str


class PayAs(Condition):
    """The grade stands (and uses its quota place) but is paid as another grade."""

    grade: str
    pay_as: str


class NotGraded(Condition):
    """Not graded, not in the quota headcount, paid pro rata (``payouts.not_graded_pro_rata``)
    — unless one of ``no_payout_if`` holds too: then nothing is paid ("awaiting retirement:
    the fixed 称职 bonus, if there was no violation")."""

    no_payout_if: list[Condition] = Field(
        default_factory=list, description="conditions that withhold the pro-rata payout"
    )


class Eligibility(_Strict):
    not_graded: list[NotGraded] = Field(
        default_factory=list,
        description="no grade and not in the quota headcount; paid pro rata (e.g. retired)",
    )
    undetermined: list[Condition] = Field(
        default_factory=list, description="grade not determined (不确定等次)"
    )
    forced: list[ForcedGrade] = Field(default_factory=list)
    pay_as: list[PayAs] = Field(default_factory=list)


class QuotaShare(_Strict):
    share: float = Field(gt=0, le=1, description="at most this share of the headcount")
    max_count: int | None = Field(None, ge=0, description="and at most this many")


class Quotas(_Strict):
    """Caps per grade within each group. [interp, DIGEST §B] The headcount is the group's
    graded appraisees (forced grades included, undetermined not); the cap is
    floor(headcount × share); forced grades are set first; then from the top grade down the
    lowest-scored overflow drops one grade; equal scores at the cut that do not all fit all
    drop."""

    within: list[str] = Field(default_factory=lambda: ["org_unit_id", "category"])
    grades: dict[str, QuotaShare]
    clause: str = Field("", description="the standards-document clause it quantifies")


QuotaSets = Quotas | list[Quotas]
"""One set of quotas, or several with different groupings, applied in the order listed
(each from the top grade down): "优秀 within 18 % of the headcount AND at most one per
category" is ``[{within: [category], …max_count: 1}, {within: [org_unit_id], …share: 0.18}]``.
[interp] List the finer grouping first: for groupings nested in one another that gives what
filling the places by score under both caps would give."""


def quota_sets(quotas: QuotaSets | None) -> list[Quotas]:
    """The quota sets of a spec or roll-up, in the order they apply."""
    if quotas is None:
        return []
    return quotas if isinstance(quotas, list) else [quotas]


class Payouts(_Strict):
    amounts: dict[str, Annotated[float, Field(ge=0)]] = Field(description="per period, by grade")
    not_graded_pro_rata: str | None = Field(
        None,
        description="grade whose amount a not-graded appraisee gets × months served ÷ months",
    )
    clause: str = Field("", description="the standards-document clause it quantifies")


def _check_bands(grades: list[Grade]) -> None:
    mins = [g.min for g in grades]
    if mins[-1] is not None or any(m is None for m in mins[:-1]):
        raise ValueError("every grade but the last needs 'min'; the last takes the rest")
    if mins[:-1] != sorted(mins[:-1], reverse=True):
        raise ValueError("grades must be listed from the highest down")


class GradeCount(_Strict):
    """At least ``at_least`` sub-period results of ``grade`` (e.g. 3 quarterly 优秀)."""

    grade: str
    at_least: int = Field(ge=1)


class Choice(Condition):
    """A grade chosen outside the scores — by a committee — arriving as an input record
    (the condition: e.g. a ``committee_annual_excellent`` record in the roll-up period).

    It applies only to a candidate: an appraisee with ``candidates`` sub-period results
    (e.g. at least one quarterly 优秀); a choice of anyone else is not applied and the grade
    note says so. An applied choice sets the band, so it is checked like any band: vetoes
    still cap it, and the quotas apply to it (the lowest-scored overflow drops one grade).
    """

    grade: str
    candidates: GradeCount | None = Field(
        None, description="sub-period results a candidate needs, e.g. {grade: 优秀, at_least: 1}"
    )


class Consecutive(_Strict):
    """A consequence of the same roll-up grade in ``times`` consecutive roll-up periods
    ("two consecutive annual 不称职 → dismissal"), shown in the grade note of the last.
    Only periods scored together count: the build scores every year, a preview only the
    one asked for."""

    grade: str
    times: int = Field(2, ge=2)
    consequence: str = Field(description="e.g. 予以辞退")
    clause: str = Field("", description="the standards-document clause it quantifies")


class RollupRule(_Strict):
    """A forced grade of the roll-up: ``grade`` when ``when`` holds (see :class:`Rollup`)."""

    grade: str
    when: GradeCount
    clause: str = Field("", description="the standards-document clause it quantifies")


class Rollup(_Strict):
    """The longer period built from this spec's results (annual from quarterly).

    A roll-up is graded exactly as a period is, from its own total and conditions:

    - total: the mean of the sub-period totals;
    - grades: bands on that total (``min: 0`` where the grade has no score threshold);
      requires: a band needs so many sub-period grades, otherwise it drops one grade;
    - rules: forced grades on the sub-period grades (two quarterly 不称职 → 不称职); they
      combine with ``eligibility.forced`` as forced grades of a period combine: when several
      hold, the worst wins;
    - vetoes, eligibility (conditions tested over the whole roll-up period) and quotas: as for
      a period, with the same precedence: not graded > forced > undetermined > bands and caps.
    """

    period: Literal["half_year", "year"] = "year"
    total: Literal["mean"] = "mean"
    clause: str = Field("", description="the standards-document clause it quantifies")
    grades: list[Grade] = Field(min_length=1)
    requires: dict[str, GradeCount] = Field(default_factory=dict)
    rules: list[RollupRule] = Field(default_factory=list)
    consecutive: list[Consecutive] = Field(
        default_factory=list,
        description="consequences of one grade in consecutive roll-up periods",
    )
    chosen: list[Choice] = Field(
        default_factory=list,
        description="grades chosen by a committee (an input), applied to candidates only, "
        "then checked against vetoes and quotas like a band",
    )
    vetoes: list[Veto] = Field(default_factory=list)
    eligibility: Eligibility = Field(
        default_factory=Eligibility,
        description="not_graded, undetermined and forced grades of the roll-up period "
        "(conditions tested over the whole roll-up period); pay_as does not apply",
    )
    quotas: QuotaSets | None = None

    @model_validator(mode="after")
    def _no_pay_as(self) -> Rollup:
        if self.eligibility.pay_as:
            raise ValueError("a roll-up has no payouts: pay_as does not apply to it")
        return self

    @property
    def grade_names(self) -> list[str]:
        return [g.grade for g in self.grades]


class Appeals(_Strict):
    """How long an appraisee may appeal a published result and how long the appraisal
    office has to answer (Template 15: within 10 days of notice, answered within 10 days)."""

    window_days: int = Field(
        10, ge=1, le=90, description="days after the period's publication to file an appeal"
    )
    answer_days: int = Field(
        10, ge=1, le=90, description="days after filing within which the answer is due"
    )


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
    max_total: float | None = Field(
        None,
        gt=0,
        description="the highest total the standards allow, bonus points included; default 100 "
        "when the top grade's min is between 50 and 100 (bands on a 100-point scale). The "
        "loader refuses a spec whose "
        "indicators at their maxima can pass it (weights that let totals pass 100)",
    )
    grades: list[Grade] = Field(min_length=1)
    vetoes: list[Veto] = Field(default_factory=list)
    eligibility: Eligibility = Field(default_factory=Eligibility)
    quotas: QuotaSets | None = None
    payouts: Payouts | None = None
    rollup: Rollup | None = None
    appeals: Appeals = Field(default_factory=Appeals)

    @property
    def grade_names(self) -> list[str]:
        return [g.grade for g in self.grades]

    @model_validator(mode="after")
    def _consistent(self) -> Spec:
        ids = [i.id for i in self.indicators]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate indicator ids: {', '.join(dupes)}")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        _check_bands(self.grades)
        if self.rollup:
            _check_bands(self.rollup.grades)
        names = set(self.grade_names)
        named = [v.grade_cap for v in self.vetoes if v.grade_cap]
        named += [f.grade for f in self.eligibility.forced]
        named += [g for p in self.eligibility.pay_as for g in (p.grade, p.pay_as)]
        named += [g for q in quota_sets(self.quotas) for g in q.grades]
        named += list(self.payouts.amounts) if self.payouts else []
        if self.payouts and self.payouts.not_graded_pro_rata:
            named.append(self.payouts.not_graded_pro_rata)
        unknown = sorted({g for g in named if g not in names})
        if self.rollup:
            annual = set(self.rollup.grade_names)
            wanted = [*self.rollup.requires, *(r.grade for r in self.rollup.rules)]
            wanted += [v.grade_cap for v in self.rollup.vetoes if v.grade_cap]
            wanted += [g for q in quota_sets(self.rollup.quotas) for g in q.grades]
            rolled = self.rollup.eligibility
            wanted += [f.grade for f in rolled.forced]
            wanted += [c.grade for c in self.rollup.chosen]
            wanted += [c.grade for c in self.rollup.consecutive]
            unknown += sorted({g for g in wanted if g not in annual})
            counted = [c.grade for c in self.rollup.requires.values()]
            counted += [r.when.grade for r in self.rollup.rules]
            counted += [c.candidates.grade for c in self.rollup.chosen if c.candidates]
            unknown += sorted({g for g in counted if g not in names})
        if unknown:
            raise ValueError(
                f"unknown grade(s) {', '.join(unknown)}; "
                f"the grades are {', '.join(self.grade_names)}"
            )
        return self
