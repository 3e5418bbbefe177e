"""Load spec files and report every problem with file, line and field, in Chinese and English.

A liaison reads these messages, so each says what is wrong and what to do.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kpi_warehouse.scoring.formula import FormulaError, formula_names
from kpi_warehouse.specs.catalog import ORG_UNIT_ATTRIBUTES, PERSON_ATTRIBUTES, SOURCES
from kpi_warehouse.specs.model import Spec
from kpi_warehouse.specs.rule_models import RULE_TYPES


@dataclass(frozen=True)
class SpecProblem:
    file: str
    line: int | None
    field: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} [{self.field}] {self.message_zh} / {self.message_en}"


class SpecError(Exception):
    """One or more specs are invalid; ``problems`` lists each one."""

    def __init__(self, problems: Sequence[SpecProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _line_of(node: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    """Line (1-based) of the YAML node at ``loc``, or of the deepest node found on the way."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for key in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(key):
                    child = v
                    line = k.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


_PYDANTIC_ZH = {
    "missing": "缺少必填项，请补上",
    "extra_forbidden": "不认识的字段，请检查拼写或删除",
    "string_pattern_mismatch": "格式不对：只能用小写字母、数字和下划线，且以字母开头",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "literal_error": "取值不在允许范围内",
    "union_tag_invalid": "规则类型不认识",
    "union_tag_not_found": "规则缺少 type（如 per_item、deduct、direct）",
    "too_short": "不能为空",
    "list_type": "应为列表",
    "dict_type": "应为键值对",
    "string_type": "应为文字",
    "greater_than_equal": "数值太小",
    "greater_than": "数值太小",
    "less_than_equal": "数值太大",
    "less_than": "数值太大",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
}


_SHAPE_ERRORS = frozenset({"list_type", "dict_type", "model_type", "model_attributes_type"})


@functools.cache
def _model_names() -> frozenset[str]:
    from pydantic import BaseModel

    from kpi_warehouse.specs import model, rule_models

    return frozenset(
        name
        for module in (model, rule_models)
        for name, obj in vars(module).items()
        if isinstance(obj, type) and issubclass(obj, BaseModel)
    )


def _is_type_tag(part: object) -> bool:
    """Union members pydantic puts in error locations (rule tags, ``Quotas``, ``list[...]``)."""
    return isinstance(part, str) and (part in _RULE_TAGS or "[" in part or part in _model_names())


def _pydantic_problems(path: str, root: yaml.Node, exc: ValidationError) -> list[SpecProblem]:
    errors = exc.errors()
    # A field that may take several shapes (a mapping or a list of them) reports one error
    # per shape; the "should be a list" of the shape not written only confuses a liaison.
    fields_with_content_errors = {
        str(e["loc"][0]) for e in errors if e["type"] not in _SHAPE_ERRORS and e["loc"]
    }
    out = []
    for err in errors:
        if (
            err["type"] in _SHAPE_ERRORS
            and err["loc"]
            and str(err["loc"][0]) in fields_with_content_errors
            and any(_is_type_tag(p) for p in err["loc"])
        ):
            continue
        loc = [p for p in err["loc"] if not _is_type_tag(p)]
        field = ".".join(str(p) for p in loc) or "(spec)"
        zh = _PYDANTIC_ZH.get(err["type"], "取值不正确")
        msg = err["msg"].removeprefix("Value error, ")
        out.append(SpecProblem(path, _line_of(root, loc), field, f"{zh}（{msg}）", msg))
    return out


_RULE_TAGS = frozenset(RULE_TYPES)  # rule type tags, left out of error locations


def _semantic_problems(path: str, root: yaml.Node, spec: Spec) -> list[SpecProblem]:
    """Checks pydantic cannot make alone: sources, kinds, attributes, formula names."""
    out: list[SpecProblem] = []

    def add(loc: list[str | int], zh: str, en: str) -> None:
        out.append(SpecProblem(path, _line_of(root, loc), ".".join(map(str, loc)), zh, en))

    attrs = PERSON_ATTRIBUTES if spec.appraisee == "person" else ORG_UNIT_ATTRIBUTES
    for key in spec.population:
        if key not in attrs:
            add(
                ["population", key],
                f"人员属性“{key}”不存在，可用：{', '.join(attrs)}",
                f"unknown attribute '{key}'; use one of {', '.join(attrs)}",
            )
    for i, key in enumerate(spec.rank_within):
        if key not in attrs:
            add(["rank_within", i], f"排名分组属性“{key}”不存在", f"unknown attribute '{key}'")
    for n, ind in enumerate(spec.indicators):
        kinds = SOURCES.get(ind.source)
        if kinds is None:
            add(
                ["indicators", n, "source"],
                f"数据来源“{ind.source}”不存在，可用：{', '.join(SOURCES)}",
                f"unknown source '{ind.source}'; use one of {', '.join(SOURCES)}",
            )
            continue
        rule = ind.rule
        named = list(ind.kinds or []) + rule.kinds_named()
        for i, key in enumerate(getattr(rule, "within", None) or []):
            if key not in attrs:
                add(
                    ["indicators", n, "rule", "within", i],
                    f"排名分组属性“{key}”不存在，可用：{', '.join(attrs)}",
                    f"unknown attribute '{key}'; use one of {', '.join(attrs)}",
                )
        for kind in dict.fromkeys(named):
            if kind not in kinds:
                add(
                    ["indicators", n],
                    f"来源 {ind.source} 没有“{kind}”这类记录，可用：{', '.join(kinds)}",
                    f"source {ind.source} has no kind '{kind}'; use one of {', '.join(kinds)}",
                )
    if spec.score:
        ids = {i.id for i in spec.indicators}
        try:
            names = formula_names(spec.score)
        except FormulaError as exc:
            add(["score"], f"总分公式有误：{exc}", f"score formula: {exc}")
        else:
            for name in sorted(names - ids):
                add(
                    ["score"],
                    f"总分公式引用了不存在的指标“{name}”",
                    f"the score formula names unknown indicator '{name}'",
                )
    return out


def _reachability_problems(path: str, root: yaml.Node, spec: Spec) -> list[SpecProblem]:
    """The top grade must be reachable with every indicator at its maximum."""
    import duckdb

    from kpi_warehouse.scoring.formula import formula_sql
    from kpi_warehouse.scoring.rules import compile_rule
    from kpi_warehouse.specs.rule_models import Direct

    maxima: dict[str, float] = {}
    for ind in spec.indicators:
        best = compile_rule(ind).max_points
        if best is None:
            return []  # an uncapped indicator: any total can be reached
        if isinstance(ind.rule, Direct) and ind.rule.max_without is not None:
            best = max(best, ind.rule.max_without.max)
        maxima[ind.id] = best
    formula = spec.score or " + ".join(maxima)
    reachable = duckdb.sql(
        "SELECT CAST("
        + formula_sql(formula, lambda n: f"{float(maxima[n])!r}::DOUBLE")
        + " AS DOUBLE)"
    ).fetchone()[0]
    top = spec.grades[0]
    if top.min is None or reachable is None or reachable + 1e-9 >= top.min:
        return []
    return [
        SpecProblem(
            path,
            _line_of(root, ["grades", 0, "min"]),
            "grades.0.min",
            f"各指标都取满分时总分最高 {reachable:g} 分，达不到“{top.grade}”要求的 {top.min:g} 分："
            "请检查各指标的满分、总分公式或等次分数线",
            f"with every indicator at its maximum the total is at most {reachable:g}, below the "
            f"{top.min:g} that '{top.grade}' needs: check the maxima, the formula or the bands",
        )
    ]


def load_spec(path: Path | str) -> Spec:
    """Parse and validate one spec file; raise :class:`SpecError` listing every problem."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text)
        data: Any = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(
            [SpecProblem(name, None, "(file)", f"无法读取文件：{exc}", f"cannot read file: {exc}")]
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise SpecError(
            [
                SpecProblem(
                    name, line, "(yaml)", f"YAML 格式错误：{exc}", f"YAML syntax error: {exc}"
                )
            ]
        ) from exc
    if not isinstance(data, dict):
        raise SpecError(
            [
                SpecProblem(
                    name,
                    1,
                    "(spec)",
                    "文件内容应为键值对（指标说明）",
                    "a spec must be a YAML mapping",
                )
            ]
        )
    try:
        spec = Spec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(_pydantic_problems(name, root, exc)) from exc
    problems = _semantic_problems(name, root, spec)
    if not problems:
        problems = _reachability_problems(name, root, spec)
    if problems:
        raise SpecError(problems)
    return spec


def spec_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand directories into their ``*.yaml`` files (recursively), sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.rglob("*.yaml")) if p.is_dir() else [p])
    return out


def load_specs(paths: Iterable[Path | str]) -> list[Spec]:
    """Load every spec under ``paths``; check versions of one spec_id do not overlap."""
    specs: list[tuple[Path, Spec]] = []
    problems: list[SpecProblem] = []
    for f in spec_files(paths):
        try:
            specs.append((f, load_spec(f)))
        except SpecError as exc:
            problems.extend(exc.problems)
    by_id: dict[str, list[tuple[Path, Spec]]] = {}
    for f, s in specs:
        by_id.setdefault(s.spec_id, []).append((f, s))
    for spec_id, versions in by_id.items():
        versions.sort(key=lambda fs: fs[1].effective_from)
        for (f1, a), (f2, b) in zip(versions, versions[1:], strict=False):
            if a.effective_to is None or a.effective_to >= b.effective_from:
                problems.append(
                    SpecProblem(
                        str(f2),
                        None,
                        "effective_from",
                        f"“{spec_id}”的版本 {a.version}（{f1.name}）与 {b.version} 生效日期重叠："
                        f"请给旧版本设置 effective_to（早于 {b.effective_from}）",
                        f"versions {a.version} ({f1.name}) and {b.version} of '{spec_id}' overlap: "
                        f"set effective_to on the older one (before {b.effective_from})",
                    )
                )
    if problems:
        raise SpecError(problems)
    return [s for _, s in sorted(specs, key=lambda fs: (fs[1].spec_id, fs[1].effective_from))]
