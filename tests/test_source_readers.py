"""Reading a SQLite source that people are writing to at the same moment.

The product's own store is a source and is written all day (audit rows, entries, ratings);
a build that meets a writer's transaction waits for it instead of failing with "database is
locked", and reads the table and its count from one state of the file.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from kpi_warehouse.extract.sources import read_table_counted

HOLD_SECONDS = 1.5

# A second process (SQLite locks are per process) takes the write lock, adds two rows and
# holds the lock for HOLD_SECONDS before committing.
_WRITER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
con.execute("INSERT INTO entries VALUES (2, 'b'), (3, 'c')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
"""


def test_a_writer_holding_the_lock_is_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "app.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE entries (id INTEGER, note TEXT)")
        con.execute("INSERT INTO entries VALUES (1, 'a')")
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), str(HOLD_SECONDS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "locked"
        rows, count = read_table_counted(f"sqlite:///{path}", "entries")
    finally:
        writer.wait(timeout=30)
    assert writer.returncode == 0
    # The read waited for the commit: the one old row and the two new ones, counted alike.
    assert sorted(rows.column("id").to_pylist()) == [1, 2, 3]
    assert count == 3
