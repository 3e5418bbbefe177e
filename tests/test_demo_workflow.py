"""What `kpi demo` seeds for the registries and manual-entry pages: entries in every review
state for the demo clerk and reviewer, an edited and a voided registry record, a workbook
per registry that imports back unchanged — and the store still counts as demo data until
someone writes to it."""

from __future__ import annotations

from pathlib import Path

from kpi_warehouse.demo.accounts import create_demo_accounts
from kpi_warehouse.demo.generate import generate
from kpi_warehouse.demo.workflow import seed_workflow
from kpi_warehouse.store import accounts, history
from kpi_warehouse.store import manual_entries as me
from kpi_warehouse.store.backup import foreign_data
from kpi_warehouse.store.registries import directory, files, service
from kpi_warehouse.store.registries.spec import REGISTRIES


def test_seeded_queues_workbooks_and_the_demo_guard(tmp_path: Path):
    sources = tmp_path / "sources"
    generate(sources, staff=40, seed=3)
    app = f"sqlite:///{sources / 'app.sqlite'}"
    office = f"sqlite:///{sources / 'office.sqlite'}"
    created = create_demo_accounts(office, app)
    for key in ("political", "publicity", "research", "supervision"):
        assert f"registry_{key}" in created
        assert accounts.find(f"registry_{key}", url=app).org_unit_id == f"PRC-CITY-{key}"
    seed_workflow(sources, office, app)

    clerk, reviewer = accounts.find("clerk", url=app), accounts.find("reviewer", url=app)
    mine = {e["entry_id"]: e for e in me.queue(clerk, "mine", app)}
    seeded = [e for e in mine.values() if str(e["entry_id"]).startswith("ME-")]  # services
    states = sorted(str(e["review_status"]) for e in seeded)
    # pending, approved, rejected, and the corrected one pending again
    assert states == ["approved", "pending", "pending", "rejected"]
    fixed = [e for e in seeded if [h.act for h in history.of("manual_entries",
             str(e["entry_id"]), url=app)] == ["add", "rejected", "fix"]]  # fmt: skip
    assert len(fixed) == 1 and fixed[0]["value"] == 12.0 and fixed[0]["review_status"] == "pending"
    review = {e["entry_id"] for e in me.queue(reviewer, "review", app)}
    assert {e["entry_id"] for e in seeded if e["review_status"] == "pending"} <= review
    assert me.queue(clerk, "rejected", app)
    [voided] = service.voided("bulletins", app)
    assert voided.reason == "与前一条重复登记" and voided.actor == "registry_owner"

    assert foreign_data(sources / "app.sqlite") == []  # all of it is the demo's
    assert seed_workflow(sources, office, app).startswith("演示流程数据已存在")

    people = directory.load(office)
    for reg in REGISTRIES.values():
        path = sources / "workbooks" / f"{reg.label}.xlsx"
        unit = f"PRC-CITY-{reg.owner_dept_key}"
        owner = next(a for a in accounts.list_all(app)
                     if "registry_owner" in a.roles and a.org_unit_id == unit)  # fmt: skip
        result = service.import_rows(owner, reg.name, files.read(reg, path), people, url=app)
        assert result.ok and result.added == []
        assert result.unchanged == len(service.records(reg.name, app))

    # an owner's import (even of nothing new) is not the demo's: the guard now holds
    assert foreign_data(sources / "app.sqlite") != []
