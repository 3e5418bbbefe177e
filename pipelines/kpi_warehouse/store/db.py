"""Where the store is, its engine, its schema (Alembic, upgraded on first use) and sessions.

``KPI_APP_URL`` if set, else ``sqlite:///$KPI_DATA_DIR/sources/app.sqlite``, else
``<repo>/data/sources/app.sqlite`` — the same rule as ``kpi_warehouse.config`` (a test
keeps the two equal; this package does not import the pipeline's modules).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

REPO_ROOT = Path(__file__).resolve().parents[3]
VERSION_TABLE = "kpi_alembic_version"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_lock = threading.Lock()
_engines: dict[str, sa.Engine] = {}
_upgraded: set[tuple[str, object]] = set()


def app_url() -> str:
    explicit = os.environ.get("KPI_APP_URL")
    if explicit:
        return explicit
    data_dir = os.environ.get("KPI_DATA_DIR")
    base = Path(data_dir).resolve() if data_dir else REPO_ROOT / "data"
    return f"sqlite:///{base / 'sources' / 'app.sqlite'}"


def now() -> datetime:
    """The current UTC time without a zone (how the store keeps timestamps)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


SQLITE_BUSY_SECONDS = 30.0


def _sqlite_file(url: sa.URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _schema_key(url: str) -> tuple[str, object]:
    """The store's identity: a SQLite file replaced by `kpi demo` is a new store."""
    path = _sqlite_file(sa.make_url(url))
    try:
        return (url, path.stat().st_ino if path else None)
    except OSError:
        return (url, "absent")


def engine(url: str | None = None) -> sa.Engine:
    """The engine of the store at ``url`` (default :func:`app_url`), schema up to date."""
    url = url or app_url()
    with _lock:
        eng = _engines.get(url)
        if eng is None:
            parsed = sa.make_url(url)
            path = _sqlite_file(parsed)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            # No pooled SQLite connections: `kpi demo` replaces the file under us. A writer
            # waits up to SQLITE_BUSY_SECONDS for another's short transaction (an audit row,
            # a build's progress) instead of sqlite3's 5 s, which a busy machine can exceed.
            options: dict[str, object] = (
                {"poolclass": NullPool, "connect_args": {"timeout": SQLITE_BUSY_SECONDS}}
                if parsed.get_backend_name() == "sqlite"
                else {}
            )
            eng = sa.create_engine(url, **options)
            _engines[url] = eng
        key = _schema_key(url)
        if key not in _upgraded:
            upgrade(eng)
            _upgraded.add(_schema_key(url))
    return eng


def upgrade(eng: sa.Engine) -> None:
    """Bring the store's ``kpi_`` tables to the newest migration."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with eng.begin() as connection:
        config.attributes["connection"] = connection
        # "heads": features add their tables as branches off a common base.
        command.upgrade(config, "heads")


@contextmanager
def session(url: str | None = None) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on an exception."""
    with Session(engine(url), expire_on_commit=False) as s, s.begin():
        yield s
