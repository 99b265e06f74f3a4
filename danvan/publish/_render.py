"""One warm kaleido for the whole process: Plotly figures to PNG or SVG bytes in Debian's Chromium, offline.

Streamlit serves many sessions from threads of one process, so the browser is shared: started on the first image
(about 2–3 s), then each image costs only its own rendering. kaleido's own sync server is a singleton whose
callers share one result queue (two threads can swap results), so this module keeps its own: one thread runs the
browser's event loop and any thread submits a render with `run_coroutine_threadsafe`, getting its own result.

Nothing is fetched at render time: plotly.js comes from the plotly package, MathJax is off, the world topojson a
geo figure asks for is the empty stub in static/ (the maps draw only our own GeoJSON, which travels inside the
figure), and the browser's proxy is a closed local port, so any other request fails instead of leaving the machine.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import threading
from typing import Any

import kaleido

from danvan import ROOT

CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
TOPOJSON = (ROOT / "static").as_uri() + "/"  # world_110m.json there: an empty topology, no coastlines
NO_NETWORK = "127.0.0.1:9"                     # the discard port: nothing listens, so every request fails at once
TIMEOUT = 120                                  # seconds for one image (a national commune map takes a few)


class Renderer:
    """A browser started lazily and kept warm; thread-safe. After a failed render it is stopped, so the next
    image starts a fresh one instead of reusing a browser in an unknown state."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: kaleido.Kaleido | None = None
        atexit.register(self.stop)

    @property
    def warm(self) -> bool:
        return self._kaleido is not None

    def _start(self) -> tuple[asyncio.AbstractEventLoop, kaleido.Kaleido]:
        with self._lock:
            if self._loop is None or self._kaleido is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="kaleido", daemon=True).start()

                async def open_browser() -> kaleido.Kaleido:
                    k = kaleido.Kaleido(path=CHROMIUM, mathjax=False, proxy_server=NO_NETWORK, timeout=TIMEOUT)
                    await k.open()
                    return k

                try:
                    self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(TIMEOUT)
                except BaseException:
                    loop.call_soon_threadsafe(loop.stop)
                    raise
                self._loop = loop
            return self._loop, self._kaleido

    def render(self, figure: dict[str, Any], fmt: str, width: int, height: int, scale: float) -> bytes:
        loop, k = self._start()
        job = k.calc_fig(figure, opts=dict(format=fmt, width=width, height=height, scale=scale), topojson=TOPOJSON)
        try:
            return asyncio.run_coroutine_threadsafe(job, loop).result(TIMEOUT + 10)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Close the browser (at exit, after a failure, or for a cold start in the bench)."""
        with self._lock:
            loop, k = self._loop, self._kaleido
            self._loop = self._kaleido = None
        if loop is None or k is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(k.close(), loop).result(30)
        except Exception:  # noqa: BLE001 - closing a browser that already died: nothing left to do
            pass
        finally:
            loop.call_soon_threadsafe(loop.stop)


RENDERER = Renderer()
