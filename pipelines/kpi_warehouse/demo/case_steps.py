"""Procedural steps of a case as the case system (统一业务应用系统) logs them.

Only with the ``province`` density (:mod:`.density`). Each case type family has its steps
in the order a case goes through them, each with who performs it (the undertaking
prosecutor, the department's 书记员, or the department head who approves), how many times it
is logged and where in the case's life it falls (as a fraction of the span from 受理 to
审结, or to the deadline while the case is open). None of these names is one of the event
types the warehouse turns into facts (退回补充侦查, 延长审查期限), nor 受理 or 审结.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

UNDERTAKER, CLERK, APPROVER = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Step:
    kind: str
    role: int  # UNDERTAKER / CLERK / APPROVER
    low: int  # times logged: low..high
    high: int
    first: float  # phase window in the case's life, 0 = accepted, 1 = closed
    last: float


def _s(kind: str, role: int, low: int, high: int, first: float, last: float) -> Step:
    return Step(kind, role, low, high, first, last)


_ARREST: tuple[Step, ...] = (
    _s("分案", CLERK, 1, 1, 0.0, 0.0),
    _s("告知诉讼权利", CLERK, 1, 1, 0.0, 0.2),
    _s("案卡填录", CLERK, 1, 3, 0.0, 1.0),
    _s("阅卷", UNDERTAKER, 2, 7, 0.0, 0.6),
    _s("审查证据", UNDERTAKER, 1, 3, 0.1, 0.7),
    _s("讯问犯罪嫌疑人", UNDERTAKER, 1, 2, 0.1, 0.7),
    _s("听取辩护人意见", UNDERTAKER, 0, 1, 0.3, 0.8),
    _s("制作审查报告", UNDERTAKER, 1, 1, 0.6, 0.9),
    _s("提请审批", UNDERTAKER, 1, 1, 0.8, 0.95),
    _s("审批", APPROVER, 1, 1, 0.9, 1.0),
    _s("制作法律文书", UNDERTAKER, 1, 3, 0.9, 1.0),
    _s("文书送达", CLERK, 1, 2, 0.95, 1.0),
)
_PROSECUTION: tuple[Step, ...] = (
    _s("分案", CLERK, 1, 1, 0.0, 0.0),
    _s("告知诉讼权利", CLERK, 1, 2, 0.0, 0.1),
    _s("案卡填录", CLERK, 2, 6, 0.0, 1.0),
    _s("阅卷", UNDERTAKER, 4, 12, 0.05, 0.5),
    _s("审查证据", UNDERTAKER, 2, 6, 0.1, 0.7),
    _s("讯问犯罪嫌疑人", UNDERTAKER, 1, 3, 0.1, 0.6),
    _s("听取辩护人意见", UNDERTAKER, 1, 2, 0.2, 0.8),
    _s("听取被害人意见", UNDERTAKER, 0, 2, 0.2, 0.8),
    _s("调查核实证据", UNDERTAKER, 0, 3, 0.2, 0.7),
    _s("检察官联席会议", UNDERTAKER, 0, 1, 0.6, 0.85),
    _s("制作审查报告", UNDERTAKER, 1, 2, 0.7, 0.9),
    _s("提请审批", UNDERTAKER, 1, 1, 0.85, 0.95),
    _s("审批", APPROVER, 1, 1, 0.9, 1.0),
    _s("制作法律文书", UNDERTAKER, 2, 6, 0.9, 1.0),
    _s("文书送达", CLERK, 1, 3, 0.95, 1.0),
)
_SUPERVISION: tuple[Step, ...] = (
    _s("分案", CLERK, 1, 1, 0.0, 0.0),
    _s("案卡填录", CLERK, 2, 5, 0.0, 1.0),
    _s("阅卷", UNDERTAKER, 3, 10, 0.0, 0.5),
    _s("调查核实", UNDERTAKER, 1, 4, 0.2, 0.7),
    _s("听取当事人意见", UNDERTAKER, 1, 3, 0.2, 0.8),
    _s("制作审查报告", UNDERTAKER, 1, 1, 0.7, 0.9),
    _s("提请审批", UNDERTAKER, 1, 1, 0.85, 0.95),
    _s("审批", APPROVER, 1, 1, 0.9, 1.0),
    _s("制作法律文书", UNDERTAKER, 1, 3, 0.9, 1.0),
    _s("文书送达", CLERK, 1, 2, 0.95, 1.0),
)
STEPS: dict[str, tuple[Step, ...]] = {"审查逮捕": _ARREST, "审查起诉": _PROSECUTION}
"""Steps per case type; every other case type (the supervision families) uses _SUPERVISION."""

STEP_KINDS: tuple[str, ...] = tuple(
    dict.fromkeys(s.kind for steps in (_ARREST, _PROSECUTION, _SUPERVISION) for s in steps)
)
# Steps a person logs on a case that is open on a given day (for append_day).
DAILY_STEPS: tuple[Step, ...] = tuple(s for s in _PROSECUTION if s.kind in ("阅卷", "案卡填录"))


def steps_of(case_type: str) -> tuple[Step, ...]:
    return STEPS.get(case_type, _SUPERVISION)


def schedule(
    rng: random.Random, steps: tuple[Step, ...], first: int, span: int
) -> list[tuple[int, int, int]]:
    """``(working-day index, step number, role)`` of every logged step of a case accepted
    on working day ``first`` whose life spans ``span`` working days, in step order
    (indices may run past the period; the caller drops those)."""
    out: list[tuple[int, int, int]] = []
    rand = rng.random
    for no, step in enumerate(steps):
        times = step.low + int(rand() * (step.high - step.low + 1))
        width = step.last - step.first
        for _ in range(times):
            out.append((first + int((step.first + width * rand()) * span), no, step.role))
    return out
