"""Every registry of a generated demo store exports to Excel and imports back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from kpi_warehouse.demo.generate import generate
from kpi_warehouse.store import accounts
from kpi_warehouse.store.registries import directory, files, service
from kpi_warehouse.store.registries.spec import REGISTRIES
from tests.registry_helpers import OPERATOR, PASSWORD


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("roundtrip") / "sources"
    generate(out, staff=40, seed=11)
    return out


@pytest.mark.parametrize("name", list(REGISTRIES))
def test_export_imports_back_unchanged(demo_store: Path, tmp_path: Path, name: str):
    reg = REGISTRIES[name]
    url = f"sqlite:///{demo_store / 'app.sqlite'}"
    office = f"sqlite:///{demo_store / 'office.sqlite'}"
    with sa.create_engine(office).connect() as con:
        unit, prc = con.execute(
            sa.text("SELECT org_unit_id, procuratorate_id FROM org_units WHERE dept_key = :k"),
            {"k": reg.owner_dept_key},
        ).first()
    user = f"owner_{name}"
    if user not in {a.username for a in accounts.list_all(url)}:
        accounts.add(OPERATOR, user, ["registry_owner"], PASSWORD, person_id="P00001",
                     org_unit_id=unit, procuratorate_id=prc, url=url)  # fmt: skip
    people = directory.load(office)
    names = {pid: p.name for pid, p in people.by_id.items()}
    before = service.records(name, url)
    assert before, f"the demo has no {name}"
    path = files.export(reg, before, names, tmp_path / f"{name}.xlsx")
    result = service.import_rows(accounts.find(user, url), name, files.read(reg, path), people,
                                 url=url)  # fmt: skip
    blocking = [p.text() for p in result.problems if p.blocking]
    assert blocking == [] and result.added == [] and result.unchanged == len(before)
    assert service.records(name, url) == before
