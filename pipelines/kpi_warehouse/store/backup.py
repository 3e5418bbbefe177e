"""One-command backup and restore of the store, and the guard that stops ``kpi demo`` from
replacing a store that holds anything but demo data.

SQLite stores are copied with SQLite's online backup API (a consistent copy while others
write). A PostgreSQL store is backed up with ``pg_dump``/``pg_restore``; these commands
say so rather than half-doing it.

What counts as "not demo data" (decision): any row of ``kpi_record_history`` (every
registry, manual-entry, ballot or journal write through the services) by an actor other
than ``demo``, any per-procuratorate setting, or any
successful audit line by an actor other than ``demo`` that is not a read (``READ_ACTS``:
sign-ins, views, exports, SQL, build starts) — appeals, publications, closed periods, spec
drafts, ballots, unit appraisals all count. What `kpi demo` itself wrote through the
services as its demo accounts (before its ``demo_seed`` audit line) is demo data too.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import sqlalchemy as sa

from kpi_warehouse.store import db

# Audit actions that change nothing in the store's data (every other successful act by
# someone but the demo is a write that `kpi demo` must not throw away).
READ_ACTS = (
    "sign_in", "sign_out", "account_locked", "scorecard_view", "scorecard_export", "export",
    "sql", "access_denied", "build_start", "build_finish", "demo_seed",
)  # fmt: skip


class BackupError(RuntimeError):
    pass


def _sqlite_path(url: str | None) -> Path:
    parsed = sa.make_url(url or db.app_url())
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise BackupError(
            "应用库是 PostgreSQL：请用 pg_dump / pg_restore 备份与恢复 / the store is PostgreSQL: "
            "back it up with pg_dump and restore with pg_restore"
        )
    return Path(parsed.database)


def _demo_seed_marker(con: sqlite3.Connection, tables: set[str]) -> tuple[int, int]:
    """(last history id, audit event id) of the demo's own writes: `kpi demo` seeds its
    workflow through the services as the demo accounts (``demo/workflow.py``), then appends
    ``demo_seed`` by ``demo``; what comes before it is demo data. (0, 0) without it."""
    if "kpi_audit_log" not in tables:
        return 0, 0
    row = con.execute(
        "SELECT event_id, detail FROM kpi_audit_log WHERE actor = 'demo' AND action = "
        "'demo_seed' ORDER BY event_id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return 0, 0
    upto = json.loads(row[1] or "{}").get("history_upto") or 0
    return int(upto), int(row[0])


def foreign_data(path: Path) -> list[str]:
    """Why the SQLite store at ``path`` holds more than demo data (empty: demo only)."""
    if not path.exists():
        return []
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        reasons = []
        history_from, audit_from = _demo_seed_marker(con, tables)
        if "kpi_record_history" in tables:
            n = con.execute(  # the demo's own seeded writes (actor demo) do not count
                "SELECT count(*) FROM kpi_record_history WHERE actor <> 'demo' AND history_id > ?",
                [history_from],
            ).fetchone()[0]
            if n:
                reasons.append(f"{n} 条登记簿/补录修改 / {n} registry or manual-entry write(s)")
        if "kpi_procuratorate_setting" in tables:
            n = con.execute("SELECT count(*) FROM kpi_procuratorate_setting").fetchone()[0]
            if n:
                reasons.append(f"{n} 项院设置 / {n} procuratorate setting(s)")
        if "kpi_audit_log" in tables:
            reads = ", ".join("?" for _ in READ_ACTS)
            n = con.execute(
                f"SELECT count(*) FROM kpi_audit_log WHERE actor <> 'demo' AND event_id > ? "
                f"AND outcome = 'ok' AND action NOT IN ({reads})",
                [audit_from, *READ_ACTS],
            ).fetchone()[0]
            if n:
                reasons.append(f"{n} 次账户或数据写操作 / {n} account or data write(s)")
        return reasons
    finally:
        con.close()


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def backup(target: Path, url: str | None = None) -> Path:
    source = _sqlite_path(url)
    if not source.exists():
        raise BackupError(f"应用库不存在 / no store at {source}")
    target = Path(target)
    if target.exists():
        raise BackupError(f"目标文件已存在，未覆盖 / {target} exists; not overwritten")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    return target


def restore(source: Path, url: str | None = None) -> Path:
    """Replace the store's content with the backup ``source``; the store as it was is kept
    next to it as ``<name>.before-restore-<stamp>.sqlite``. Returns that safety copy."""
    source = Path(source)
    target = _sqlite_path(url)
    try:
        con = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        con.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"不是有效的备份文件 / not a store backup: {source} ({exc})") from None
    if db.VERSION_TABLE not in tables:
        raise BackupError(f"不是应用库备份 / {source} is not a store backup")
    stamp = db.now().strftime("%Y%m%dT%H%M%S")
    safety = target.with_name(f"{target.stem}.before-restore-{stamp}.sqlite")
    if target.exists():
        _copy(target, safety)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # page-by-page replace, atomic for readers
    finally:
        dst.close()
        src.close()
    return safety
