"""In the real browser: a partial province on today's map is drawn differently from a complete one, and says so.

The store gets dialogues (DOITHOAI) for 2023 from: every one of old Bạc Liêu's 7 districts (1..7 → 28) but only 2
of old Cà Mau's 9 (10 + 20 → 30), so today's Cà Mau shows 58, partial; Hà Nội (1:1, 50) and today's Đồng Nai
(old Bình Phước 5 + old Đồng Nai 6 = 11) are complete.
"""

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from danvan.ingest.importer import commit, plan_bytes
from danvan.store import db
from tests.actors import admin
from tests.browser import CHROMIUM, streamlit_server

pytestmark = pytest.mark.browser
CHART = '[data-testid="danvanChart"]'
LEGEND = "Một phần (chưa đủ đơn vị báo cáo)"
# The figure as Plotly holds it: per trace its type, name, meta, line, customdata, locations, text, hover template.
TRACES_JS = """gd => gd.data.map(d => ({type: d.type, name: d.name || null, meta: d.meta || null,
    line: d.line || null, customdata: d.customdata || null, locations: d.locations || null,
    text: d.text || null, hovertemplate: d.hovertemplate || null, marker_line: (d.marker || {}).line || null}))"""


def hovers(traces: list[dict]) -> dict[str, str]:
    """Each unit's hover as its trace's template fills it (the name stays the placeholder %{properties.name})."""
    out = {}
    for tr in (t for t in traces if t["type"] == "choropleth"):
        texts = tr["text"] or [""] * len(tr["locations"])
        out |= {key: tr["hovertemplate"].replace("%{text}", text) for key, text in zip(tr["locations"], texts,
                                                                                      strict=True)}
    return out


@pytest.fixture(scope="module")
def app_url(seeded_db, tmp_path_factory):
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian chromium missing: `make test` installs it (apt-get install chromium)")
    path = tmp_path_factory.mktemp("browser_partial") / "danvan.duckdb"
    shutil.copy(seeded_db, path)
    with db.connect(path) as con:
        bac_lieu, ca_mau = ([r[0] for r in con.execute(
            "SELECT code FROM units WHERE era = 'old' AND level = 'district' AND parent_key = ? ORDER BY code",
            [key]).fetchall()] for key in ("old:95", "old:96"))
        assert (len(bac_lieu), len(ca_mau)) == (7, 9)
        rows = "".join(f"{c},DOITHOAI,2023,{i}\n" for i, c in enumerate(bac_lieu, start=1))
        rows += f"{ca_mau[0]},DOITHOAI,2023,10\n{ca_mau[1]},DOITHOAI,2023,20\n"
        rows += "01,DOITHOAI,2023,50\n70,DOITHOAI,2023,5\n75,DOITHOAI,2023,6\n"
        plan = plan_bytes(con, ("unit_code,indicator_code,period,value\n" + rows).encode(), "doi-thoai.csv",
                          today=date(2026, 11, 23))
        assert plan.ok, plan.check.problems.to_dicts()
        commit(con, [plan], user=admin("kiểm thử"))
    with streamlit_server(path) as url:
        yield url


def _map(page, app_url: str) -> list[dict]:
    page.goto(f"{app_url}/ban_do?indicator=DOITHOAI&era=new&period=2023")
    page.locator(f"{CHART} path.choroplethlocation").first.wait_for(timeout=60_000)
    page.locator(f"{CHART} .legend").first.wait_for(timeout=30_000)
    return page.locator(f"{CHART} .js-plotly-plot").first.evaluate(TRACES_JS)


def test_partial_province_is_outlined_hatched_and_labelled(app_url, page):
    traces = _map(page, app_url)
    hover = hovers(traces)
    assert "58 (một phần)" in hover["new:96"] and "chưa đủ đơn vị báo cáo" in hover["new:96"]
    assert "Cà Mau: 2/9 huyện" in hover["new:96"]
    assert "một phần" not in hover["new:01"] and "một phần" not in hover["new:75"]

    # A complete unit is stroked only by the choropleth's thin white border …
    assert all(tr["marker_line"] == {"color": "white", "width": 0.4} for tr in traces if tr["type"] == "choropleth")
    # … a partial one also by a dashed dark outline and a hatching, each a line trace naming its units.
    outline = next(tr for tr in traces if tr["meta"] == "partial_outline")
    hatch = next(tr for tr in traces if tr["meta"] == "partial_hatch")
    assert outline["line"]["dash"] == "dash" and outline["line"]["width"] > 0.4
    assert outline["name"] == LEGEND
    assert set(outline["customdata"]) - {None} == {"new:96"}
    assert set(hatch["customdata"]) - {None} == {"new:96"}

    labels = next(tr for tr in traces if tr["name"] == "labels")
    text = dict(zip(labels["customdata"], labels["text"], strict=True))
    assert text["new:96"] == "58<br>(một phần)"
    assert (text["new:01"], text["new:75"]) == ("50", "11")


def test_the_drawn_svg_shows_the_dashed_outline_the_legend_and_the_note(app_url, page):
    _map(page, app_url)
    chart = page.locator(CHART).first
    # What Chromium drew: the overlay's path carries a dash array; the choropleth's paths carry none.
    dashes = chart.locator(".scattergeo path.js-line").evaluate_all(
        "els => els.map(e => getComputedStyle(e).strokeDasharray)")
    assert any(d not in ("none", "") for d in dashes)
    fills = chart.locator("path.choroplethlocation").evaluate_all(
        "els => els.map(e => getComputedStyle(e).strokeDasharray)")
    assert len(fills) == 34 and set(fills) == {"none"}
    svg_text = chart.text_content()
    assert LEGEND in svg_text                                   # the legend entry
    assert "Viền đứt nét, gạch chéo: số liệu một phần" in svg_text  # the note an exported image keeps
    assert "(một phần)" in svg_text                             # the value label on the map


def test_map_csv_has_a_partial_column(app_url, page):
    _map(page, app_url)
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải bảng (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    by_code = {r["Mã"]: r for r in rows}
    assert (by_code["96"]["Giá trị"], by_code["96"]["một phần"]) == ("58", "true")
    assert (by_code["01"]["Giá trị"], by_code["01"]["một phần"]) == ("50", "false")
    assert by_code["75"]["một phần"] == "false"


def test_ranking_marks_the_partial_bar(app_url, page):
    page.goto(f"{app_url}/so_sanh?indicator=DOITHOAI&view=today&units=new:96,new:01,new:75")
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=60_000)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"danvanChart\"]').length == 2",
                           timeout=60_000)
    bars = page.locator(f"{CHART} .js-plotly-plot").nth(1).evaluate(
        "gd => gd.data.filter(d => d.type === 'bar').map(d => ({text: d.text, keys: d.customdata.map(c => c[0]), "
        "opacity: d.marker.opacity, width: d.marker.line.width}))")[0]
    bar = {k: (txt, o, w) for k, txt, o, w in zip(bars["keys"], bars["text"], bars["opacity"], bars["width"],
                                                  strict=True)}
    assert bar["new:96"][0] == "58 (một phần)" and bar["new:96"][1] < 1 and bar["new:96"][2] > 0
    assert bar["new:01"] == ("50", 1, 0)
    assert "Thanh nhạt, viền đậm: một phần" in page.locator(CHART).nth(1).text_content()
