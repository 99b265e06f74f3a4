"""Each page opened in a real browser (Debian's Chromium through Playwright) shows its numbers and charts."""

import csv
import io
from pathlib import Path

import pytest

from tests.sessions import sign_in_page

pytestmark = pytest.mark.browser
CHART = '[data-testid="danvanChart"] .main-svg'



def test_cold_deep_link_opens_the_page_inside_the_app(app_url, page):
    """The first request of a fresh server is a shared link: it must get the app's sidebar, not a bare page."""
    page.goto(f"{app_url}/so_sanh?indicator=TCD_CUOC")
    page.locator(CHART).first.wait_for(timeout=30_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "Dân vận Dashboard" in sidebar.inner_text()
    assert "So sánh" in sidebar.inner_text() and "so sanh" not in sidebar.inner_text()
    assert "trên 2.500" in page.locator(CHART).first.text_content()


def test_overview_shows_headline_cards(app_url, page):
    page.goto(f"{app_url}/?unit=old:96&period=2018")
    values = page.locator('[data-testid="stMetricValue"]')
    values.first.wait_for(timeout=30_000)
    texts = sorted(values.all_inner_texts())
    assert texts == sorted(["trên 2.500", "trên 2.700", "43", "ít nhất 20%"])


def test_compare_draws_trend_and_ranking_with_honest_labels(app_url, page):
    page.goto(f"{app_url}/so_sanh?indicator=TTHC_GIAM_TG")
    page.locator(CHART).first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="danvanChart"]').count() == 2
    svg_text = page.locator(CHART).first.text_content()
    assert "ít nhất 20%" in svg_text and "50–75%" in svg_text


def test_compare_switches_to_english_keeping_the_view(app_url, page):
    page.goto(f"{app_url}/so_sanh?indicator=TCD_CUOC&lang=en")
    page.locator(CHART).first.wait_for(timeout=30_000)
    assert "over 2,500" in page.locator(CHART).first.text_content()
    assert "Compare" in page.locator("h2").first.inner_text()


def test_profile_lists_the_unit_figures(app_url, page):
    page.goto(f"{app_url}/ho_so?unit=old:157")
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    assert "Hồ sơ đơn vị" in page.locator("h2").first.inner_text()
    assert page.get_by_role("combobox", name="Đơn vị").input_value() == "Huyện Lạc Sơn (157, trước 1/7/2025)"


def test_upload_preview_commit_and_the_chart_changes(app_url, page, tmp_path):
    """A staff member uploads a return, sees the preview, commits, and the compare chart shows the new figure."""
    page.goto(f"{app_url}/so_sanh?indicator=TCD_DOAN")
    page.locator(CHART).first.wait_for(timeout=30_000)
    assert "57" not in page.locator(CHART).first.text_content()

    ret = tmp_path / "bao-cao-ca-mau.csv"
    ret.write_text("Mã đơn vị;Mã chỉ tiêu;Kỳ báo cáo;Giá trị\n96;TCD_DOAN;Năm 2019;57\n", encoding="utf-8")
    sign_in_page(page, app_url, "lan")
    page.goto(f"{app_url}/nhap_so_lieu")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(ret))
    page.get_by_text("bao-cao-ca-mau.csv").first.wait_for(timeout=30_000)
    metrics = page.locator('[data-testid="stMetricValue"]')
    metrics.first.wait_for(timeout=30_000)
    assert metrics.all_inner_texts()[:4] == ["1", "0", "0", "0"]
    page.get_by_role("button", name="Ghi tất cả vào kho").click()
    page.get_by_text("Đã ghi 1 tệp").wait_for(timeout=30_000)

    page.goto(f"{app_url}/so_sanh?indicator=TCD_DOAN")
    page.locator(CHART).first.wait_for(timeout=30_000)
    assert "57" in page.locator(CHART).first.text_content()



def test_upload_shows_where_each_row_went_and_refuses_a_namesake(app_url, page, tmp_path):
    """Names with a province column land on their unit; a district name without one is refused with candidates.

    Read through the page's own report download: row 2 → Xã Thái Bình of Huyện Châu Thành (Tây Ninh), row 3
    refused ("10 đơn vị trùng tên" — ten districts are called Châu Thành, counted from the GSO list).
    """
    ret = tmp_path / "tay-ninh.csv"
    ret.write_text("Tỉnh,Huyện,Xã,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n"
                   "Tây Ninh,Châu Thành,Thái Bình,TCD_DOAN,2023,4\n"
                   ",Châu Thành,Thái Bình,TCD_DOAN,2023,4\n", encoding="utf-8")
    sign_in_page(page, app_url, "lan")
    page.goto(f"{app_url}/nhap_so_lieu")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(ret))
    page.get_by_text("Số liệu đi đâu").first.wait_for(timeout=30_000)
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải báo cáo từng dòng (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert (rows[0]["unit_name"], rows[0]["parent_name"], rows[0]["status"]) == (
        "Xã Thái Bình", "Huyện Châu Thành", "accepted")
    assert rows[1]["status"] == "rejected" and "10 đơn vị trùng tên" in rows[1]["problem"]
    assert page.get_by_role("button", name="Ghi tất cả vào kho").is_disabled()

def _fills(page) -> list[str]:
    return page.locator(f"{CHART} path.choroplethlocation").evaluate_all(
        "els => els.map(e => getComputedStyle(e).fill)")


def test_map_draws_stored_value_colours_offline_and_click_opens_communes(app_url, page):
    """Offline (topojson stub served from /app/static), Bình Phước's 53,33 % is painted its class colour."""
    page.goto(f"{app_url}/ban_do?indicator=NTM_XA&era=old&period=2020-09-26&method=fixed")
    page.locator(f"{CHART} path.choroplethlocation").first.wait_for(timeout=60_000)
    fills = _fills(page)
    assert len(fills) == 63
    assert fills.count("rgb(44, 127, 184)") == 1          # YlGnBu[3]: the 50–75 % class
    assert fills.count("rgb(189, 189, 189)") == 62        # no data: grey, not zero
    assert "Ranh giới ước tính" in page.locator('[data-testid="danvanChart"]').first.text_content()

    page.locator(f"{CHART} path.choroplethlocation").nth(
        next(i for i, f in enumerate(fills) if f == "rgb(44, 127, 184)")).click(force=True)
    page.wait_for_url("**province=old%3A70**", timeout=30_000)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"danvanChart\"] path.choroplethlocation').length > 63",
        timeout=60_000)
    assert len(_fills(page)) > 63  # Bình Phước's communes
