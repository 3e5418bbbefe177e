"""What a build's Dagster event log says: seconds per step, and each failure named by step.

A failure line names the step (specs, extraction of one system, dbt, publishing) and then
the error the step raised — which names the source and table, or the dbt model — followed
by its root cause when that adds something; Dagster's own wrappers are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from dagster import DagsterEventType, EventLogEntry
from dagster._utils.error import SerializableErrorInfo

_WRAPPERS = {"DagsterExecutionStepExecutionError", "DagsterUserCodeExecutionError"}


def step_label(step_key: str) -> str:
    if step_key == "specs__spec_versions":
        return "考核细则 / specs"
    if step_key.startswith("extract_"):
        system = step_key.removeprefix("extract_")
        return f"抽取 / extract {system}"
    if step_key == "warehouse_models":
        return "dbt build"
    if step_key == "published_snapshot":
        return "发布 / publish"
    if step_key == "dbt_docs":
        return "数据文档 / dbt docs"
    return step_key


def step_hint(step_key: str) -> str:
    """What the operator can do about a failed step."""
    if step_key == "specs__spec_versions":
        return "用 `kpi validate` 查看并修改考核细则 / fix the specs (see `kpi validate`)"
    if step_key.startswith("extract_"):
        return (
            "检查该数据源是否可访问、表和列是否齐全，然后重新运行 `kpi build` / check that the "
            "source is reachable and has the table and columns, then run `kpi build` again"
        )
    if step_key == "warehouse_models":
        return (
            "数据未通过 dbt 检查或模型出错：核对上面列出的数据，或查看 dbt.log / the data failed "
            "a dbt test or a model failed: check the rows named above, or read dbt.log"
        )
    if step_key == "published_snapshot":
        return (
            "发布前检查未通过，旧快照继续使用：处理上面的问题后重新构建 / a pre-publish check "
            "failed and the previous snapshot keeps serving: fix the above and build again"
        )
    return ""


def _message(info: SerializableErrorInfo) -> str:
    text = info.message.strip()
    prefix = f"{info.cls_name}: "
    # Dagster prefixes the class path, e.g. "dagster._core.definitions.events.Failure: ".
    head, sep, rest = text.partition(": ")
    if sep and head.split(".")[-1] == info.cls_name:
        text = rest
    return text.removeprefix(prefix).strip()


def error_text(info: SerializableErrorInfo | None) -> str:
    """The step's own error, then (after ←) the root cause if it says something more."""
    messages: list[str] = []
    while info is not None:
        if info.cls_name not in _WRAPPERS:
            text = _message(info)
            if text and not any(text in m for m in messages):
                messages.append(text)
        info = info.cause
    if not messages:
        return "unknown error"
    return messages[0] if len(messages) == 1 else f"{messages[0]} ← {messages[-1]}"


def step_errors(entries: Sequence[EventLogEntry]) -> list[str]:
    errors = []
    for entry in entries:
        event = entry.dagster_event
        if event is not None and event.event_type == DagsterEventType.STEP_FAILURE:
            key = event.step_key or ""
            errors.append(f"[{step_label(key)}] {error_text(event.step_failure_data.error)}")
            if hint := step_hint(key):
                errors.append(f"  → {hint}")
    return errors


def step_seconds(entries: Sequence[EventLogEntry]) -> dict[str, float]:
    starts: dict[str, float] = {}
    seconds: dict[str, float] = {}
    done = (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE)
    for entry in entries:
        event = entry.dagster_event
        if event is None:
            continue
        key = event.step_key or ""
        if event.event_type == DagsterEventType.STEP_START:
            starts[key] = entry.timestamp
        elif event.event_type in done:
            seconds[key] = entry.timestamp - starts.get(key, entry.timestamp)
    return seconds


def unchanged_assets(entries: Sequence[EventLogEntry]) -> set[str]:
    """Assets whose materialization says ``unchanged`` (inputs as last built or published)."""
    found = set()
    for entry in entries:
        event = entry.dagster_event
        if event is None or event.event_type != DagsterEventType.ASSET_MATERIALIZATION:
            continue
        materialization = event.step_materialization_data.materialization
        flag = materialization.metadata.get("unchanged")
        if flag is not None and flag.value is True:
            found.add(materialization.asset_key.to_user_string())
    return found
