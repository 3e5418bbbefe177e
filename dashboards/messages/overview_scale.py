"""Overview messages for a province: procuratorates listed instead of every department."""

ZH: dict[str, str] = {
    "overview.procuratorates": "各检察院一览",
    "overview.procuratorates_hint": "部门较多，按检察院汇总；点击检察院名称查看其各部门。",
}
EN: dict[str, str] = {
    "overview.procuratorates": "Procuratorates",
    "overview.procuratorates_hint": (
        "Many departments: totals per procuratorate; click one to see its departments."
    ),
}
