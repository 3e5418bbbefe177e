"""Every name a spec uses that must exist elsewhere: sources and kinds (the catalogue,
``dbt_project/seeds/fact_kinds.csv``), appraisee attributes, and indicator ids in the score
formula. An unknown name is a located error with the closest known one ("did you mean").
Names are case-sensitive: ``Late`` is not ``late``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kpi_warehouse.specs.catalog import ORG_UNIT_ATTRIBUTES, PERSON_ATTRIBUTES, SOURCES
from kpi_warehouse.specs.formula import FormulaError, formula_names
from kpi_warehouse.specs.model import Condition, Spec
from kpi_warehouse.specs.problems import SpecProblem, did_you_mean, listed

Locate = Callable[[Sequence[str | int]], int | None]
Add = Callable[[list[str | int], str, str], None]


def _attribute(add: Add, loc: list[str | int], key: str, attrs: Sequence[str], what: str) -> None:
    if key in attrs:
        return
    zh, en = did_you_mean(key, attrs)
    add(
        loc,
        f"{what}“{key}”不存在{zh or '，'}可用：{listed(attrs)}",
        f"unknown attribute '{key}'{en or ';'} use one of {listed(attrs)}",
    )


def _source_and_kinds(
    add: Add,
    loc: list[str | int],
    source: str,
    kinds: Sequence[tuple[list[str | int], str]],
) -> None:
    """``source`` must be in the catalogue and each kind (with its location) in the source."""
    known = SOURCES.get(source)
    if known is None:
        zh, en = did_you_mean(source, SOURCES)
        add(
            [*loc, "source"],
            f"数据来源“{source}”不存在{zh or '，'}可用：{listed(SOURCES, 20)}",
            f"unknown source '{source}'{en or ';'} use one of {listed(SOURCES, 20)}",
        )
        return
    seen: set[str] = set()
    for kind_loc, kind in kinds:
        if kind in known or kind in seen:
            continue
        seen.add(kind)
        zh, en = did_you_mean(kind, known)
        add(
            kind_loc,
            f"来源 {source} 没有“{kind}”这类记录{zh or '，'}可用：{listed(known, 20)}",
            f"source {source} has no kind '{kind}'{en or ';'} use one of {listed(known, 20)}",
        )


def _condition(add: Add, loc: list[str | int], cond: Condition, attrs: Sequence[str]) -> None:
    if cond.source is not None:
        kinds = [([*loc, "kinds", i], k) for i, k in enumerate(cond.kinds or [])]
        _source_and_kinds(add, loc, cond.source, kinds)
    if cond.attribute is not None:
        _attribute(add, [*loc, "attribute"], cond.attribute, attrs, "人员属性")


def _kind_locations(n: int, ind_kinds: list[str] | None, rule: object) -> list[tuple[list, str]]:
    """Each kind an indicator names, with the most precise location that can be given."""
    out: list[tuple[list, str]] = [
        (["indicators", n, "kinds", i], k) for i, k in enumerate(ind_kinds or [])
    ]
    for field in ("per", "zero_if", "levels"):
        mapping = getattr(rule, field, None)
        if isinstance(mapping, dict):  # deduct's per / zero_if, rater_tiers' levels
            out += [(["indicators", n, "rule", field, k], k) for k in mapping]
    for field in ("numerator", "denominator", "counted", "sessions"):
        for i, k in enumerate(getattr(rule, field, None) or []):
            out.append((["indicators", n, "rule", field, i], k))
    max_without = getattr(rule, "max_without", None)
    if max_without is not None:
        out += [
            (["indicators", n, "rule", "max_without", "kinds", i], k)
            for i, k in enumerate(max_without.kinds)
        ]
    for field in ("score_kind", "excused_kind"):
        if getattr(rule, field, None):
            out.append((["indicators", n, "rule", field], getattr(rule, field)))
    named = {k for _, k in out}
    out += [(["indicators", n, "rule"], k) for k in rule.kinds_named() if k not in named]  # type: ignore[attr-defined]
    return out


def reference_problems(path: str, locate: Locate, spec: Spec) -> list[SpecProblem]:
    out: list[SpecProblem] = []

    def add(loc: list[str | int], zh: str, en: str) -> None:
        out.append(SpecProblem(path, locate(loc), ".".join(map(str, loc)), zh, en))

    attrs = PERSON_ATTRIBUTES if spec.appraisee == "person" else ORG_UNIT_ATTRIBUTES
    for key in spec.population:
        _attribute(add, ["population", key], key, attrs, "人员属性")
    for i, key in enumerate(spec.rank_within):
        _attribute(add, ["rank_within", i], key, attrs, "排名分组属性")
    for n, ind in enumerate(spec.indicators):
        for i, key in enumerate(getattr(ind.rule, "within", None) or []):
            _attribute(add, ["indicators", n, "rule", "within", i], key, attrs, "排名分组属性")
        _source_and_kinds(
            add, ["indicators", n], ind.source, _kind_locations(n, ind.kinds, ind.rule)
        )
    for n, veto in enumerate(spec.vetoes):
        _condition(add, ["vetoes", n], veto, attrs)
    for part in ("not_graded", "undetermined", "forced", "pay_as"):
        for n, cond in enumerate(getattr(spec.eligibility, part)):
            _condition(add, ["eligibility", part, n], cond, attrs)
    for n, ng in enumerate(spec.eligibility.not_graded):
        for i, cond in enumerate(ng.no_payout_if):
            _condition(add, ["eligibility", "not_graded", n, "no_payout_if", i], cond, attrs)
    if spec.rollup:
        for n, veto in enumerate(spec.rollup.vetoes):
            _condition(add, ["rollup", "vetoes", n], veto, attrs)
        for part in ("not_graded", "undetermined", "forced"):
            for n, cond in enumerate(getattr(spec.rollup.eligibility, part)):
                _condition(add, ["rollup", "eligibility", part, n], cond, attrs)
        for n, choice in enumerate(spec.rollup.chosen):
            _condition(add, ["rollup", "chosen", n], choice, attrs)
    if spec.score:
        ids = [i.id for i in spec.indicators]
        try:
            names = formula_names(spec.score)
        except FormulaError as exc:
            add(["score"], f"总分公式有误：{exc}", f"score formula: {exc}")
        else:
            for name in sorted(names - set(ids)):
                zh, en = did_you_mean(name, ids)
                add(
                    ["score"],
                    f"总分公式引用了不存在的指标“{name}”{zh or '，'}指标有：{listed(ids)}",
                    f"the score formula names unknown indicator '{name}'{en or ';'} "
                    f"the indicators are {listed(ids)}",
                )
    return out
