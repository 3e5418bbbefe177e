"""`kpi demo` refuses to replace a store with real data; `kpi store backup|restore`."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from kpi_warehouse.store.backup import foreign_data
from kpi_warehouse.store.registries import service
from tests.registry_helpers import DIRECTORY, TODAY, make_store, owner
from tests.store_helpers import run_kpi, store_env

ROW = {"person_name": "张伟", "title": "开放日", "media_level": "city",
       "published_date": "2026-03-05"}  # fmt: skip


def _titles(url: str) -> list[str]:
    with sa.create_engine(url).connect() as con:
        return [r[0] for r in con.execute(sa.text("SELECT title FROM reg_bulletins"))]


def test_demo_refuses_a_store_with_hand_entered_data(tmp_path: Path):
    url = make_store(tmp_path)  # accounts added by an operator: already not demo data
    service.add(owner("office1", url), "bulletins", ROW, DIRECTORY, TODAY, url=url)
    app = tmp_path / "sources" / "app.sqlite"
    reasons = foreign_data(app)
    assert any("1 条登记簿" in r for r in reasons) and any("账户" in r for r in reasons)
    before = app.read_bytes()
    proc = run_kpi(store_env(tmp_path), "demo", "--staff", "20")
    assert proc.returncode == 1 and "拒绝覆盖" in proc.stderr
    assert app.read_bytes() == before
    assert not (tmp_path / "sources" / "case.sqlite").exists()


def test_a_missing_store_is_demo_only(tmp_path: Path):
    assert foreign_data(tmp_path / "nothing.sqlite") == []


def test_backup_then_restore_brings_back_the_records(tmp_path: Path):
    url = make_store(tmp_path)
    env = store_env(tmp_path)
    rec = service.add(owner("office1", url), "bulletins", ROW, DIRECTORY, TODAY, url=url)
    copy = tmp_path / "backup.sqlite"
    assert run_kpi(env, "store", "backup", str(copy)).returncode == 0
    again = run_kpi(env, "store", "backup", str(copy))
    assert again.returncode == 2 and "未覆盖" in again.stderr
    service.void(owner("office1", url), "bulletins", rec, "误删", url=url)
    assert _titles(url) == []
    proc = run_kpi(env, "store", "restore", str(copy))
    assert proc.returncode == 0, proc.stderr
    assert _titles(url) == ["开放日"]
    safety = next((tmp_path / "sources").glob("app.before-restore-*.sqlite"))
    assert _titles(f"sqlite:///{safety}") == []
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    bad = run_kpi(env, "store", "restore", str(junk))
    assert bad.returncode == 2 and _titles(url) == ["开放日"]
