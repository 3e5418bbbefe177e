"""Preview a draft against the latest build: the version in force and the draft, both
scored by the preview engine (`kpi score`) on the build's facts of the last period the
spec scored, then compared by `kpi diff` (points, ranks, grades, grade distribution,
quota use).

The people and facts are read through the scope layer, as the account sees them: a
liaison previews the people of the department, the appraisal office those of its
procuratorate. Ratings arrive as the scope layer gives them — one summary per appraisee,
period and rater level, only where at least three raters scored — so a rater tier with
fewer raters counts as not rated (its full points) in the preview.

Both versions are scored as if in force in that period (the draft may start later): the
preview shows what the rules do, on data everyone knows. The period's people and facts and
the version in force's scores are kept per account and snapshot file, so a liaison's next
preview scores only the draft.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from kpi_warehouse.preview.diff import Diff, diff
from kpi_warehouse.preview.files import FACT_TYPES, PEOPLE_TYPES
from kpi_warehouse.preview.score import Preview, score_frames
from kpi_warehouse.scoring.periods import Period, parse_period
from kpi_warehouse.specs.model import Spec
from kpi_warehouse.store.scope import Scope, scoped_connection

_LAST_SCORED = """
SELECT max(p.period_id) FROM fct_appraisal a JOIN dim_period p USING (period_id)
WHERE a.spec_id = ? AND p.period_type = ?
"""
_LAST_WITH_FACTS = """
SELECT max(p.period_id) FROM dim_period p
WHERE p.period_type = ? AND EXISTS (
    SELECT 1 FROM fct_activity a WHERE a.activity_date BETWEEN p.start_date AND p.end_date)
"""


class NothingToPreview(ValueError):
    """The build holds nothing this account could preview the spec on (bilingual)."""


@dataclass(frozen=True)
class WorkbenchPreview:
    period: Period
    current: Preview
    draft: Preview
    diff: Diff
    people: int  # appraisees of the draft in the period
    facts: int
    seconds: float

    @property
    def newly_without_grade(self) -> pd.DataFrame:
        """Appraisees graded by the version in force but not by the draft."""
        people = self.diff.people
        if people.empty:
            return people
        graded_before = ~people["grade_current"].str.startswith("（")
        return people[graded_before & people["grade_draft"].str.startswith("（")]


def _columns(names: dict[str, str], table: str, present: set[str]) -> str:
    return ", ".join(c if c in present else f"NULL AS {c}" for c in names)


# A snapshot file never changes in place (a publish replaces it): what was read from it, and
# the version in force scored on it, are kept for the next preview of the same account.
_KEEP = 4
_PERIODS: OrderedDict[tuple, tuple[Period, pd.DataFrame, pd.DataFrame]] = OrderedDict()
_CURRENT: OrderedDict[tuple, Preview] = OrderedDict()


_LOCK = threading.Lock()  # the dashboard's sessions run in threads


def _recall(cache: OrderedDict, key: tuple) -> Any:
    with _LOCK:
        if key in cache:
            cache.move_to_end(key)
        return cache.get(key)


def _remember(cache: OrderedDict, key: tuple, value: object) -> None:
    with _LOCK:
        cache[key] = value
        while len(cache) > _KEEP:
            cache.popitem(last=False)


def _snapshot_key(snapshot: Path | str) -> tuple[str, int, int, int]:
    stat = Path(snapshot).stat()
    return (str(snapshot), stat.st_ino, stat.st_mtime_ns, stat.st_size)


def read_period(
    scope: Scope, snapshot: Path | str, spec: Spec
) -> tuple[Period, pd.DataFrame, pd.DataFrame]:
    """The last period of the spec's kind that it scored (else the last one with facts),
    with the people and the facts of that period the account may see."""
    key = (scope, _snapshot_key(snapshot), spec.spec_id, spec.period)
    found = _recall(_PERIODS, key)
    if found is not None:
        return found
    found = _read_period(scope, snapshot, spec)
    _remember(_PERIODS, key, found)
    return found


def _read_period(
    scope: Scope, snapshot: Path | str, spec: Spec
) -> tuple[Period, pd.DataFrame, pd.DataFrame]:
    with scoped_connection(scope, snapshot) as con:
        found = con.execute(_LAST_SCORED, [spec.spec_id, spec.period]).fetchone()
        period_id = found[0] if found else None
        if period_id is None:
            found = con.execute(_LAST_WITH_FACTS, [spec.period]).fetchone()
            period_id = found[0] if found else None
        if period_id is None:
            raise NothingToPreview(
                "最近一次构建中没有可预览的考核期 / the latest build has no period to preview on"
            )
        period = parse_period(str(period_id))
        person_cols = {r[0] for r in con.execute("DESCRIBE dim_person").fetchall()}
        fact_cols = {r[0] for r in con.execute("DESCRIBE fct_activity").fetchall()}
        people = con.execute(
            f"SELECT {_columns(PEOPLE_TYPES, 'dim_person', person_cols)} FROM dim_person "
            "ORDER BY person_id"
        ).df()
        facts = con.execute(
            f"SELECT {_columns(FACT_TYPES, 'fct_activity', fact_cols)} FROM fct_activity "
            "WHERE activity_date BETWEEN ? AND ? ORDER BY activity_id",
            [period.start_date, period.end_date],
        ).df()
    people.attrs["file"] = "最近一次构建的人员 / the latest build's people"
    facts.attrs["file"] = "最近一次构建的记录 / the latest build's records"
    return period, people, facts


def _in_force(spec: Spec, period: Period) -> Spec:
    return spec.model_copy(update={"effective_from": period.start_date, "effective_to": None})


def _scored_current(
    scope: Scope, snapshot: Path | str, current: Spec
) -> tuple[Period, pd.DataFrame, pd.DataFrame, Preview]:
    """The period, its people and facts, and the version in force scored on them."""
    period, people, facts = read_period(scope, snapshot, current)
    if facts.empty:
        raise NothingToPreview(
            f"{period.label_zh}没有您可查看的记录 / no record of {period.label_en} within "
            "your scope"
        )
    key = (scope, _snapshot_key(snapshot), current.model_dump_json())
    before = _recall(_CURRENT, key)
    if before is None:
        before = score_frames([_in_force(current, period)], facts, people, period.period_id)
        _remember(_CURRENT, key, before)
    return period, people, facts, before


def warm(scope: Scope, snapshot: Path | str, current: Spec) -> None:
    """Read the period and score the version in force ahead of the first preview (the
    workbench does this when a spec is opened)."""
    _scored_current(scope, snapshot, current)


def preview_draft(
    scope: Scope, snapshot: Path | str, current: Spec, draft: Spec
) -> WorkbenchPreview:
    """Score the version in force and the draft on the latest build's last period."""
    started = time.perf_counter()
    period, people, facts, before = _scored_current(scope, snapshot, current)
    after = score_frames([_in_force(draft, period)], facts, people, period.period_id)
    result = diff(current, draft, before, after)
    return WorkbenchPreview(
        period,
        before,
        after,
        result,
        len(after.appraisals),
        len(facts),
        time.perf_counter() - started,
    )
