"""In the real browser, on a projector (1280×720): Tổng quan's first cards are on screen without scrolling, their
titles are not cut, and a card's So sánh link opens So sánh with the card's indicator in the URL."""

import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
CARD = '[class*="st-key-card_"]'


@pytest.fixture
def projector(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    yield context.new_page()
    context.close()


def test_first_cards_fit_a_projector_and_link_to_compare(app_url, projector):
    page = projector
    page.goto(f"{app_url}/tong_quan")
    cards = page.locator(CARD)
    cards.first.locator('[data-testid="stMetricValue"]').wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(Path(tempfile.gettempdir()) / "tong_quan_1280x720.png"))
    tops = [(cards.nth(i).bounding_box()["y"], i) for i in range(cards.count())]
    first_y = min(y for y, _ in tops)
    first_row = [cards.nth(i) for y, i in tops if y - first_y < 5]
    assert len(first_row) == 4  # four cards side by side
    for card in first_row:
        box = card.bounding_box()
        assert box and box["y"] >= 0 and box["x"] + box["width"] <= 1280
        title = card.locator('[data-testid="stMarkdownContainer"] strong').first
        title_box = title.bounding_box()
        assert title_box["y"] + title_box["height"] <= 720  # the title and the value are on screen
        value_box = card.locator('[data-testid="stMetricValue"]').bounding_box()
        assert value_box["y"] + value_box["height"] <= 720
        assert title.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # never cut with an ellipsis
    titles = [c.locator('[data-testid="stMarkdownContainer"] strong').first.inner_text() for c in first_row]
    assert len(set(titles)) == 4 and titles[0] == "PAPI: tổng điểm"
    assert cards.first.locator('[data-testid="stMetricValue"]').inner_text().endswith(" điểm")

    cards.first.get_by_role("link", name="So sánh").click()
    page.wait_for_url("**/so_sanh?**", timeout=30_000)
    assert "indicator=PAPI_TONG" in page.url
    page.locator('[data-testid="danvanChart"] .main-svg').first.wait_for(timeout=60_000)
    assert "PAPI" in page.locator('[data-testid="danvanChart"]').first.text_content()
