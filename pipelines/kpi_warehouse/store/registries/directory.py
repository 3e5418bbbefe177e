"""The staff directory (office system ``staff`` table) the registry checks resolve against.

``KPI_OFFICE_URL`` if set, else ``office.sqlite`` next to the store's default
``app.sqlite`` — the same rule as ``kpi_warehouse.config``.
"""

from __future__ import annotations

import os

import sqlalchemy as sa

from kpi_warehouse.store import db
from kpi_warehouse.store.registries.checks import Directory, Person


def office_url() -> str:
    explicit = os.environ.get("KPI_OFFICE_URL")
    if explicit:
        return explicit
    app = sa.make_url(db.app_url())
    if app.get_backend_name() == "sqlite" and app.database:
        return f"sqlite:///{os.path.join(os.path.dirname(app.database), 'office.sqlite')}"
    raise RuntimeError("请设置 KPI_OFFICE_URL / set KPI_OFFICE_URL")


def load(url: str | None = None) -> Directory:
    eng = sa.create_engine(url or office_url())
    try:
        with eng.connect() as con:
            rows = con.execute(sa.text("SELECT person_id, name FROM staff"))
            return Directory(Person(str(pid), str(name)) for pid, name in rows)
    finally:
        eng.dispose()
