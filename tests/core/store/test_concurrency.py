"""One truth under many hands: concurrent writers through the app's store layer and from other processes, the
database's own guard of one current figure per cell, all-or-nothing commits, and stale previews.

Counts are worked out from what the test writes: each writer uploads its own cells, so every upload must be
there afterwards, each cell with exactly one current figure, and `danvan check` must pass.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from danvan.cli import main as cli
from danvan.ingest.importer import StaleError, commit, plan_bytes
from danvan.store import db, revisions
from danvan.store.access import Store, StoreBusy
from tests.actors import admin

ROOT = Path(__file__).resolve().parents[3]
TODAY = date(2026, 11, 23)
HEADER = "unit_code,indicator_code,period,value\n"
PROVINCES = ["01", "02", "04", "06", "08", "10", "11", "12", "14", "15"]  # old-era province codes


def csv_for(writer: int, years: range) -> bytes:
    """One writer's return: its own province, TCD_CUOC and TCD_LUOT for each year (its cells, no one else's)."""
    unit = PROVINCES[writer]
    return (HEADER + "".join(f"{unit},{ind},{y},{writer * 100 + y % 100}\n"
                             for y in years for ind in ("TCD_CUOC", "TCD_LUOT"))).encode()


def upload(store: Store, data: bytes, name: str) -> int:
    with store.read() as cursor:
        plan = plan_bytes(cursor, data, name, today=TODAY)
    with store.write() as cursor:
        return commit(cursor, [plan], user=admin(name))[0]


def counts(path: Path) -> tuple[int, int]:
    with Store(path, linger=0).read() as cursor:
        return cursor.execute("SELECT (SELECT count(*) FROM uploads), (SELECT count(*) FROM current_observations "
                              "WHERE upload_id IS NOT NULL)").fetchall()[0]


def test_eight_threads_and_two_processes_commit_at_once_and_nothing_is_lost(writable_db):
    store = Store(writable_db)
    errors: list[BaseException] = []

    def writer(i: int) -> None:
        try:
            for batch in range(3):  # three uploads per thread, each of 2 indicators × 2 years
                upload(store, csv_for(i, range(2010 + 2 * batch, 2012 + 2 * batch)), f"t{i}-{batch}.csv")
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    child = textwrap.dedent("""
        import sys
        from datetime import date
        from danvan.ingest.importer import commit, plan_bytes
        from danvan.store.access import Store, StoreBusy
        from tests.actors import admin
        path, unit = sys.argv[1], sys.argv[2]
        store = Store(path)
        for batch in range(3):
            data = ("unit_code,indicator_code,period,value\\n" + "".join(
                f"{unit},TCD_DOAN,{y},{y % 100}\\n" for y in range(2010 + 2 * batch, 2012 + 2 * batch))).encode()
            with store.read() as cursor:
                plan = plan_bytes(cursor, data, f"p{unit}-{batch}.csv", today=date(2026, 11, 23))
            with store.write() as cursor:
                commit(cursor, [plan], user=admin("process"))
        store.close()
    """)
    processes = [subprocess.Popen([sys.executable, "-c", child, str(writable_db), unit], cwd=ROOT,
                                  stderr=subprocess.PIPE, text=True) for unit in ("17", "19")]
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    store.close()
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
    assert errors == []
    assert outcomes == [(0, ""), (0, "")]
    # 8 threads × 3 uploads × 4 cells, 2 processes × 3 uploads × 2 cells; all current, none twice.
    assert counts(writable_db) == (8 * 3 + 2 * 3, 8 * 3 * 4 + 2 * 3 * 2)
    assert cli(["check", "--db", str(writable_db)]) == 0


def test_the_database_refuses_a_second_current_figure_even_without_the_apps_lock(writable_db):
    """Two transactions write the same new cell, interleaved, with no writer lock: the second cannot commit."""
    data = csv_for(0, range(2001, 2002))
    with db.connect(writable_db) as con:
        first, second = con.cursor(), con.cursor()
        plans = [plan_bytes(c, data, f"{n}.csv", today=TODAY) for n, c in (("a", first), ("b", second))]
        for cursor in (first, second):
            cursor.execute("BEGIN TRANSACTION")
        for cursor, plan in ((first, plans[0]), (second, plans[1])):
            revisions.stage(cursor, plan.check.accepted)
            revisions.commit_staged(cursor, recorded_by="test", source_id=1)  # each sees only its own row
        first.execute("COMMIT")
        with pytest.raises(Exception, match="PRIMARY KEY or UNIQUE constraint violation"):
            second.execute("COMMIT")
        rows = con.execute("SELECT count(*) FROM observations WHERE unit_key = 'old:01' AND period = '2001' "
                           "AND superseded_at IS NULL").fetchall()[0][0]
    assert rows == 2  # TCD_CUOC and TCD_LUOT once each, not twice
    assert cli(["check", "--db", str(writable_db)]) == 0


def test_a_failure_in_the_second_file_leaves_nothing_of_the_first(writable_db, monkeypatch):
    with db.connect(writable_db) as con:
        plans = [plan_bytes(con, csv_for(i, range(2005, 2006)), f"{i}.csv", today=TODAY) for i in (0, 1)]
        before = con.execute("SELECT (SELECT count(*) FROM observations), (SELECT count(*) FROM uploads), "
                             "(SELECT count(*) FROM current_cells)").fetchall()
        real = revisions.commit_staged
        calls = []

        def failing_on_second(cursor, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("lỗi giả ở tệp thứ hai")
            real(cursor, **kwargs)

        monkeypatch.setattr(revisions, "commit_staged", failing_on_second)
        with pytest.raises(RuntimeError, match="tệp thứ hai"):
            commit(con, plans, user=admin("test"))
        after = con.execute("SELECT (SELECT count(*) FROM observations), (SELECT count(*) FROM uploads), "
                            "(SELECT count(*) FROM current_cells)").fetchall()
    assert len(calls) == 2 and after == before


def test_a_commit_whose_preview_went_stale_stops_and_writes_nothing(writable_db):
    store = Store(writable_db, linger=0)
    mine = csv_for(0, range(2003, 2004))
    theirs = mine.replace(b",3\n", b",7\n")  # a colleague's different figures for the same cells
    with store.read() as cursor:
        plan = plan_bytes(cursor, mine, "mine.csv", today=TODAY)
    assert (plan.summary.new, plan.summary.revised) == (2, 0)
    upload(store, theirs, "theirs.csv")  # committed after my preview
    before = counts(writable_db)
    with store.write() as cursor, pytest.raises(StaleError, match="bây giờ 0 mới, 2 sửa đổi"):
        commit(cursor, [plan], user=admin("me"))
    assert counts(writable_db) == before


@contextmanager
def writer_holding(store: Store) -> Iterator[threading.Event]:
    """Another writer holds the store's write lease until the yielded event is set (or the block ends)."""
    held, release = threading.Event(), threading.Event()

    def holder() -> None:
        with store.write():
            held.set()
            release.wait(10)

    th = threading.Thread(target=holder)
    th.start()
    held.wait(10)
    try:
        yield release
    finally:
        release.set()
        th.join()


def test_a_waiting_writer_says_so_and_then_proceeds(writable_db):
    store = Store(writable_db, linger=0)
    told: list[str] = []
    with writer_holding(store) as release:
        threading.Timer(0.3, release.set).start()
        with store.write(on_wait=lambda: told.append("Đang có người ghi số liệu, xin đợi…")) as cursor:
            assert cursor.execute("SELECT 1").fetchall() == [(1,)]
    assert told == ["Đang có người ghi số liệu, xin đợi…"]


def test_a_writer_that_waits_too_long_gives_up_cleanly(writable_db):
    store = Store(writable_db, wait=0.3, linger=0)
    with writer_holding(store), pytest.raises(StoreBusy, match="đang bận"), store.write():
        pass
