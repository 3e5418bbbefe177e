"""A spec version that scored a closed period is never edited, only succeeded.

Closing a period records each scoring version's file hash and model (see
``kpi_warehouse.store.closed_periods``). Against those records, each is a located error:

- the version's file now differs — unless the one change is an ``effective_to`` that still
  covers every closed period the version scored (that is how a successor is made room for);
  the error points at the first field that changed (or, for comments and layout, the first
  line that changed);
- the version's file is gone;
- another version of the spec would now be in force on a closed period's last day (its
  ``effective_from`` must come after that day).
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from kpi_warehouse.specs.loader import locator
from kpi_warehouse.specs.model import Spec
from kpi_warehouse.specs.problems import SpecProblem
from kpi_warehouse.store.closed_periods import ClosedPeriodView


def closed_in_store(url: str) -> list[ClosedPeriodView]:
    """The closed periods of the store at ``url``; none when the store does not exist yet
    (a SQLite file is not created just to find that out)."""
    from kpi_warehouse.store import closed_periods

    parsed = sa.make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and (not parsed.database or not Path(parsed.database).exists()):
        return []
    return closed_periods.closed(url)


def _first_difference(old: Any, new: Any, loc: list[str | int]) -> list[str | int] | None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            found = _first_difference(old.get(key), new.get(key), [*loc, key])
            if found is not None:
                return found
        return None
    if isinstance(old, list) and isinstance(new, list):
        for i in range(max(len(old), len(new))):
            a = old[i] if i < len(old) else None
            b = new[i] if i < len(new) else None
            found = _first_difference(a, b, [*loc, i])
            if found is not None:
                return found
        return None
    return None if old == new else loc


def _first_changed_line(old_text: str | None, path: Path) -> int | None:
    if old_text is None:
        return None
    new = path.read_text(encoding="utf-8-sig").splitlines()
    matcher = difflib.SequenceMatcher(a=old_text.splitlines(), b=new, autojunk=False)
    for tag, _, _, j1, _ in matcher.get_opcodes():
        if tag != "equal":
            return min(j1 + 1, max(len(new), 1))
    return None


def closed_version_problems(
    specs: Sequence[tuple[Path, Spec]], closed: Sequence[ClosedPeriodView], specs_dir: Path
) -> list[SpecProblem]:
    # spec_id@effective_from → (the record at close, the periods it scored, their last day)
    scored: dict[str, tuple[dict[str, Any], list[str], date]] = {}
    for period in closed:
        for key, rec in period.archive.spec_versions.items():
            end = date.fromisoformat(rec["period_end"])
            _, periods, last = scored.get(key, (rec, [], end))
            scored[key] = (rec, [*periods, period.period_id], max(last, end))
    if not scored:
        return []
    out: list[SpecProblem] = []
    present = {f"{s.spec_id}@{s.effective_from.isoformat()}": (p, s) for p, s in specs}
    by_spec: dict[str, list[tuple[str, list[str], date]]] = {}
    for key, (rec, periods, last) in scored.items():
        by_spec.setdefault(rec["spec_id"], []).append((key, periods, last))
        names = "、".join(sorted(periods))
        names_en = ", ".join(sorted(periods))
        after = (last + timedelta(1)).isoformat()
        if key not in present:
            continue  # reported below when other versions of the spec are checked
        path, spec = present[key]
        if hashlib.sha256(path.read_bytes()).hexdigest() == rec["sha256"]:
            continue
        old = dict(rec["spec"])
        new = spec.model_dump(mode="json")
        old_to = old.pop("effective_to", None)
        new_to = new.pop("effective_to", None)
        locate = locator(path)
        if old == new and old_to == new_to:  # comments or layout
            line = _first_changed_line(rec.get("text"), path)
            field = "(file)"
        elif old == new:
            if new_to is None or date.fromisoformat(new_to) >= last:
                continue  # only effective_to moved, still covering the closed periods
            loc: list[str | int] = ["effective_to"]
            line = locate(loc)
            field = "effective_to"
        else:
            diff = _first_difference(old, new, [])
            loc = diff or []
            line = locate(loc) if diff else _first_changed_line(rec.get("text"), path)
            field = ".".join(map(str, loc)) or "(file)"
        out.append(
            SpecProblem(
                str(path),
                line,
                field,
                f"“{spec.spec_id}”的版本 {spec.version}（自 {spec.effective_from} 起）"
                f"已用于已结账的考核期 {names}，不能再修改：请撤销此处修改，"
                f"另建一个从 {after} 起生效的新版本（或先由考核办重新开放该考核期）",
                f"version {spec.version} of '{spec.spec_id}' (from {spec.effective_from}) scored "
                f"the closed period(s) {names_en} and may not be edited: undo this change and "
                f"make a new version with effective_from {after} or later (or have the "
                "appraisal office reopen the period)",
            )
        )
    for spec_id, entries in by_spec.items():
        for path, spec in specs:
            key = f"{spec.spec_id}@{spec.effective_from.isoformat()}"
            if spec.spec_id != spec_id or key in scored:
                continue
            hit = [
                (periods, last)
                for _, periods, last in entries
                if spec.effective_from <= last
                and (spec.effective_to is None or spec.effective_to >= last)
            ]
            if not hit:
                continue
            names = sorted(p for periods, _ in hit for p in periods)
            after = (max(last for _, last in hit) + timedelta(1)).isoformat()
            out.append(
                SpecProblem(
                    str(path),
                    locator(path)(["effective_from"]),
                    "effective_from",
                    f"新版本 {spec.version} 从 {spec.effective_from} 起生效，会改变已结账的考核期 "
                    f"{'、'.join(names)} 所用的细则：生效日期须不早于 {after}",
                    f"the new version {spec.version} takes effect on {spec.effective_from} and "
                    f"would rescore the closed period(s) {', '.join(names)}: effective_from must "
                    f"be {after} or later",
                )
            )
    for key, (rec, periods, _) in scored.items():
        if key in present or not any(s.spec_id == rec["spec_id"] for _, s in specs):
            continue
        out.append(
            SpecProblem(
                str(specs_dir / rec["file"]),
                None,
                "(file)",
                f"“{rec['spec_id']}”的版本 {rec['version']}（自 {rec['effective_from']} 起，文件 "
                f"{rec['file']}）已用于已结账的考核期 {'、'.join(sorted(periods))}，不能删除或改动"
                "其 spec_id 与 effective_from",
                f"version {rec['version']} of '{rec['spec_id']}' (from {rec['effective_from']}, "
                f"file {rec['file']}) scored the closed period(s) {', '.join(sorted(periods))}: it "
                "may not be removed, nor its spec_id or effective_from changed",
            )
        )
    return out
