"""The spec files of the specs folder (``KPI_SPECS_DIR``) as the workbench sees them, and
how an approved draft is put in place.

- Each file is known by its path relative to the folder, its spec id, version and dates
  (read with the spec loader; a file with errors is listed with what could be read).
- A draft whose ``version`` is that of an existing file of its spec replaces that file (an
  edit); any other version is a new file beside the file it was opened from. A new version
  ends the version it follows: the older one gets ``effective_to`` the day before.
- Writing is atomic: a temporary file in the same folder, flushed and fsynced, then
  ``os.replace`` — a build reading the folder sees the old file or the new one, never half.
  The approved file carries one comment line at the top naming its author, its approver
  and the time of approval.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from kpi_warehouse.config import settings
from kpi_warehouse.specs.loader import spec_files

STAMP_PREFIX = "# 审批 / approved:"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class SpecFile:
    """One spec file: ``relative`` to the specs folder; fields None when unreadable."""

    relative: str
    spec_id: str | None
    version: str | None
    title: str | None
    effective_from: date | None
    effective_to: date | None
    sha256: str

    def in_force(self, day: date) -> bool:
        if self.effective_from is None or self.effective_from > day:
            return False
        return self.effective_to is None or day <= self.effective_to


def specs_dir() -> Path:
    return settings().specs_dir


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def _date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 20× faster
_DESCRIBED: dict[tuple[str, str, int, int], SpecFile] = {}  # (root, file, mtime, size)


def header(text: str) -> dict[str, object]:
    """The top-level fields of a spec text, as far as YAML can read them ({} if not)."""
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def describe(root: Path, path: Path) -> SpecFile:
    """The file's spec id, version and dates (remembered until the file changes)."""
    stat = path.stat()
    key = (str(root), str(path), stat.st_mtime_ns, stat.st_size)
    found = _DESCRIBED.get(key)
    if found is None:
        if len(_DESCRIBED) > 1000:
            _DESCRIBED.clear()
        found = _DESCRIBED[key] = _describe(root, path)
    return found


def _describe(root: Path, path: Path) -> SpecFile:
    text = read_text(path)
    head = header(text)

    def text_of(key: str) -> str | None:
        value = head.get(key)
        return None if value is None else str(value)

    return SpecFile(
        path.relative_to(root).as_posix(),
        text_of("spec_id"),
        text_of("version"),
        text_of("title"),
        _date(head.get("effective_from")),
        _date(head.get("effective_to")),
        sha256(text),
    )


def spec_index(root: Path | None = None) -> list[SpecFile]:
    """Every spec file of the folder (the seed schemes under ``schemes/`` included: the
    appraisal office keeps them too), sorted by spec id and start."""
    root = root or specs_dir()
    found = [describe(root, p) for p in spec_files([root])]
    return sorted(found, key=lambda f: (f.spec_id or "", f.effective_from or date.min))


def resolve(relative: str, root: Path | None = None) -> Path:
    """The file ``relative`` names inside the specs folder; a path leaving it is refused."""
    root = (root or specs_dir()).resolve()
    path = (root / relative).resolve()
    if root not in path.parents or path.suffix.lower() not in (".yaml", ".yml"):
        raise ValueError(f"不是考核细则文件 / not a spec file: {relative}")
    return path


def target_for(base: SpecFile, version: str, index: list[SpecFile]) -> str:
    """Where a draft of ``base``'s spec with ``version`` goes: the file of that version if
    there is one, else a new file beside ``base``."""
    for f in index:
        if f.spec_id == base.spec_id and f.version == version:
            return f.relative
    folder = Path(base.relative).parent
    name = f"{_SAFE.sub('-', str(base.spec_id))}-{_SAFE.sub('-', version)}.yaml"
    return (folder / name).as_posix()


def predecessor(index: list[SpecFile], spec_id: str, target: str, starts: date) -> SpecFile | None:
    """The version a new version starting on ``starts`` follows, when it is still in force
    on that day (it must then end the day before)."""
    before = [
        f
        for f in index
        if f.spec_id == spec_id
        and f.relative != target
        and f.effective_from is not None
        and f.effective_from < starts
    ]
    if not before:
        return None
    last = max(before, key=lambda f: f.effective_from or date.min)
    if last.effective_to is not None and last.effective_to < starts:
        return None
    return last


_EFFECTIVE_TO = re.compile(r"^effective_to\s*:.*$", re.MULTILINE)
_EFFECTIVE_FROM = re.compile(r"^effective_from\s*:.*$", re.MULTILINE)


def ended(text: str, last_day: date) -> str:
    """``text`` with ``effective_to: last_day`` (replacing one, or after effective_from);
    comments and layout are kept."""
    line = f"effective_to: {last_day.isoformat()}"
    if _EFFECTIVE_TO.search(text):
        return _EFFECTIVE_TO.sub(line, text, count=1)
    match = _EFFECTIVE_FROM.search(text)
    if match is None:
        raise ValueError("找不到 effective_from / no effective_from line")
    return text[: match.end()] + "\n" + line + text[match.end() :]


def day_before(day: date) -> date:
    return day - timedelta(days=1)


def stamped(text: str, author: str, approver: str, at: datetime, draft_id: int) -> str:
    """``text`` with one first line naming author, approver and time (an older such line
    is replaced)."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith(STAMP_PREFIX):
        lines.pop(0)
    stamp = (
        f"{STAMP_PREFIX} 起草 / author {author}，批准 / approver {approver}，"
        f"{at.isoformat(timespec='seconds')}Z，草稿 / draft #{draft_id}\n"
    )
    return stamp + "".join(lines)


def write_atomically(path: Path, text: str) -> str:
    """Write ``text`` to ``path`` atomically; its SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return sha256(text)
