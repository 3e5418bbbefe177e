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
    return step_key


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
