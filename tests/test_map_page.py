"""The Bản đồ page under AppTest: a map whose colours match the stored values, drill-down, URL state."""

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from danvan import ROOT
from danvan.present.classify import NO_DATA, YLGNBU
from tests.apptest import chart_specs, open_page

pytestmark = pytest.mark.usefixtures("on_page_db")


def map_page(**query) -> AppTest:
    return open_page("../pages/5_ban_do.py", 90, **query)


def spec(at) -> dict:
    return chart_specs(at)[0]


def array(value: list | dict) -> list:
    """A data array of the figure JSON: a list, or Plotly's typed array {"dtype", "bdata"} (base64) for numpy."""
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return value


def drawn(at) -> dict[str, dict]:
    """Every unit the map draws: its colour and its hover as the browser shows it.

    The choropleth traces share one colour axis; each names its shapes by URL (the static file the page wrote),
    whose properties give the name the hover template shows.
    """
    figure = spec(at)
    scale = figure["layout"]["coloraxis"]["colorscale"]
    units: dict[str, dict] = {}
    for trace in (tr for tr in figure["data"] if tr["type"] == "choropleth"):
        url = trace["geojson"]
        assert url.startswith("/app/static/geo/")
        layer = json.loads((ROOT / url.removeprefix("/app/")).read_text(encoding="utf-8"))
        names = {f["properties"]["unit_key"]: f["properties"]["name"] for f in layer["features"]}
        texts = trace.get("text") or [""] * len(trace["locations"])
        for key, z, text in zip(trace["locations"], array(trace["z"]), texts, strict=True):
            hover = trace["hovertemplate"].replace("%{properties.name}", names[key]).replace("%{text}", text)
            units[key] = {"colour": scale[2 * z][1], "hover": hover}
    return units


def test_old_map_colours_binh_phuoc_and_greys_the_rest():
    at = map_page(indicator="NTM_XA", era="old", period="2020-09-26", method="fixed")
    assert not at.exception
    units = drawn(at)
    assert len(units) == 63
    # 48/90 = 53,33 % falls in the catalogue's fixed class 50–75, the third of four; four classes are spread
    # over YlGnBu's five colours as steps 0, 1, 3, 4, so it is painted YlGnBu[3].
    assert units["old:70"]["colour"] == YLGNBU[3] == "#2c7fb8"
    assert {u["colour"] for k, u in units.items() if k != "old:70"} == {NO_DATA}
    hover = units["old:70"]["hover"]
    assert "48/90 (53,33%)" in hover and "Bình Phước" in hover
    assert units["old:01"]["hover"] == "<b>Thành phố Hà Nội</b><br>Không có số liệu<extra></extra>"
    colorbar = spec(at)["layout"]["coloraxis"]["colorbar"]
    assert colorbar["ticktext"][0] == "Không có số liệu"
    assert "50% – 75%" in colorbar["ticktext"]


def test_new_map_has_34_provinces_and_communes_of_one_province():
    at = map_page(indicator="TCD_CUOC", era="new")
    units = drawn(at)
    assert len(units) == 34
    hover = units["new:96"]["hover"]
    assert "trên 2.500 (một phần)" in hover  # old Cà Mau's 2018 figure; Bạc Liêu did not report
    at = map_page(indicator="TCD_CUOC", era="new", province="new:96", level="commune")
    keys = list(drawn(at))
    assert len(keys) > 50 and all(k.startswith("new:") and len(k) == 9 for k in keys)


def test_qualifier_in_hover_and_lower_is_better_palette():
    at = map_page(indicator="TCD_DOAN", era="old", period="2018")
    assert drawn(at)["old:96"]["colour"] == YLGNBU[-1]  # one value: one exact class, darkest
    at = map_page(indicator="TCD_CUOC", era="old", period="2018")
    assert "trên 2.500" in drawn(at)["old:96"]["hover"]


def test_district_layer_on_the_old_map():
    at = map_page(indicator="KNTC_TYLE", era="old", level="district", period="2023-H1")
    units = drawn(at)
    assert len(units) == 696
    assert "trên 90%" in units["old:157"]["hover"]


def test_map_state_is_in_the_url():
    at = map_page(indicator="NTM_XA", era="old")
    at.selectbox(key="sel_method").set_value("equal").run()
    value = at.query_params["method"]
    assert (value[0] if isinstance(value, list) else value) == "equal"
    assert at.query_params["period"] in ("2020-09-26", ["2020-09-26"])


def test_todays_map_carries_old_figures_marked_derived():
    """Bình Phước's 48/90 (2020) appears on the 2025 map as new Đồng Nai, derived and partial."""
    at = map_page(indicator="NTM_XA", era="new", period="2020-09-26", method="fixed")
    units = drawn(at)
    assert len(units) == 34
    hover = units["new:75"]["hover"]
    assert "48/90 (53,33%)" in hover and "một phần" in hover and "Suy ra" in hover
    assert units["new:75"]["colour"] == YLGNBU[3]
    assert any("suy ra" in c.value for c in at.caption)
    # Partial: outlined with a dashed line over the unit (Bình Phước alone, old Đồng Nai did not report).
    outline = next(tr for tr in spec(at)["data"] if tr.get("meta") == "partial_outline")
    assert outline["line"]["dash"] == "dash" and set(outline["customdata"]) - {None} == {"new:75"}


def test_a_district_figure_rolls_up_to_its_province_marked_partial():
    """Lạc Sơn (district 157) held 18 dialogues in 2023-H1 (seeds: the Hòa Bình report); no other district of old
    Hòa Bình reported, so the province map shows Hòa Bình with 18, partial, sourced as a sum of 1 of its 10
    districts (TP Hòa Bình, Cao Phong, Đà Bắc, Kim Bôi, Lạc Sơn, Lạc Thủy, Lương Sơn, Mai Châu, Tân Lạc, Yên Thủy)."""
    at = map_page(indicator="DOITHOAI", era="old", period="2023-H1")
    units = drawn(at)
    hover = units["old:17"]["hover"]
    assert "18 (một phần)" in hover and "Suy ra" in hover
    assert "Cộng số của 1/10 huyện đã báo cáo" in hover
    assert units["old:17"]["colour"] != NO_DATA
    assert any("cộng từ cấp dưới" in c.value for c in at.caption)
    outline = next(tr for tr in spec(at)["data"] if tr.get("meta") == "partial_outline")
    assert set(outline["customdata"]) - {None} == {"old:17"}
