"""Overview messages for a province: procuratorates listed instead of every department."""

ZH: dict[str, str] = {
    "overview.procuratorates": "各检察院一览",
    "overview.procuratorates_hint": "部门较多，按检察院汇总；点击检察院名称查看其各部门。",
    "overview.by_procuratorate": "各检察院等次分布",
    "overview.by_procuratorate_hint": "点击条形可查看该院各部门。",
    "overview.grade_counts": "等次人数",
}
EN: dict[str, str] = {
    "overview.procuratorates": "Procuratorates",
    "overview.procuratorates_hint": (
        "Many departments: totals per procuratorate; click one to see its departments."
    ),
    "overview.by_procuratorate": "Grades by procuratorate",
    "overview.by_procuratorate_hint": "Click a bar to see that procuratorate's departments.",
    "overview.grade_counts": "People per grade",
}
