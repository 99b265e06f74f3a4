"""The upload page in a real browser (Debian's Chromium through Playwright): a workbook of two
quarterly sheets is previewed sheet by sheet, committed, and both quarters reach the compare chart; a file name
written in Markdown stays text."""


import pytest

from tests.sessions import sign_in_page
from tests.test_upload_page import XLSX, quarterly_workbook
from ui.text import JOINER

pytestmark = pytest.mark.browser
CHART = '[data-testid="danvanChart"]'
# Every point of the trend chart as (unit_key, period, y), read from the Plotly figure the page drew.
POINTS_JS = """() => [...document.querySelectorAll('[data-testid="danvanChart"] .js-plotly-plot')].flatMap(
    gd => (gd.data || []).flatMap(tr => (tr.customdata || []).map((c, i) => [c[0], c[1], tr.y[i]])))"""



def test_two_quarterly_sheets_are_previewed_committed_and_charted(app_url, page):
    sign_in_page(page, app_url, "lan")
    page.goto(f"{app_url}/nhap_so_lieu")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "ca-mau-2024.xlsx", "mimeType": XLSX, "buffer": quarterly_workbook((12, 15))})

    # The preview: one row per sheet, each with its own period and what was read
    page.get_by_text("Các trang tính").wait_for(timeout=30_000)
    grid = page.locator('[data-testid="stDataFrame"]', has=page.locator('[role="columnheader"]', has_text="Bố cục"))
    # Glide draws on a canvas; its accessible table (hidden) holds the cell text
    grid.locator('[role="gridcell"]', has_text="Quý II/2024").first.wait_for(state="attached", timeout=30_000)
    headers = grid.locator('[role="columnheader"]').all_text_contents()
    assert headers == ["Trang tính", "Bố cục", "Kỳ báo cáo", "Đơn vị báo cáo", "Số ô đọc được", "Ghi chú"]
    sheet_cells = grid.locator('[role="gridcell"]').all_text_contents()
    assert sheet_cells[:5] == ["Quý 1", "dạng dài", "Quý I/2024", "", "1"]
    assert sheet_cells[6:11] == ["Quý 2", "dạng dài", "Quý II/2024", "", "1"]
    metrics = page.locator('[data-testid="stMetricValue"]')
    metrics.nth(3).wait_for(timeout=30_000)  # the counts render after the sheets' table
    assert metrics.all_inner_texts()[:4] == ["2", "0", "0", "0"]  # new, revised, unchanged, rejected

    commit = page.get_by_role("button", name="Ghi tất cả vào kho")
    commit.click()
    page.get_by_text("Đã ghi 1 tệp").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Đã ghi").is_disabled()

    page.goto(f"{app_url}/so_sanh?indicator=TCD_CUOC&units=old:96")
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=30_000)
    page.wait_for_function(f"() => ({POINTS_JS})().length > 0", timeout=30_000)
    points = {(unit, period): y for unit, period, y in page.evaluate(POINTS_JS)}
    assert points.get(("old:96", "2024-Q1")) == 12
    assert points.get(("old:96", "2024-Q2")) == 15


def test_a_markdown_file_name_and_header_stay_text(app_url, page):
    name = "[bấm](http://evil.example)**x**.csv"
    data = ("Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị,**Ghi chú**,<b>[xem](http://evil.example)</b>\n"
            "96,TCD_DOAN,2018,45,a,b\n").encode()
    sign_in_page(page, app_url, "lan")
    page.goto(f"{app_url}/nhap_so_lieu")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data})
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=30_000)
    main = page.locator('[data-testid="stMain"]')
    assert main.locator('a[href^="http://evil.example"]').count() == 0
    hrefs = main.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert [h for h in hrefs if "evil" in (h or "") and not h.startswith("#")] == []  # only headings' #anchors
    assert main.locator("h3 strong, h3 em, [data-testid='stCaptionContainer'] :is(a, b, strong)").count() == 0
    assert main.locator("h3").first.inner_text().replace(JOINER, "") == name
    captions = " ".join(main.locator('[data-testid="stCaptionContainer"]').all_inner_texts()).replace(JOINER, "")
    assert "<b>[xem](http://evil.example)</b>" in captions
