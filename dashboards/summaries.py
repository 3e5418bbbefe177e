"""Pure pandas summaries of person appraisals for the overview page."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboards.i18n import GRADE_ORDER as QUARTER_GRADES

UNDETERMINED = "__undetermined__"  # stands for a NULL grade in count columns
# A person's grades, best first: the quarterly four and the annual 基本称职 (a year with one
# quarterly 不称职); count columns of optional grades show only where someone has them.
GRADE_ORDER: tuple[str, ...] = ("优秀", "良好", "称职", "基本称职", "不称职")
OPTIONAL_GRADES = frozenset(set(GRADE_ORDER) - set(QUARTER_GRADES))
# Above this many departments (a province: 15 per procuratorate, 1 500 in all), the overview
# lists and charts each procuratorate once — each links to its departments — instead of
# every department. A city with its districts (the demo: 75) still shows every department.
PROVINCE_DEPARTMENTS = 200
PROCURATORATE_SUFFIX = "人民检察院"


def short_procuratorate_name(name: object) -> str:
    """ "江城市东湖区人民检察院" -> "江城市东湖区", for compact chart labels."""
    text = "" if not isinstance(name, str) else name
    return text.removesuffix(PROCURATORATE_SUFFIX) or text


def grade_key(grade: object) -> str:
    return grade if isinstance(grade, str) and grade in GRADE_ORDER else UNDETERMINED


def grade_counts(appraisals: pd.DataFrame) -> dict[str, int]:
    """Count per grade (in GRADE_ORDER, then UNDETERMINED); every key present."""
    keys = [grade_key(g) for g in appraisals["grade"]]
    return {key: keys.count(key) for key in (*GRADE_ORDER, UNDETERMINED)}


def department_summary(appraisals: pd.DataFrame) -> pd.DataFrame:
    """One row per org unit: headcount, mean total, and a count column per grade."""
    frame = appraisals.assign(grade_key=[grade_key(g) for g in appraisals["grade"]])
    keys = ["org_unit_id", "org_unit_name", "procuratorate_id", "procuratorate_name"]
    frame[keys] = frame[keys].fillna("")
    base = (
        frame.groupby(keys, sort=False)
        .agg(headcount=("person_id", "count"), mean_total=("total", "mean"))
        .reset_index()
    )
    counts = (
        frame.pivot_table(
            index="org_unit_id",
            columns="grade_key",
            values="person_id",
            aggfunc="count",
            fill_value=0,
        )
        .reindex(columns=[*GRADE_ORDER, UNDETERMINED], fill_value=0)
        .reset_index()
    )
    counts.columns.name = None
    level = frame.groupby("org_unit_id")["procuratorate_level"].first().rename("level")
    summary = base.merge(counts, on="org_unit_id").merge(level, on="org_unit_id")
    summary["level_order"] = (summary["level"] != "city").astype(int)
    return summary.sort_values(
        ["level_order", "procuratorate_name", "org_unit_name"], kind="stable"
    ).reset_index(drop=True)


def procuratorate_summary(departments: pd.DataFrame) -> pd.DataFrame:
    """One row per procuratorate from :func:`department_summary`'s rows: headcount, mean
    total (over people, not departments) and a count column per grade."""
    frame = departments.assign(points=departments["mean_total"] * departments["headcount"])
    grades = [*GRADE_ORDER, UNDETERMINED]
    keys = ["procuratorate_id", "procuratorate_name", "level_order"]
    summary = frame.groupby(keys, sort=False)[["headcount", "points", *grades]].sum()
    summary = summary.reset_index()
    summary["mean_total"] = summary["points"] / summary["headcount"]
    return (
        summary.drop(columns="points")
        .sort_values(["level_order", "procuratorate_name"], kind="stable")
        .reset_index(drop=True)
    )


def grade_counts_long(appraisals: pd.DataFrame, label_with_procuratorate: bool) -> pd.DataFrame:
    """Long form (org_unit_id, department, grade, n) for the stacked bar chart.

    Rows follow the department summary's order; a NULL grade means undetermined.
    """
    order = department_summary(appraisals)["org_unit_id"].tolist()
    frame = appraisals.copy()
    frame["position"] = frame["org_unit_id"].map({unit: i for i, unit in enumerate(order)})
    frame = frame.sort_values("position", kind="stable")
    names = frame["org_unit_name"].fillna(frame["org_unit_id"]).astype(str)
    if label_with_procuratorate:
        short = frame["procuratorate_name"].map(short_procuratorate_name)
        names = short + " " + names
    frame["department"] = names
    return _counts(frame, ["org_unit_id", "department"])


def grade_counts_by_procuratorate(
    appraisals: pd.DataFrame, departments: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Long form (procuratorate_id, procuratorate, grade, n): the chart of a province, one
    bar per procuratorate in the procuratorate list's order (city first, then by name).
    ``departments``: ``department_summary(appraisals)`` when the caller has it already."""
    if departments is None:
        departments = department_summary(appraisals)
    order = procuratorate_summary(departments)["procuratorate_id"].tolist()
    frame = appraisals.assign(procuratorate_id=appraisals["procuratorate_id"].fillna(""))
    frame["position"] = frame["procuratorate_id"].map({p: i for i, p in enumerate(order)})
    frame = frame.sort_values("position", kind="stable")
    frame["procuratorate"] = frame["procuratorate_name"].map(short_procuratorate_name)
    return _counts(frame, ["procuratorate_id", "procuratorate"])


def _counts(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """People per ``keys`` and grade (NULL = undetermined), in ``frame``'s order."""
    frame = frame.assign(grade=frame["grade"].where(frame["grade"].isin(GRADE_ORDER), None))
    return frame.groupby([*keys, "grade"], dropna=False, sort=False).size().reset_index(name="n")


def ranking_groups(
    staff: pd.DataFrame, spec_titles: Mapping[str, str]
) -> list[tuple[object, str | None, pd.DataFrame]]:
    """(category, spec title or None, rows) per table of the ranking.

    A rank counts within one spec and category (``rank_in_category`` of ``category_size``),
    so where one category holds people of two specs (a department's clerks under the
    clerks' spec beside its prosecutors) each spec gets its own table, the larger first —
    one table sorted by rank would read 1/2, 1/12, 2/2, 2/12. A category of one spec keeps
    one table and no spec in its heading. ``staff`` is ordered by category, then rank.
    """
    groups: list[tuple[object, str | None, pd.DataFrame]] = []
    for category, rows in staff.groupby("category", sort=False, dropna=False):
        specs = rows.groupby("spec_id", sort=False, dropna=False)
        if specs.ngroups == 1:
            groups.append((category, None, rows))
            continue
        ordered = sorted(specs, key=lambda item: (-len(item[1]), str(item[0])))
        for spec_id, part in ordered:
            title = spec_titles.get(str(spec_id)) or str(spec_id)
            groups.append((category, title, part))
    return groups
