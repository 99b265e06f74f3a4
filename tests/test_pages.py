"""Each page runs under AppTest on the seeded store and shows the expected numbers."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import chart_specs, open_page

PAGES = ["1_tong_quan.py", "2_so_sanh.py", "3_ho_so.py"]


pytestmark = pytest.mark.usefixtures("on_page_db")


def page(name: str, **query) -> AppTest:
    return open_page(f"../pages/{name}", 60, **query)


@pytest.mark.parametrize("name", PAGES)
def test_page_runs_without_exception(name):
    at = page(name)
    assert not at.exception


def test_app_navigation_runs():
    at = open_page("../app.py")
    assert not at.exception
    assert at.sidebar.radio(key="lang_switch").value == "vi"


def test_overview_cards_show_vietnamese_numbers():
    at = page("1_tong_quan.py", unit="old:96", period="2018")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tiếp công dân (cuộc)"] == "trên 2.500"
    assert metrics["Tiếp công dân (lượt người)"] == "trên 2.700"
    assert metrics["Cắt giảm thời gian TTHC"] == "ít nhất 20%"
    assert metrics["Đoàn đông người"] == "43"
    assert len(metrics) == 4


def test_overview_ratio_card_and_inferred_period():
    at = page("1_tong_quan.py", unit="old:95", period="2012")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Một cửa: cơ quan cấp tỉnh"] == "13/17 (76,47%) (kỳ suy đoán)"


def test_overview_in_english():
    at = page("1_tong_quan.py", unit="old:96", period="2018", lang="en")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Citizen reception (people)"] == "over 2,700"


def test_compare_draws_honest_marks_for_qualified_values():
    at = page("2_so_sanh.py", indicator="TTHC_GIAM_TG")
    assert not at.exception
    charts = chart_specs(at)
    assert len(charts) == 2
    trend = charts[0]
    points = [(tr["name"], tr["text"], tr["marker"]["symbol"]) for tr in trend["data"] if tr.get("name")]
    assert ("Cà Mau", ["ít nhất 20%"], ["triangle-up"]) in points
    assert ("Bạc Liêu", ["50–75%"], ["line-ns"]) in points
    band = [tr for tr in trend["data"] if not tr.get("name")]
    assert band and band[0]["y"] == [50, 75]
    assert trend["layout"]["separators"] == ",."


def test_compare_expected_is_dashed_and_target_dotted():
    at = page("2_so_sanh.py", indicator="NTM_XA")
    trend = chart_specs(at)[0]
    dashes = {tr["name"]: tr["line"]["dash"] for tr in trend["data"] if tr.get("name")}
    assert dashes == {"Bình Phước": "solid", "Bình Phước (dự kiến)": "dash", "Bình Phước (mục tiêu)": "dot"}
    texts = {tr["name"]: tr["text"] for tr in trend["data"] if tr.get("name")}
    assert texts["Bình Phước"] == ["48/90 (53,33%)"]
    assert texts["Bình Phước (mục tiêu)"] == ["mục tiêu trên 50%"]


def test_compare_state_lives_in_the_url():
    at = page("2_so_sanh.py", indicator="TCD_CUOC")
    assert at.query_params["indicator"] == ["TCD_CUOC"] or at.query_params["indicator"] == "TCD_CUOC"
    at.selectbox(key="sel_indicator").set_value("TCD_DOAN").run()
    value = at.query_params["indicator"]
    assert (value[0] if isinstance(value, list) else value) == "TCD_DOAN"


def test_profile_lists_every_indicator_with_its_source():
    at = page("3_ho_so.py", unit="old:157")
    table = at.dataframe[0].value
    assert len(table) == 5
    row = table[table["Chỉ tiêu"].str.contains("KNTC_TYLE")].iloc[0]
    assert row["Giá trị"] == "trên 90%"
    assert row["Kỳ báo cáo"] == "6 tháng đầu năm 2023"
    assert "Báo Hòa Bình" in row["Nguồn"]
    assert "trên 90%" in row["Trích dẫn"]


def test_crosswalk_page_shows_the_merged_provinces():
    at = page("7_chuyen_doi.py", level="province", new="new:96")
    assert not at.exception
    table = at.dataframe[0].value
    assert sorted(table["Đơn vị cũ"]) == ["Tỉnh Bạc Liêu", "Tỉnh Cà Mau"]
    assert set(table["Cách xác định"]) == {"nhập nguyên"}


def test_compare_on_todays_map_marks_derived_points():
    at = page("2_so_sanh.py", indicator="TCD_CUOC", view="today")
    assert not at.exception
    trend = chart_specs(at)[0]
    line = next(tr for tr in trend["data"] if tr.get("name") == "Cà Mau")
    assert line["text"] == ["trên 2.500 (một phần)"] and line["marker"]["symbol"] == ["triangle-up-open"]
    [point] = line["customdata"]  # its hover says both, and how the figure was derived
    assert "Một phần: chưa đủ đơn vị báo cáo" in point[7] and "Suy ra: Cộng 1/2 đơn vị cũ" in point[7], point
    at.session_state["compare_tab"] = "Bảng"  # the table runs only when its tab is open
    table = at.run().dataframe[0].value
    assert list(table["Suy ra"]) == [True] and list(table["một phần"]) == [True]


def test_profile_on_todays_map_lists_derived_figures_with_how():
    at = page("3_ho_so.py", unit="new:25", view="today")
    assert not at.exception
    table = at.dataframe[0].value
    row = table[table["Chỉ tiêu"].str.contains("DOITHOAI")].iloc[0]
    assert row["Giá trị"] == "18 (một phần)"
    # New Phú Thọ = Phú Thọ + Vĩnh Phúc + Hòa Bình; only Hòa Bình's district Lạc Sơn reported.
    assert row["Nguồn"].startswith("Suy ra: Cộng 1/3 đơn vị cũ, từ số liệu cấp huyện (Hòa Bình: 1/10 huyện) (chưa đủ")


def test_profile_shows_the_citizens_scores_beside_the_reported_figures():
    """Bạc Liêu: its reported figures, then "Đánh giá của người dân (PAPI)" with the workbook's scores by year."""
    import openpyxl

    from tests.conftest import ROOT
    book = openpyxl.load_workbook(ROOT / "data/seeds/papi/PAPI_2011-2016.xlsx", data_only=True, read_only=True)
    bac_lieu = {y: next(r for r in book[f"{y}_PAPI"].iter_rows(min_row=3, values_only=True) if r[0] == 95)
                for y in range(2011, 2017)}
    book.close()
    at = page("3_ho_so.py", unit="old:95")
    assert not at.exception
    assert [h.value for h in at.subheader] == ["Số liệu báo cáo", "Đánh giá của người dân (PAPI)"]
    reported, scores = at.dataframe[0].value, at.dataframe[1].value
    assert not reported["Chỉ tiêu"].str.contains("PAPI").any() and len(reported) == 6
    assert list(scores.columns) == ["Chỉ số", *[f"Năm {y}" for y in range(2011, 2017)]]
    assert scores["Chỉ số"].tolist()[0] == "Chỉ số PAPI tổng hợp (không trọng số) (PAPI_TONG)"
    participation = scores[scores["Chỉ số"].str.contains("PAPI_THAMGIA")].iloc[0]
    for year, row in bac_lieu.items():  # "4,80 điểm": two decimals, Vietnamese comma
        assert participation[f"Năm {year}"] == f"{row[3]:.2f}".replace(".", ",") + " điểm"
    total = scores[scores["Chỉ số"].str.contains("PAPI_TONG")].iloc[0]
    assert total["Năm 2016"] == f"{bac_lieu[2016][31]:.2f}".replace(".", ",") + " điểm"
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Nguồn: PAPI – Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh") and c.endswith(
        "(CC0)") for c in captions)


@pytest.mark.parametrize(("unit", "view"), [("old:157", "reported"), ("new:96", "today")])
def test_profile_without_scores_says_why(unit, view):
    """A district has no PAPI score; neither has today's Cà Mau: Bạc Liêu's and old Cà Mau's are never combined."""
    at = page("3_ho_so.py", unit=unit, view=view)
    assert not at.exception
    assert any(c.value.startswith("Không có điểm PAPI cho đơn vị này: PAPI chấm điểm từng tỉnh") for c in at.caption)


def test_profile_on_todays_map_carries_the_scores_of_an_unmerged_province():
    at = page("3_ho_so.py", unit="new:46", view="today")
    assert not at.exception
    scores = at.dataframe[-1].value
    total = scores[scores["Chỉ số"].str.contains("PAPI_TONG")].iloc[0]
    assert total["Năm 2016"] == "35,34 điểm (suy ra)"
    assert any(c.value.startswith("Suy ra: Giữ nguyên số của đơn vị cũ tương ứng") for c in at.caption)


# --- So sánh (issue 13): what is drawn, read from the figure specs


def _specs(at: AppTest) -> tuple[dict, dict | None]:
    charts = chart_specs(at)
    return charts[0], (charts[1] if len(charts) > 1 else None)


def _param(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def test_compare_keeps_chosen_units_across_indicator_and_view_changes():
    at = page("2_so_sanh.py", indicator="TTHC_GIAM_TG", units="old:95,old:96,old:70")
    assert _param(at, "units") == "old:95,old:96,old:70"
    at.selectbox(key="sel_indicator").set_value("NTM_XA").run()
    assert not at.exception
    assert _param(at, "units") == "old:95,old:96,old:70"  # Bạc Liêu and Cà Mau have no NTM_XA: still chosen
    assert at.multiselect(key="multi_units").value == ["old:95", "old:96", "old:70"]
    missing = next(c.value for c in at.caption if c.value.startswith("Không có số liệu"))
    assert "Tỉnh Bạc Liêu (tỉnh, trước 1/7/2025)" in missing and "Tỉnh Cà Mau (tỉnh, trước 1/7/2025)" in missing
    assert "Bình Phước" not in missing
    at.selectbox(key="sel_view").set_value("today").run()
    assert not at.exception
    assert _param(at, "units") == "old:95,old:96,old:70"


def test_compare_picker_lists_chosen_units_and_provinces_and_finds_any_unit_by_name_or_level():
    """Not all 3.355 units of today's map on every rerun: the chosen ones, the 34 provinces and what the search box
    finds (accents and case ignored), each labelled with level and era; a found unit can then be picked."""
    from danvan.grammar.text import fold
    at = page("2_so_sanh.py", indicator="TCD_CUOC", view="today", units="new:96")
    options = at.multiselect(key="multi_units").options
    assert len(options) == 34 and "Tỉnh Cà Mau (tỉnh, từ 1/7/2025)" in options  # the 34 provinces from 1/7/2025
    at.text_input(key="unit_search").input("ba dinh").run()
    options = at.multiselect(key="multi_units").options
    found = [o for o in options if "(tỉnh," not in o]
    assert found[0] == "Phường Ba Đình – Hà Nội (xã, từ 1/7/2025)"  # the phrase first, then both words anywhere
    assert "Xã Ba Đình – Thanh Hóa (xã, từ 1/7/2025)" in found
    assert all("ba" in fold(o) and "dinh" in fold(o) for o in found)
    at.multiselect(key="multi_units").select("new:00004").run()  # Phường Ba Đình
    assert _param(at, "units") == "new:96,new:00004"
    at.text_input(key="unit_search").input("huyện").run()  # a level: today's map has no districts
    assert not [o for o in at.multiselect(key="multi_units").options if "(huyện," in o]
    at = page("2_so_sanh.py", indicator="TCD_CUOC", units="old:96")
    at.text_input(key="unit_search").input("huyen lac son").run()  # as reported: the districts before 1/7/2025
    options = at.multiselect(key="multi_units").options
    assert "Tỉnh Cà Mau (tỉnh, trước 1/7/2025)" in options and "Tỉnh Cà Mau (tỉnh, từ 1/7/2025)" in options
    assert [o for o in options if "(huyện," in o] == ["Huyện Lạc Sơn – Hòa Bình (huyện, trước 1/7/2025)"]


def test_compare_default_is_at_most_eight_provinces_with_the_latest_figures():
    at = page("2_so_sanh.py", indicator="PAPI_TONG")
    chosen = _param(at, "units").split(",")
    assert len(chosen) == 8 and all(k.startswith("old:") and len(k) == 6 for k in chosen)  # provinces
    assert any(c.value.startswith("Mặc định: tối đa 8 tỉnh") for c in at.caption)


def test_compare_ranking_is_best_first_one_period_and_level_at_a_time():
    at = page("2_so_sanh.py", indicator="PAPI_TONG", units="old:95,old:96,old:17,old:70,old:157")
    _, ranking = _specs(at)
    bars = ranking["data"][0]
    keys = [c[0] for c in bars["customdata"]]
    assert "old:157" not in keys  # a district never ranked against provinces
    assert bars["x"] == sorted(bars["x"], reverse=True)  # PAPI: higher is better, best first …
    assert ranking["layout"]["yaxis"]["autorange"] == "reversed"  # … and the first row is drawn on top
    assert ranking["layout"]["yaxis"]["categoryarray"] == bars["y"]
    assert "Năm 2016" in ranking["layout"]["title"]["text"]
    # Two provinces reporting different years: one period at a time, the latest by default.
    at = page("2_so_sanh.py", indicator="TTHC_GIAM_TG", units="old:95,old:96")
    _, ranking = _specs(at)
    assert ranking["data"][0]["y"] == ["Cà Mau"] and _param(at, "rank_period") == "2018"
    at.selectbox(key="sel_rank_period").set_value("2012").run()
    _, ranking = _specs(at)
    assert ranking["data"][0]["y"] == ["Bạc Liêu"]


def test_compare_lines_are_labelled_once_at_their_end_and_values_are_in_the_hover():
    at = page("2_so_sanh.py", indicator="PAPI_TONG", units="old:95,old:96,old:17,old:70")
    trend, _ = _specs(at)
    lines = [tr for tr in trend["data"] if tr.get("name")]
    assert all("text" not in tr["mode"] for tr in lines)
    # Every point has its hover: the line's template filled from the point's unit, period and source.
    assert all(len(tr["customdata"]) == len(tr["x"]) and "%{text}" in tr["hovertemplate"] for tr in lines)
    by_name = {tr["name"]: tr for tr in lines}
    first = by_name["Cà Mau"]["customdata"][0]
    assert first[0] == "old:96" and first[4] == "Cà Mau" and first[5] == "Năm 2011" and first[6] != "—"
    ends = next(tr for tr in trend["data"] if tr.get("meta") == "end_labels")
    assert "name" not in ends and ends["mode"] == "text"
    assert sorted(t.strip().split(":")[0] for t in ends["text"]) == ["Bình Phước", "Bạc Liêu", "Cà Mau", "Hòa Bình"]
    assert all(t.endswith(" điểm") for t in ends["text"]) and all(x.startswith("2016-12-31") for x in ends["x"])
    low, high = trend["layout"]["yaxis"]["range"]
    from itertools import pairwise
    ys = sorted((y - low) / (high - low) for y in ends["y"])
    assert all(b - a >= 0.079 for a, b in pairwise(ys))  # spread apart (in fractions of the plot), never piled up


def test_compare_axes_bars_from_zero_lines_on_the_data_range_or_from_zero_on_request():
    at = page("2_so_sanh.py", indicator="PAPI_TONG", units="old:95,old:96")
    trend, ranking = _specs(at)
    low, high = trend["layout"]["yaxis"]["range"]
    values = [y for tr in trend["data"] if tr.get("name") for y in tr["y"]]
    assert 0 < low < min(values) and max(values) < high < max(values) * 1.1  # the data's range, with some air
    assert ranking["layout"]["xaxis"]["range"][0] == 0
    assert any("không bắt đầu từ 0" in c.value for c in at.caption)
    at.toggle(key="toggle_zero").set_value(True).run()
    trend, _ = _specs(at)
    assert trend["layout"]["yaxis"]["range"][0] == 0 and _param(at, "zero") == "1"


def test_compare_one_colour_per_unit_in_trend_and_ranking_grey_beyond_the_palette():
    from danvan.present.style import PALETTE
    keys = ["old:95", "old:96", "old:17", "old:70", "old:01", "old:79", "old:48", "old:31", "old:92"]
    at = page("2_so_sanh.py", indicator="PAPI_TONG", units=",".join(keys))
    trend, ranking = _specs(at)
    line = {tr["customdata"][0][0]: tr["line"]["color"] for tr in trend["data"] if tr.get("name")}
    bar = dict(zip([c[0] for c in ranking["data"][0]["customdata"]], ranking["data"][0]["marker"]["color"],
                   strict=True))
    assert line == bar
    assert [line[k] for k in keys[:8]] == list(PALETTE)
    assert line["old:92"] == "#A6A6A6"  # the ninth is grey, not the first one's blue again
    assert any("Cần Thơ" in c.value and "màu xám" in c.value for c in at.caption)


def test_compare_points_sit_at_their_periods_end_date():
    at = page("2_so_sanh.py", indicator="NTM_XA", units="old:70")
    trend, _ = _specs(at)
    x = {tr["name"]: tr["x"] for tr in trend["data"] if tr.get("name")}
    assert x["Bình Phước"] == ["2020-09-26"]                 # "tính đến 26/9/2020"
    assert x["Bình Phước (dự kiến)"] == ["2020-12-31"]       # expected for the end of 2020
    assert x["Bình Phước (dự kiến)"][0] > x["Bình Phước"][0]


def test_compare_table_tab_speaks_vietnamese():
    at = page("2_so_sanh.py", indicator="NTM_XA", units="old:70")
    assert [tab.label for tab in at.tabs] == ["Biểu đồ", "Bảng"]
    assert not at.dataframe  # lazy: not built while the chart tab is open
    at.session_state["compare_tab"] = "Bảng"
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == ["Đơn vị", "Kỳ báo cáo", "Giá trị", "Trạng thái", "Nguồn"]
    assert sorted(table["Trạng thái"]) == ["dự kiến", "mục tiêu", "thực hiện"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Tải bảng (CSV)" in labels and "Tải bảng (Excel)" in labels  # under either tab, made on click


@pytest.mark.parametrize(("name", "query", "images"), [
    ("1_tong_quan.py", {}, 2),                                   # the map tile's PNG and SVG
    ("2_so_sanh.py", {"indicator": "NTM_XA", "units": "old:70"}, 4),  # trend and ranking
    ("5_ban_do.py", {"indicator": "NTM_XA", "era": "old", "period": "2020-09-26"}, 2),
    ("3_ho_so.py", {"unit": "old:70"}, 0),                       # tables only
])
def test_presenters_get_images_tables_a_deck_and_the_link(name, query, images):
    """Issue 14 on every page a presenter uses: stamped images under each chart, the table as CSV and Excel, the
    deck's popover and the copy-link button (an HTML component)."""
    at = page(name, **query)
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Tải ảnh PNG") == labels.count("Tải ảnh SVG") == images // 2
    assert "Tải bảng (CSV)" in labels and "Tải bảng (Excel)" in labels
    assert "Tải bộ trình chiếu (PPTX)" in [p.proto.popover.label for p in at.get("popover")]
    assert len(at.get("iframe")) == 1  # "Sao chép liên kết"
