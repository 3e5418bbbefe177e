"""The `kpi` command: demo data, build, serve, SQL, and spec tools."""

from __future__ import annotations

import argparse
import functools
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kpi_warehouse.cli_accounts import register as register_store_verbs
from kpi_warehouse.cli_appeals import register as register_appeal_verbs
from kpi_warehouse.cli_participation import register as register_participation
from kpi_warehouse.cli_periods import register as register_period_verbs
from kpi_warehouse.cli_registry import register as register_registry_verbs
from kpi_warehouse.cli_registry import register_entry as register_entry_verbs
from kpi_warehouse.cli_registry import register_store as register_backup_verbs
from kpi_warehouse.cli_spec import register as register_spec_verbs
from kpi_warehouse.cli_unit_appraisal import register as register_unit_appraisal
from kpi_warehouse.cli_verify import register as register_verify
from kpi_warehouse.config import settings


def _demo(args: argparse.Namespace) -> int:
    from kpi_warehouse.demo.accounts import DEMO_PASSWORD, create_demo_accounts
    from kpi_warehouse.demo.generate import generate

    config = settings()
    out = config.sources_dir
    if args.if_absent and all((out / f"{s}.sqlite").exists() for s in ("case", "office", "app")):
        print(f"演示数据已存在 / demo sources already exist: {out}")
    else:
        from kpi_warehouse.store.backup import foreign_data

        kept = foreign_data(out / "app.sqlite")
        if kept:
            print(
                f"应用库 {out / 'app.sqlite'} 含有非演示数据，拒绝覆盖："
                f"{'；'.join(kept)}。请先 `kpi store backup FILE`，再移走该文件或换用其他"
                " KPI_DATA_DIR / the store holds more than demo data; not replaced. Back it up"
                " and move it away, or use another KPI_DATA_DIR.",
                file=sys.stderr,
            )
            return 1
        paths = generate(out, staff=args.staff, seed=args.seed)
        for system, path in paths.items():
            print(f"{system}: {path}")
        from kpi_warehouse.demo.participation import seed_for_demo

        print(seed_for_demo(config.office_url, config.app_url))  # a campaign, journals
    created = create_demo_accounts(config.office_url, config.app_url)
    from kpi_warehouse.demo.unit_cycle import create_cycle_accounts

    created += create_cycle_accounts(config.office_url, config.app_url)
    from kpi_warehouse.demo.workflow import seed_workflow

    print(seed_workflow(out, config.office_url, config.app_url))  # review states, workbooks
    from kpi_warehouse.demo.appeals import seed_appeals

    print(seed_appeals(config.app_url))  # published periods, appeals in every state
    if created:
        print(f"演示账户 / demo accounts (密码 / password {DEMO_PASSWORD}): {' '.join(created)}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from kpi_warehouse.build import run_build
    from kpi_warehouse.progress import enable as show_progress

    show_progress()  # each step as it runs, on stderr
    from kpi_warehouse.cli_accounts import operator

    report = run_build(accept_drop=args.accept_drop or (), actor=operator().name, full=args.full)
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
    if report.up_to_date:
        print(
            f"数据源、规范和代码均未变化，快照已是最新 / nothing changed (sources, specs, code): "
            f"the snapshot is up to date ({report.seconds:.1f}s): {settings().snapshot_db}"
        )
        return 0
    print(
        f"构建完成并已发布 / built and published in {report.seconds:.1f}s: {settings().snapshot_db}"
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    from kpi_warehouse.dashboard_server import streamlit_command

    cmd = streamlit_command(args.port, args.address)
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
    from kpi_warehouse.cli_sql import run

    return run(args)


def _validate(args: argparse.Namespace) -> int:
    from kpi_warehouse.specs.validation import validate

    config = settings()
    report = validate(args.paths or [config.specs_dir], config.specs_dir, config.snapshot_db)
    for problem in report.problems:
        print(problem, file=sys.stderr if problem.is_error else sys.stdout)
    if report.errors:
        print(
            f"{len(report.errors)} 个错误，{len(report.warnings)} 个警告 / "
            f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)",
            file=sys.stderr,
        )
        return 1
    print(
        f"全部通过 / all valid: {len(report.specs)} spec(s) in {report.files} file(s)"
        + (f"，{len(report.warnings)} 个警告 / warning(s)" if report.warnings else "")
    )
    return 0


def _friendly(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Bad specs and bad input files end the command with their message, not a traceback."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        from kpi_warehouse.preview.files import InputFileError
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
    from kpi_warehouse.preview.files import read_frame
    from kpi_warehouse.preview.score import score_frames
    from kpi_warehouse.specs.loader import load_spec

    specs = [load_spec(p) for p in spec_paths]
    facts = read_frame(args.facts)
    people = read_frame(args.people) if args.people else None
    out = [
        (spec, score_frames([spec], facts, people, args.period, with_evidence)) for spec in specs
    ]
    for warning in dict.fromkeys(w for _, preview in out for w in preview.warnings):
        print(warning, file=sys.stderr)
    return out


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
    from kpi_warehouse.preview.explain import explain

    [(spec, preview)] = _previews([args.spec], args, with_evidence=True)
    print(explain(spec, preview, args.appraisee))
    return 0


@_friendly
def _diff(args: argparse.Namespace) -> int:
    from kpi_warehouse.preview.diff import diff

    (old, current), (new, draft) = _previews([args.old, args.new], args)
    result = diff(old, new, current, draft)
    print(result.text())
    if args.out:
        if args.out.suffix.lower() != ".xlsx":
            print("--out 需要 .xlsx 文件 / --out needs an .xlsx file", file=sys.stderr)
            return 1
        result.to_excel(args.out)
        print(f"已写入 / written: {args.out}")
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

    build = sub.add_parser("build", help="extract, dbt build, check, publish")
    build.add_argument(
        "--accept-drop",
        action="append",
        metavar="DEPT",
        help="publish although this department's (org_unit_id) appraised headcount fell by "
        "more than 10%% (repeatable; logged)",
    )
    build.add_argument(
        "--full",
        action="store_true",
        help="rebuild and republish even if the sources, specs and code are unchanged",
    )
    build.set_defaults(func=_build)

    serve = sub.add_parser("serve", help="serve the dashboard")
    serve.add_argument("--address", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8501)
    serve.set_defaults(func=_serve)

    sql = sub.add_parser("sql", help="read-only SQL on the published snapshot")
    sql.add_argument("query")
    sql.add_argument("--csv", action="store_true")
    sql.add_argument("--user", help="run as this account: its scope, the console's rules")
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
    diff.add_argument("--out", type=Path, help="also write the diff to an .xlsx file")
    diff.set_defaults(func=_diff)

    schema = sub.add_parser("schema", help="print the spec JSON Schema (for editors)")
    schema.add_argument("--out", type=Path)
    schema.set_defaults(func=_schema)

    register_store_verbs(sub)  # user, audit, setting
    register_registry_verbs(sub)  # registry
    register_entry_verbs(sub)  # entry
    register_backup_verbs(sub)  # store backup|restore
    register_period_verbs(sub)  # close-period, reopen-period, closed-periods
    register_verify(sub)  # verify
    register_appeal_verbs(sub)  # publish-period, appeal
    register_participation(sub)  # rating, journal
    register_spec_verbs(sub)  # spec list|draft|preview|submit|approve|reject|show
    register_unit_appraisal(sub)  # unit-appraisal open|submit|score|review|publish|list
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
