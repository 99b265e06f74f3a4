"""In the real browser: a PAPI dimension compared over four provinces draws each one's 2011–2016 scores, the
workbook's numbers (read here with openpyxl, not through the app)."""

import shutil

import openpyxl
import pytest

from tests.browser import CHROMIUM, streamlit_server
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
CHART = '[data-testid="danvanChart"]'
UNITS = {"old:95": "Bạc Liêu", "old:96": "Cà Mau", "old:17": "Hòa Bình", "old:70": "Bình Phước"}
TRANSPARENCY = 8  # column I: "Công khai, minh bạch" (PAPI_MINHBACH)
TRACES_JS = ("gd => gd.data.filter(d => d.name).map(d => ({name: d.name, x: d.x, y: d.y, text: d.text, "
             "keys: (d.customdata || []).map(c => c[0])}))")


@pytest.fixture(scope="module")
def app_url(seeded_db, tmp_path_factory):
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian chromium missing: `make test` installs it (apt-get install chromium)")
    path = tmp_path_factory.mktemp("papi") / "danvan.duckdb"
    shutil.copy(seeded_db, path)  # a freshly seeded store: documents and the PAPI workbook
    with streamlit_server(path) as url:
        yield url


def workbook_scores() -> dict[str, list[float]]:
    book = openpyxl.load_workbook(ROOT / "data/seeds/papi/PAPI_2011-2016.xlsx", data_only=True, read_only=True)
    try:
        out: dict[str, list[float]] = {key: [] for key in UNITS}
        for year in range(2011, 2017):
            rows = {r[0]: r for r in book[f"{year}_PAPI"].iter_rows(min_row=3, values_only=True) if r and r[0]}
            for key in UNITS:
                out[key].append(rows[int(key.split(":")[1])][TRANSPARENCY])
        return out
    finally:
        book.close()


def test_compare_draws_four_provinces_papi_scores_over_2011_to_2016(app_url, page):
    page.goto(f"{app_url}/so_sanh?indicator=PAPI_MINHBACH&units=old:95,old:96,old:17,old:70")
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=60_000)
    traces = page.locator(f"{CHART} .js-plotly-plot").first.evaluate(TRACES_JS)
    expected = workbook_scores()
    assert sorted(t["name"] for t in traces) == sorted(UNITS.values())
    for trace in traces:
        [key] = set(trace["keys"])
        assert UNITS[key] == trace["name"]
        assert [x[:4] for x in trace["x"]] == [str(y) for y in range(2011, 2017)]
        assert trace["y"] == pytest.approx(expected[key], abs=1e-9)
        assert trace["text"] == [f"{v:.2f}".replace(".", ",") + " điểm" for v in expected[key]]
    assert "PAPI: Công khai, minh bạch" in page.locator(CHART).first.text_content()
