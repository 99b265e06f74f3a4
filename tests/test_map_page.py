"""The Bản đồ page under AppTest: a map whose colours match the stored values, drill-down, URL state."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from danvan.present.classify import NO_DATA, YLGNBU


@pytest.fixture(autouse=True)
def store_env(page_db, monkeypatch):
    monkeypatch.setenv("DANVAN_DB", str(page_db))


def map_page(**query) -> AppTest:
    at = AppTest.from_file("../pages/5_ban_do.py", default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def choropleth(at) -> dict:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return next(tr for tr in spec["data"] if tr["type"] == "choropleth")


def colour_of(trace: dict, key: str) -> str:
    """The colour a unit is painted: its z picks a step of the discrete colour scale."""
    z = trace["z"][trace["locations"].index(key)]
    n = len(trace["colorscale"]) // 2
    return trace["colorscale"][2 * z][1] if z < n else None


def test_old_map_colours_binh_phuoc_and_greys_the_rest():
    at = map_page(indicator="NTM_XA", era="old", period="2020-09-26", method="fixed")
    assert not at.exception
    trace = choropleth(at)
    assert len(trace["locations"]) == 63
    # 48/90 = 53,33 % falls in the catalogue's fixed class 50–75, the third of four; four classes are spread
    # over YlGnBu's five colours as steps 0, 1, 3, 4, so it is painted YlGnBu[3].
    assert colour_of(trace, "old:70") == YLGNBU[3] == "#2c7fb8"
    assert {colour_of(trace, k) for k in trace["locations"] if k != "old:70"} == {NO_DATA}
    hover = trace["hovertext"][trace["locations"].index("old:70")]
    assert "48/90 (53,33%)" in hover and "Bình Phước" in hover
    assert trace["colorbar"]["ticktext"][0] == "Không có số liệu"
    assert "50% – 75%" in trace["colorbar"]["ticktext"]


def test_new_map_has_34_provinces_and_communes_of_one_province():
    at = map_page(indicator="TCD_CUOC", era="new")
    trace = choropleth(at)
    assert len(trace["locations"]) == 34
    hover = trace["hovertext"][trace["locations"].index("new:96")]
    assert "trên 2.500 (một phần)" in hover  # old Cà Mau's 2018 figure; Bạc Liêu did not report
    at = map_page(indicator="TCD_CUOC", era="new", province="new:96", level="commune")
    keys = choropleth(at)["locations"]
    assert len(keys) > 50 and all(k.startswith("new:") and len(k) == 9 for k in keys)


def test_qualifier_in_hover_and_lower_is_better_palette():
    at = map_page(indicator="TCD_DOAN", era="old", period="2018")
    trace = choropleth(at)
    assert colour_of(trace, "old:96") == YLGNBU[-1]  # one value: one exact class, darkest
    at = map_page(indicator="TCD_CUOC", era="old", period="2018")
    hover = choropleth(at)["hovertext"][choropleth(at)["locations"].index("old:96")]
    assert "trên 2.500" in hover


def test_district_layer_on_the_old_map():
    at = map_page(indicator="KNTC_TYLE", era="old", level="district", period="2023-H1")
    trace = choropleth(at)
    assert 690 <= len(trace["locations"]) <= 710
    assert "trên 90%" in trace["hovertext"][trace["locations"].index("old:157")]


def test_map_state_is_in_the_url():
    at = map_page(indicator="NTM_XA", era="old")
    at.selectbox(key="sel_method").set_value("equal").run()
    value = at.query_params["method"]
    assert (value[0] if isinstance(value, list) else value) == "equal"
    assert at.query_params["period"] in ("2020-09-26", ["2020-09-26"])


def test_todays_map_carries_old_figures_marked_derived():
    """Bình Phước's 48/90 (2020) appears on the 2025 map as new Đồng Nai, derived and partial."""
    at = map_page(indicator="NTM_XA", era="new", period="2020-09-26", method="fixed")
    trace = choropleth(at)
    assert len(trace["locations"]) == 34
    hover = trace["hovertext"][trace["locations"].index("new:75")]
    assert "48/90 (53,33%)" in hover and "một phần" in hover and "Suy ra" in hover
    assert colour_of(trace, "new:75") == YLGNBU[3]
    assert any("suy ra" in c.value for c in at.caption)
    # Partial: outlined with a dashed line over the unit (Bình Phước alone, old Đồng Nai did not report).
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    outline = next(tr for tr in spec["data"] if tr.get("meta") == "partial_outline")
    assert outline["line"]["dash"] == "dash" and set(outline["customdata"]) - {None} == {"new:75"}
