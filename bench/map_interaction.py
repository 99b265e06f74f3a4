"""Map page interaction at national commune scale, in Chromium against a real `streamlit run app.py` server.

Uses the compare_page store (3,321 new-era communes × every catalogue indicator × 40 quarters; built if missing)
plus the default boundaries. Measured in the same run, on the commune map and, as the baseline, the 34-province
map:
  slider step       – ArrowRight on the period slider until the next period's figure is drawn;
  indicator change  – a new indicator picked in the "Chỉ tiêu" selectbox until its figure is drawn;
  server CPU        – utime + stime of the Streamlit process over those reruns, per rerun;
  figure bytes      – the largest websocket frame after the change (the figure message);
  concurrency       – 1, 5 and 10 pages (each its own browser context and Streamlit session) stepping at once;
  cold load         – a fresh context's first navigation until every unit is drawn.

Times are taken inside the page: from the input event (keydown / pointerdown, caught before Streamlit sees it) to
the first animation frame after the new figure's title is drawn, nothing is left pending in Plotly and every unit
path exists. Each is split at the arrival of the figure message: before = server (rerun, query, figure, JSON)
plus transfer; after = browser (protobuf, JSON.parse, Plotly drawing).

Every step goes to a (indicator, period, level) not seen before in the run, so the page's query cache never
answers for it: what is timed is a first visit. Browser and server share this machine's cores, so the
concurrent rows include ten Chromium renderers competing with the server. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.compare_page import STORE, build_store
from danvan.geo.default_map import ensure_default
from danvan.grammar import catalogue
from danvan.grammar.i18n import t
from danvan.grammar.periods import parse_period
from danvan.store import db

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
INDICATOR = "TCD_LUOT"
LEVELS = {"commune": 3321, "province": 34}
CHART = '[data-testid="danvanChart"]'
SLIDER = '[data-testid="stSlider"] input[type="range"]'
TARGETS = {"median_ms": 300, "cpu_ms": 100, "p95_10_ms": 1000, "cold_s": 2.0}

# Installed before any page script: every websocket message's arrival, size and whether it carries a figure of
# `trace` type, and the last user input.
def hook_js(trace: str) -> str:
    return """(() => {
    window.__ws = []; window.__input = null; window.__drawn = null;
    const Native = window.WebSocket, text = new TextDecoder();
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', e => {
                const d = e.data, at = performance.now();
                const figure = d instanceof ArrayBuffer ? text.decode(d).includes('"TRACE"') : false;
                window.__ws.push([at, d.byteLength ?? d.size ?? d.length ?? 0, figure]);
            });
        }
    };
    for (const type of ['keydown', 'pointerdown'])
        document.addEventListener(type, () => { window.__input = performance.now(); }, true);
})();""".replace("TRACE", trace)

# Watch (every animation frame) for the live chart whose drawn title is `title`, with nothing pending in Plotly and
# `n` unit paths; `window.__drawn` = the next frame after that (the new figure has been painted).
ARM_JS = """([title, n, keep]) => {
    window.__drawn = null;
    if (!keep) { window.__ws = []; window.__input = null; }
    const check = () => {
        for (const c of document.querySelectorAll('[data-testid="danvanChart"]')) {
            if (c.closest('[data-stale="true"]')) continue;
            const head = c.querySelector('.gtitle'), gd = c.querySelector('.js-plotly-plot');
            if (!head || !gd || head.textContent.trim() !== title) continue;
            if (gd._promises && gd._promises.length) continue;
            if (c.querySelectorAll('path.choroplethlocation').length < n) continue;
            requestAnimationFrame(() => { window.__drawn = performance.now(); });
            return;
        }
        requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
}"""


# After a navigation, in ms since navigation start: the first websocket message, the figure message,
# Streamlit's lazily loaded Plotly.js chunk downloaded, the layer's GeoJSON requested (once Plotly.js has compiled and
# starts plotting) and downloaded, and the map painted.
OPEN_MARKS_JS = """() => {
    const figure = window.__ws.filter(f => f[2]).pop() || [0, 0];
    const res = performance.getEntriesByType('resource');
    const geo = res.filter(e => e.name.includes('/app/static/geo/'));
    const plotly = res.filter(e => /plotly-danvan[.]min[.]js/.test(e.name));  // ui/chart.py's plotly.js
    return {first_ws: window.__ws.length ? window.__ws[0][0] : 0, figure: figure[0],
            plotly_js: plotly.length ? Math.max(...plotly.map(e => e.responseEnd)) : 0,
            geo_start: geo.length ? Math.min(...geo.map(e => e.startTime)) : 0,
            geo: geo.length ? Math.max(...geo.map(e => e.responseEnd)) : 0, drawn: window.__drawn,
            geo_bytes: geo.reduce((n, e) => n + (e.encodedBodySize || 0), 0)};
}"""


def title(code: str, period: str) -> str:
    """The map's title as drawn (textContent, without the bold tags)."""
    return t("map_title", "vi", indicator=catalogue.get(code).short("vi"), period=parse_period(period).label("vi"))


def cpu_seconds(pid: int) -> float:
    from tests.browser import cpu_seconds as read

    return read(pid)


def pct(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 10 values is the largest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


class Tab:
    """One browser context and page on the map, with the current indicator and period it shows."""

    def __init__(self, browser, url: str, code: str, period: str, level: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
        self.context.add_init_script(hook_js("choropleth"))
        self.page = self.context.new_page()
        self.url, self.code, self.period, self.level = url, code, period, level
        self.payloads: list[bytes] = []
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._keep))

    def _keep(self, payload: bytes | str) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode()
        if b'"choropleth"' in data:  # figure messages only
            self.payloads = [*self.payloads[-3:], data]

    def open(self, timeout: float = 180) -> dict:
        """Navigate until every unit is drawn: seconds (wall), and in-page seconds from navigation start to the
        first websocket message, the figure message, the end of the GeoJSON download, and the painted map."""
        start = time.perf_counter()
        self.page.goto(f"{self.url}/ban_do?indicator={self.code}&era=new&level={self.level}&period={self.period}"
                       f"&method=quantile")
        self.page.evaluate(ARM_JS, [title(self.code, self.period), LEVELS[self.level], True])
        self.page.wait_for_function("() => window.__drawn !== null", timeout=timeout * 1000, polling=50)
        seconds = time.perf_counter() - start
        marks = self.page.evaluate(OPEN_MARKS_JS)
        self.settle()
        return {"total": seconds, **{k: v / 1000 if k != "geo_bytes" else v for k, v in marks.items()}}

    def settle(self) -> None:
        """Wait until the rerun has finished (Streamlit drops stale elements when the script ends)."""
        self.page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=120_000,
                                    polling=50)

    def arm(self, expected: str) -> None:
        self.page.evaluate(ARM_JS, [expected, LEVELS[self.level], False])

    def step(self, periods: list[str]) -> None:
        """Arm for the next period and press ArrowRight on the slider (does not wait)."""
        self.period = periods[periods.index(self.period) + 1]
        self.arm(title(self.code, self.period))
        self.page.locator(SLIDER).press("ArrowRight")

    def change(self, code: str) -> None:
        """Arm for `code` and pick it in the indicator selectbox (does not wait for the figure)."""
        self.code = code
        self.arm(title(code, self.period))
        self.page.get_by_role("combobox", name=t("indicator", "vi")).click()
        self.page.get_by_role("option", name=f"({code})", exact=False).click()

    def result(self, timeout: float = 120) -> dict:
        """Wait for the armed figure; in-page ms from input to drawn, split at the figure message."""
        got, after = wait_drawn(self.page, f"{self.code} {self.period} ({self.level})", timeout)
        at = [at for at, _, figure in after if figure][-1]  # the figure message (the last, if a rerun restarted)
        size = max(size for _, size, _ in after)
        self.settle()
        return {"total": got["drawn"] - got["input"], "server": at - got["input"], "browser": got["drawn"] - at,
                "bytes": size}

    def close(self) -> None:
        self.context.close()


# What the page shows when an armed figure never came: titles, stale elements, frames, the slider, exceptions.
DIAGNOSE_JS = """() => ({titles: [...document.querySelectorAll('.gtitle')].map(e => e.textContent),
    stale: document.querySelectorAll('[data-stale="true"]').length, input: window.__input,
    frames: window.__ws.length, visibility: document.visibilityState,
    slider: (document.querySelector('[data-testid="stSlider"] input') || {}).value,
    exception: [...document.querySelectorAll('[data-testid="stException"]')].map(e => e.textContent.slice(0, 300))})"""


def wait_drawn(page, what: str, timeout: float) -> tuple[dict, list[tuple[float, int, bool]]]:
    """Wait for the armed `window.__drawn` (printing what the page shows, for `what`, if it never comes); the
    page's input and drawn times and its websocket frames (at, bytes, carries the figure) since the input."""
    try:
        page.wait_for_function("() => window.__drawn !== null", timeout=timeout * 1000, polling=50)
    except Exception:
        print(f"no figure for {what} on {page.url}:", page.evaluate(DIAGNOSE_JS), file=sys.stderr)
        raise
    got = page.evaluate("() => ({input: window.__input, drawn: window.__drawn, ws: window.__ws})")
    return got, [(at, size, figure) for at, size, figure in got["ws"] if at >= got["input"]]


def timed(server_pid: int, runs: int, one: Callable[[int], dict]) -> dict:
    """`runs` changes in turn (after one warm-up), with the server's CPU over them."""
    one(-1)
    cpu0 = cpu_seconds(server_pid)
    samples = [one(i) for i in range(runs)]
    cpu = cpu_seconds(server_pid) - cpu0
    return {"samples": samples, "cpu_ms": cpu / runs * 1000}


def summary(samples: list[dict]) -> dict:
    col = {k: [s[k] for s in samples] for k in ("total", "server", "browser", "bytes")}
    return {"median": statistics.median(col["total"]), "p95": pct(col["total"], 95),
            "server": statistics.median(col["server"]), "browser": statistics.median(col["browser"]),
            "bytes": max(col["bytes"]), "n": len(samples)}


def figure_parts(payload: bytes) -> list[tuple[str, int]]:
    """Bytes of the figure JSON inside one Streamlit message, by part (trace fields, layout keys)."""
    start = payload.find(b'{"data"')
    if start < 0:
        return []
    spec, _ = json.JSONDecoder().raw_decode(payload[start:].decode("utf-8", "replace"))
    sizes: dict[str, int] = {}
    for trace in spec["data"]:
        kind = trace["type"] + (" (no data)" if trace.get("name") == t("no_data_unit", "vi") else "")
        for key, value in trace.items():
            name = f"{kind}.{key}"
            sizes[name] = sizes.get(name, 0) + len(json.dumps(value, ensure_ascii=False).encode())
    for key, value in spec["layout"].items():
        sizes[f"layout.{key}"] = len(json.dumps(value, ensure_ascii=False).encode())
    return sorted(sizes.items(), key=lambda kv: -kv[1])


def prepare(rebuild: bool, name: str = "map_interaction.duckdb") -> Path:
    """A copy of the national synthetic store (built if missing) with the default map, under `name`."""
    if rebuild or not STORE.exists():
        build_store(STORE)
    store = STORE.with_name(name)
    shutil.copy(STORE, store)
    with db.connect(store) as con:
        ensure_default(con)
    return store


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench map_interaction")
    parser.add_argument("--repeat", type=int, default=10, help="timed changes per row (plus one warm-up)")
    parser.add_argument("--cold", type=int, default=3, help="cold loads per level")
    parser.add_argument("--pages", type=int, nargs="+", default=[1, 5, 10], help="concurrent pages")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds of concurrent steps (plus one warm-up)")
    parser.add_argument("--rebuild", action="store_true")
    args, _ = parser.parse_known_args(argv)
    from tests.browser import chromium, streamlit_process

    store = prepare(args.rebuild)
    with db.connect(store) as con:
        periods = db.run(con, "indicator_periods_today", indicator=INDICATOR)["period"].to_list()
    others = [c for c in catalogue.indicators() if c != INDICATOR]
    runs = args.repeat
    steps_needed = len(args.pages) * (args.rounds + 1) + runs + 2  # concurrency page 0, then the main range
    if steps_needed > len(periods) or 2 * (runs + 1) > len(others) or max(args.pages) > len(others):
        print(f"note: --repeat {runs} revisits periods or indicators, so some steps hit the page's query cache")
    main_start = periods[max(0, len(periods) - runs - 2)]       # main slider: the last runs + 1 steps
    change_period = periods[-1]   # indicator changes: commune with others[:runs + 1], province with the next ones
    cold_period = periods[-2]     # cold loads: the last indicators, a period no change visited for them
    rows: dict[str, dict] = {}
    payload_parts: dict[str, list] = {}
    remounts: dict[str, bool] = {}
    started = time.perf_counter()
    print(f"store {store.name} · {len(periods)} periods · indicator {INDICATOR} · {runs} timed changes per row "
          f"(+1 warm-up) · times in the page, input → figure painted")

    with streamlit_process(store) as (url, proc), chromium() as browser:
        idle0 = cpu_seconds(proc.pid)
        time.sleep(2)
        idle_ms_per_s = (cpu_seconds(proc.pid) - idle0) / 2 * 1000

        # 1/ one page: slider step and indicator change, commune map then the province baseline
        for level in ("commune", "province"):
            tab = Tab(browser, url, INDICATOR, main_start, level)
            tab.open()

            def step(_i: int, tab: Tab = tab) -> dict:
                tab.step(periods)
                return tab.result()

            rows[f"slider step · {level}"] = timed(proc.pid, runs, step)
            payload_parts[level] = figure_parts(tab.payloads[-1]) if tab.payloads else []
            ids = [re.search(rb"\$\$ID-[0-9a-f]+-map", p) for p in tab.payloads[-2:]]
            remounts[level] = len({m.group() for m in ids if m}) > 1
            tab.period = change_period
            tab.open()
            offset = 0 if level == "commune" else runs + 1  # indicators whose period list is not cached yet
            sequence = itertools.cycle(others[offset:] + others[:offset])

            def change(_i: int, tab: Tab = tab, sequence=sequence) -> dict:
                tab.change(next(sequence))
                return tab.result()

            rows[f"indicator change · {level}"] = timed(proc.pid, runs, change)
            tab.close()

        # 2/ concurrent slider steps: page i shows its own indicator (its own cache entries), all step at once
        concurrent: dict[int, dict] = {}
        tabs = []
        for i in range(max(args.pages)):
            tab = Tab(browser, url, others[i % len(others)], periods[0], "commune")
            tab.open()
            tabs.append(tab)
        for n in args.pages:
            group = tabs[:n]
            cpu0 = cpu_seconds(proc.pid)
            samples = []
            for rnd in range(args.rounds + 1):
                for tab in group:
                    tab.step(periods)
                results = [tab.result(timeout=300) for tab in group]
                if rnd:  # the first round warms up
                    samples += results
            cpu = cpu_seconds(proc.pid) - cpu0
            concurrent[n] = summary(samples) | {"cpu_ms": cpu / (n * (args.rounds + 1)) * 1000}
        for tab in tabs:
            tab.close()

        # 3/ cold loads: a fresh context (empty HTTP cache) per navigation
        cold: dict[str, list[dict]] = {}
        for level in ("commune", "province"):
            cold[level] = []
            for i in range(args.cold):
                tab = Tab(browser, url, others[-1 - i % len(others)], cold_period, level)
                cold[level].append(tab.open())
                tab.close()

    # Report
    print(f"server idle CPU {idle_ms_per_s:.0f} ms/s (included in the per-rerun CPU below)")
    print()
    head = (f"{'change (1 page)':<28}{'median ms':>10}{'p95 ms':>9}{'server ms':>11}{'browser ms':>12}"
            f"{'CPU ms/rerun':>14}{'frame KB':>10}{'× province':>12}")
    print(head)
    print("-" * len(head))
    for kind in ("slider step", "indicator change"):
        base = summary(rows[f"{kind} · province"]["samples"])
        for level in ("commune", "province"):
            row = rows[f"{kind} · {level}"]
            s = summary(row["samples"])
            print(f"{kind + ' · ' + level:<28}{s['median']:>10.0f}{s['p95']:>9.0f}{s['server']:>11.0f}"
                  f"{s['browser']:>12.0f}{row['cpu_ms']:>14.0f}{s['bytes'] / 1000:>10.1f}"
                  f"{s['median'] / base['median']:>11.2f}×")
    print(f"targets: median ≤ {TARGETS['median_ms']} ms, server CPU ≤ {TARGETS['cpu_ms']} ms per change; "
          f"frame < 100 KB")
    print()
    head = f"{'slider step, commune map':<28}{'median ms':>10}{'p95 ms':>9}{'server ms':>11}{'browser ms':>12}" \
           f"{'CPU ms/rerun':>14}{'samples':>9}"
    print(head)
    print("-" * len(head))
    for n, s in concurrent.items():
        print(f"{f'{n} page(s) at once':<28}{s['median']:>10.0f}{s['p95']:>9.0f}{s['server']:>11.0f}"
              f"{s['browser']:>12.0f}{s['cpu_ms']:>14.0f}{s['n']:>9}")
    print(f"target: p95 ≤ {TARGETS['p95_10_ms']} ms with 10 pages")
    print()
    base = statistics.median(c["total"] for c in cold["province"])
    head = (f"{'cold load (fresh context)':<26}{'median s':>9}{'× prov.':>8}{'1st msg':>8}{'figure':>8}"
            f"{'plotly.js':>10}{'geo req':>8}{'geo end':>8}{'painted':>8}{'geo KB':>7}   runs")
    print(head)
    print("-" * len(head))
    for level in ("commune", "province"):
        med = {k: statistics.median(c[k] for c in cold[level]) for k in cold[level][0]}
        runs_text = ", ".join(f"{c['total']:.2f}" for c in cold[level])
        print(f"{level:<26}{med['total']:>9.2f}{med['total'] / base:>7.2f}×{med['first_ws']:>8.2f}"
              f"{med['figure']:>8.2f}{med['plotly_js']:>10.2f}{med['geo_start']:>8.2f}{med['geo']:>8.2f}"
              f"{med['drawn']:>8.2f}{med['geo_bytes'] / 1000:>7.0f}   {runs_text}")
    print(f"marks: in-page seconds from navigation start (geo KB as sent, gzip); target: cold ≤ "
          f"{TARGETS['cold_s']:.0f} s")
    print()
    for level, parts in payload_parts.items():
        if parts:
            total = sum(size for _, size in parts)
            top = ", ".join(f"{name} {size / 1000:.1f}" for name, size in parts[:6])
            print(f"figure JSON · {level}: {total / 1000:.1f} KB; largest parts (KB): {top}")
    for level, changed in remounts.items():
        print(f"chart element id changes between two steps ({level}): {'yes, a new chart' if changed else 'no'}")
    print(f"whole run {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
