"""What `kpi demo` adds after the demo accounts exist, so that every queue of the
registries and manual-entry pages has something in it, written through the store's
services as the demo accounts themselves (so the history names them):

- manual entries by ``clerk`` for people of 第一检察部 in every review state: one pending,
  one approved and one rejected by ``reviewer``, and one rejected, corrected and
  resubmitted (pending again, its history showing the round trip);
- in 信息简报, ``registry_owner`` adds a record and corrects its title (with a reason),
  and adds a duplicate and voids it (with a reason), so the page shows a voided record;
- a filled workbook per registry (each registry exported as its owner would), written to
  ``<sources>/workbooks/<登记簿>.xlsx``.

Then one audit line ``demo_seed`` by ``demo`` marks where the demo's own writes end:
``store.backup.foreign_data`` counts only what comes after it, so `kpi demo` still replaces
a store that holds nothing but the demo. Nothing is added to a store that already has a
history (a real store, or a demo seeded before).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from kpi_warehouse.demo.accounts import BUSINESS_UNIT, REGISTRY_UNIT
from kpi_warehouse.store import accounts, audit, db, history, manual_entries
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.registries import directory, files, service
from kpi_warehouse.store.registries.spec import REGISTRIES

SEED_ACTION = "demo_seed"


def _last_entry_day(app_url: str) -> date:
    with db.session(app_url) as s:
        value = s.execute(sa.text("SELECT max(entry_date) FROM manual_entries")).scalar()
    return date.fromisoformat(str(value)) if value else db.now().date()


def _unit_people(office_url: str, unit: str, skip: set[str]) -> list[str]:
    eng = sa.create_engine(office_url)
    try:
        with eng.connect() as con:
            rows = con.execute(
                sa.text("SELECT person_id FROM staff WHERE org_unit_id = :u ORDER BY person_id"),
                {"u": unit},
            )
            return [str(r[0]) for r in rows if str(r[0]) not in skip]
    finally:
        eng.dispose()


def _entries(app_url: str, office_url: str, day: date) -> list[str]:
    clerk = accounts.find("clerk", url=app_url)
    reviewer = accounts.find("reviewer", url=app_url)
    people = directory.load(office_url)
    skip = {clerk.person_id or "", reviewer.person_id or ""}
    staff = accounts.find("staff", url=app_url).person_id
    others = _unit_people(office_url, BUSINESS_UNIT, skip) or sorted(people.by_id)
    first = staff or others[0]
    second = next((p for p in others if p != first), first)
    label = f"{day.year}年第{(day.month - 1) // 3 + 1}季度"
    rows = {
        "pending": (first, "key_project", 12, f"{label}重点项目：牵头办理涉众型经济犯罪专案"),
        "approved": (second, "reward", 2, "奖励加分：案例入选上级院典型案例（演示）"),
        "rejected": (first, "reward", 3, "申报加分：信息被上级院采用（演示，未附采用通知）"),
        "fixed": (second, "key_project", 15, f"{label}重点项目：认罪认罚专项检查（演示）"),
    }
    ids = {}
    for state, (person, item, value, text) in rows.items():
        values = {"person_id": person, "item": item, "value": value,
                  "entry_date": day.isoformat(), "description": text}  # fmt: skip
        ids[state] = manual_entries.add(clerk, values, people, today=day, url=app_url)
    manual_entries.approve(reviewer, ids["approved"], url=app_url)
    manual_entries.reject(reviewer, ids["rejected"], "请附上级院采用通知后重新提交", url=app_url)
    manual_entries.reject(reviewer, ids["fixed"], "分值超过该项目的评分上限 12 分", url=app_url)
    manual_entries.fix(clerk, ids["fixed"], {"value": 12}, people, today=day, url=app_url)
    return list(ids.values())


def _registry(app_url: str, office_url: str, day: date) -> None:
    owner = accounts.find("registry_owner", url=app_url)
    people = directory.load(office_url)
    author = (_unit_people(office_url, REGISTRY_UNIT, set()) or sorted(people.by_id))[0]
    values = {"person_id": author, "media_level": "city", "published_date": day.isoformat()}
    kept = service.add(owner, "bulletins", {**values, "title": "全市检察机关办公室工作会召开"},
                       people, today=day, reason="demo", url=app_url)  # fmt: skip
    service.edit(owner, "bulletins", kept, {"title": "全市检察机关办公室工作会议召开"},
                 "标题录入有误", people, today=day, url=app_url)  # fmt: skip
    twin = service.add(owner, "bulletins", {**values, "title": "全市检察机关办公室工作会议召开。"},
                       people, today=day, reason="demo", url=app_url)  # fmt: skip
    service.void(owner, "bulletins", twin, "与前一条重复登记", url=app_url)


def write_workbooks(sources: Path, office_url: str, app_url: str) -> Path:
    """Each registry exported to ``<sources>/workbooks/<label>.xlsx`` (imports back as is)."""
    folder = sources / "workbooks"
    folder.mkdir(parents=True, exist_ok=True)
    names = {pid: p.name for pid, p in directory.load(office_url).by_id.items()}
    for reg in REGISTRIES.values():
        files.export(reg, service.records(reg.name, app_url), names, folder / f"{reg.label}.xlsx")
    return folder


def seed_workflow(sources: Path, office_url: str, app_url: str) -> str:
    """Entries in every review state, a registry edit and void, the workbooks; a summary."""
    if any(e.actor == "demo" for e in audit.events(action=SEED_ACTION, limit=1, url=app_url)):
        return "演示流程数据已存在 / demo workflow data already present"
    with db.session(app_url) as s:
        others = sa.select(sa.func.count()).where(history.RecordHistory.actor != "demo")
        if s.execute(others).scalar():
            return "应用库已有修改历史，未添加演示流程数据 / the store has a history; not seeded"
    day = _last_entry_day(app_url) - timedelta(days=1)
    ids = _entries(app_url, office_url, day)
    _registry(app_url, office_url, day)
    folder = write_workbooks(sources, office_url, app_url)
    with db.session(app_url) as s:
        upto = s.execute(sa.select(sa.func.max(history.RecordHistory.history_id))).scalar()
    audit.record(Actor("demo"), SEED_ACTION, detail={"history_upto": upto}, url=app_url)
    return (
        f"补录（待审核、已通过、已退回、退回后重新提交）/ manual entries in every review state: "
        f"{' '.join(ids)}；登记簿工作簿 / registry workbooks: {folder}"
    )
