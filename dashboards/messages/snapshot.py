"""Messages about the published snapshot itself."""

ZH = {
    "snapshot.footer": "数据快照生成于 {built_at} · 内容校验值 {sha}（可用 `kpi verify` 核对）",
}
EN = {
    "snapshot.footer": "Snapshot built {built_at} · content hash {sha} (check with `kpi verify`)",
}
