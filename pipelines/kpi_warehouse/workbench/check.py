"""The live check of a draft: exactly what `kpi validate` says of the file the approval
would write, among the other versions of its spec as they would then be.

The draft (and, for a new version, the version it ends) is written to a temporary folder
under the names it would have; the spec's other version files are read where they are;
the validation runs on them with the latest build's dimensions. Problems come back with
the file named as in the specs folder, lines as in the draft.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kpi_warehouse.config import settings
from kpi_warehouse.specs.model import Spec
from kpi_warehouse.specs.problems import SpecProblem
from kpi_warehouse.specs.validation import validate
from kpi_warehouse.workbench import files
from kpi_warehouse.workbench.files import SpecFile


@dataclass(frozen=True)
class Check:
    """What the check found: the draft's spec (None with errors), every problem, where
    the approval would write it, and the version it would end (if any) with that day."""

    spec: Spec | None
    problems: list[SpecProblem]
    target: str
    ends: tuple[SpecFile, date] | None = None

    @property
    def errors(self) -> list[SpecProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[SpecProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def is_new_version(self) -> bool:
        return self.ends is not None or not (files.specs_dir() / self.target).exists()


def _line_of(text: str, key: str) -> int | None:
    for n, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return n
    return None


def check_draft(
    text: str,
    base: SpecFile,
    index: list[SpecFile] | None = None,
    snapshot: Path | None = None,
    today: date | None = None,
) -> Check:
    """Check ``text`` as a draft of the spec of ``base`` (a file of the specs folder)."""
    root = files.specs_dir()
    index = index if index is not None else files.spec_index(root)
    head = files.header(text)
    version = str(head.get("version") or base.version or "")
    target = files.target_for(base, version, index)
    spec_id = head.get("spec_id")
    if spec_id is not None and str(spec_id) != base.spec_id:
        line = _line_of(text, "spec_id")
        return Check(
            None,
            [
                SpecProblem(
                    target,
                    line,
                    "spec_id",
                    f"草稿须保持 spec_id 为“{base.spec_id}”（从 {base.relative} 打开）",
                    f"the draft must keep spec_id '{base.spec_id}' (opened from {base.relative})",
                )
            ],
            target,
        )
    starts = files._date(head.get("effective_from"))
    ends = None
    if starts is not None and not any(f.relative == target for f in index):
        before = files.predecessor(index, str(base.spec_id), target, starts)
        if before is not None:
            ends = (before, files.day_before(starts))
    snapshot = snapshot if snapshot is not None else settings().snapshot_db
    reference = Path(target).parts[:1] == ("schemes",)
    with tempfile.TemporaryDirectory(prefix="kpi-draft-") as tmp:
        names: dict[str, str] = {}
        draft_path = Path(tmp) / "draft" / Path(target).name
        draft_path.parent.mkdir()
        draft_path.write_text(text, encoding="utf-8")
        names[str(draft_path)] = target
        paths = [draft_path]
        for other in index:
            if other.spec_id != base.spec_id or other.relative == target:
                continue
            path = root / other.relative
            if ends is not None and other.relative == ends[0].relative:
                path = Path(tmp) / "ended" / Path(other.relative).name
                path.parent.mkdir()
                path.write_text(files.ended(files.read_text(root / other.relative), ends[1]))
            names[str(path)] = other.relative
            paths.append(path)
        report = validate(paths, root, None if reference else snapshot, today)
        spec = next((s for p, s in report.specs if p == draft_path), None)
    problems = []
    for p in report.problems:
        name = names.get(p.file)
        if p.severity == "notice" and reference:
            continue  # the seed schemes are not checked against the data on purpose
        if name == target or p.severity == "notice":
            problems.append(dataclasses.replace(p, file=name or "snapshot"))
        elif name is not None and p.field == "effective_from":
            problems.append(dataclasses.replace(p, file=name))  # among the versions
    if any(p.is_error for p in problems):
        spec = None
    return Check(spec, problems, target, ends)
