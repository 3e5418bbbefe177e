"""How much activity the demo systems record: the demo's own or a province's.

``demo`` is what the demo has always generated (byte-identical for a seed). ``province``
adds the volume a real province's systems hold, without padding:

- the case system (统一业务应用系统) logs every procedural step of a case with its date and
  handling person (分案, 阅卷, 讯问犯罪嫌疑人, 听取辩护人意见, 制作审查报告, 提请审批 …;
  see :mod:`.case_steps`), not only 受理 / 退回补充侦查 / 延长审查期限 / 审结;
- the office system logs every document a person handles (收文 signed for and passed on,
  发文 drafted, 会议纪要, 督办件): several a week each, an office clerk several a day
  (:mod:`.documents_daily`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Density:
    name: str
    case_steps: bool  # log each procedural step of a case
    daily_documents: bool  # documents per working day (province rates) instead of per quarter


DEMO = Density("demo", case_steps=False, daily_documents=False)
PROVINCE = Density("province", case_steps=True, daily_documents=True)
DENSITIES: dict[str, Density] = {d.name: d for d in (DEMO, PROVINCE)}


def density(name: str) -> Density:
    try:
        return DENSITIES[name]
    except KeyError:
        raise ValueError(f"density must be one of {sorted(DENSITIES)}, not {name!r}") from None
