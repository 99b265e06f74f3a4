"""In the real browser: a map image downloaded from Bản đồ through the page, rendered by the server's kaleido.

Today's map of NTM_XA on 26/9/2020 has one partial unit (Đồng Nai, carried from Bình Phước's report), so the
stamped image must say so; Plotly's own toolbar PNG (no source, English) is gone.
"""

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
CHART = '[data-testid="danvanChart"]'
MAP = "/ban_do?indicator=NTM_XA&era=new&level=province&period=2020-09-26&method=fixed"


@pytest.fixture(scope="module")
def map_page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.goto(app_url + MAP)
    page.locator(f"{CHART} path.choroplethlocation").first.wait_for(timeout=90_000)
    yield page
    context.close()


def _download(page, label: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=label).click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_map_png_is_downloaded_stamped_at_16_9(map_page):
    name, data = _download(map_page, "Tải ảnh PNG")
    assert name == "ban-do-NTM_XA-2020-09-26.png"
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("PNG", (2560, 1440))


def test_map_svg_carries_source_partial_note_and_archipelagos(map_page):
    name, data = _download(map_page, "Tải ảnh SVG")
    assert name.endswith(".svg")
    words = " ".join("".join(e.itertext()) for e in ET.fromstring(data).iter("{http://www.w3.org/2000/svg}text"))
    for text in ("Nguồn:", "Viền đứt nét, gạch chéo: số liệu một phần", "Quần đảo Hoàng Sa", "Quần đảo Trường Sa",
                 "Đơn vị tính: %"):
        assert text in words


def test_toolbar_has_no_unstamped_png(map_page):
    map_page.locator(f"{CHART} .js-plotly-plot").first.hover()
    titles = map_page.locator(f"{CHART} .modebar-btn").evaluate_all("els => els.map(e => e.dataset.title || '')")
    assert sorted(titles) == ["Kéo", "Phóng to", "Thu nhỏ", "Đặt lại"]  # the toolbar is there, in Vietnamese …
    assert not [x for x in titles if "png" in x.lower()]  # … without Plotly's "Download plot as a PNG"
    assert map_page.locator(f"{CHART} a.modebar-btn[href*='plotly']").count() == 0  # nor Plotly's logo


def test_report_xlsx_is_downloaded_with_its_footer(map_page):
    """The map's table as a report: the figure as a number with its qualifier beside it, sources in the last row
    (read back with openpyxl)."""
    from openpyxl import load_workbook

    name, data = _download(map_page, "Tải bảng (Excel)")
    assert name == "ban-do-NTM_XA-2020-09-26.xlsx"
    rows = [[c for c in row if c is not None] for row in load_workbook(io.BytesIO(data)).active.iter_rows(
        values_only=True)]
    flat = [str(c) for row in rows for c in row]
    assert any("Đồng Nai" in c for c in flat)
    assert 0.5333 in [round(c, 4) for row in rows for c in row if isinstance(c, float)]  # 48/90 as a fraction
    assert rows[-1] and str(rows[-1][0]).startswith("Nguồn:")


def test_copy_link_puts_the_exact_view_on_the_clipboard(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    page = context.new_page()
    try:
        page.goto(app_url + MAP)
        page.locator(f"{CHART} path.choroplethlocation").first.wait_for(timeout=90_000)
        frame = page.frame_locator('[data-testid="stMain"] iframe').first
        frame.get_by_role("button", name="Sao chép liên kết").click()
        expect(frame.get_by_role("status")).to_have_text("Đã sao chép liên kết của đúng trang đang xem.")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == page.url and "indicator=NTM_XA" in copied and "period=2020-09-26" in copied
    finally:
        context.close()


def test_a_deck_is_made_and_downloaded_from_so_sanh(browser, app_url):
    """Through the page: open the deck popover, make the deck (progress), download it; then read it with
    python-pptx: the cover, the trend and the ranking as pictures with Bình Phước's source in the notes, the table."""
    from pptx import Presentation

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(app_url + "/so_sanh?indicator=NTM_XA&units=old:70")
        page.locator(CHART).first.wait_for(timeout=90_000)
        page.get_by_role("button", name="Tải bộ trình chiếu (PPTX)").click()
        page.get_by_role("button", name="Tạo bộ trình chiếu").click()
        expect(page.get_by_text("Đã tạo xong bộ trình chiếu.")).to_be_visible(timeout=120_000)
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="Tải tệp PPTX").click()
        assert info.value.suggested_filename == "so-sanh-NTM_XA.pptx"
        deck = Presentation(io.BytesIO(Path(info.value.path()).read_bytes()))
    finally:
        context.close()
    slides = list(deck.slides)
    assert len(slides) == 4  # cover, trend, ranking, table
    cover = " ".join(shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame)
    assert "Xã đạt chuẩn nông thôn mới" in cover and "Bình Phước" in cover and "Ban Dân vận" in cover
    for slide in slides[1:3]:
        assert sum(1 for shape in slide.shapes if shape.shape_type == 13) == 1  # one picture each
        assert "26/09/2020" in slide.notes_slide.notes_text_frame.text  # the report's date, with its title
    table = next(shape for shape in slides[3].shapes if shape.has_table).table
    assert "48/90 (53,33%)" in [cell.text for row in table.rows for cell in row.cells]
