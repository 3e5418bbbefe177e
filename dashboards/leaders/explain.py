"""The grade bands, quotas and payouts of a spec put into words (current language)."""

from __future__ import annotations

from dashboards.components import fmt_points
from dashboards.i18n import grade_label, t
from dashboards.leaders.quotas import Grading, QuotaRule

_WITHIN_KEYS = {
    (): "lead.quota.within.all",
    ("org_unit_id",): "lead.quota.within.unit",
    ("category",): "lead.quota.within.category",
    ("org_unit_id", "category"): "lead.quota.within.unit_category",
    ("category", "org_unit_id"): "lead.quota.within.unit_category",
}


def bands_text(grading: Grading) -> str:
    parts = []
    for band in grading.bands:
        if band.min is None:
            parts.append(t("lead.band.rest", grade=grade_label(band.grade)))
        else:
            parts.append(
                t("lead.band.min", grade=grade_label(band.grade), min=fmt_points(band.min))
            )
    return t("lead.band.list", bands=t("lead.sep").join(parts)) if parts else ""


def quota_text(rule: QuotaRule) -> str:
    within = t(_WITHIN_KEYS.get(rule.within, "lead.quota.within.group"))
    caps = []
    for grade, share, max_count in rule.shares:
        text = t("lead.quota.share", grade=grade_label(grade), pct=fmt_points(share * 100))
        if max_count is not None:
            text += t("lead.quota.max_count", n=max_count)
        caps.append(text)
    return t("lead.quota.rule", within=within, caps=t("lead.sep").join(caps))


def payouts_text(grading: Grading) -> str:
    if not grading.payouts:
        return ""
    amounts = t("lead.sep").join(
        t("lead.payout.amount", grade=grade_label(g), amount=fmt_points(a))
        for g, a in grading.payouts
    )
    return t("lead.payout.list", amounts=amounts)


def rules_lines(grading: Grading) -> list[str]:
    """Bands, quotas (with how places are counted) and payouts, one line each."""
    lines = [bands_text(grading)]
    lines += [quota_text(rule) for rule in grading.quotas]
    if grading.quotas:
        lines.append(t("lead.quota.how"))
    lines.append(payouts_text(grading))
    return [line for line in lines if line]
