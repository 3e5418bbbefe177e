"""A problem found in a spec file: where (file, line, column, field), how bad, and what to do.

A liaison reads these, so each problem is said in Chinese first, then in English. Errors stop
a spec from being used; warnings are printed and the spec is used; notices say what could
not be checked.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "notice"]

_LABEL = {"error": "错误 / error", "warning": "警告 / warning", "notice": "提示 / notice"}


@dataclass(frozen=True)
class SpecProblem:
    file: str
    line: int | None
    field: str
    message_zh: str
    message_en: str
    severity: Severity = "error"
    column: int | None = None  # 1-based
    source_line: str = ""  # the offending line of the file, shown under the message

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where} [{self.field}] {self.message_zh} / {self.message_en}"
        if self.severity != "error":
            text = f"{_LABEL[self.severity]}: {text}"
        if self.source_line:
            text += f"\n    {self.line} | {self.source_line}"
            if self.column:
                pad = " " * (len(str(self.line)) + 3)
                # East Asian characters take two columns in a terminal.
                width = sum(
                    2 if ord(ch) > 0x2E80 else 1 for ch in self.source_line[: self.column - 1]
                )
                text += f"\n    {pad}{' ' * width}^"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class SpecError(Exception):
    """One or more specs are invalid; ``problems`` lists each one (warnings included)."""

    def __init__(self, problems: Sequence[SpecProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors_in(problems: Iterable[SpecProblem]) -> list[SpecProblem]:
    return [p for p in problems if p.is_error]


def did_you_mean(value: str, choices: Iterable[str]) -> tuple[str, str]:
    """(Chinese, English) suffix suggesting the closest of ``choices``, or empty strings."""
    options = [c for c in dict.fromkeys(choices) if c]
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not close:
        folded = {c.casefold(): c for c in options}
        if value.casefold() in folded:
            close = [folded[value.casefold()]]
    if not close:
        return "", ""
    return f"。是不是“{close[0]}”？", f"; did you mean '{close[0]}'?"


def listed(choices: Iterable[str], limit: int = 12) -> str:
    """The allowed values for a message, shortened when long."""
    items = list(dict.fromkeys(choices))
    more = f" … (+{len(items) - limit})" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more
