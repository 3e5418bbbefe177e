"""The `kpi` command: demo data, build, serve, SQL, and spec tools."""

from __future__ import annotations

import argparse
import functools
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kpi_warehouse.config import REPO_ROOT, settings


def _demo(args: argparse.Namespace) -> int:
    from kpi_warehouse.demo.generate import generate

    out = settings().sources_dir
    if args.if_absent and all((out / f"{s}.sqlite").exists() for s in ("case", "office", "app")):
        print(f"演示数据已存在 / demo sources already exist: {out}")
        return 0
    paths = generate(out, staff=args.staff, seed=args.seed)
    for system, path in paths.items():
        print(f"{system}: {path}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from kpi_warehouse.build import run_build

    report = run_build()
    for step, seconds in sorted(report.step_seconds.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {seconds:7.2f}s  {step}")
    if not report.success:
        print(
            "构建失败，已发布的快照保持不变 / build failed; the published snapshot is unchanged:",
            file=sys.stderr,
        )
        for line in report.errors:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(
        f"构建完成并已发布 / built and published in {report.seconds:.1f}s: {settings().snapshot_db}"
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    app = REPO_ROOT / "dashboards" / "app.py"
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.address",
        args.address,
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
    ]
    os.environ.setdefault("KPI_SNAPSHOT", str(settings().snapshot_db))
    print(f"仪表盘 / dashboard: http://{args.address}:{args.port}  (Ctrl-C 停止 / to stop)")
    sys.stdout.flush()
    # A process started from a non-interactive shell may inherit ignored SIGINT/SIGTERM:
    # restore the defaults so Ctrl-C and `kill` stop the server.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.execv(sys.executable, cmd)
    return 0  # not reached


def _sql(args: argparse.Namespace) -> int:
    import duckdb

    snapshot = settings().snapshot_db
    if not snapshot.exists():
        print(f"尚未发布快照，请先运行 kpi build / no snapshot at {snapshot}", file=sys.stderr)
        return 2
    try:
        with duckdb.connect(str(snapshot), read_only=True) as con:
            frame = con.execute(args.query).df()
    except duckdb.Error as exc:
        print(f"查询失败 / query failed: {exc}", file=sys.stderr)
        return 1
    if args.csv:
        frame.to_csv(sys.stdout, index=False)
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", 200, "display.width", 200):
            print(frame.to_string(index=False))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from kpi_warehouse.specs.loader import SpecError, load_specs, spec_files

    paths = args.paths or [settings().specs_dir]
    try:
        specs = load_specs(paths)
    except SpecError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} 个问题 / problem(s)", file=sys.stderr)
        return 1
    print(f"全部通过 / all valid: {len(specs)} spec(s) in {len(spec_files(paths))} file(s)")
    return 0


def _friendly(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Bad specs and bad input files end the command with their message, not a traceback."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        from kpi_warehouse.scoring.preview import InputFileError
        from kpi_warehouse.specs.loader import SpecError

        try:
            return command(args)
        except SpecError as exc:
            print("\n".join(map(str, exc.problems)), file=sys.stderr)
        except (InputFileError, ValueError) as exc:
            print(exc, file=sys.stderr)
        return 1

    return run


def _previews(
    spec_paths: Sequence[Path], args: argparse.Namespace, with_evidence: bool = False
) -> list[tuple]:
    """(spec, preview) for each spec, all on the facts (and people) read once."""
    from kpi_warehouse.scoring.preview import read_frame, score_frames
    from kpi_warehouse.specs.loader import load_spec

    specs = [load_spec(p) for p in spec_paths]
    facts = read_frame(args.facts)
    people = read_frame(args.people) if args.people else None
    return [
        (spec, score_frames([spec], facts, people, args.period, with_evidence)) for spec in specs
    ]


@_friendly
def _score(args: argparse.Namespace) -> int:
    [(spec, preview)] = _previews([args.spec], args)
    table = preview.wide()
    if table.empty:
        print(
            f"{args.period} 没有考核对象（检查生效日期和人员范围）/ nobody appraised in "
            f"{args.period} (check effective dates and population)",
            file=sys.stderr,
        )
        return 1
    if args.out:
        if args.out.suffix.lower() == ".xlsx":
            table.to_excel(args.out, index=False)
        else:
            table.to_csv(args.out, index=False, encoding="utf-8-sig")
        print(f"已写入 / written: {args.out}")
    else:
        print(f"{spec.title}（{spec.spec_id} 版本 {spec.version}）{args.period}")
        print(table.to_string(index=False))
    return 0


@_friendly
def _explain(args: argparse.Namespace) -> int:
    from kpi_warehouse.scoring.explain import explain

    [(spec, preview)] = _previews([args.spec], args, with_evidence=True)
    print(explain(spec, preview, args.appraisee))
    return 0


@_friendly
def _diff(args: argparse.Namespace) -> int:
    from kpi_warehouse.scoring.explain import diff

    (_, current), (_, draft) = _previews([args.old, args.new], args)
    table = diff(current, draft)
    changed = int(table["grade_changed"].sum())
    print(f"{len(table)} 人，其中 {changed} 人等次变化 / {changed} grade change(s)")
    print(table.to_string(index=False))
    return 0


def _schema(args: argparse.Namespace) -> int:
    import json

    from kpi_warehouse.specs.model import Spec

    text = json.dumps(Spec.model_json_schema(), ensure_ascii=False, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kpi", description="绩效考核数据仓库 / KPI warehouse")
    sub = p.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="generate the demo source databases")
    demo.add_argument("--staff", type=int, default=300)
    demo.add_argument("--seed", type=int, default=20260101)
    demo.add_argument("--if-absent", action="store_true", help="keep existing demo files")
    demo.set_defaults(func=_demo)

    sub.add_parser("build", help="extract, dbt build, check, publish").set_defaults(func=_build)

    serve = sub.add_parser("serve", help="serve the dashboard")
    serve.add_argument("--address", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8501)
    serve.set_defaults(func=_serve)

    sql = sub.add_parser("sql", help="read-only SQL on the published snapshot")
    sql.add_argument("query")
    sql.add_argument("--csv", action="store_true")
    sql.set_defaults(func=_sql)

    validate = sub.add_parser("validate", help="check spec files")
    validate.add_argument("paths", nargs="*", type=Path)
    validate.set_defaults(func=_validate)

    score = sub.add_parser("score", help="score a spec against a facts file (preview)")
    score.add_argument("spec", type=Path)
    score.add_argument("--facts", type=Path, required=True, help="CSV, Excel or Parquet")
    score.add_argument("--people", type=Path, help="appraisees: person_id, category, ...")
    score.add_argument("--period", required=True, help="e.g. 2026Q1")
    score.add_argument("--out", type=Path, help="write CSV or .xlsx instead of printing")
    score.set_defaults(func=_score)

    explain = sub.add_parser("explain", help="how one appraisee's score was reached")
    explain.add_argument("spec", type=Path)
    explain.add_argument("appraisee", help="person_id (or org_unit_id)")
    explain.add_argument("--facts", type=Path, required=True)
    explain.add_argument("--people", type=Path)
    explain.add_argument("--period", required=True)
    explain.set_defaults(func=_explain)

    diff = sub.add_parser("diff", help="how a draft spec changes points and grades")
    diff.add_argument("old", type=Path, help="the current spec")
    diff.add_argument("new", type=Path, help="the draft")
    diff.add_argument("--facts", type=Path, required=True)
    diff.add_argument("--people", type=Path)
    diff.add_argument("--period", required=True)
    diff.set_defaults(func=_diff)

    schema = sub.add_parser("schema", help="print the spec JSON Schema (for editors)")
    schema.add_argument("--out", type=Path)
    schema.set_defaults(func=_schema)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
