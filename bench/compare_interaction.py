"""So sánh page interaction with 34 units, in Chromium against a real `streamlit run app.py` server (issue 13).

Uses a copy of the compare_page store (3,321 new-era communes × every catalogue indicator × 40 quarters; built if
missing) plus the default boundaries. On that store only communes carry figures (the 34 new provinces have none),
so the 34 units are 34 new-era communes, one in each new province (the first commune code of each). The baseline,
in the same run, is the same page with 2 of them. Measured:
  indicator change – a new indicator picked in the "Chỉ tiêu" selectbox until the trend chart (the first Plotly
                     chart) is drawn with that indicator's title;
  finding a unit   – a commune's label typed in the "Tìm đơn vị" search box + Enter (the picker lists only the
                     chosen units, the provinces and the search's matches), until that rerun's last frame;
  adding a unit    – then the same label typed in the "Đơn vị so sánh" multiselect + Enter, until the trend chart
                     shows one more unit (each add keeps the earlier ones: 34 → 35 → … units);
  server CPU       – utime + stime of the Streamlit process over those reruns, per rerun (per add: its search and
                     its pick, two reruns);
  cold load        – every page, a navigation until its first Plotly chart is drawn (So sánh and Bản đồ always
                     draw one: they wait for it), or, on a page that may draw none, until its h2 header is there
                     and Streamlit's running indicator has been gone for 1.5 s (250 ms on pages that never draw a
                     chart; the time taken is when that state began); as a first visit (a fresh browser context,
                     empty HTTP cache) and as a returning visit (a new page, so a new Streamlit session, in a
                     context that loaded the page once: Streamlit's files cached);
  Plotly floor     – loading our plotly.js bundle by hand, cached, on a page without charts, against Streamlit's
                     own Plotly chunk (what st.plotly_chart would load).

Times are taken inside the page, from the input event (keydown / pointerdown, caught before Streamlit sees it) to
the first animation frame after the expected trend chart is drawn with nothing pending in Plotly; each is split at
the arrival of the first websocket frame carrying a scatter figure (server + transfer before, browser after).
Every change goes to an indicator (or adds a unit) not seen before by that page, so the page's query cache never
answers for it. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.map_interaction import cpu_seconds, hook_js, prepare, summary, timed, wait_drawn
from danvan.grammar import catalogue
from danvan.grammar.i18n import t
from danvan.present import compare
from danvan.store import db

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
INDICATOR = "TCD_LUOT"
UNITS = 34
BASELINE_UNITS = 2
TARGETS = {"median_ms": 300, "cold_s": 2.0}

HOOK_JS = hook_js("scatter")  # websocket frames (those carrying the trend marked) and the last input

# Watch (every animation frame) the first live Plotly chart (the trend) until its drawn title is `title`, nothing is
# pending in Plotly and its points belong to `n` distinct units (customdata[0]: the grey units share one trace);
# `window.__drawn` = the next frame after that.
ARM_JS = """([title, n, keep]) => {
    window.__drawn = null;
    if (!keep) { window.__ws = []; window.__input = null; }
    const check = () => {
        const c = [...document.querySelectorAll('[data-testid="danvanChart"]')]
            .find(c => !c.closest('[data-stale="true"]'));
        const head = c && c.querySelector('.gtitle'), gd = c && c.querySelector('.js-plotly-plot');
        if (head && gd && head.textContent.trim() === title && !(gd._promises && gd._promises.length)
                && gd.data && new Set(gd.data.flatMap(d => (d.customdata || []).map(c => c && c[0]))
                    .filter(Boolean)).size === n
                && !document.querySelector('[data-stale="true"]')) {
            requestAnimationFrame(() => { window.__drawn = performance.now(); });
            return;
        }
        requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
}"""

# Cold load: the first live Plotly chart painted ("chart"), or, on a page that may draw none ("maybe"; "none": never
# one), its h2 header with no running indicator, held for 1.5 s ("maybe") or 250 ms ("none") ("h2"; the time is when
# that began). A page that always draws a chart ("chart") waits for it: there the header fallback fired while a fresh
# context was still loading Plotly's script, before the chart existed. Sets window.__cold = [ms, criterion].
COLD_JS = """(want) => {
    const wantChart = want !== 'none';
    window.__cold = null;
    let since = null;
    const check = () => {
        const charts = [...document.querySelectorAll('[data-testid="danvanChart"]')]
            .filter(c => !c.closest('[data-stale="true"]'));
        const painted = charts.some(c => {
            const gd = c.querySelector('.js-plotly-plot');
            return gd && gd.querySelector('.main-svg') && !(gd._promises && gd._promises.length);
        });
        if (painted) {
            requestAnimationFrame(() => { window.__cold = [performance.now(), 'chart']; });
            return;
        }
        const done = want !== 'chart' && document.querySelector('h2')
            && !document.querySelector('[data-testid="stStatusWidget"]')
            && !document.querySelector('[data-stale="true"]') && !(wantChart && charts.length);
        const now = performance.now();
        if (!done) since = null;
        else if (since === null) since = now;
        else if (now - since >= (wantChart ? 1500 : 250)) { window.__cold = [since, 'h2']; return; }
        requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
}"""


def trend_title(code: str) -> str:
    """The trend chart's title as drawn (textContent, without tags)."""
    return re.sub(r"<[^>]+>", "", t("trend_title", "vi", indicator=catalogue.get(code).name("vi"))).strip()


class Tab:
    """One browser context and page on So sánh, with the indicator and units it shows."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
        self.context.add_init_script(HOOK_JS)
        self.page = self.context.new_page()
        self.url = url
        self.code, self.units = INDICATOR, []
        self.searches: list[dict] = []

    def open(self, code: str, units: list[str], timeout: float = 180) -> float:
        self.code, self.units = code, list(units)
        start = time.perf_counter()
        self.page.goto(f"{self.url}/so_sanh?indicator={code}&units={','.join(units)}")
        self.arm(keep=True)
        self.page.wait_for_function("() => window.__drawn !== null", timeout=timeout * 1000, polling=50)
        self.settle()
        return time.perf_counter() - start

    def settle(self) -> None:
        """Wait until the rerun has finished (Streamlit drops stale elements when the script ends)."""
        try:
            self.page.wait_for_function(
                "() => !document.querySelector('[data-stale=\"true\"]') && "
                "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000, polling=50)
        except Exception:
            print("never settled:", self.page.evaluate("""() => ({
                stale: [...document.querySelectorAll('[data-stale="true"]')].map(e => e.textContent.slice(0, 80)),
                status: (document.querySelector('[data-testid="stStatusWidget"]') || {}).textContent})"""),
                  file=sys.stderr)
            raise

    def arm(self, keep: bool = False) -> None:
        self.page.evaluate(ARM_JS, [trend_title(self.code), len(self.units), keep])

    def change(self, code: str) -> None:
        """Arm for `code` and pick it in the indicator selectbox (does not wait for the figure)."""
        self.code = code
        self.arm()
        self.page.get_by_role("combobox", name=t("indicator", "vi")).click()
        self.page.get_by_role("option", name=f"({code})", exact=False).click()

    def search(self, label: str) -> dict:
        """Type a unit's label in the search box and press Enter; in-page ms from that key to the rerun's last
        websocket frame (the picker then lists the unit), and the largest frame."""
        self.page.evaluate("() => { window.__ws = []; window.__input = null; }")
        box = self.page.get_by_role("textbox", name=t("unit_search", "vi"))
        box.fill(label)
        box.press("Enter")
        self.page.wait_for_function("() => window.__input !== null && window.__ws.some(f => f[0] >= window.__input)",
                                    timeout=60_000, polling=50)
        self.settle()
        got = self.page.evaluate("() => ({input: window.__input, ws: window.__ws})")
        after = [(at, size) for at, size, _ in got["ws"] if at >= got["input"]]
        last = max(at for at, _ in after) - got["input"]
        return {"total": last, "server": last, "browser": 0.0, "bytes": max(size for _, size in after)}

    def add(self, key: str, label: str) -> None:
        """Find the unit with the search box (timed into `self.searches`), then arm for one more unit, type its
        label in the units multiselect and press Enter."""
        self.searches.append(self.search(label))
        self.units.append(key)
        self.arm()
        box = self.page.get_by_role("combobox", name=t("units", "vi"))
        box.click()
        box.fill(label)
        self.page.get_by_role("option", name=label, exact=True).wait_for(timeout=30_000)
        box.press("Enter")

    def result(self, timeout: float = 120) -> dict:
        """Wait for the armed figure; in-page ms from input to drawn, split at the figure message."""
        got, after = wait_drawn(self.page, f"{self.code} with {len(self.units)} units", timeout)
        figures = [at for at, _, figure in after if figure]
        at = figures[0] if figures else got["drawn"]
        self.page.keyboard.press("Escape")  # close a dropdown left open
        self.settle()
        return {"total": got["drawn"] - got["input"], "server": at - got["input"], "browser": got["drawn"] - at,
                "bytes": max((size for _, size, _ in after), default=0)}

    def close(self) -> None:
        self.context.close()


def pick_units(store: Path, extra: int) -> tuple[list[str], list[tuple[str, str]]]:
    """34 new-era communes, one per new province (each province's first commune code), and `extra` more communes
    (the second commune of provinces, in order) with their multiselect labels, to add one by one."""
    with db.connect(store) as con:
        rows = con.execute("""
            SELECT unit_key, row_number() OVER (PARTITION BY province_key ORDER BY code) AS rank
            FROM units WHERE era = 'new' AND level = 'commune' ORDER BY province_key, code""").fetchall()
        base = [k for k, r in rows if r == 1][:UNITS]
        adds = [k for k, r in rows if r == 2][:extra]
        labels = compare.unit_labels(db.run(con, "compare_units"), "vi")
    return base, [(k, labels[k]) for k in adds]


def _cold(context, url: str, want: str) -> tuple[float, str]:
    """One navigation in `context` until COLD_JS's criterion: (seconds from navigation start, criterion)."""
    tab = context.new_page()
    tab.goto(url)
    tab.evaluate(COLD_JS, want)
    tab.wait_for_function("() => window.__cold !== null", timeout=180_000, polling=50)
    at, how = tab.evaluate("() => window.__cold")
    tab.close()
    return at / 1000, how  # performance.now() counts from navigation start


def cold_loads(browser, url: str, want: str, runs: int) -> tuple[list, list]:
    """`runs` first visits (each a fresh context: empty HTTP cache) and `runs` returning visits (new pages of one
    context that loaded the page once before: Streamlit's files cached, a new session each)."""
    def context():
        made = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
        made.add_init_script(HOOK_JS)
        return made

    first = []
    for _ in range(runs):
        fresh = context()
        first.append(_cold(fresh, url, want))
        fresh.close()
    warm = context()
    _cold(warm, url, want)
    again = [_cold(warm, url, want) for _ in range(runs)]
    warm.close()
    return first, again


# Streamlit's Plotly chunk (its URL in window.__plotlyChunk), imported by hand on a page that has none: the time
# before any chart can be drawn.
# How long a script takes to load and run in the page (cached): a module by import(), a classic script by a tag.
FLOOR_JS = """async ([src, module]) => {
    const t0 = performance.now();
    if (module) await import(src);
    else await new Promise((ok, fail) => {
        const s = document.createElement('script'); s.src = src; s.onload = ok; s.onerror = fail;
        document.head.appendChild(s);
    });
    return performance.now() - t0;
}"""


def plotly_floor(browser, url: str, runs: int) -> dict:
    """What the first chart of a page waits for, cached (median of `runs`, each a new page): our plotly.js bundle
    (ui/chart.py), against Streamlit's own Plotly chunk (what `st.plotly_chart` loads) measured the same way."""
    import streamlit

    chunk = next((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    ours = ROOT / "static" / "plotly" / "plotly-danvan.min.js"
    scripts = {"ours": (f"{url}/app/static/plotly/{ours.name}", False, ours),
               "streamlit": (f"{url}/static/js/{chunk.name}", True, chunk)}
    floor = {}
    for name, (src, module, path) in scripts.items():
        context = browser.new_context()
        times = []
        for i in range(runs + 1):
            tab = context.new_page()
            tab.goto(url + "/nhap_so_lieu")
            tab.wait_for_selector("h2")
            took = tab.evaluate(FLOOR_JS, [src, module])
            if i:  # the first fills the cache
                times.append(took)
            tab.close()
        context.close()
        floor[name] = {"ms": statistics.median(times), "kb": path.stat().st_size / 1000}
    return floor


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench compare_interaction")
    parser.add_argument("--repeat", type=int, default=10, help="timed changes per row (plus one warm-up)")
    parser.add_argument("--cold", type=int, default=3, help="cold loads per page")
    parser.add_argument("--rebuild", action="store_true")
    args, _ = parser.parse_known_args(argv)
    from tests.browser import chromium, streamlit_process

    # Other work in the tree must not change the page under the bench: no file watcher, so Streamlit never shows its
    # "File change · Rerun" prompt (which looks like a run that never ends) nor reruns on a save.
    os.environ["STREAMLIT_SERVER_FILE_WATCHER_TYPE"] = "none"
    store = prepare(args.rebuild, "compare_interaction.duckdb")
    runs = args.repeat
    others = [c for c in catalogue.indicators() if c != INDICATOR]
    if 2 * (runs + 1) > len(others):
        print(f"note: --repeat {runs} revisits indicators, so some changes hit the page's query cache")
    units, adds = pick_units(store, 2 * (runs + 1))
    configs = {f"{UNITS} units": units, f"{BASELINE_UNITS} units": units[:BASELINE_UNITS]}
    unit_param = ",".join(units)
    pages = {
        "tong_quan": ("/tong_quan", "maybe"),  # its map tile only when the ranking is of provinces
        "so_sanh": (f"/so_sanh?indicator={INDICATOR}&units={unit_param}", "chart"),
        "ban_do": (f"/ban_do?indicator={INDICATOR}&era=new", "chart"),
        "ho_so": ("/ho_so?unit=new:01", "maybe"),
        "nhap_so_lieu": ("/nhap_so_lieu", "none"),
        "chuyen_doi": ("/chuyen_doi", "none"),
        "quan_tri_ban_do": ("/quan_tri_ban_do", "none"),
    }
    rows: dict[str, dict] = {}
    opened: dict[str, float] = {}
    started = time.perf_counter()
    print(f"store {store.name} · indicator {INDICATOR} · {UNITS} new-era communes (one per new province; provinces "
          f"carry no figures here), baseline {BASELINE_UNITS} · {runs} timed changes per row (+1 warm-up) · times in "
          f"the page, input → trend chart painted")

    with streamlit_process(store) as (url, proc), chromium() as browser:
        idle0 = cpu_seconds(proc.pid)
        time.sleep(2)
        idle_ms_per_s = (cpu_seconds(proc.pid) - idle0) / 2 * 1000

        for i, (name, chosen) in enumerate(configs.items()):
            tab = Tab(browser, url)
            opened[name] = tab.open(INDICATOR, chosen)
            sequence = iter(others[i * (runs + 1):] + others[:i * (runs + 1)])

            def change(_i: int, tab: Tab = tab, sequence=sequence) -> dict:
                tab.change(next(sequence))
                return tab.result()

            rows[f"indicator change · {name}"] = timed(proc.pid, runs, change)
            todo = iter(adds[i * (runs + 1):(i + 1) * (runs + 1)])

            def add(_i: int, tab: Tab = tab, todo=todo) -> dict:
                tab.add(*next(todo))
                return tab.result()

            rows[f"add a unit · {name}"] = timed(proc.pid, runs, add)
            rows[f"find a unit · {name}"] = {"samples": tab.searches[1:], "cpu_ms": float("nan")}  # after warm-up
            tab.close()

        cold = {page: cold_loads(browser, url + path, want, args.cold) for page, (path, want) in pages.items()}
        floor = plotly_floor(browser, url, args.cold)

    # Report
    print(f"server idle CPU {idle_ms_per_s:.0f} ms/s (included in the per-rerun CPU below)")
    print()
    head = (f"{'change (1 page)':<28}{'median ms':>10}{'p95 ms':>9}{'server ms':>11}{'browser ms':>12}"
            f"{'CPU ms/rerun':>14}{'frame KB':>10}{'× 2 units':>11}")
    print(head)
    print("-" * len(head))
    for kind in ("indicator change", "find a unit", "add a unit"):
        base = summary(rows[f"{kind} · {BASELINE_UNITS} units"]["samples"])
        for name in configs:
            row = rows[f"{kind} · {name}"]
            s = summary(row["samples"])
            print(f"{kind + ' · ' + name:<28}{s['median']:>10.0f}{s['p95']:>9.0f}{s['server']:>11.0f}"
                  f"{s['browser']:>12.0f}{row['cpu_ms']:>14.0f}{s['bytes'] / 1000:>10.1f}"
                  f"{s['median'] / base['median']:>10.2f}×")
    print(f"target: median ≤ {TARGETS['median_ms']} ms per change; 'add a unit' goes 34 → {UNITS + runs + 1} "
          f"(baseline {BASELINE_UNITS} → {BASELINE_UNITS + runs + 1}) units; 'find a unit' (the search rerun before "
          f"each add) has no CPU of its own: the add's CPU covers both reruns")
    print()
    head = (f"{'cold load':<18}{'first visit s':>14}{'returning s':>12}{'target':>8}  {'criterion':<10}"
            f"runs (first | returning)")
    print(head)
    print("-" * (len(head) + 10))
    for page, (first, again) in cold.items():
        med, back = (statistics.median(s for s, _ in loads) for loads in (first, again))
        hows = ",".join(sorted({h for _, h in first + again}))
        runs_text = " | ".join(", ".join(f"{s:.2f}" for s, _ in loads) for loads in (first, again))
        print(f"{page:<18}{med:>14.2f}{back:>12.2f}{'met' if max(med, back) <= TARGETS['cold_s'] else 'missed':>8}  "
              f"{hows:<10}{runs_text}")
    print(f"in-page seconds from navigation start to the first chart painted. First visit: a fresh browser context "
          f"(empty HTTP cache); returning: a new page, so a new Streamlit session, in a context that has loaded the "
          f"page once (Streamlit's files cached, as for a leader who opened the dashboard before). Target: cold ≤ "
          f"{TARGETS['cold_s']:.0f} s (met: both medians). Floor, what a page's first chart waits for, cached (median "
          f"of {args.cold}): our plotly.js ({floor['ours']['kb']:,.0f} KB) {floor['ours']['ms']:.0f} ms, against "
          f"Streamlit's Plotly chunk ({floor['streamlit']['kb']:,.0f} KB) {floor['streamlit']['ms']:.0f} ms "
          f"({floor['ours']['ms'] / floor['streamlit']['ms']:.2f}×); first open of "
          f"So sánh (warm server): " + ", ".join(f"{k} {v:.2f} s" for k, v in opened.items()))
    print(f"whole run {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
