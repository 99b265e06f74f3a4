"""Tổng quan (issue 13): distinct headline cards with the seed's figures, best and worst units by the indicator's
direction, completeness and links that carry the state. Expected values are worked out from data/seeds/documents.yml
and the PAPI workbook (read here with openpyxl), not through the app."""

import statistics
from urllib.parse import parse_qs

import openpyxl
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from danvan.present import overview as ov
from tests.apptest import open_page
from tests.conftest import ROOT

TOTAL = 31  # column AF of each <year>_PAPI sheet: "Chỉ số PAPI (không có trọng số)"


pytestmark = pytest.mark.usefixtures("on_page_db")


def overview(**query) -> AppTest:
    """The app itself (the overview is its default page), so st.page_link resolves like in the browser."""
    return open_page("../app.py", 90, **query)


def papi_totals(year: int) -> dict[str, float]:
    book = openpyxl.load_workbook(ROOT / "data/seeds/papi/PAPI_2011-2016.xlsx", data_only=True, read_only=True)
    try:
        rows = book[f"{year}_PAPI"].iter_rows(min_row=3, values_only=True)
        # province rows only (the sheet ends with summary rows such as 999 "Điểm cao nhất")
        return {r[2]: r[TOTAL] for r in rows
                if r and isinstance(r[0], int) and r[0] < 999 and isinstance(r[TOTAL], float)}
    finally:
        book.close()


def score(x: float) -> str:
    return f"{x:.2f}".replace(".", ",") + " điểm"


def links(at: AppTest) -> list[tuple[str, dict[str, str]]]:
    return [(e.proto.page, {k: v[0] for k, v in parse_qs(e.proto.query_string).items()})
            for e in at.get("page_link")]


def test_one_card_per_indicator_with_distinct_full_titles():
    at = overview()
    assert not at.exception
    titles = [m.label for m in at.metric]
    assert len(titles) == 23 == len(set(titles))  # 16 document indicators + 7 PAPI indices, each once
    shown = [m.value.strip("*") for m in at.markdown if m.value.startswith("**") and m.value.strip("*") in titles]
    assert sorted(shown) == sorted(titles)  # the visible title is the full short name, never cut


def test_cards_show_the_seed_figures_as_said():
    cards = {m.label: (m.value, m.delta) for m in overview().metric}
    assert cards["Tiếp công dân (cuộc)"][0] == "trên 2.500"           # Cà Mau 2018
    assert cards["Một cửa: cơ quan cấp tỉnh"][0] == "13/17 (76,47%) (kỳ suy đoán)"  # Bạc Liêu, year inferred
    assert cards["Giải quyết khiếu nại, tố cáo"][0] == "trên 90%"      # Lạc Sơn, 6 tháng đầu năm 2023
    assert cards["Xã nông thôn mới"][0] == "48/90 (53,33%)"            # Bình Phước, the actual figure, not 60/90
    assert cards["Đoàn đông người"][0] == "43"


def test_papi_card_is_the_median_marked_derived_with_its_change():
    now, before = papi_totals(2016), papi_totals(2015)
    assert len(now) == 63
    at = overview()
    value, delta = {m.label: (m.value, m.delta) for m in at.metric}["PAPI: tổng điểm"]
    median_now, median_before = statistics.median(now.values()), statistics.median(before.values())
    assert value == score(median_now)
    change = round(median_now - median_before, 2)
    assert delta == ("+" if change > 0 else "-") + score(abs(change))
    captions = [c.value for c in at.caption]
    assert any("so với Năm 2015" in c and "trung vị 63 tỉnh/thành phố (suy ra)" in c and "63/63" in c
               for c in captions)


def test_best_and_worst_follow_the_workbook():
    totals = papi_totals(2016)
    ranked = sorted(totals, key=totals.get, reverse=True)
    at = overview(indicator="PAPI_TONG")
    best, worst = at.dataframe[0].value, at.dataframe[1].value
    assert list(best["Giá trị"]) == [score(totals[n]) for n in ranked[:5]]
    assert list(worst["Giá trị"]) == [score(totals[n]) for n in ranked[::-1][:5]]
    assert list(best["#"]) == [1, 2, 3, 4, 5] and list(worst["#"]) == [63, 62, 61, 60, 59]


def test_lower_is_better_ranks_the_fewest_first():
    """Đoàn đông người (TCD_DOAN) is better when lower: the smallest figure is ranked first."""
    frame = pl.DataFrame({
        "indicator_code": ["TCD_DOAN"] * 7, "unit_key": [f"old:{i}" for i in range(7)],
        "unit_name": list("ABCDEFG"), "unit_level": ["province"] * 7, "unit_era": ["old"] * 7,
        "period": ["2018"] * 7, "period_kind": ["year"] * 7, "period_approximate": [False] * 7,
        "value": [43.0, 5, 60, 12, 7, 30, 1], "sort_value": [43.0, 5, 60, 12, 7, 30, 1],
        "numerator": [None] * 7, "denominator": [None] * 7, "value_low": [None] * 7, "value_high": [None] * 7,
        "qualifier": ["="] * 7, "status": ["actual"] * 7, "raw_text": [None] * 7, "source_title": [None] * 7,
    }).with_columns(pl.lit("2018-12-31").str.to_date().alias("period_end"))
    counts = pl.DataFrame({"era": ["old"], "level": ["province"], "n_units": [63]})
    rank = ov.ranking(frame, counts, "TCD_DOAN")
    assert rank.best["value"].to_list() == [1, 5, 7, 12, 30]
    assert rank.worst["value"].to_list() == [60, 43]  # the rest, worst first, none repeated
    assert (rank.n_reported, rank.n_expected) == (7, 63)


def test_unknown_indicator_codes_are_skipped_not_a_key_error():
    frame = pl.DataFrame({"indicator_code": ["TCD_DOAN", "KHONG_CO"], "x": [1, 2]})
    known, unknown = ov.split_known(frame)
    assert known["indicator_code"].to_list() == ["TCD_DOAN"] and unknown == ["KHONG_CO"]


def test_completeness_of_the_latest_period():
    at = overview(indicator="PAPI_TONG")
    [bar] = at.get("progress")
    assert bar.proto.value == 100
    assert "63/63 tỉnh/thành phố trước 1/7/2025 đã báo cáo" in bar.proto.text  # 63 provinces before the merger
    at = overview(indicator="TCD_DOAN")
    [bar] = at.get("progress")
    assert "Năm 2018: 1/63 tỉnh/thành phố" in bar.proto.text and bar.proto.value == 1  # Cà Mau alone: 1,6%


def test_cards_link_through_with_their_state():
    found = links(overview())
    assert ("so_sanh", {"indicator": "TCD_CUOC", "units": "old:96"}) in found
    assert ("ban_do", {"indicator": "TCD_CUOC", "era": "old", "period": "2018"}) in found
    assert ("ho_so", {"unit": "old:96"}) in found
    assert ("ban_do", {"indicator": "KNTC_TYLE", "era": "old", "period": "2023-H1", "level": "district"}) in found
    papi = next(q for p, q in found if p == "so_sanh" and q["indicator"] == "PAPI_TONG")
    assert len(papi["units"].split(",")) == 5


def test_a_province_of_todays_map_shows_its_predecessors_figures():
    at = overview(province="new:96")  # Cà Mau (2025) = Bạc Liêu + Cà Mau
    assert not at.exception
    cards = {m.label: m.value for m in at.metric}
    assert cards["Tiếp công dân (cuộc)"] == "trên 2.500"
    assert "Giải quyết khiếu nại, tố cáo" not in cards  # Lạc Sơn is in Hòa Bình → Phú Thọ
    low, high = sorted(papi_totals(2016)[n] for n in ("Bạc Liêu", "Cà Mau"))
    assert cards["PAPI: tổng điểm"] == f"{score(low)} – {score(high)}"  # two scores: never their mean


def test_what_is_new_lists_the_seed_sources_with_vietnamese_dates():
    lines = [m.value for m in overview().markdown if m.value.startswith("- **")]
    assert lines and "PAPI 2011–2016" in lines[0] and "2.632 số liệu" in lines[0]
    import re
    assert all(re.match(r"- \*\*\d{2}/\d{2}/\d{4} \d{2}:\d{2}\*\*", line) for line in lines)


def test_overview_in_english():
    at = overview(lang="en")
    cards = {m.label: m.value for m in at.metric}
    assert cards["Citizen reception (sessions)"] == "over 2,500"
