"""In the real browser: the Bản đồ page at national commune scale, a period step, the shapes as a static file, and
the Hoàng Sa / Trường Sa labels on every layer that draws them.

The store gets a count (MH_CQTT) for 20 new-era communes in three quarters, so the commune map has a period slider.
A slider step reruns the page: the shapes are not sent again (the choropleth's `geojson` is the URL of a
content-hashed static file), so the figure message carries values only and stays small.
"""

import shutil
from datetime import date

import pytest
from playwright.sync_api import expect

from danvan.grammar.periods import parse_period
from danvan.ingest.importer import commit, plan_bytes
from danvan.store import db
from tests.actors import admin
from tests.browser import CHROMIUM, streamlit_server

pytestmark = pytest.mark.browser
CHART = '[data-testid="danvanChart"]'
SLIDER = '[data-testid="stSlider"] input[type="range"]'  # react-aria's (visually hidden) range input: the thumb
INDICATOR = "MH_CQTT"
QUARTERS = ("2025-Q3", "2025-Q4", "2026-Q1")
ISLANDS = ("Quần đảo Hoàng Sa", "Quần đảo Trường Sa")
MAX_STEP_FRAME = 100_000  # bytes: a rerun sends values, not shapes
# The chart on screen: not one inside an element Streamlit marks stale while a rerun runs.
LIVE_CHART_JS = """() => [...document.querySelectorAll('[data-testid="danvanChart"]')]
    .filter(c => !c.closest('[data-stale="true"]'))"""
# Every unit the figure places is drawn: one path per location of every choropleth trace, and no promise pending.
ALL_DRAWN_JS = """() => {
    const live = (""" + LIVE_CHART_JS + """)();
    const gd = live.length === 1 ? live[0].querySelector('.js-plotly-plot') : null;
    if (!gd || !gd.data || (gd._promises && gd._promises.length)) return false;
    const wanted = gd.data.filter(d => d.type === 'choropleth').reduce((n, d) => n + (d.locations || []).length, 0);
    const drawn = gd.querySelectorAll('path.choroplethlocation').length;
    return wanted > 0 && drawn === wanted ? drawn : false;
}"""


@pytest.fixture(scope="module")
def store(seeded_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("browser_map") / "danvan.duckdb"
    shutil.copy(seeded_db, path)
    with db.connect(path) as con:
        communes = [r[0] for r in con.execute(
            "SELECT code FROM units WHERE era = 'new' AND level = 'commune' ORDER BY code LIMIT 20").fetchall()]
        rows = "".join(f"{code},{INDICATOR},{quarter},{i + 3 * k}\n"
                       for k, quarter in enumerate(QUARTERS) for i, code in enumerate(communes, start=1))
        plan = plan_bytes(con, ("unit_code,indicator_code,period,value\n" + rows).encode(), "mo-hinh.csv",
                          today=date(2026, 11, 23))
        assert plan.ok, plan.check.problems.to_dicts()
        commit(con, [plan], user=admin("kiểm thử"))
        n_communes = con.execute("SELECT count(*) FROM units WHERE era = 'new' AND level = 'commune'").fetchone()[0]
        periods = [r[0] for r in con.execute(
            "SELECT DISTINCT period, period_end FROM today_observations WHERE indicator_code = ? "
            "AND status = 'actual' ORDER BY period_end, period", [INDICATOR]).fetchall()]
    assert n_communes == 3321 and set(QUARTERS) <= set(periods)
    return {"path": path, "communes": n_communes, "periods": periods}


@pytest.fixture(scope="module")
def app_url(store):
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian chromium missing: `make test` installs it (apt-get install chromium)")
    with streamlit_server(store["path"]) as url:
        yield url


@pytest.fixture(scope="module")
def frames() -> list[bytes]:
    """Every websocket frame the module's tab receives, in order (Playwright dispatches them while it waits)."""
    return []


@pytest.fixture(scope="module")
def map_page(browser, frames):
    """One tab for the module, recording its websocket frames."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes) else payload.encode())))
    yield page
    context.close()


def _open(page, url: str) -> int:
    """Navigate and wait until every unit of the figure is drawn; the number of drawn unit paths."""
    page.goto(url)
    page.locator(f"{CHART} path.choroplethlocation").first.wait_for(timeout=90_000)
    return page.wait_for_function(ALL_DRAWN_JS, timeout=90_000, polling=100).json_value()


def _drawn_title(page) -> str:
    return page.evaluate(f"() => ({LIVE_CHART_JS})().map(c => c.querySelector('.gtitle').textContent).join(' | ')")


def test_slider_step_sends_values_not_shapes(app_url, map_page, frames, store, record_property):
    page, periods = map_page, store["periods"]
    first = periods.index(QUARTERS[0])
    current, following = periods[first], periods[first + 1]
    assert _open(page, f"{app_url}/ban_do?indicator={INDICATOR}&era=new&level=commune&period={current}") == \
        store["communes"]
    assert parse_period(current).label("vi") in _drawn_title(page)
    page.wait_for_timeout(500)  # let the first run's trailing frames arrive before the step
    before = len(frames)

    slider = page.locator(SLIDER)
    assert slider.get_attribute("aria-valuetext") == parse_period(current).label("vi")
    slider.focus()
    slider.press("ArrowRight")
    label = parse_period(following).label("vi")
    page.wait_for_function(f"""label => ({LIVE_CHART_JS})().some(c => (c.querySelector('.gtitle') || {{}})
                                  .textContent?.includes(label))""", arg=label, timeout=60_000)
    drawn = page.wait_for_function(ALL_DRAWN_JS, timeout=60_000, polling=100).json_value()
    page.wait_for_timeout(500)  # the rerun's last frames (script finished) are dispatched while Playwright waits
    after = frames[before:]
    largest = max(after, key=len)
    record_property("slider_step_largest_frame_bytes", len(largest))  # in the JUnit report (--junitxml)
    assert f"period={following}" in page.url
    assert b'"choropleth"' in largest          # the figure message itself …
    assert len(largest) < MAX_STEP_FRAME, f"figure message of {len(largest):,} B after a slider step"
    assert drawn == store["communes"]          # and the map still draws every commune


def test_choropleth_shapes_come_from_a_static_file(app_url, map_page, store):
    page = map_page
    if "level=commune" not in page.url:
        _open(page, f"{app_url}/ban_do?indicator={INDICATOR}&era=new&level=commune&period={QUARTERS[0]}")
    geojsons = page.locator(f"{CHART} .js-plotly-plot").first.evaluate(
        "gd => gd.data.filter(d => d.type === 'choropleth').map(d => d.geojson)")
    assert geojsons and all(isinstance(g, str) and g.startswith("/app/static/geo/") for g in geojsons)
    assert len(set(geojsons)) == 1
    response = page.request.get(f"{app_url}{geojsons[0]}")
    assert response.ok
    layer = response.json()
    assert layer["type"] == "FeatureCollection" and len(layer["features"]) == store["communes"]


@pytest.mark.parametrize(("era", "level"), [("new", "province"), ("new", "commune"), ("old", "province"),
                                            ("old", "district"), ("old", "commune")])
def test_every_national_layer_names_the_archipelagos(app_url, map_page, era, level):
    page = map_page
    _open(page, f"{app_url}/ban_do?indicator={INDICATOR}&era={era}&level={level}")
    drawn_text = page.locator(CHART).first.text_content()
    labels = page.locator(f"{CHART} .scattergeo text").all_text_contents()
    for name in ISLANDS:
        assert name in drawn_text, f"{era}/{level}: {name} not drawn"
        assert name in labels


def test_a_province_without_islands_has_no_archipelago_labels(app_url, map_page):
    page = map_page
    _open(page, f"{app_url}/ban_do?indicator={INDICATOR}&era=new&province=new:01&level=commune")
    assert "Hà Nội" in _drawn_title(page)
    drawn_text = page.locator(CHART).first.text_content()
    for name in ISLANDS:
        assert name not in drawn_text


# A viewport point inside the unit's own shape. Plotly's geo hit-tests clicks itself (its paths ignore the pointer),
# so the point is found with the path's own fill test, over a grid of its box, in viewport coordinates.
POINT_ON_UNIT_JS = """key => {
    const live = (""" + LIVE_CHART_JS + """)();
    const path = [...live[0].querySelectorAll('path.choroplethlocation')]
        .find(p => p.__data__ && p.__data__.loc === key);
    if (!path) return null;
    const box = path.getBoundingClientRect(), local = path.getScreenCTM().inverse();
    for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
        const x = box.left + box.width * i / 12, y = box.top + box.height * j / 12;
        if (path.isPointInFill(new DOMPoint(x, y).matrixTransform(local))) return [x, y];
    }
    return null;
}"""


def test_clicking_a_commune_without_data_opens_its_own_profile(app_url, map_page, store):
    """Issue 13: "Mở hồ sơ" of a commune without data opened Bình Phước. Click the largest commune of the first
    reporting commune's province that did not report, follow the link, land on that commune in today's view."""
    with db.connect(store["path"]) as con:
        province, = con.execute("SELECT province_key FROM units WHERE era = 'new' AND level = 'commune' "
                                "ORDER BY code LIMIT 1").fetchone()
        key, name = con.execute(
            "SELECT unit_key, name FROM units u WHERE era = 'new' AND level = 'commune' AND province_key = ? "
            "AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.unit_key = u.unit_key) "
            "ORDER BY area_km2 DESC LIMIT 1", [province]).fetchone()
    _open(map_page, f"{app_url}/ban_do?indicator={INDICATOR}&era=new&level=commune&province={province}")
    x, y = map_page.wait_for_function(POINT_ON_UNIT_JS, arg=key, timeout=30_000).json_value()
    map_page.mouse.click(x, y)
    link = map_page.get_by_role("link", name=f"Mở hồ sơ {name}")
    link.wait_for(timeout=60_000)
    link.click()
    map_page.wait_for_url("**/ho_so?**", timeout=30_000)
    assert f"unit={key.replace(':', '%3A')}" in map_page.url and "view=today" in map_page.url
    # The profile's unit picker shows the clicked commune, with its code, saying it has no figures.
    expect(map_page.get_by_role("combobox", name="Đơn vị")).to_have_value(
        f"{name} ({key.removeprefix('new:')}, từ 1/7/2025) — không có số liệu", timeout=60_000)
