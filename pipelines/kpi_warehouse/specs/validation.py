"""`kpi validate`: every spec file checked — its text, its fields, the names it uses, its
totals, its versions — and, when a build has been published, its values against the build's
dimensions. Errors stop a spec from being used; warnings and notices are shown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kpi_warehouse.config import settings
from kpi_warehouse.specs.build_findings import published_warnings
from kpi_warehouse.specs.closed_versions import closed_in_store, closed_version_problems
from kpi_warehouse.specs.dimensions import (
    coverage_problems,
    dimension_problems,
    read_dimensions,
)
from kpi_warehouse.specs.loader import check_spec_files, locator, spec_files
from kpi_warehouse.specs.model import Spec
from kpi_warehouse.specs.problems import SpecProblem
from kpi_warehouse.store.closed_periods import ClosedPeriodView


@dataclass
class Report:
    specs: list[tuple[Path, Spec]]
    problems: list[SpecProblem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[SpecProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[SpecProblem]:
        return [p for p in self.problems if p.severity == "warning"]


def _is_reference_scheme(path: Path, specs_dir: Path) -> bool:
    """The seed schemes are scored in the tests, not against the build's data."""
    try:
        return "schemes" in path.resolve().relative_to(specs_dir.resolve()).parts
    except ValueError:
        return False


def validate(
    paths: Sequence[Path | str] | Iterable[Path | str],
    specs_dir: Path,
    snapshot: Path | None,
    today: date | None = None,
    closed: Sequence[ClosedPeriodView] | None = None,
) -> Report:
    """``closed``: the closed periods (default: those of the store at ``KPI_APP_URL``)."""
    paths = list(paths)
    specs, problems = check_spec_files(paths, today)
    report = Report(specs, problems, len(spec_files(paths)))
    if not specs:
        return report
    if closed is None:
        closed = closed_in_store(settings().app_url)
    report.problems += closed_version_problems(specs, closed, specs_dir)
    dims = read_dimensions(snapshot) if snapshot is not None else None
    if dims is None:
        report.problems.append(
            SpecProblem(
                str(snapshot),
                None,
                "snapshot",
                "还没有已发布的构建：类别、岗位、部门等取值未与数据核对",
                "no published build: categories, posts, departments and other values were not "
                "checked against the data",
                severity="notice",
            )
        )
        return report
    scored = [(p, s) for p, s in specs if not _is_reference_scheme(p, specs_dir)]
    for path, spec in scored:
        report.problems += dimension_problems(str(path), locator(path), spec, dims)
    report.problems += published_warnings(dims.snapshot, scored)  # indicators without facts
    if [Path(p).resolve() for p in paths] == [specs_dir.resolve()]:
        # The whole folder: who in the build does no spec cover?
        report.problems += coverage_problems(
            str(specs_dir), [s for _, s in scored], dims, today or date.today()
        )
    report.specs = [
        (p, s)
        for p, s in specs
        if not any(x.is_error and x.file == str(p) for x in report.problems)
    ]
    return report
