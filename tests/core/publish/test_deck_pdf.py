"""A deck as LibreOffice Impress shows it: converted headless to PDF, every page drawn, the Vietnamese titles intact.

Debian's libreoffice-impress and poppler-utils come from `make system-deps`, like Chromium. Without them the
test is skipped on a workstation and fails in CI, where the set-up must have installed them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from danvan.publish.deck import ChartSlide, TableSlide, build_deck
from tests.core.publish.test_deck import COVER, SOURCES, figures, png

TITLES = [COVER.title, "Tỷ lệ hộ gia đình được tuyên truyền, vận động: diễn biến theo kỳ", "Bảng số liệu so sánh"]
TOOLS = ("soffice", "pdftoppm", "pdftotext")
WHITE_ENOUGH = 245  # a pixel lighter than this on every channel counts as paper
MIN_INK = 0.005  # a page with less than 0,5 % ink is blank; a title alone is well above that at 30 dpi


def _tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    why = f"{', '.join(missing)} missing: `make system-deps` installs libreoffice-impress and poppler-utils"
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One conversion for the module: a cover, a chart and a table slide, through Impress to PDF."""
    _tools()
    work = tmp_path_factory.mktemp("deck")
    deck = work / "deck.pptx"
    deck.write_bytes(build_deck(COVER, [
        ChartSlide(TITLES[1], "Hình 1. Tỷ lệ hộ được vận động, 2020–2024", png(3200, 1800), SOURCES),
        TableSlide(TITLES[2], figures(6), [("Báo cáo 15/BC-UBND", date(2024, 6, 10))]),
    ]))
    profile = (work / "profile").as_uri()  # its own profile: runs never wait on each other's lock
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work), str(deck)], check=True, capture_output=True, timeout=180)
    return work / "deck.pdf"


def test_every_slide_is_a_page_with_something_drawn_on_it(pdf: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(pdf.parent / "page")], check=True, timeout=60)
    pages = sorted(pdf.parent.glob("page-*.png"))
    assert len(pages) == len(TITLES)
    inks = []
    for page in pages:
        with Image.open(page) as image:
            grey = image.convert("L")
            assert grey.width * 9 == pytest.approx(grey.height * 16, rel=0.02)  # still 16:9
            inks.append(sum(grey.histogram()[:WHITE_ENOUGH]) / (grey.width * grey.height))
    assert all(ink > MIN_INK for ink in inks), inks
    # The chart's picture is drawn, not only its title and caption: its two shapes cover about a fifth of the page.
    assert inks[1] > 0.10, inks


def test_the_pdf_text_has_the_vietnamese_titles_and_figures_as_said(pdf: Path) -> None:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                         timeout=60).stdout.decode()
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", out))
    for title in TITLES:
        assert title in text
    for said in ("trên 2.500", "13/17", "dự kiến 12", "Ngày 24/11/2026", "Hình 1. Tỷ lệ hộ được vận động"):
        assert said in text
