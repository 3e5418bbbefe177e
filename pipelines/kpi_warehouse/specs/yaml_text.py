"""A spec file's text read as YAML, with every slip of the text itself located.

What is checked here, before the spec's fields are read:

- YAML syntax errors: line, column and the offending line, said in Chinese and English;
- duplicate keys (YAML would silently keep the last one);
- full-width punctuation and spaces (，、：；　［］｛｝) inside a value that is matched against
  data (a category, a department, a kind, a grade, the formula …). Such a value is refused,
  not normalised: ``[科级干部，中层干部]`` is one value to YAML, and whether the liaison meant
  two categories or typed a stray comma cannot be known — a wrong guess silently changes who
  is appraised. The message shows the value rewritten with ASCII punctuation, so the fix is
  one copy. Free text (``title``, ``name``, ``clause``, ``consequences``) is Chinese prose
  and may use them;
- oversized files (> 1 MB) and oversized texts (> 2000 characters, e.g. a clause): a clause
  is a quotation, not a document, and a huge one makes a build use gigabytes of memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from kpi_warehouse.specs.problems import SpecProblem

MAX_FILE_BYTES = 1_000_000
MAX_TEXT_CHARS = 2000
FREE_TEXT_KEYS = frozenset({"title", "name", "clause", "consequences", "consequence"})
FULL_WIDTH = {
    "，": ", ",
    "、": ", ",
    "：": ": ",
    "；": ", ",
    "\u3000": " ",
    "［": "[",
    "］": "]",
    "｛": "{",
    "｝": "}",
}
_FULL_WIDTH_NAMES = {
    "，": ("全角逗号", "full-width comma"),
    "、": ("顿号", "enumeration comma"),
    "：": ("全角冒号", "full-width colon"),
    "；": ("全角分号", "full-width semicolon"),
    "\u3000": ("全角空格", "full-width space"),
    "［": ("全角方括号", "full-width bracket"),
    "］": ("全角方括号", "full-width bracket"),
    "｛": ("全角花括号", "full-width brace"),
    "｝": ("全角花括号", "full-width brace"),
}

# PyYAML's problem texts, said for a liaison (matched by prefix).
_SYNTAX_ZH: list[tuple[str, str, str]] = [
    (
        "mapping values are not allowed here",
        "这里不能出现“冒号+空格”：值里有冒号时请给整个值加引号，或检查本行与上一行的缩进",
        "a colon followed by a space is not allowed here: quote a value that contains one, "
        "or check the indentation of this line and the one above",
    ),
    (
        "found character '\\t' that cannot start any token",
        "不能用 Tab 键缩进，请改用空格",
        "tabs cannot indent YAML: use spaces",
    ),
    (
        "found character",
        "这个字符不能作为值的开头：请给整个值加引号",
        "this character cannot start a value: put the value in quotes",
    ),
    (
        "expected ',' or ']'",
        "方括号 [ ] 没有闭合，或列表项之间缺少英文逗号",
        "a [ ] list is not closed, or its items are not separated by ASCII commas",
    ),
    (
        "expected ',' or '}'",
        "花括号 { } 没有闭合，或各项之间缺少英文逗号",
        "a { } mapping is not closed, or its items are not separated by ASCII commas",
    ),
    (
        "expected <block end>",
        "缩进不一致：同一层的字段要左对齐，列表项以“- ”开头",
        "inconsistent indentation: fields of one level must line up, list items start with '- '",
    ),
    (
        "did not find expected key",
        "缩进不一致：同一层的字段要左对齐",
        "inconsistent indentation: fields of one level must line up",
    ),
    (
        "did not find expected '-' indicator",
        "列表项缩进不一致：每项以同样缩进的“- ”开头",
        "list items must each start with '- ' at the same indentation",
    ),
    (
        "could not find expected ':'",
        "缺少冒号：每个字段写作“名称: 值”（冒号后有空格）",
        "a ':' is missing: write each field as 'name: value' (a space after the colon)",
    ),
    (
        "found unexpected end of stream",
        "引号或括号没有闭合",
        "a quote or bracket is not closed",
    ),
    (
        "not a valid date",
        "日期不存在（例如 2 月 30 日）：请写成真实的日期 YYYY-MM-DD",
        "no such date (e.g. 30 February): write a real date as YYYY-MM-DD",
    ),
    (
        "expected alphabetic or numeric character",
        "以“*”或“&”开头的值会被当作引用：请给整个值加引号",
        "a value starting with * or & is read as an alias or anchor: put it in quotes",
    ),
    (
        "found undefined alias",
        "引用了未定义的锚点（*名称）：请直接写出值",
        "an alias (*name) refers to no anchor: write the value out",
    ),
]


class _SpecLoader(yaml.SafeLoader):
    """The safe loader, with an impossible date (2026-02-30) a located YAML error rather
    than a bare ValueError."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"not a valid date: {node.value} ({exc})", node.start_mark
            ) from exc


_SpecLoader.add_constructor("tag:yaml.org,2002:timestamp", _SpecLoader.construct_yaml_timestamp)


@dataclass(frozen=True)
class ParsedText:
    root: yaml.Node | None
    data: Any
    problems: list[SpecProblem]


def _source_line(lines: list[str], line: int) -> str:
    return lines[line - 1].rstrip("\n") if 0 < line <= len(lines) else ""


def _syntax_problem(name: str, lines: list[str], exc: yaml.YAMLError) -> SpecProblem:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    zh, en = "写法不对，请检查本行及上一行", "check this line and the one above"
    for prefix, text_zh, text_en in _SYNTAX_ZH:
        if problem.startswith(prefix):
            zh, en = text_zh, text_en
            break
    en = f"{en} ({(context + ': ') if context else ''}{problem})"
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    return SpecProblem(
        name,
        line,
        "(yaml)",
        f"YAML 格式错误：{zh}",
        f"YAML syntax error: {en}",
        column=column,
        source_line=_source_line(lines, line) if line else "",
    )


def _walk(
    node: yaml.Node, path: tuple[str | int, ...], key: str | None
) -> Iterator[tuple[yaml.Node, tuple[str | int, ...], str | None]]:
    """Every node with its path and the mapping key it sits under (lists inherit it)."""
    yield node, path, key
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _walk(k, path, key)
            yield from _walk(v, (*path, str(k.value)), str(k.value))
    elif isinstance(node, yaml.SequenceNode):
        for n, item in enumerate(node.value):
            yield from _walk(item, (*path, n), key)


def _field(path: tuple[str | int, ...]) -> str:
    return ".".join(map(str, path)) or "(spec)"


def _duplicate_keys(name: str, lines: list[str], root: yaml.Node) -> list[SpecProblem]:
    out = []
    for node, path, _ in _walk(root, (), None):
        if not isinstance(node, yaml.MappingNode):
            continue
        seen: dict[str, int] = {}
        for k, _v in node.value:
            key, line = str(k.value), k.start_mark.line + 1
            if key in seen:
                out.append(
                    SpecProblem(
                        name,
                        line,
                        _field((*path, key)),
                        f"字段“{key}”重复出现（第 {seen[key]} 行已有）：只保留一个，"
                        "否则后写的会悄悄覆盖先写的",
                        f"key '{key}' appears twice (first at line {seen[key]}); keep one — "
                        "otherwise the last one silently wins",
                        column=k.start_mark.column + 1,
                        source_line=_source_line(lines, line),
                    )
                )
            else:
                seen[key] = line
    return out


def _scalar_column(lines: list[str], node: yaml.Node, index_char: str) -> int:
    """1-based column of ``index_char`` in the scalar's first line (else the scalar's start)."""
    line = _source_line(lines, node.start_mark.line + 1)
    at = line.find(index_char, node.start_mark.column)
    return (at if at >= 0 else node.start_mark.column) + 1


def _text_problems(name: str, lines: list[str], root: yaml.Node) -> list[SpecProblem]:
    out = []
    for node, path, key in _walk(root, (), None):
        if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
            continue
        value = node.value
        line = node.start_mark.line + 1
        if len(value) > MAX_TEXT_CHARS:
            out.append(
                SpecProblem(
                    name,
                    line,
                    _field(path),
                    f"文字太长（{len(value)} 字，最多 {MAX_TEXT_CHARS} 字）：条款只需引用原文的"
                    "相关句子",
                    f"text too long ({len(value)} characters, at most {MAX_TEXT_CHARS}): quote "
                    "only the clause's own sentences",
                )
            )
            continue
        if key in FREE_TEXT_KEYS:
            continue
        found = [ch for ch in FULL_WIDTH if ch in value]
        if not found:
            continue
        fixed = value
        for ch in FULL_WIDTH:
            fixed = fixed.replace(ch, FULL_WIDTH[ch])
        fixed = " ".join(fixed.split()).replace(" ,", ",")
        zh_names = "、".join(f"{_FULL_WIDTH_NAMES[ch][0]}“{ch}”" for ch in found)
        en_names = ", ".join(_FULL_WIDTH_NAMES[ch][1] for ch in found)
        out.append(
            SpecProblem(
                name,
                line,
                _field(path),
                f"“{value}”中有{zh_names}：这里只能用英文标点，否则它会被当作名称的一部分"
                f"（比如两个类别被当成一个不存在的类别）。请改为：{fixed}",
                f"'{value}' contains a {en_names}: use ASCII punctuation here, or it becomes part "
                f"of the name (two categories read as one that does not exist). Write: {fixed}",
                column=_scalar_column(lines, node, found[0]),
                source_line=_source_line(lines, line),
            )
        )
    return out


def parse_spec_text(name: str, raw: bytes) -> ParsedText:
    """The YAML tree and data of a spec file's bytes, and every problem of its text."""
    if len(raw) > MAX_FILE_BYTES:
        return ParsedText(
            None,
            None,
            [
                SpecProblem(
                    name,
                    None,
                    "(file)",
                    f"文件太大（{len(raw) // 1000} KB，最多 {MAX_FILE_BYTES // 1000} KB）",
                    f"file too large ({len(raw) // 1000} KB, at most {MAX_FILE_BYTES // 1000} KB)",
                )
            ],
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return ParsedText(
            None,
            None,
            [
                SpecProblem(
                    name,
                    None,
                    "(file)",
                    f"文件不是 UTF-8 编码，请以 UTF-8 另存（{exc.reason}，第 {exc.start} 字节）",
                    f"the file is not UTF-8: save it as UTF-8 ({exc.reason} at byte {exc.start})",
                )
            ],
        )
    lines = text.splitlines()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data: Any = yaml.load(text, Loader=_SpecLoader)  # noqa: S506 — a safe loader
    except yaml.YAMLError as exc:
        return ParsedText(None, None, [_syntax_problem(name, lines, exc)])
    if root is None:
        return ParsedText(None, None, [])
    return ParsedText(
        root, data, _duplicate_keys(name, lines, root) + _text_problems(name, lines, root)
    )
