"""Shared browser harness: a real Streamlit server on localhost and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_process(db_path: Path, *, anonymous_read: bool = True, secrets: Path | None = None,
                      port: int | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start `streamlit run app.py` on a free loopback port; yields the base URL and the server process (its
    pid is the Python process serving every session, so /proc/<pid>/stat gives the server's CPU).

    Visitors may read without signing in unless `anonymous_read` is False (the app's own default); `secrets` is a
    secrets.toml to use instead of the project's (the sign-in tests' identity provider)."""
    port = port or free_port()
    env = dict(os.environ, DANVAN_DB=str(db_path), DANVAN_ANONYMOUS_READ="1" if anonymous_read else "0")
    options = ["--secrets.files", str(secrets)] if secrets else []
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", *options], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("Streamlit did not start within 60 s")
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextmanager
def streamlit_server(db_path: Path, **options: object) -> Iterator[str]:
    """Start `streamlit run app.py` on a free loopback port (options: see `streamlit_process`); yields the base URL."""
    with streamlit_process(db_path, **options) as (url, _proc):
        yield url


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (utime + stime of /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
