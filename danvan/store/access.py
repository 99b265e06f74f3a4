"""One store file shared by many hands: browser sessions (threads of the app), the CLI, a second app process.

DuckDB lets one process at a time open a file for writing, and a process that keeps it open locks everyone else
out. So nobody keeps it: every read and every write *leases* the database for as long as it runs, through its own
cursor, and the last lease of this process closes it, so another process (`export`, `backup`, `import`, a second
app) can open it in between. Writes are serialised: one writer per process (a lock), one process at a time
(DuckDB's file lock). A lease that has to wait says so once (`on_wait`) and then proceeds, or gives up after
`wait` seconds with StoreBusy — in Vietnamese, never DuckDB's English "Could not set lock".
"""

from __future__ import annotations

import atexit
import fcntl
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from danvan.store import db

BUSY_EXIT = 3  # the CLI's exit code when the store stayed busy for the whole wait (README, "Exit codes")
_RETRY = 0.05  # seconds between attempts to open a file another process holds
_OPEN: weakref.WeakSet[Store] = weakref.WeakSet()  # closed at exit, never by a lingering timer mid-shutdown


@atexit.register
def _close_all() -> None:
    for store in list(_OPEN):
        store.close()


class StoreBusy(RuntimeError):
    """The store stayed in use by another writer or process for the whole wait; nothing was done."""


def _serving_lock(path: Path) -> Path:
    return path.with_name(path.name + ".serving.lock")


def serve(path: str | Path) -> object:
    """Mark this process as an app serving the store, for as long as it lives (a shared lock: several app
    processes may serve one file). Returns the open lock file; keep a reference to it."""
    lock = _serving_lock(Path(path))
    handle = open(lock, "a+")  # noqa: SIM115 - held for the life of the process
    fcntl.flock(handle, fcntl.LOCK_SH)
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def app_serving(path: str | Path) -> bool:
    """Whether an app process is serving this store now (its shared lock is held)."""
    lock = _serving_lock(Path(path))
    if not lock.exists():
        return False
    with open(lock, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def _locked(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Could not set lock" in text or "Conflicting lock" in text)


class Store:
    """Leases of one DuckDB file; safe to share between threads. `wait`: seconds a lease may wait for the file."""

    def __init__(self, path: str | Path, wait: float = 30.0, linger: float = 0.5) -> None:
        self.path = Path(path)
        self.wait = wait
        self.linger = linger               # keep the file open this long after the last lease (a page's queries)
        self._guard = threading.Lock()     # the open connection and its lease count
        self._writer = threading.Lock()    # one writer at a time in this process
        self._con: duckdb.DuckDBPyConnection | None = None
        self._leases = 0
        self._upgraded = False             # migrations and views run once per process, on the first open
        self._closer: threading.Timer | None = None
        self.serving: object | None = None  # the app's serving lock (`serve`), held while the process lives
        _OPEN.add(self)

    @contextmanager
    def read(self, on_wait: Callable[[], None] | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for a read (or a preview, whose staging tables are private to the cursor)."""
        cursor = self._lease(time.monotonic() + self.wait, on_wait)
        try:
            yield cursor
        finally:
            self._return(cursor)

    @contextmanager
    def write(self, on_wait: Callable[[], None] | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for a write, after every earlier writer of this process is done; the caller owns the
        transaction (importer.commit, undo_upload and the loaders open one)."""
        deadline = time.monotonic() + self.wait
        if not self._writer.acquire(blocking=False):
            if on_wait:
                on_wait()
            if not self._writer.acquire(timeout=max(0.0, deadline - time.monotonic())):
                raise StoreBusy(_busy(self.path, self.wait, "người khác đang ghi số liệu"))
        try:
            cursor = self._lease(deadline, on_wait)
            try:
                yield cursor
            finally:
                self._return(cursor)
        finally:
            self._writer.release()

    def _lease(self, deadline: float, on_wait: Callable[[], None] | None) -> duckdb.DuckDBPyConnection:
        told = False
        while True:
            with self._guard:
                if self._closer is not None:
                    self._closer.cancel()
                    self._closer = None
                try:
                    if self._con is None:
                        self._con = self._open()
                    self._leases += 1
                    return self._con.cursor()
                except duckdb.IOException as exc:
                    if not _locked(exc):
                        raise
            if time.monotonic() >= deadline:
                raise StoreBusy(_busy(self.path, self.wait, "một chương trình khác đang mở kho"))
            if on_wait and not told:
                on_wait()
                told = True
            time.sleep(_RETRY)

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self._upgraded:
            return duckdb.connect(str(self.path))
        con = db.connect(self.path)  # creates, migrates and recreates views
        self._upgraded = True
        return con

    def _return(self, cursor: duckdb.DuckDBPyConnection) -> None:
        cursor.close()
        with self._guard:
            self._leases -= 1
            if self._leases == 0 and self._con is not None:
                if self.linger <= 0:
                    self._close_idle()
                else:
                    self._closer = threading.Timer(self.linger, self._close_when_idle)
                    self._closer.daemon = True
                    self._closer.start()

    def _close_when_idle(self) -> None:
        with self._guard:
            if self._leases == 0:
                self._close_idle()

    def _close_idle(self) -> None:
        """Close the file (the guard is held): it is free for other processes until the next lease."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def close(self) -> None:
        """Close now if idle (tests, shutdown)."""
        with self._guard:
            if self._closer is not None:
                self._closer.cancel()
                self._closer = None
            if self._leases == 0:
                self._close_idle()


def _busy(path: Path, wait: float, why: str) -> str:
    return (f'Kho dữ liệu "{path}" đang bận ({why}) suốt {wait:g} giây; chưa làm gì cả. Hãy thử lại sau ít phút, '
            "hoặc dùng trang Nhập số liệu của ứng dụng.")
