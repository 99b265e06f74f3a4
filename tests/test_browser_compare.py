"""In the real browser (Debian's Chromium): the compare page as drawn — the ranking best first on screen, line end
labels that never overlap, one colour per unit in both charts, and points at their period's end date."""


import pytest

pytestmark = pytest.mark.browser
CHART = '[data-testid="danvanChart"]'
PLOTS = f"{CHART} .js-plotly-plot"

# Per drawn scatter trace (in the DOM, matched to its data by uid): its name, unit, computed stroke and the screen
# boxes of its points.
TRACES_JS = """gd => gd._fullData.filter(d => d.type === 'scatter' && d.name && d.customdata).map(d => {
    const g = gd.querySelector('.scatterlayer .trace' + d.uid);
    const line = g.querySelector('path.js-line');
    return {name: d.name, key: d.customdata[0][0], stroke: line ? getComputedStyle(line).stroke : null,
            points: [...g.querySelectorAll('path.point')].map(p => {
                const r = p.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })};
})"""
BARS_JS = """gd => {
    const d = gd._fullData.find(t => t.type === 'bar');
    const pts = [...gd.querySelectorAll('.barlayer .trace.bars .point path')];  // the one bar trace
    return pts.map((p, i) => ({key: d.customdata[i][0], value: d.x[i], top: p.getBoundingClientRect().top,
                               fill: getComputedStyle(p).fill}));
}"""
LABELS_JS = """gd => { const d = gd._fullData.find(t => t.meta === 'end_labels');
    return [...gd.querySelectorAll('.scatterlayer .trace' + d.uid + ' .textpoint text')].map(e => {
        const r = e.getBoundingClientRect();
        return {text: e.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }); }"""


def _open(page, url: str, charts: int = 2):
    page.goto(url)
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=60_000)
    page.wait_for_function(f"() => document.querySelectorAll('{CHART} .main-svg').length >= {charts}",
                           timeout=60_000)
    return page.locator(PLOTS).first, page.locator(PLOTS).nth(1) if charts > 1 else None


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_ranking_is_drawn_best_first_from_the_top(app_url, page):
    _, ranking = _open(page, f"{app_url}/so_sanh?indicator=PAPI_TONG&units=old:95,old:96,old:17,old:70,old:01")
    bars = ranking.evaluate(BARS_JS)
    assert len(bars) == 5
    on_screen = [b["value"] for b in sorted(bars, key=lambda b: b["top"])]
    assert on_screen == sorted(on_screen, reverse=True)  # PAPI: higher is better, so the highest on top
    assert "Năm 2016" in page.locator(CHART).nth(1).text_content()


def test_end_labels_never_overlap(app_url, page):
    trend, _ = _open(page, f"{app_url}/so_sanh?indicator=PAPI_TONG")  # 8 provinces, their 2016 scores close
    labels = trend.evaluate(LABELS_JS)
    assert len(labels) == 8
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not _overlap(a, b), (a, b)
    svg_text = page.locator(CHART).first.text_content()
    assert "88,6%90,1%" not in svg_text and svg_text.count("điểm") == 8  # one value per line, at its end


def test_a_unit_has_one_colour_in_the_trend_and_the_ranking(app_url, page):
    trend, ranking = _open(page, f"{app_url}/so_sanh?indicator=PAPI_TONG&units=old:95,old:96,old:17,old:70")
    strokes = {t["key"]: t["stroke"] for t in trend.evaluate(TRACES_JS)}
    fills = {b["key"]: b["fill"] for b in ranking.evaluate(BARS_JS)}
    assert set(strokes) == set(fills) == {"old:95", "old:96", "old:17", "old:70"}
    assert strokes == fills
    assert len(set(strokes.values())) == 4


def test_an_as_of_figure_sits_before_the_end_of_year_expectation(app_url, page):
    trend, _ = _open(page, f"{app_url}/so_sanh?indicator=NTM_XA&units=old:70")
    x = {t["name"]: [p["x"] for p in t["points"]] for t in trend.evaluate(TRACES_JS)}
    [actual], [expected] = x["Bình Phước"], x["Bình Phước (dự kiến)"]  # 48/90 on 26/9/2020; 60/90 end of 2020
    assert expected > actual + 20


def test_changing_the_indicator_keeps_the_chosen_units(app_url, page):
    _open(page, f"{app_url}/so_sanh?indicator=PAPI_TONG&units=old:95,old:70")
    page.get_by_role("combobox", name="Chỉ tiêu").click()
    page.get_by_role("option", name="Xã đạt chuẩn nông thôn mới (NTM_XA)").click()
    page.wait_for_url("**indicator=NTM_XA**", timeout=30_000)
    page.get_by_text("Không có số liệu cho chỉ tiêu này").wait_for(timeout=30_000)
    assert "units=old%3A95%2Cold%3A70" in page.url or "units=old:95,old:70" in page.url
    assert "Tỉnh Bạc Liêu (tỉnh, trước 1/7/2025)" in page.get_by_text("Không có số liệu cho chỉ tiêu này").inner_text()


def test_the_table_is_built_when_its_tab_is_opened(app_url, page):
    _open(page, f"{app_url}/so_sanh?indicator=NTM_XA&units=old:70")
    table = page.locator('[data-testid="stDataFrame"]')
    assert table.count() == 0  # lazy: a closed tab costs neither the server nor the browser
    page.get_by_role("tab", name="Bảng").click()
    table.wait_for(timeout=30_000)


def test_hovering_a_point_names_its_unit_period_value_and_source(app_url, page):
    """The hover is one template per line filled from each point's data: what it shows for Bình Phước's new-rural
    communes of 26/9/2020 (48 of 90, the Bình Phước report in the seed) is checked against the report's words."""
    trend, _ = _open(page, f"{app_url}/so_sanh?indicator=NTM_XA&units=old:70")
    actual = next(t for t in trend.evaluate(TRACES_JS) if t["name"] == "Bình Phước")
    [point] = actual["points"]
    page.mouse.move(point["x"], point["y"])
    hover = page.locator(f"{CHART} .hoverlayer .hovertext").first
    hover.wait_for(timeout=10_000)
    lines = [e.text_content() for e in hover.locator("tspan.line").all()] or [hover.text_content()]
    text = " | ".join(lines)
    assert "Bình Phước" in text and "Tính đến 26/9/2020" in text and "48/90 (53,33%)" in text, text
    assert "Nguồn: Kết quả thực hiện phong trào thi đua" in text and "Dân vận khéo" in text, text  # the seed's title
    assert "%{" not in text and "customdata" not in text, text


def test_changing_the_indicator_updates_the_charts_in_place(app_url, page):
    """A rerun redraws the same chart elements (Plotly.react, ui/chart.py) instead of mounting new ones, and the
    toolbar speaks Vietnamese (plotly.js's own locale)."""
    trend, ranking = _open(page, f"{app_url}/so_sanh?indicator=PAPI_TONG&units=old:95,old:70")
    trend.evaluate("gd => { gd.__kept = 'trend'; }")
    ranking.evaluate("gd => { gd.__kept = 'ranking'; }")
    page.get_by_role("combobox", name="Chỉ tiêu").click()
    page.get_by_role("option", name="Xã đạt chuẩn nông thôn mới (NTM_XA)").click()
    page.wait_for_function("() => [...document.querySelectorAll('.gtitle')].some(e => "
                           "e.textContent.startsWith('Xã đạt chuẩn nông thôn mới'))", timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)
    kept = page.locator(PLOTS).evaluate_all("gds => gds.map(gd => gd.__kept || null)")
    assert kept == ["trend", "ranking"]  # the same elements, now drawing NTM_XA
    assert page.locator(PLOTS).first.evaluate("gd => gd.layout.title.text").startswith("Xã đạt chuẩn nông thôn mới")
    page.locator(PLOTS).first.hover()
    toolbar = page.locator(CHART).first.locator(".modebar-btn")
    titles = toolbar.evaluate_all("bs => bs.map(b => b.getAttribute('data-title'))")
    assert "Phóng to" in titles and "Đặt lại trục" in titles and "Zoom in" not in titles, titles


def test_a_chart_whose_library_cannot_load_says_so_in_vietnamese(app_url, page):
    page.route("**/plotly-danvan.min.js", lambda route: route.abort())
    page.goto(f"{app_url}/so_sanh?indicator=NTM_XA&units=old:70")
    failed = page.locator(f'{CHART}[data-state="failed"]').first
    failed.wait_for(timeout=60_000)
    assert failed.inner_text() == "Không tải được biểu đồ. Hãy tải lại trang (F5)."
