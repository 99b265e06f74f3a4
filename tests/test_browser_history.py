"""In the real browser: new Cà Mau's series on today's map runs 2018–2026 as one line, the pre-merger part derived."""

import shutil
from datetime import date

import pytest

from danvan.ingest.importer import commit, plan_bytes
from danvan.store import db
from tests.actors import admin
from tests.browser import chromium, streamlit_server

pytestmark = pytest.mark.browser
YEARS = range(2019, 2025)
RETURN = "unit_code,indicator_code,period,value\n" + "".join(
    f"95,TCD_CUOC,{y},{1000 + y - 2019}\n96,TCD_CUOC,{y},{2000 + y - 2019}\n" for y in YEARS
) + "96,TCD_CUOC,2025,3600\n96,TCD_CUOC,2026,3700\n"


@pytest.fixture(scope="module")
def app_url(seeded_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("history") / "danvan.duckdb"
    shutil.copy(seeded_db, path)
    with db.connect(path) as con:
        plan = plan_bytes(con, RETURN.encode(), "ca-mau.csv", today=date(2026, 11, 23))
        assert plan.ok and plan.summary.new == 14
        commit(con, [plan], user=admin("kiểm thử"))
    with streamlit_server(path) as url:
        yield url


def test_new_ca_mau_is_one_continuous_line_with_the_derived_part_marked(app_url):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{app_url}/so_sanh?indicator=TCD_CUOC&view=today&units=new:96")
        page.locator('[data-testid="danvanChart"] .main-svg').first.wait_for(timeout=60_000)
        traces = page.locator('[data-testid="danvanChart"] .js-plotly-plot').first.evaluate(
            "gd => gd.data.filter(d => d.name).map(d => ({name: d.name, x: d.x, y: d.y, "
            "symbol: d.marker.symbol, text: d.text}))")
        assert [t["name"] for t in traces] == ["Cà Mau"]  # one line, not a pre- and a post-merger piece
        line = traces[0]
        assert [x[:4] for x in line["x"]] == [str(y) for y in range(2018, 2027)]
        assert line["y"] == [2500, *[3000 + 2 * (y - 2019) for y in YEARS], 3600, 3700]
        assert all(s.endswith("-open") for s in line["symbol"][:7])      # 2018–2024 derived
        assert not any(s.endswith("-open") for s in line["symbol"][7:])  # 2025–2026 as reported
        assert line["text"][0] == "trên 2.500 (một phần)"                # Bạc Liêu did not report 2018
        chart_text = page.locator('[data-testid="danvanChart"]').first.text_content()
        assert "Trước 1/7/2025: suy ra theo bản đồ hiện nay" in chart_text
