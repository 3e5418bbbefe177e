"""Deterministic demo source systems: ``case.sqlite``, ``office.sqlite`` and ``app.sqlite``.

One city procuratorate (南京市人民检察院, ``PRC-CITY``) and four districts (玄武/秦淮/鼓楼/
建邺, ``PRC-D1`` … ``PRC-D4``), each with the fifteen departments of a procuratorate since
the 2019 reform (:data:`org.DEPARTMENTS`: the five registry owners, 第一至第三检察部 and the
other procuratorial functions' departments), over the whole year 2026 by default. A latent
per-person *diligence* (0..1, drawn from the seed; most people high, about 2 % struggling)
drives everything a person does — lateness, absences, cases closed and overdue, returns
and extensions, 认罪认罚, journals, study, bulletins, papers, awards, manual scores and
ratings — so that graded by the demo's specs most people are 称职 or 良好, the quotas'
worth 优秀, and a few per cent 不称职, each for a reason the records show (a low total, an
absence, a sanction). Cases carry what the SPP case-quality indicators need (审查逮捕 and
审查起诉 with their outcomes, 认罪认罚, returns for supplementary investigation,
extensions, deadlines).

Row generation (:func:`build_rows`) is pure Python on seeded ``random.Random`` streams: no
clock, no global random state, no set-order dependence. Writing is separate:
:func:`write_sqlite` (stdlib sqlite3, one transaction, no journal; the same seed gives
byte-identical files) and :func:`write_sqlalchemy` (any SQLAlchemy URL, e.g. PostgreSQL).

Deliberately dirty rows (:data:`DIRTY_ROWS`), the same for every seed and size:

1. ``app.reg_bulletins`` ``bulletin_id = BL999999``: the person ``P99999`` does not exist.
2. ``app.reg_awards`` ``event_key = EV-0001``: one event honoured at two levels (city row
   ``AW00001`` and provincial row ``AW00002``) for the same person — the most diligent
   non-leader who is active all period.
3. ``app.manual_entries`` ``entry_id = ME999999``: still ``pending`` (entered, not yet
   reviewed: ``reviewed_by`` and ``reviewed_at`` NULL) — a reward claim of +2 for the
   first on-post staff member of ``PRC-D2-office``.
4. ``office.attendance`` ``record_id = AT99999999``: the day of an existing ``on_time``
   record entered a second time as ``late`` — the first on-post 一般工作人员 of
   ``PRC-D1-gongsu``, on their first on-time day at least 31 days after ``start``.

Command line: ``python -m kpi_warehouse.demo.generate --out DIR --staff 300 --seed 20260101``;
the benchmark's province: ``--staff 10000 --procuratorates 100 --density province`` (Jiangsu's
first 100 procuratorates, :mod:`.province`; each case's procedural steps and every document
handled, :mod:`.density`). :func:`.append.append_day` adds one more day for incremental builds.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .cases import build_cases
from .common import Context, Row, Tables, stream, ts
from .density import DENSITIES
from .density import density as density_named
from .journals import build_journals
from .office import build_office
from .org import Org, Person, build_org
from .province import DEMO_SIZE, MAX_PROCURATORATES, province_procuratorates, province_weights
from .registries import TWO_LEVEL_EVENT, build_app, reviewer_of
from .schema import SYSTEMS
from .texts import BULLETIN_TEMPLATES
from .unit_cycle import build_unit_cycles
from .workdays import next_working_day, previous_working_day

DEFAULT_SEED = 20260101
DEFAULT_START = date(2026, 1, 1)
DEFAULT_END = date(2026, 12, 31)
MAX_STAFF = 99_998  # person ids are P00001 … and P99999 is reserved for the dirty bulletin


@dataclass(frozen=True)
class DirtyRow:
    system: str
    table: str
    column: str  # the identifying column
    value: str  # its value
    description: str


UNKNOWN_PERSON = "P99999"
DIRTY_ROWS: tuple[DirtyRow, ...] = (
    DirtyRow(
        "app", "reg_bulletins", "bulletin_id", "BL999999",
        f"bulletin of an unknown person {UNKNOWN_PERSON} (not in office.staff)",
    ),
    DirtyRow(
        "app", "reg_awards", "event_key", TWO_LEVEL_EVENT,
        "one award event recorded at city (AW00001) and provincial (AW00002) level for the "
        "same person",
    ),
    DirtyRow(
        "app", "manual_entries", "entry_id", "ME999999",
        "manual entry still pending: reviewed_by and reviewed_at NULL",
    ),
    DirtyRow(
        "office", "attendance", "record_id", "AT99999999",
        "second attendance record (late) for a person and day already recorded as on_time",
    ),
)  # fmt: skip


def make_context(
    staff: int = 300,
    seed: int = DEFAULT_SEED,
    start: date = DEFAULT_START,
    end: date = DEFAULT_END,
    procuratorates: int = DEMO_SIZE,
    density: str = "demo",
) -> Context:
    """The organisation and shared state every system's rows are built from.

    ``procuratorates``: the first N of :mod:`.province` (5, the default, is the demo's
    Nanjing five); ``density``: ``"demo"`` or ``"province"`` (:mod:`.density`)."""
    if not 20 <= staff <= MAX_STAFF:
        raise ValueError(f"staff must be between 20 and {MAX_STAFF}")
    if end < start + timedelta(days=60):
        raise ValueError("the period must span at least 60 days")
    chosen = province_procuratorates(procuratorates)
    if staff < 4 * procuratorates:
        raise ValueError("staff must be at least 4 per procuratorate")
    org = build_org(
        stream(seed, "org"), staff, start, end, chosen, province_weights(procuratorates)
    )
    return Context(org, seed, start, end, density_named(density))


def build_system(ctx: Context, system: str) -> dict[str, list[Row]]:
    """Rows of one system, dirty rows included: ``{table: [row tuple in DDL column order]}``."""
    if system == "case":
        tables = build_cases(ctx)
    elif system == "office":
        tables = build_office(ctx)
        _dirty_office(ctx, tables)
    elif system == "app":
        tables = build_app(ctx)
        _dirty_app(ctx, tables)
        tables.update(build_unit_cycles(ctx))
        tables.update(build_journals(ctx))  # journals kept in the product
    else:
        raise ValueError(f"unknown system {system!r}; expected one of {sorted(SYSTEMS)}")
    return {t: tables[t] for t in SYSTEMS[system]}


def build_rows(
    staff: int = 300,
    seed: int = DEFAULT_SEED,
    start: date = DEFAULT_START,
    end: date = DEFAULT_END,
    procuratorates: int = DEMO_SIZE,
    density: str = "demo",
) -> dict[str, dict[str, list[Row]]]:
    """All rows of the three systems: ``{system: {table: [row tuple in DDL column order]}}``.
    With ``density="province"`` the two largest tables (``case_events``, ``documents``) are
    one-shot iterators instead of lists."""
    ctx = make_context(staff, seed, start, end, procuratorates, density)
    return {system: build_system(ctx, system) for system in SYSTEMS}


def _first(people: Sequence[Person], ok: Callable[[Person], bool]) -> Person | None:
    for p in people:
        if ok(p):
            return p
    return None


def _dirty_app(ctx: Context, tables: Tables) -> None:
    org: Org = ctx.org
    # (1) a bulletin of an unknown person.
    day = next_working_day(ctx.start + timedelta(days=45))
    title = BULLETIN_TEMPLATES[2].format(short="鼓楼区院")
    tables["reg_bulletins"].append(
        ("BL999999", UNKNOWN_PERSON, title, "district", day.isoformat(), "PRC-D3-office", ts(day))
    )
    # (2) the two-level award event EV-0001 is written by registries._awards.

    # (3) a pending manual entry.
    last = previous_working_day(ctx.end)
    appraisees = ctx.appraisees(last, last)
    person = (
        _first(
            org.unit("PRC-D2", "office").members,
            lambda p: p.status == "on_post" and p.active_on(last) and p.role != "head",
        )
        or _first(appraisees, lambda p: not p.is_leader)
        or appraisees[0]
    )
    reviewer = reviewer_of(ctx, person)
    clerk = org.clerk_for(person, avoid=reviewer)
    tables["manual_entries"].append(
        (
            "ME999999",
            person.person_id,
            "reward",
            2.0,
            last.isoformat(),
            "奖励加分：信息被上级院采用（待审核）",
            clerk.person_id,
            None,
            "pending",
            None,
            ts(last),
        )
    )


def _dirty_office(ctx: Context, tables: Tables) -> None:
    # (4) an attendance day recorded twice.
    def whole(p: Person) -> bool:
        return p.status == "on_post" and p.active_from == ctx.start and p.active_to == ctx.end

    target = (
        _first(
            ctx.org.unit("PRC-D1", "gongsu").members,
            lambda p: whole(p) and p.category == "一般工作人员",
        )
        or _first(ctx.org.people, lambda p: whole(p) and not p.is_leader)
        or _first(ctx.org.people, whole)
    )
    assert target is not None, "nobody is on post all period"
    after = (ctx.start + timedelta(days=31)).isoformat()
    attendance = tables["attendance"]
    original = next(
        r for r in attendance if r[1] == target.person_id and r[2] >= after and r[3] == "on_time"
    )
    work_date = date.fromisoformat(str(original[2]))
    attendance.append(
        ("AT99999999", target.person_id, original[2], "late", None, ts(work_date, 18, 30))
    )


# --------------------------------------------------------------------------- writing


@functools.cache
def columns(ddl: str) -> list[str]:
    """Column names of a ``CREATE TABLE`` statement, in order (asked of SQLite itself)."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute(ddl)
        table = re.search(r"CREATE\s+TABLE\s+(\w+)", ddl, re.IGNORECASE)
        assert table is not None
        return [r[1] for r in con.execute(f"PRAGMA table_info({table.group(1)})")]
    finally:
        con.close()


def write_sqlite(path: Path, system: str, tables: dict[str, list[Row]]) -> Path:
    """Write one system to a SQLite file, atomically (temp file, then ``os.replace``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("BEGIN")
        for table, ddl in SYSTEMS[system].items():
            con.execute(ddl)
            marks = ",".join("?" * len(columns(ddl)))
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", tables.get(table, []))
        con.execute("COMMIT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, path)
    return path


def write_sqlalchemy(url: str, system: str, tables: dict[str, list[Row]]) -> None:
    """Write one system into any SQLAlchemy URL, dropping and recreating its tables."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            for table, ddl in SYSTEMS[system].items():
                cols = columns(ddl)
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
                conn.exec_driver_sql(ddl)
                target = sa.table(table, *(sa.column(c) for c in cols))
                rows = tables.get(table, [])
                for i in range(0, len(rows), 5000):
                    batch = [dict(zip(cols, r, strict=True)) for r in rows[i : i + 5000]]
                    conn.execute(target.insert(), batch)
    finally:
        engine.dispose()


def write_to_url(system: str, url: str, rows: dict[str, list[Row]]) -> None:
    """A ``sqlite:///file`` URL gets the byte-reproducible file writer; anything else
    goes through SQLAlchemy."""
    import sqlalchemy as sa

    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        write_sqlite(Path(str(parsed.database)), system, rows)
    else:
        write_sqlalchemy(url, system, rows)


def generate(
    out_dir: Path,
    staff: int = 300,
    seed: int = DEFAULT_SEED,
    start: date = DEFAULT_START,
    end: date = DEFAULT_END,
    procuratorates: int = DEMO_SIZE,
    density: str = "demo",
) -> dict[str, Path]:
    """Write case.sqlite, office.sqlite and app.sqlite into ``out_dir`` (each replaced
    atomically). Returns ``{"case": path, "office": path, "app": path}``.

    The benchmark's province: ``staff=10_000, procuratorates=100, density="province"``
    (about 20 million source rows for the year 2026)."""
    out_dir = Path(out_dir)
    ctx = make_context(staff, seed, start, end, procuratorates, density)
    # One system at a time keeps only one system's rows in memory.
    return {
        system: write_sqlite(out_dir / f"{system}.sqlite", system, build_system(ctx, system))
        for system in SYSTEMS
    }


def main(argv: Sequence[str] | None = None) -> int:
    from ..config import settings

    parser = argparse.ArgumentParser(description="Generate the demo source databases.")
    parser.add_argument("--out", type=Path, default=None, help="output directory")
    parser.add_argument("--staff", type=int, default=300)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--start", type=date.fromisoformat, default=DEFAULT_START)
    parser.add_argument("--end", type=date.fromisoformat, default=DEFAULT_END)
    parser.add_argument(
        "--procuratorates",
        type=int,
        default=DEMO_SIZE,
        help=f"the first N of Jiangsu's procuratorates ({DEMO_SIZE} … {MAX_PROCURATORATES})",
    )
    parser.add_argument("--density", choices=sorted(DENSITIES), default="demo")
    args = parser.parse_args(argv)
    out = args.out or settings().sources_dir
    paths = generate(
        out, args.staff, args.seed, args.start, args.end, args.procuratorates, args.density
    )
    for system, path in paths.items():
        con = sqlite3.connect(path)
        counts = ", ".join(
            f"{t}={con.execute(f'SELECT count(*) FROM {t}').fetchone()[0]}" for t in SYSTEMS[system]
        )
        con.close()
        print(f"{path}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
