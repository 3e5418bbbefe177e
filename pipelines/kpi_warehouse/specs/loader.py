"""Load spec files and report every problem with file, line and field, in Chinese and English.

A liaison reads these messages, so each says what is wrong and what to do.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

import yaml
from pydantic import ValidationError

from kpi_warehouse.specs.model import Spec
from kpi_warehouse.specs.problems import SpecError, SpecProblem, errors_in
from kpi_warehouse.specs.references import reference_problems
from kpi_warehouse.specs.rule_models import RULE_TYPES
from kpi_warehouse.specs.totals import total_problems
from kpi_warehouse.specs.versions import version_problems
from kpi_warehouse.specs.yaml_text import parse_spec_text

__all__ = ["SpecError", "SpecProblem", "check_spec", "load_spec", "load_specs", "spec_files"]

SPEC_SUFFIXES = (".yaml", ".yml")


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
    "finite_number": "应为有限的数字（不能是 .nan 或 .inf）",
    "float_from_nan": "应为有限的数字（不能是 .nan 或 .inf）",
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


def check_spec(path: Path | str) -> tuple[Spec | None, list[SpecProblem]]:
    """Parse and validate one spec file: the spec (``None`` when it has errors) and every
    problem found, warnings included."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [
            SpecProblem(name, None, "(file)", f"无法读取文件：{exc}", f"cannot read file: {exc}")
        ]
    parsed = parse_spec_text(name, raw)
    problems = list(parsed.problems)
    if parsed.root is None:
        if not problems:
            problems.append(SpecProblem(name, 1, "(spec)", "文件是空的", "the file is empty"))
        return None, problems
    if not isinstance(parsed.data, dict):
        problems.append(
            SpecProblem(
                name, 1, "(spec)", "文件内容应为键值对（指标说明）", "a spec must be a YAML mapping"
            )
        )
        return None, problems
    try:
        spec = Spec.model_validate(parsed.data)
    except ValidationError as exc:
        return None, problems + _pydantic_problems(name, parsed.root, exc)
    root = parsed.root

    def locate(loc: Sequence[str | int]) -> int | None:
        return _line_of(root, loc)

    references = reference_problems(name, locate, spec)
    problems += references or total_problems(name, locate, spec)
    return (None if errors_in(problems) else spec), problems


def load_spec(path: Path | str) -> Spec:
    """Parse and validate one spec file; raise :class:`SpecError` listing every error."""
    spec, problems = check_spec(path)
    if spec is None:
        raise SpecError(errors_in(problems))
    return spec


def spec_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand directories into their ``*.yaml`` and ``*.yml`` files (recursively), sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in SPEC_SUFFIXES))
        else:
            out.append(p)
    return out


def check_spec_files(
    paths: Iterable[Path | str], today: date | None = None
) -> tuple[list[tuple[Path, Spec]], list[SpecProblem]]:
    """Every spec under ``paths`` that has no error, each with its file, and every problem
    found (of each file, and among the versions of one spec_id)."""
    specs: list[tuple[Path, Spec]] = []
    problems: list[SpecProblem] = []
    lines: dict[Path, int | None] = {}
    for f in spec_files(paths):
        spec, found = check_spec(f)
        problems.extend(found)
        if spec is not None:
            specs.append((f, spec))
            lines[f] = _effective_from_line(f)
    by_id: dict[str, list[tuple[Path, Spec]]] = {}
    for f, s in specs:
        by_id.setdefault(s.spec_id, []).append((f, s))
    for versions in by_id.values():
        problems.extend(version_problems(versions, today or date.today(), lines))
    return sorted(specs, key=lambda fs: (fs[1].spec_id, fs[1].effective_from)), problems


def _effective_from_line(path: Path) -> int | None:
    for n, text in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if text.startswith("effective_from"):
            return n
    return None


def load_specs(paths: Iterable[Path | str]) -> list[Spec]:
    """Load every spec under ``paths``; check versions of one spec_id do not overlap."""
    return [spec for _, spec in load_spec_files(paths)]


def load_spec_files(paths: Iterable[Path | str]) -> list[tuple[Path, Spec]]:
    """As :func:`load_specs`, each spec with the file it was read from; raises
    :class:`SpecError` listing every error (warnings do not stop a build)."""
    specs, problems = check_spec_files(paths)
    if errors_in(problems):
        raise SpecError(errors_in(problems))
    return specs


def locator(path: Path) -> Callable[[Sequence[str | int]], int | None]:
    """Line of a field of a (valid) spec file: ``locate(["indicators", 0, "source"])``."""
    root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    return lambda loc: _line_of(root, loc)
