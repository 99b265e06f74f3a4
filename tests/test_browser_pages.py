"""Every page in Chromium, as a leader and a presenter see it (issue 13): no "Deploy" button (toolbarMode viewer), no
"Page not found" on a cold deep link, the first chart on screen at 1280×720 without scrolling. Screenshots of every
page at 1280×720 (projector) and 1400×900 go to tests/screenshots/ (git-ignored) for a person to look at."""

from __future__ import annotations

import pytest

from tests.browser import ROOT

pytestmark = pytest.mark.browser
SHOTS = ROOT / "tests" / "screenshots"
PAGES = {
    "tong_quan": "", "so_sanh": "?indicator=NTM_XA", "ho_so": "?unit=old:70",
    "ban_do": "?indicator=NTM_XA&era=old&period=2020-09-26", "nhap_so_lieu": "", "chuyen_doi": "",
    "quan_tri_ban_do": "",
}
CHARTS = ("so_sanh", "ban_do")  # pages whose first element of substance is a chart
SIZES = ((1280, 720), (1400, 900))


def settle(page) -> None:
    """The page has run: its header is drawn and Streamlit no longer shows the running indicator."""
    page.locator('[data-testid="stMain"] h2').first.wait_for(timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", PAGES)
def test_page_as_leaders_see_it(app_url, browser, name, size):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        page.goto(f"{app_url}/{name}{PAGES[name]}")  # a cold deep link, as a shared URL opens
        settle(page)
        if name in CHARTS:
            chart = page.locator('[data-testid="danvanChart"]').first
            chart.wait_for(timeout=60_000)
            top = chart.evaluate("e => e.getBoundingClientRect().top")
            if size == (1280, 720):  # the projector: the chart starts in the upper part of the screen
                assert top < 0.6 * size[1], f"{name}: first chart starts at {top:.0f} px of {size[1]}"
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{size[0]}x{size[1]}.png"))
        text = page.locator("body").inner_text()
        assert "Page not found" not in text and "Không tìm thấy trang" not in text
        assert page.get_by_text("Deploy", exact=True).count() == 0  # toolbarMode = viewer
    finally:
        page.close()


def test_main_menu_speaks_vietnamese_where_streamlit_lets_it(app_url, browser):
    """Streamlit's settable strings: the tab title and the menu's "About" are ours; "Get help" and "Report a bug"
    (Streamlit's English forums) are gone."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(f"{app_url}/tong_quan")
        settle(page)
        assert page.title() == "Dân vận Dashboard"
        page.locator('[data-testid="stMainMenu"]').click()
        menu = page.locator('[data-testid="stMainMenuList"]')
        menu.wait_for(timeout=10_000)
        assert "Get help" not in menu.inner_text() and "Report a bug" not in menu.inner_text()
        menu.get_by_text("About").click()
        dialog = page.get_by_role("dialog")
        dialog.wait_for(timeout=10_000)
        assert "kết quả công tác dân vận chính quyền" in dialog.inner_text()
    finally:
        page.close()
